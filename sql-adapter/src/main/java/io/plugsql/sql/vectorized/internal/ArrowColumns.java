package io.plugsql.sql.vectorized.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.plugsql.engine.ArrowTypes;
import io.plugsql.engine.UdfType;
import io.plugsql.error.PlugSqlException;
import io.plugsql.sql.vectorized.VectorizedErrorCode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.function.IntFunction;
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
import org.apache.calcite.avatica.util.ByteString;

/**
 * Converts between Calcite's internal Java values and Arrow vectors of the engine's types.
 *
 * <p>Calcite's internal representation: BOOLEAN Boolean, INTEGER Integer, BIGINT Long, REAL Float,
 * DOUBLE Double, DECIMAL BigDecimal, VARCHAR String, VARBINARY ByteString, DATE Integer (days since
 * 1970-01-01), TIMESTAMP Long (milliseconds). Arrow holds TIMESTAMP in microseconds: arguments are
 * multiplied by 1000, results floor-divided by 1000.
 */
public final class ArrowColumns {
    private ArrowColumns() {}

    /**
     * Fills {@code vector} (made for {@code type}) with {@code rowCount} values.
     *
     * @param valueAt the value of a row in Calcite's internal representation, or null
     * @param function, {@code argument} (0-based) and {@code firstRow} (input row number of the
     *     batch's first row) locate a value in conversion errors
     */
    public static void fill(FieldVector vector, UdfType type, IntFunction<Object> valueAt, int rowCount,
            String function, int argument, long firstRow) {
        vector.setInitialCapacity(rowCount);
        vector.allocateNew();
        int row = 0;
        try {
            switch (type.name()) {
                case BOOLEAN: {
                    BitVector v = (BitVector) vector;
                    for (; row < rowCount; row++) {
                        Object value = valueAt.apply(row);
                        if (value == null) {
                            v.setNull(row);
                        } else {
                            v.set(row, (Boolean) value ? 1 : 0);
                        }
                    }
                    break;
                }
                case INTEGER: {
                    IntVector v = (IntVector) vector;
                    for (; row < rowCount; row++) {
                        Object value = valueAt.apply(row);
                        if (value == null) {
                            v.setNull(row);
                        } else {
                            v.set(row, ((Number) value).intValue());
                        }
                    }
                    break;
                }
                case BIGINT: {
                    BigIntVector v = (BigIntVector) vector;
                    for (; row < rowCount; row++) {
                        Object value = valueAt.apply(row);
                        if (value == null) {
                            v.setNull(row);
                        } else {
                            v.set(row, ((Number) value).longValue());
                        }
                    }
                    break;
                }
                case REAL: {
                    Float4Vector v = (Float4Vector) vector;
                    for (; row < rowCount; row++) {
                        Object value = valueAt.apply(row);
                        if (value == null) {
                            v.setNull(row);
                        } else {
                            v.set(row, ((Number) value).floatValue());
                        }
                    }
                    break;
                }
                case DOUBLE: {
                    Float8Vector v = (Float8Vector) vector;
                    for (; row < rowCount; row++) {
                        Object value = valueAt.apply(row);
                        if (value == null) {
                            v.setNull(row);
                        } else {
                            v.set(row, ((Number) value).doubleValue());
                        }
                    }
                    break;
                }
                case DECIMAL: {
                    DecimalVector v = (DecimalVector) vector;
                    for (; row < rowCount; row++) {
                        Object value = valueAt.apply(row);
                        if (value == null) {
                            v.setNull(row);
                        } else {
                            v.set(row, toDecimal(value, type));
                        }
                    }
                    break;
                }
                case VARCHAR: {
                    VarCharVector v = (VarCharVector) vector;
                    for (; row < rowCount; row++) {
                        Object value = valueAt.apply(row);
                        if (value == null) {
                            v.setNull(row);
                        } else {
                            v.setSafe(row, value.toString().getBytes(UTF_8));
                        }
                    }
                    break;
                }
                case VARBINARY: {
                    VarBinaryVector v = (VarBinaryVector) vector;
                    for (; row < rowCount; row++) {
                        Object value = valueAt.apply(row);
                        if (value == null) {
                            v.setNull(row);
                        } else {
                            v.setSafe(row, value instanceof ByteString ? ((ByteString) value).getBytes() : (byte[]) value);
                        }
                    }
                    break;
                }
                case DATE: {
                    DateDayVector v = (DateDayVector) vector;
                    for (; row < rowCount; row++) {
                        Object value = valueAt.apply(row);
                        if (value == null) {
                            v.setNull(row);
                        } else {
                            v.set(row, ((Number) value).intValue());
                        }
                    }
                    break;
                }
                case TIMESTAMP: {
                    TimeStampMicroVector v = (TimeStampMicroVector) vector;
                    for (; row < rowCount; row++) {
                        Object value = valueAt.apply(row);
                        if (value == null) {
                            v.setNull(row);
                        } else {
                            v.set(row, Math.multiplyExact(((Number) value).longValue(), 1000L));
                        }
                    }
                    break;
                }
                default:
                    throw new IllegalArgumentException("unsupported type " + type);
            }
        } catch (ClassCastException | ArithmeticException | UnsupportedOperationException e) {
            throw new PlugSqlException(VectorizedErrorCode.ARGUMENT_CONVERSION,
                    "function " + function + ": argument " + (argument + 1) + " of input row " + (firstRow + row)
                            + " cannot be passed as " + type + ": " + e.getMessage(), e);
        }
        vector.setValueCount(rowCount);
    }

