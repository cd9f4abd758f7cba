package io.plugsql.sql.vectorized;

import io.plugsql.engine.UdfType;
import java.math.BigDecimal;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * UDF arguments that are literals: the batch operator fills a vector with the value per batch, so
 * that {@code f(a, 2)} needs no Calc computing a column of 2s below it (and keeps a columnar input).
 * A literal is folded only when its value converts to the parameter's type exactly as Calcite's CAST
 * would convert it; any other literal stays a computed argument.
 */
final class ConstantArguments {
    private ConstantArguments() {}

    /** Whether {@code literal} can be passed as a constant of type {@code parameter}. */
    static boolean foldable(RexLiteral literal, UdfType parameter) {
        if (literal.isNull()) {
            return true;
        }
        if (CalcSplitter.hasType(literal.getType(), parameter)) {
            try {
                value(literal, parameter);
                return true;
            } catch (RuntimeException e) { // a value RexLiteral cannot give in that form: leave it to CAST
                return false;
            }
        }
        if (!SqlTypeName.EXACT_TYPES.contains(literal.getType().getSqlTypeName())) {
            return false;
        }
        BigDecimal number = literal.getValueAs(BigDecimal.class);
        return switch (parameter.name()) {
            case INTEGER -> integral(number) && number.toBigInteger().bitLength() < Integer.SIZE;
            case BIGINT -> integral(number) && number.toBigInteger().bitLength() < Long.SIZE;
            case DECIMAL -> number.scale() <= parameter.scale()
                    && number.precision() - number.scale() <= parameter.precision() - parameter.scale();
            default -> false;
        };
    }

    private static boolean integral(BigDecimal number) {
        return number.stripTrailingZeros().scale() <= 0;
    }

    /** The value of a {@link #foldable} literal in Calcite's internal representation of {@code parameter}'s type. */
    static Object value(RexLiteral literal, UdfType parameter) {
        if (literal.isNull()) {
            return null;
        }
        return switch (parameter.name()) {
            case BOOLEAN -> literal.getValueAs(Boolean.class);
            case INTEGER -> literal.getValueAs(BigDecimal.class).intValueExact();
            case BIGINT -> literal.getValueAs(BigDecimal.class).longValueExact();
            case REAL -> literal.getValueAs(Double.class).floatValue();
            case DOUBLE -> literal.getValueAs(Double.class);
            case DECIMAL -> literal.getValueAs(BigDecimal.class);
            case VARCHAR -> literal.getValueAs(String.class);
            case VARBINARY -> literal.getValueAs(ByteString.class);
            case DATE -> literal.getValueAs(Integer.class);
            case TIMESTAMP -> literal.getValueAs(Long.class);
        };
    }
}
