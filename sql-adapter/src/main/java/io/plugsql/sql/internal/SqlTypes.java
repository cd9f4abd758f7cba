package io.plugsql.sql.internal;

import static io.plugsql.sql.PlugSqlResource.RESOURCE;

import io.plugsql.engine.TypeName;
import io.plugsql.engine.UdfType;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.type.SqlTypeName;

/** Maps between SQL types (Calcite's) and the Wasm-callable {@link UdfType}s of ABI v1. */
public final class SqlTypes {
    /** Precision of TIMESTAMP values handed to and from functions: Calcite keeps milliseconds. */
    private static final int TIMESTAMP_PRECISION = 3;

    private SqlTypes() {}

    /** The supported types, as listed in error messages. */
    public static String supportedTypes() {
        return Arrays.stream(TypeName.values())
                .map(name -> name == TypeName.DECIMAL ? "DECIMAL(p<=" + UdfType.MAX_DECIMAL_PRECISION + ",s)" : name.name())
                .collect(Collectors.joining(", "));
    }

    /**
     * The UdfType of a declared type; {@code role} names the parameter or result in the error.
     * VARCHAR(n) and TIMESTAMP(p) are accepted with their length and precision ignored; DECIMAL
     * without precision is DECIMAL(18,0).
     */
    public static UdfType toUdfType(SqlDataTypeSpec spec, String role) {
        SqlTypeName typeName = spec.getTypeNameSpec() instanceof SqlBasicTypeNameSpec
                ? SqlTypeName.get(spec.getTypeNameSpec().getTypeName().getSimple())
                : null;
        if (typeName != null) {
            switch (typeName) {
                case BOOLEAN:
                    return UdfType.of(TypeName.BOOLEAN);
                case INTEGER:
                    return UdfType.of(TypeName.INTEGER);
                case BIGINT:
                    return UdfType.of(TypeName.BIGINT);
                case REAL:
                    return UdfType.of(TypeName.REAL);
                case DOUBLE:
                    return UdfType.of(TypeName.DOUBLE);
                case VARCHAR:
                    return UdfType.of(TypeName.VARCHAR);
                case VARBINARY:
                    return UdfType.of(TypeName.VARBINARY);
                case DATE:
                    return UdfType.of(TypeName.DATE);
                case TIMESTAMP:
                    return UdfType.of(TypeName.TIMESTAMP);
                case DECIMAL:
                    return decimal(spec, role);
                default:
                    break;
            }
        }
        throw SqlAdapterErrors.at(spec.getParserPosition(), SqlAdapterErrorCode.UNSUPPORTED_TYPE,
                RESOURCE.unsupportedType(spec.toString(), role, supportedTypes()));
    }

    private static UdfType decimal(SqlDataTypeSpec spec, String role) {
        SqlBasicTypeNameSpec basic = (SqlBasicTypeNameSpec) spec.getTypeNameSpec();
        int precision = basic.getPrecision() < 0 ? UdfType.MAX_DECIMAL_PRECISION : basic.getPrecision();
        int scale = Math.max(basic.getScale(), 0);
        try {
            return UdfType.decimal(precision, scale);
        } catch (IllegalArgumentException e) {
            throw SqlAdapterErrors.at(spec.getParserPosition(), SqlAdapterErrorCode.UNSUPPORTED_TYPE,
                    RESOURCE.unsupportedType(spec.toString(), role, supportedTypes()));
        }
    }

    /**
     * The UdfType whose Arrow vector holds values of a column of this SQL type unchanged (CHAR as
     * VARCHAR, BINARY as VARBINARY), or empty when there is none (e.g. SMALLINT, TIME, DECIMAL wider
     * than {@link UdfType#MAX_DECIMAL_PRECISION}).
     */
    public static Optional<UdfType> columnType(RelDataType type) {
        return Optional.ofNullable(switch (type.getSqlTypeName()) {
            case BOOLEAN -> UdfType.of(TypeName.BOOLEAN);
            case INTEGER -> UdfType.of(TypeName.INTEGER);
            case BIGINT -> UdfType.of(TypeName.BIGINT);
            case REAL -> UdfType.of(TypeName.REAL);
            case DOUBLE -> UdfType.of(TypeName.DOUBLE);
            case DECIMAL -> type.getPrecision() <= UdfType.MAX_DECIMAL_PRECISION
                    ? UdfType.decimal(type.getPrecision(), type.getScale()) : null;
            case CHAR, VARCHAR -> UdfType.of(TypeName.VARCHAR);
            case BINARY, VARBINARY -> UdfType.of(TypeName.VARBINARY);
            case DATE -> UdfType.of(TypeName.DATE);
            case TIMESTAMP -> UdfType.of(TypeName.TIMESTAMP);
            default -> null;
        });
    }

    /** The nullable Calcite type of a UdfType; results are nullable (a NOT NULL result would turn NULLs into 0). */
    public static RelDataType toRelDataType(UdfType type, RelDataTypeFactory factory) {
        RelDataType relType = switch (type.name()) {
            case BOOLEAN -> factory.createSqlType(SqlTypeName.BOOLEAN);
            case INTEGER -> factory.createSqlType(SqlTypeName.INTEGER);
            case BIGINT -> factory.createSqlType(SqlTypeName.BIGINT);
            case REAL -> factory.createSqlType(SqlTypeName.REAL);
            case DOUBLE -> factory.createSqlType(SqlTypeName.DOUBLE);
            case DECIMAL -> factory.createSqlType(SqlTypeName.DECIMAL, type.precision(), type.scale());
            case VARCHAR -> factory.createSqlType(SqlTypeName.VARCHAR);
            case VARBINARY -> factory.createSqlType(SqlTypeName.VARBINARY);
            case DATE -> factory.createSqlType(SqlTypeName.DATE);
            case TIMESTAMP -> factory.createSqlType(SqlTypeName.TIMESTAMP, TIMESTAMP_PRECISION);
        };
        return factory.createTypeWithNullability(relType, true);
    }
}