    /** A new, empty, nullable vector of the Arrow type the engine expects for {@code type}. */
    public static FieldVector newVector(UdfType type, String name, BufferAllocator allocator) {
        return ArrowTypes.vectorFor(type, name, allocator);
    }

    private static BigDecimal toDecimal(Object value, UdfType type) {
        BigDecimal decimal = value instanceof BigDecimal
                ? (BigDecimal) value
                : new BigDecimal(value.toString());
        BigDecimal scaled = decimal.setScale(type.scale(), RoundingMode.HALF_UP);
        if (scaled.precision() > type.precision()) {
            throw new ArithmeticException(decimal + " does not fit " + type);
        }
        return scaled;
    }

    /**
     * A reader of the vector's values in Calcite's internal representation (null for NULL).
     *
     * @throws PlugSqlException {@link VectorizedErrorCode#BAD_RESULT_VECTOR} when the vector is not of the type's class
     */
    public static IntFunction<Object> reader(FieldVector vector, UdfType type, String function) {
        try {
            switch (type.name()) {
                case BOOLEAN: {
                    BitVector v = (BitVector) vector;
                    return row -> v.isNull(row) ? null : v.get(row) != 0;
                }
                case INTEGER: {
                    IntVector v = (IntVector) vector;
                    return row -> v.isNull(row) ? null : v.get(row);
                }
                case BIGINT: {
                    BigIntVector v = (BigIntVector) vector;
                    return row -> v.isNull(row) ? null : v.get(row);
                }
                case REAL: {
                    Float4Vector v = (Float4Vector) vector;
                    return row -> v.isNull(row) ? null : v.get(row);
                }
                case DOUBLE: {
                    Float8Vector v = (Float8Vector) vector;
                    return row -> v.isNull(row) ? null : v.get(row);
                }
                case DECIMAL: {
                    DecimalVector v = (DecimalVector) vector;
                    return row -> v.isNull(row) ? null : v.getObject(row);
                }
                case VARCHAR: {
                    VarCharVector v = (VarCharVector) vector;
                    return row -> v.isNull(row) ? null : new String(v.get(row), UTF_8);
                }
                case VARBINARY: {
                    VarBinaryVector v = (VarBinaryVector) vector;
                    return row -> v.isNull(row) ? null : new ByteString(v.get(row));
                }
                case DATE: {
                    DateDayVector v = (DateDayVector) vector;
                    return row -> v.isNull(row) ? null : v.get(row);
                }
                case TIMESTAMP: {
                    TimeStampMicroVector v = (TimeStampMicroVector) vector;
                    return row -> v.isNull(row) ? null : Math.floorDiv(v.get(row), 1000L);
                }
                default:
                    throw new IllegalArgumentException("unsupported type " + type);
            }
        } catch (ClassCastException e) {
            throw new PlugSqlException(VectorizedErrorCode.BAD_RESULT_VECTOR,
                    "function " + function + " returned a " + vector.getClass().getSimpleName()
                            + " for its result type " + type, e);
        }
    }
}
