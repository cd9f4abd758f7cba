package io.plugsql.bench.server;

import io.plugsql.bench.e2e.PlugSqlContender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Point-query latency (p50, p99) and throughput at several client counts, calling a Wasm UDF and,
 * for the ratio, the built-in expression: through plugsql's embedded driver, then over the server
 * (started as a child JVM, with its start-to-first-answer time) when it is on the classpath. Writes a
 * Markdown section.
 *
 * <pre>
 * java -cp ... io.plugsql.bench.server.ServerBenchmark --clients 1,8,32 --warmup 1 --seconds 4 --out server.md
 * </pre>
 */
public final class ServerBenchmark {
    private ServerBenchmark() {}

    public static void main(String[] args) throws Exception {
        int[] clients = {1, 8, 32};
        Duration warmup = Duration.ofSeconds(1);
        Duration measure = Duration.ofSeconds(4);
        Path out = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--clients" -> clients = Arrays.stream(value.split(",")).mapToInt(Integer::parseInt).toArray();
                case "--warmup" -> warmup = Duration.ofMillis((long) (Double.parseDouble(value) * 1000));
                case "--seconds" -> measure = Duration.ofMillis((long) (Double.parseDouble(value) * 1000));
                case "--out" -> out = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path data = Files.createTempDirectory("plugsql-bench-embedded-");
        Path serverData = Files.createTempDirectory("plugsql-bench-server-");
        try {
            String section = embeddedSection(data, clients, warmup, measure);
            section += ServerProcess.available()
                    ? serverSection(serverData, clients, warmup, measure)
                    : "The server (io.plugsql.server.Main) is not on the classpath: its figures were not measured.\n\n";
            System.out.print(section);
            if (out != null) {
                Files.writeString(out, section);
            }
        } finally {
            deleteTree(data);
            deleteTree(serverData);
        }
    }

    /**
     * Starts the server as a child JVM over a prepared data directory, times start to first answer, then runs
     * the point queries over loopback JDBC (Avatica, protobuf, BASIC authentication).
     */
    static String serverSection(Path data, int[] clients, Duration warmup, Duration measure) throws Exception {
        prepare(data);
        String url = "jdbc:plugsql:data=" + data + ";tenant=" + PlugSqlContender.TENANT;
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute(PlugSqlContender.createFunctionSql());
        }
        int maxClients = Arrays.stream(clients).max().orElse(1);
        try (ServerProcess server = ServerProcess.start(data, maxClients, "SELECT mul_add(3, 4)", 13)) {
            // The server JVM is cold: one discarded pass at one client keeps JIT warm-up out of the first cell.
            new PointQueryLatency(server::connect, warmup, measure).run(1);
            List<PointQueryLatency.Cell> cells = new PointQueryLatency(server::connect, warmup, measure).run(clients);
            double startMillis = server.startToFirstAnswerNanos() / 1e6;
            double warmP50 = cells.stream().filter(c -> c.query().equals(PointQueryLatency.UDF_QUERY))
                    .findFirst().orElseThrow().p50Millis();
            return header("over the server (loopback JDBC: Avatica HTTP, protobuf, BASIC auth)", warmup, measure)
                    + String.format(Locale.ROOT, "Server start to first answer: %.0f ms, from launching `%s serve` "
                            + "(a new JVM) to the first `SELECT mul_add(3, 4)` answered over JDBC; %.0fx the warm UDF "
                            + "point query's p50 at %d client(s).%n%n", startMillis, "io.plugsql.server.Main", startMillis / warmP50,
                            cells.get(0).clients())
                    + PointQueryLatency.table(cells);
        }
    }

    static String embeddedSection(Path data, int[] clients, Duration warmup, Duration measure) throws Exception {
        prepare(data);
        String url = "jdbc:plugsql:data=" + data + ";tenant=" + PlugSqlContender.TENANT;
        try (Connection keepOpen = DriverManager.getConnection(url)) {
            try (Statement statement = keepOpen.createStatement()) {
                statement.execute(PlugSqlContender.createFunctionSql());
            }
            List<PointQueryLatency.Cell> cells =
                    new PointQueryLatency(() -> DriverManager.getConnection(url), warmup, measure).run(clients);
            return header("embedded driver (in-process, no network)", warmup, measure) + PointQueryLatency.table(cells);
        }
    }

    /** Writes the point-query table into a new data directory. */
    static void prepare(Path data) throws Exception {
        PlugSqlContender.writeTable(data, "P(ID BIGINT PRIMARY KEY, A BIGINT, B BIGINT) AS SELECT X, X % 1000, "
                + "(X * 7 + 3) % 1000 FROM SYSTEM_RANGE(0, " + (PointQueryLatency.TABLE_ROWS - 1) + ")");
    }

    static String header(String how, Duration warmup, Duration measure) {
        return "## Point queries: " + how + ", JDK " + Runtime.version() + ", "
                + Runtime.getRuntime().availableProcessors() + " cores\n\n"
                + "`" + PointQueryLatency.UDF_QUERY + "` against `" + PointQueryLatency.BUILTIN_QUERY + "` over "
                + PointQueryLatency.TABLE_ROWS + " rows, random ids; each client has its own connection and prepared "
                + "statement; " + warmup.toMillis() / 1000.0 + " s warm-up then " + measure.toMillis() / 1000.0
                + " s measured per cell. Ratios: UDF / built-in at the same client count, same run.\n\n";
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
