package io.plugsql.sql.vectorized;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.plugsql.engine.FunctionDefinition;
import io.plugsql.engine.NullInputMode;
import io.plugsql.engine.Signature;
import io.plugsql.engine.UdfType;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
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
 * Hand-written test engine: a UDF implemented in Java over Arrow vectors (the same contract as a
 * Wasm function). Values seen by the Java body are Arrow's: Long, Integer (days for DATE),
 * Long microseconds for TIMESTAMP, BigDecimal, String, byte[], Boolean, Float, Double.
 */
public final class JavaUdf extends TestFunction {
    private final FunctionDefinition definition;
    private final Function<Object[], Object> body;
    final AtomicInteger batchCalls = new AtomicInteger();
    final AtomicInteger rowsSeen = new AtomicInteger();

    JavaUdf(String name, NullInputMode mode, Function<Object[], Object> body, UdfType result, UdfType... parameters) {
        this.definition = FunctionDefinition.builder(name, new byte[] {0})
                .signature(new Signature(List.of(parameters), result))
                .nullInputMode(mode)
                .build();
        this.body = body;
    }

    @Override
    public FunctionDefinition definition() {
        return definition;
    }

    @Override
    public FieldVector invoke(List<? extends FieldVector> arguments, int rowCount, BufferAllocator allocator) {
        batchCalls.incrementAndGet();
        rowsSeen.addAndGet(rowCount);
        UdfType resultType = definition.signature().result();
        FieldVector result = TestVectors.newVector(resultType, allocator);
        result.allocateNew();
        try {
            fill(result, arguments, rowCount);
        } catch (RuntimeException e) {
            result.close();
            throw e;
        }
        return result;
    }

    private void fill(FieldVector result, List<? extends FieldVector> arguments, int rowCount) {
        for (int row = 0; row < rowCount; row++) {
            Object[] values = new Object[arguments.size()];
            boolean anyNull = false;
            for (int a = 0; a < values.length; a++) {
                values[a] = TestVectors.read(arguments.get(a), row);
                anyNull |= values[a] == null;
            }
            Object value = anyNull && definition.nullInputMode() == NullInputMode.RETURN_NULL ? null : body.apply(values);
            TestVectors.write(result, row, value);
        }
        result.setValueCount(rowCount);
    }

    /** Arrow vector access written independently of the code under test. */
    static final class TestVectors {
        private TestVectors() {}

        static FieldVector newVector(UdfType type, BufferAllocator allocator) {
            switch (type.name()) {
                case BOOLEAN:
                    return new BitVector("r", allocator);
                case INTEGER:
                    return new IntVector("r", allocator);
                case BIGINT:
                    return new BigIntVector("r", allocator);
                case REAL:
                    return new Float4Vector("r", allocator);
                case DOUBLE:
                    return new Float8Vector("r", allocator);
                case DECIMAL:
                    return new DecimalVector("r", allocator, type.precision(), type.scale());
                case VARCHAR:
                    return new VarCharVector("r", allocator);
                case VARBINARY:
                    return new VarBinaryVector("r", allocator);
                case DATE:
                    return new DateDayVector("r", allocator);
                case TIMESTAMP:
                    return new TimeStampMicroVector("r", allocator);
                default:
                    throw new IllegalArgumentException(type.toString());
            }
        }

        static Object read(FieldVector vector, int row) {
            if (vector.isNull(row)) {
                return null;
            }
            if (vector instanceof VarCharVector) {
                return new String(((VarCharVector) vector).get(row), UTF_8);
            }
            if (vector instanceof TimeStampMicroVector) {
                return ((TimeStampMicroVector) vector).get(row);
            }
            return vector.getObject(row);
        }

        static void write(FieldVector vector, int row, Object value) {
            if (value == null) {
                if (vector instanceof BitVector) {
                    ((BitVector) vector).setNull(row);
                } else if (vector instanceof org.apache.arrow.vector.BaseFixedWidthVector) {
                    ((org.apache.arrow.vector.BaseFixedWidthVector) vector).setNull(row);
                } else {
                    ((org.apache.arrow.vector.BaseVariableWidthVector) vector).setNull(row);
                }
            } else if (vector instanceof BitVector) {
                ((BitVector) vector).setSafe(row, (Boolean) value ? 1 : 0);
            } else if (vector instanceof DateDayVector) {
                ((DateDayVector) vector).setSafe(row, (Integer) value);
            } else if (vector instanceof IntVector) {
                ((IntVector) vector).setSafe(row, (Integer) value);
            } else if (vector instanceof BigIntVector) {
                ((BigIntVector) vector).setSafe(row, (Long) value);
            } else if (vector instanceof Float4Vector) {
                ((Float4Vector) vector).setSafe(row, (Float) value);
            } else if (vector instanceof Float8Vector) {
                ((Float8Vector) vector).setSafe(row, (Double) value);
            } else if (vector instanceof DecimalVector) {
                ((DecimalVector) vector).setSafe(row, (BigDecimal) value);
            } else if (vector instanceof VarCharVector) {
                ((VarCharVector) vector).setSafe(row, ((String) value).getBytes(UTF_8));
            } else if (vector instanceof VarBinaryVector) {
                ((VarBinaryVector) vector).setSafe(row, (byte[]) value);
            } else if (vector instanceof TimeStampMicroVector) {
                ((TimeStampMicroVector) vector).setSafe(row, (Long) value);
            } else {
                throw new IllegalArgumentException(vector.getClass().getName());
            }
        }
    }
}
