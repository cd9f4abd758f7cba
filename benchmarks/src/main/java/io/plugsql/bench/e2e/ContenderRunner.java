package io.plugsql.bench.e2e;

import java.sql.SQLException;
import java.util.Arrays;

/** Loads one contender, checks both queries return the expected sum, and times them. */
final class ContenderRunner {
    private final Dataset dataset;
    private final long expectedSum;
    private final int repetitions;

    ContenderRunner(Dataset dataset, long expectedSum, int repetitions) {
        if (repetitions < 1) {
            throw new IllegalArgumentException("repetitions must be at least 1");
        }
        this.dataset = dataset;
        this.expectedSum = expectedSum;
        this.repetitions = repetitions;
    }

    Measurement run(Contender contender) throws Exception {
        Dataset data = dataset.rows() > contender.maxRows() ? new Dataset(contender.maxRows()) : dataset;
        long expected = data == dataset ? expectedSum : data.expectedSum();
        try (contender) {
            contender.load(data);
            long udfNanos = medianNanos(contender, contender::sumWithUdf, expected);
            long builtinNanos = medianNanos(contender, contender::sumWithBuiltin, expected);
            return new Measurement(contender.name(), data.rows(), udfNanos, builtinNanos);
        }
    }

    /** Runs the query once to warm up, then {@code repetitions} times, checking every answer. */
    private long medianNanos(Contender contender, SumQuery query, long expected) throws SQLException {
        check(contender, query.sum(), expected);
        long[] nanos = new long[repetitions];
        for (int i = 0; i < repetitions; i++) {
            long start = System.nanoTime();
            long sum = query.sum();
            nanos[i] = System.nanoTime() - start;
            check(contender, sum, expected);
        }
        Arrays.sort(nanos);
        return nanos[repetitions / 2];
    }

    private static void check(Contender contender, long sum, long expected) {
        if (sum != expected) {
            throw new IllegalStateException(
                    contender.name() + " returned " + sum + ", expected " + expected);
        }
    }

    /** One timed query. */
    @FunctionalInterface
    private interface SumQuery {
        long sum() throws SQLException;
    }
}
