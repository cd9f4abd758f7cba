package io.plugsql.bench.e2e;

/**
 * The deterministic table every contender loads: {@code rows} rows of two BIGINT columns,
 * {@code a = x % 1000} and {@code b = (x * 7 + 3) % 1000} for {@code x} in {@code [0, rows)}.
 *
 * <p>Values stay below 1000 so that {@code SUM(a * b + 1)} fits a BIGINT in every system.
 */
public record Dataset(long rows) {
    public Dataset {
        if (rows <= 0) {
            throw new IllegalArgumentException("rows must be positive");
        }
    }

    /** The SQL expression for column {@code a} given the row number expression {@code x}. */
    public static String columnA(String x) {
        return "(" + x + ") % 1000";
    }

    /** The SQL expression for column {@code b} given the row number expression {@code x}. */
    public static String columnB(String x) {
        return "((" + x + ") * 7 + 3) % 1000";
    }

    /** The answer every contender must return for {@code SUM(f(a, b))}, computed in plain Java. */
    public long expectedSum() {
        long sum = 0;
        for (long x = 0; x < rows; x++) {
            sum += JavaFunctions.mulAdd(x % 1000, (x * 7 + 3) % 1000);
        }
        return sum;
    }
}
