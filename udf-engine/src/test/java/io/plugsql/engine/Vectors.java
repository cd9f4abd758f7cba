package io.plugsql.engine;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * Builds argument vectors with {@link ArrowTypes#vectorFor} and reads results back as plain Java
 * values: Boolean, Integer (INTEGER, DATE), Long (BIGINT, TIMESTAMP), Float, Double, BigDecimal,
 * String (VARCHAR), hex String prefixed {@code 0x} (VARBINARY); null for NULL.
 */
final class Vectors {
    private Vectors() {}

    static FieldVector of(BufferAllocator allocator, UdfType type, List<?> values) {
        FieldVector vector = ArrowTypes.vectorFor(type, "arg", allocator);
        vector.allocateNew();
        for (int i = 0; i < values.size(); i++) {
            Object value = values.get(i);
            if (value == null) {
                setNull(vector, i);
                continue;
            }
            switch (type.name()) {
                case BOOLEAN -> ((BitVector) vector).setSafe(i, (Boolean) value ? 1 : 0);
                case INTEGER -> ((IntVector) vector).setSafe(i, (Integer) value);
                case DATE -> ((DateDayVector) vector).setSafe(i, (Integer) value);
                case BIGINT -> ((BigIntVector) vector).setSafe(i, (Long) value);
                case TIMESTAMP -> ((TimeStampMicroVector) vector).setSafe(i, (Long) value);
                case REAL -> ((Float4Vector) vector).setSafe(i, (Float) value);
                case DOUBLE -> ((Float8Vector) vector).setSafe(i, (Double) value);
                case DECIMAL -> ((DecimalVector) vector).setSafe(i, (BigDecimal) value);
                case VARCHAR -> ((VarCharVector) vector).setSafe(i, ((String) value).getBytes(StandardCharsets.UTF_8));
                case VARBINARY -> ((VarBinaryVector) vector).setSafe(i, HexFormat.of().parseHex(((String) value).substring(2)));
                default -> throw new IllegalArgumentException(type.toString());
            }
        }
        vector.setValueCount(values.size());
        return vector;
    }

    private static void setNull(FieldVector vector, int i) {
        if (vector instanceof VarCharVector v) {
            v.setNull(i);
        } else if (vector instanceof VarBinaryVector v) {
            v.setNull(i);
        } else {
            // Fixed-width vectors: grow to fit, then clear the validity bit.
            while (vector.getValueCapacity() <= i) {
                vector.reAlloc();
            }
            org.apache.arrow.vector.BitVectorHelper.unsetBit(vector.getValidityBuffer(), i);
        }
    }

    static List<Object> read(FieldVector vector) {
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < vector.getValueCount(); i++) {
            values.add(vector.isNull(i) ? null : value(vector, i));
        }
        return values;
    }

    private static Object value(FieldVector vector, int i) {
        if (vector instanceof BitVector v) {
            return v.get(i) != 0;
        } else if (vector instanceof TimeStampMicroVector v) {
            return v.get(i);
        } else if (vector instanceof VarCharVector v) {
            return new String(v.get(i), StandardCharsets.UTF_8);
        } else if (vector instanceof VarBinaryVector v) {
            return "0x" + HexFormat.of().formatHex(v.get(i));
        }
        return vector.getObject(i);
    }
}
