package io.plugsql.bench.coldstart;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Named samples of one latency, in nanoseconds, summarized as first and median of the rest. */
final class Latencies {
    private final String name;
    private final List<Long> nanos = new ArrayList<>();

    Latencies(String name) {
        this.name = requireNonNull(name, "name is null");
    }

    String name() {
        return name;
    }

    void add(long sampleNanos) {
        nanos.add(sampleNanos);
    }

    /** The first sample: the one a fresh JVM pays. */
    double firstMillis() {
        return nanos.get(0) / 1e6;
    }

    /** Median of the samples after the first (the first when there is only one). */
    double warmMillis() {
        long[] rest = nanos.stream().skip(nanos.size() > 1 ? 1 : 0).mapToLong(Long::longValue).toArray();
        Arrays.sort(rest);
        return rest[rest.length / 2] / 1e6;
    }

    int count() {
        return nanos.size();
    }

    static String millis(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%.0f", value)
                : value >= 1 ? String.format(Locale.ROOT, "%.2f", value) : String.format(Locale.ROOT, "%.3f", value);
    }
}
