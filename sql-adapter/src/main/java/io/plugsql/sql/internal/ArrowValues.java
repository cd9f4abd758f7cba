package io.plugsql.sql.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.plugsql.engine.UdfType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.function.IntFunction;
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
 * The one conversion between Calcite's internal Java values and the Arrow vectors of the engine's
 * types, shared by the row path ({@code function.LoadedFunction}) and the batch path
 * ({@code vectorized.internal.ArrowColumns}); it lives here because both packages already depend on
 * this one and neither should depend on the other.
 *
 * <p>Calcite's internal representation: BOOLEAN Boolean, INTEGER Integer, BIGINT Long, REAL Float,
 * DOUBLE Double, DECIMAL BigDecimal (truncated to the type's scale, as Calcite's CAST does), VARCHAR
 * String, VARBINARY ByteString, DATE Integer (days since 1970-01-01), TIMESTAMP Long (milliseconds;
 * Arrow holds microseconds: arguments are multiplied by 1000 exactly, results floor-divided by 1000).
 * Conversion failures are left to callers, which report them each in their own terms: a
 * ClassCastException for a value or vector of the wrong class, an ArithmeticException for a value that
 * does not fit the type.
 */
public final class ArrowValues {
    private ArrowValues() {}

    /** Sets one row of a vector; the value is never null. */
    @FunctionalInterface
    private interface Setter {
        void set(int row, Object value);
    }

    /** Sets rows of one vector from values in Calcite's internal representation. */
    @FunctionalInterface
    public interface Writer {
        /** Sets {@code row} (null for NULL), growing the vector if needed. */
        void set(int row, @Nullable Object value);
    }

    /**
     * A writer into {@code vector}, which was made by {@code ArrowTypes.vectorFor(type, ...)}.
     *
     * @throws ClassCastException when the vector is not of the type's class
     */
    public static Writer writer(FieldVector vector, UdfType type) {
        Setter setter = switch (type.name()) {
            case BOOLEAN -> {
                BitVector v = (BitVector) vector;
                yield (row, value) -> v.setSafe(row, (Boolean) value ? 1 : 0);
            }
            case INTEGER -> {
                IntVector v = (IntVector) vector;
                yield (row, value) -> v.setSafe(row, ((Number) value).intValue());
            }
            case BIGINT -> {
                BigIntVector v = (BigIntVector) vector;
                yield (row, value) -> v.setSafe(row, ((Number) value).longValue());
            }
            case REAL -> {
                Float4Vector v = (Float4Vector) vector;
                yield (row, value) -> v.setSafe(row, ((Number) value).floatValue());
            }
            case DOUBLE -> {
                Float8Vector v = (Float8Vector) vector;
                yield (row, value) -> v.setSafe(row, ((Number) value).doubleValue());
            }
            case DECIMAL -> {
                DecimalVector v = (DecimalVector) vector;
                yield (row, value) -> v.setSafe(row, decimal(value, type));
            }
            case VARCHAR -> {
                VarCharVector v = (VarCharVector) vector;
                yield (row, value) -> v.setSafe(row, value.toString().getBytes(UTF_8));
            }
            case VARBINARY -> {
                VarBinaryVector v = (VarBinaryVector) vector;
                yield (row, value) -> v.setSafe(row, value instanceof ByteString b ? b.getBytes() : (byte[]) value);
            }
            case DATE -> {
                DateDayVector v = (DateDayVector) vector;
                yield (row, value) -> v.setSafe(row, ((Number) value).intValue());
            }
            case TIMESTAMP -> {
                TimeStampMicroVector v = (TimeStampMicroVector) vector;
                yield (row, value) -> v.setSafe(row, Math.multiplyExact(((Number) value).longValue(), 1000L));
            }
        };
        return (row, value) -> {
            if (value == null) {
                vector.setNull(row);
            } else {
                setter.set(row, value);
            }
        };
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

    /**
     * A reader of the vector's rows in Calcite's internal representation (null for NULL).
     *
     * @throws ClassCastException when the vector is not of the type's class
     */
    public static IntFunction<@Nullable Object> reader(FieldVector vector, UdfType type) {
        IntFunction<Object> value = switch (type.name()) {
            case BOOLEAN -> {
                BitVector v = (BitVector) vector;
                yield row -> v.get(row) != 0;
            }
            case INTEGER -> ((IntVector) vector)::get;
            case BIGINT -> ((BigIntVector) vector)::get;
            case REAL -> ((Float4Vector) vector)::get;
            case DOUBLE -> ((Float8Vector) vector)::get;
            case DECIMAL -> ((DecimalVector) vector)::getObject;
            case VARCHAR -> {
                VarCharVector v = (VarCharVector) vector;
                yield row -> new String(v.get(row), UTF_8);
            }
            case VARBINARY -> {
                VarBinaryVector v = (VarBinaryVector) vector;
                yield row -> new ByteString(v.get(row));
            }
            case DATE -> ((DateDayVector) vector)::get;
            case TIMESTAMP -> {
                TimeStampMicroVector v = (TimeStampMicroVector) vector;
                yield row -> Math.floorDiv(v.get(row), 1000L);
            }
        };
        return row -> vector.isNull(row) ? null : value.apply(row);
    }
}
