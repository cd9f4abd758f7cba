package io.plugsql.engine;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parameter or result type of a Wasm function: a {@link TypeName} plus precision and scale for
 * DECIMAL (zero for every other type).
 *
 * <pre>{@code
 * UdfType money = UdfType.decimal(12, 2);
 * UdfType same = UdfType.parse("DECIMAL(12,2)");
 * }</pre>
 */
public record UdfType(TypeName name, int precision, int scale) {
    /** Largest DECIMAL precision whose unscaled value fits a Wasm i64. */
    public static final int MAX_DECIMAL_PRECISION = 18;

    private static final Pattern DECIMAL_PATTERN =
            Pattern.compile("DECIMAL\\s*\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\)");

    public UdfType {
        requireNonNull(name, "name is null");
        if (name == TypeName.DECIMAL) {
            if (precision < 1 || precision > MAX_DECIMAL_PRECISION) {
                throw new IllegalArgumentException("DECIMAL precision must be between 1 and "
                        + MAX_DECIMAL_PRECISION + ", got " + precision);
            }
            if (scale < 0 || scale > precision) {
                throw new IllegalArgumentException(
                        "DECIMAL scale must be between 0 and the precision " + precision + ", got " + scale);
            }
        } else if (precision != 0 || scale != 0) {
            throw new IllegalArgumentException(name + " takes no precision or scale");
        }
    }

    public static UdfType of(TypeName name) {
        return new UdfType(name, 0, 0);
    }

    public static UdfType decimal(int precision, int scale) {
        return new UdfType(TypeName.DECIMAL, precision, scale);
    }

    /** Parses the form produced by {@link #toString()}, e.g. {@code BIGINT} or {@code DECIMAL(12,2)}. */
    public static UdfType parse(String text) {
        String normalized = text.trim().toUpperCase(Locale.ROOT);
        Matcher decimal = DECIMAL_PATTERN.matcher(normalized);
        if (decimal.matches()) {
            int scale = decimal.group(2) == null ? 0 : Integer.parseInt(decimal.group(2));
            return decimal(Integer.parseInt(decimal.group(1)), scale);
        }
        try {
            return of(TypeName.valueOf(normalized));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unsupported type: " + text, e);
        }
    }

    @Override
    public String toString() {
        return name == TypeName.DECIMAL ? "DECIMAL(" + precision + "," + scale + ")" : name.name();
    }
}
