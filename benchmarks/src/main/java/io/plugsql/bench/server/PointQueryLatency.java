package io.plugsql.bench.server;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a point query ({@code SELECT f(a, b) FROM p WHERE id = ?}) from N concurrent clients, each on
 * its own connection and prepared statement, for a fixed time, and reports p50, p99 and throughput
 * next to the same query with the built-in expression measured in the same run.
 */
final class PointQueryLatency {
    /** Rows of the point-query table {@code P(ID, A, B)}: {@code a = id % 1000}, {@code b = (id * 7 + 3) % 1000}. */
    static final int TABLE_ROWS = 10_000;
    static final String UDF_QUERY = "SELECT mul_add(a, b) FROM p WHERE id = ?";
    static final String BUILTIN_QUERY = "SELECT a * b + 1 FROM p WHERE id = ?";
    private static final long MAX_OVERRUN_NANOS = 60_000_000_000L;

    /** Opens one client connection. */
    @FunctionalInterface
    interface ConnectionSource {
        Connection open() throws SQLException;
    }

    /** Latencies of one (clients, query) cell. */
    record Cell(int clients, String query, long count, double seconds, double p50Millis, double p99Millis) {
        Cell {
            requireNonNull(query, "query is null");
        }

        double perSecond() {
            return count / seconds;
        }
    }

    private final ConnectionSource source;
    private final Duration warmup;
    private final Duration measure;

    PointQueryLatency(ConnectionSource source, Duration warmup, Duration measure) {
        this.source = requireNonNull(source, "source is null");
        this.warmup = requireNonNull(warmup, "warmup is null");
        this.measure = requireNonNull(measure, "measure is null");
    }

    /** For each client count: the built-in query, then the UDF query. */
    List<Cell> run(int... clientCounts) throws Exception {
        List<Cell> cells = new ArrayList<>();
        for (int clients : clientCounts) {
            cells.add(measure(clients, BUILTIN_QUERY));
            cells.add(measure(clients, UDF_QUERY));
        }
        return cells;
    }

    private Cell measure(int clients, String sql) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            CountDownLatch ready = new CountDownLatch(clients);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<long[]>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                long seed = c;
                futures.add(pool.submit(() -> client(sql, seed, ready, go)));
            }
            ready.await();
            long start = System.nanoTime();
            go.countDown();
            List<long[]> perClient = new ArrayList<>();
            for (Future<long[]> future : futures) {
                perClient.add(future.get());
            }
            double seconds = (System.nanoTime() - start) / 1e9 - warmup.toNanos() / 1e9;
            long[] all = perClient.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            if (all.length == 0) {
                throw new IllegalStateException("no query finished within " + measure + " at " + clients + " clients");
            }
            return new Cell(clients, sql, all.length, seconds, percentile(all, 0.50) / 1e6, percentile(all, 0.99) / 1e6);
        } finally {
            pool.shutdownNow();
        }
    }

    /** One client: warms up, then records each query's latency until the measuring time is over. */
    private long[] client(String sql, long seed, CountDownLatch ready, CountDownLatch go) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        try (Connection connection = source.open(); PreparedStatement statement = connection.prepareStatement(sql)) {
            ready.countDown();
            go.await();
            long warmupEnd = System.nanoTime() + warmup.toNanos();
            long end = warmupEnd + measure.toNanos();
            long[] latencies = new long[1024];
            int count = 0;
            long now = System.nanoTime();
            // At least one measured query per client, even when one query outlasts the window.
            while (now < end || count == 0 && now < end + MAX_OVERRUN_NANOS) {
                long id = random.nextInt(TABLE_ROWS);
                long start = now;
                statement.setLong(1, id);
                try (ResultSet rows = statement.executeQuery()) {
                    if (!rows.next() || rows.getLong(1) != (id % 1000) * ((id * 7 + 3) % 1000) + 1) {
                        throw new IllegalStateException(sql + " gave a wrong answer for id " + id);
                    }
                }
                now = System.nanoTime();
                if (start >= warmupEnd) {
                    if (count == latencies.length) {
                        latencies = Arrays.copyOf(latencies, count * 2);
                    }
                    latencies[count++] = now - start;
                }
            }
            return Arrays.copyOf(latencies, count);
        }
    }

    private static long percentile(long[] sorted, double fraction) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(fraction * sorted.length) - 1)];
    }

    /** A Markdown table of the cells; the ratio compares each UDF cell with the built-in cell of the same client count. */
    static String table(List<Cell> cells) {
        StringBuilder md = new StringBuilder()
                .append("| clients | query | queries | p50 (ms) | p99 (ms) | queries/s | p50 x built-in | queries/s x built-in |\n")
                .append("|---:|---|---:|---:|---:|---:|---:|---:|\n");
        for (Cell cell : cells) {
            Cell builtin = cells.stream()
                    .filter(c -> c.clients() == cell.clients() && c.query().equals(BUILTIN_QUERY))
                    .findFirst()
                    .orElse(cell);
            md.append("| ").append(cell.clients())
                    .append(" | ").append(cell.query().equals(UDF_QUERY) ? "UDF `mul_add(a, b)`" : "built-in `a * b + 1`")
                    .append(" | ").append(cell.count())
                    .append(" | ").append(fixed(cell.p50Millis(), 3))
                    .append(" | ").append(fixed(cell.p99Millis(), 3))
                    .append(" | ").append(fixed(cell.perSecond(), 0))
                    .append(" | ").append(fixed(cell.p50Millis() / builtin.p50Millis(), 2)).append("x")
                    .append(" | ").append(fixed(cell.perSecond() / builtin.perSecond(), 2)).append("x |\n");
        }
        return md.append('\n').toString();
    }

    private static String fixed(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
