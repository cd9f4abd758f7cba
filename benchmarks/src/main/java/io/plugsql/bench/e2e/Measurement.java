package io.plugsql.bench.e2e;

import static java.util.Objects.requireNonNull;

/**
 * The median wall time of {@code SUM(f(a, b))} and of {@code SUM(a * b + 1)} on one contender.
 *
 * @param udfNanos median time of the query with the user function
 * @param builtinNanos median time of the same query with the system's built-in expression
 */
public record Measurement(String contender, long rows, long udfNanos, long builtinNanos) {
    public Measurement {
        requireNonNull(contender, "contender is null");
    }

    public double udfNsPerRow() {
        return (double) udfNanos / rows;
    }

    public double builtinNsPerRow() {
        return (double) builtinNanos / rows;
    }

    /** What the user function costs per row beyond the system's own arithmetic. */
    public double addedNsPerRow() {
        return (double) (udfNanos - builtinNanos) / rows;
    }

    /** One tab-separated line: contender, rows, udfNanos, builtinNanos. */
    public String toTsv() {
        return contender + "\t" + rows + "\t" + udfNanos + "\t" + builtinNanos;
    }

    public static Measurement fromTsv(String line) {
        String[] fields = line.split("\t");
        if (fields.length != 4) {
            throw new IllegalArgumentException("expected 4 tab-separated fields: " + line);
        }
        return new Measurement(fields[0], Long.parseLong(fields[1]), Long.parseLong(fields[2]), Long.parseLong(fields[3]));
    }
}
