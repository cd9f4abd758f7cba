package io.plugsql.sql.function;

import io.plugsql.engine.UdfType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
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
import org.apache.calcite.avatica.util.ByteString;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Copies values between Calcite's Java representation (Integer days for DATE, Long milliseconds for
 * TIMESTAMP, ByteString for VARBINARY, ...) and the Arrow vectors udf-engine takes and returns.
 */
final class ArrowValues {
    private ArrowValues() {}

    /**
     * Sets row {@code index} of a vector made by {@code ArrowTypes.vectorFor(type, ...)}; an
     * ArithmeticException when the value does not fit the type (DECIMAL digits, TIMESTAMP range).
     */
    static void set(FieldVector vector, UdfType type, int index, @Nullable Object value) {
        if (value == null) {
            setNull(vector, type, index);
            return;
        }
        switch (type.name()) {
            case BOOLEAN -> ((BitVector) vector).setSafe(index, (Boolean) value ? 1 : 0);
            case INTEGER -> ((IntVector) vector).setSafe(index, ((Number) value).intValue());
            case BIGINT -> ((BigIntVector) vector).setSafe(index, ((Number) value).longValue());
            case REAL -> ((Float4Vector) vector).setSafe(index, ((Number) value).floatValue());
            case DOUBLE -> ((Float8Vector) vector).setSafe(index, ((Number) value).doubleValue());
            case DECIMAL -> ((DecimalVector) vector).setSafe(index, decimal(value, type));
            case VARCHAR -> ((VarCharVector) vector).setSafe(index, value.toString().getBytes(StandardCharsets.UTF_8));
            case VARBINARY -> ((VarBinaryVector) vector).setSafe(index, ((ByteString) value).getBytes());
            case DATE -> ((DateDayVector) vector).setSafe(index, ((Number) value).intValue());
            case TIMESTAMP -> ((TimeStampMicroVector) vector).setSafe(index, Math.multiplyExact(((Number) value).longValue(), 1000L));
        }
    }

    private static void setNull(FieldVector vector, UdfType type, int index) {
        switch (type.name()) {
            case BOOLEAN -> ((BitVector) vector).setNull(index);
            case INTEGER -> ((IntVector) vector).setNull(index);
            case BIGINT -> ((BigIntVector) vector).setNull(index);
            case REAL -> ((Float4Vector) vector).setNull(index);
            case DOUBLE -> ((Float8Vector) vector).setNull(index);
            case DECIMAL -> ((DecimalVector) vector).setNull(index);
            case VARCHAR -> ((VarCharVector) vector).setNull(index);
            case VARBINARY -> ((VarBinaryVector) vector).setNull(index);
            case DATE -> ((DateDayVector) vector).setNull(index);
            case TIMESTAMP -> ((TimeStampMicroVector) vector).setNull(index);
        }
    }

    /**
     * The value truncated to the type's scale, as Calcite's CAST does; an ArithmeticException when it
     * then has more digits than the type's precision.
     */
    private static BigDecimal decimal(Object value, UdfType type) {
        BigDecimal decimal = (value instanceof BigDecimal d ? d : new BigDecimal(value.toString()))
                .setScale(type.scale(), RoundingMode.DOWN);
        if (decimal.precision() > type.precision()) {
            throw new ArithmeticException(decimal + " has more than " + type.precision() + " digits");
        }
        return decimal;
    }

    /** Row {@code index} of a result vector, in Calcite's Java representation. */
    static @Nullable Object get(FieldVector vector, UdfType type, int index) {
        if (vector.isNull(index)) {
            return null;
        }
        return switch (type.name()) {
            case BOOLEAN -> ((BitVector) vector).get(index) != 0;
            case INTEGER -> ((IntVector) vector).get(index);
            case BIGINT -> ((BigIntVector) vector).get(index);
            case REAL -> ((Float4Vector) vector).get(index);
            case DOUBLE -> ((Float8Vector) vector).get(index);
            case DECIMAL -> ((DecimalVector) vector).getObject(index);
            case VARCHAR -> new String(((VarCharVector) vector).get(index), StandardCharsets.UTF_8);
            case VARBINARY -> new ByteString(((VarBinaryVector) vector).get(index));
            case DATE -> ((DateDayVector) vector).get(index);
            case TIMESTAMP -> Math.floorDiv(((TimeStampMicroVector) vector).get(index), 1000L);
        };
    }
}
