package io.plugsql.engine;

import java.util.Arrays;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * The Arrow representation of each SQL type, shared by the engine and its callers so that argument
 * vectors are built exactly as the engine reads them.
 *
 * <table>
 *   <caption>SQL type to Arrow vector</caption>
 *   <tr><th>SQL</th><th>Arrow type</th><th>vector</th></tr>
 *   <tr><td>BOOLEAN</td><td>Bool</td><td>BitVector</td></tr>
 *   <tr><td>INTEGER</td><td>Int(32, signed)</td><td>IntVector</td></tr>
 *   <tr><td>BIGINT</td><td>Int(64, signed)</td><td>BigIntVector</td></tr>
 *   <tr><td>REAL</td><td>FloatingPoint(SINGLE)</td><td>Float4Vector</td></tr>
 *   <tr><td>DOUBLE</td><td>FloatingPoint(DOUBLE)</td><td>Float8Vector</td></tr>
 *   <tr><td>DECIMAL(p,s)</td><td>Decimal(p, s, 128)</td><td>DecimalVector (the guest sees the unscaled i64)</td></tr>
 *   <tr><td>VARCHAR</td><td>Utf8</td><td>VarCharVector</td></tr>
 *   <tr><td>VARBINARY</td><td>Binary</td><td>VarBinaryVector</td></tr>
 *   <tr><td>DATE</td><td>Date(DAY)</td><td>DateDayVector</td></tr>
 *   <tr><td>TIMESTAMP</td><td>Timestamp(MICROSECOND, no zone)</td><td>TimeStampMicroVector</td></tr>
 * </table>
 *
 * <pre>{@code
 * BigIntVector a = (BigIntVector) ArrowTypes.vectorFor(UdfType.of(TypeName.BIGINT), "a", allocator);
 * }</pre>
 */
public final class ArrowTypes {
    private ArrowTypes() {}

    /** The Arrow type of a SQL type's values. */
    public static ArrowType arrowType(UdfType type) {
        switch (type.name()) {
            case BOOLEAN:
                return ArrowType.Bool.INSTANCE;
            case INTEGER:
                return new ArrowType.Int(32, true);
            case BIGINT:
                return new ArrowType.Int(64, true);
            case REAL:
                return new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
            case DOUBLE:
                return new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case DECIMAL:
                return new ArrowType.Decimal(type.precision(), type.scale(), 128);
            case VARCHAR:
                return ArrowType.Utf8.INSTANCE;
            case VARBINARY:
                return ArrowType.Binary.INSTANCE;
            case DATE:
                return new ArrowType.Date(DateUnit.DAY);
            case TIMESTAMP:
                return new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
            default:
                throw new IllegalArgumentException("no Arrow type for " + type);
        }
    }

    /** A nullable field of the type. */
    public static Field field(String name, UdfType type) {
        return new Field(name, FieldType.nullable(arrowType(type)), null);
    }

    /** A new, empty, nullable vector of the type (the caller allocates and closes it). */
    public static FieldVector vectorFor(UdfType type, String name, BufferAllocator allocator) {
        return field(name, type).createVector(allocator);
    }

    /** Whether the vector holds values of the type exactly as {@link #vectorFor} makes them. */
    public static boolean matches(UdfType type, FieldVector vector) {
        return arrowType(type).equals(vector.getField().getType());
    }

    /**
     * Parses a SQL type name for a function's signature.
     *
     * @throws InvalidModuleException with {@link EngineErrorCode#UNSUPPORTED_TYPE} naming the function,
     *     the type and the supported ones
     */
    public static UdfType parseType(String functionName, String sqlType) {
        try {
            return UdfType.parse(sqlType);
        } catch (IllegalArgumentException e) {
            String supported = Arrays.stream(TypeName.values())
                    .map(name -> name == TypeName.DECIMAL ? "DECIMAL(p<=" + UdfType.MAX_DECIMAL_PRECISION + ",s)" : name.name())
                    .collect(Collectors.joining(", "));
            throw new InvalidModuleException(EngineErrorCode.UNSUPPORTED_TYPE, functionName, OptionalLong.empty(),
                    "function " + functionName + ": unsupported type " + sqlType.trim().toUpperCase(Locale.ROOT)
                            + " (" + e.getMessage() + "); supported: " + supported,
                    e);
        }
    }
}
