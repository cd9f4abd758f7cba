package io.plugsql.bench.coldstart;

import io.plugsql.bench.engine.Kernels;
import io.plugsql.engine.EngineConfig;
import io.plugsql.engine.FunctionDefinition;
import io.plugsql.engine.Signature;
import io.plugsql.engine.TypeName;
import io.plugsql.engine.UdfType;
import io.plugsql.engine.WasmEngine;
import io.plugsql.engine.WasmFunction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import java.util.stream.Stream;

/**
 * Measures what a tenant waits for before and around the first answer: loading a function (compile,
 * then the same bytes again: a compile-cache hit), the first call after loading, and a pooled call;
 * each as first in a fresh JVM and as the median of repeats, with ratios to the pooled 1-row call
 * measured in the same run; then the same over SQL (CREATE FUNCTION, first query) through the embedded
 * driver. Writes a Markdown section.
 *
 * <pre>
 * java -cp ... io.plugsql.bench.coldstart.ColdStartBenchmark --reps 20 --out coldstart.md
 * </pre>
 */
public final class ColdStartBenchmark {
    private static final UdfType BIGINT = UdfType.of(TypeName.BIGINT);
    private static final Signature SIGNATURE = new Signature(List.of(BIGINT, BIGINT), BIGINT);
    private static final int POOLED_CALLS = 2_000;
    private static final int WARM_QUERIES = 50;

    private ColdStartBenchmark() {}

    public static void main(String[] args) throws IOException {
        int reps = 20;
        Path out = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--reps" -> reps = Integer.parseInt(args[i + 1]);
                case "--out" -> out = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (reps < 1) {
            throw new IllegalArgumentException("--reps must be at least 1");
        }
        String section = engineSection(measureEngine(reps), reps) + sqlSection(measureSql(reps), reps);
        System.out.print(section);
        if (out != null) {
            Files.writeString(out, section);
        }
    }

    /** Runs the engine sequence {@code reps} times, each on a fresh engine and module bytes never seen before. */
    static List<Latencies> measureEngine(int reps) {
        Latencies compile = new Latencies("load a new module (validate + compile + first instance)");
        Latencies cacheHit = new Latencies("load the same bytes again (compile-cache hit)");
        Latencies firstCall = new Latencies("first call after load (1 row)");
        Latencies pooled = new Latencies("pooled instance: acquire + 1-row call + release");
        byte[] kernel = Kernels.wasm("mul_add");
        try (BufferAllocator allocator = new RootAllocator();
                BigIntVector a = column(allocator, "a");
                BigIntVector b = column(allocator, "b")) {
            List<FieldVector> arguments = List.of(a, b);
            for (int rep = 0; rep < reps; rep++) {
                byte[] wasm = withCustomSection(kernel, "plugsql.bench.salt", "run " + rep + " " + System.nanoTime());
                try (WasmEngine engine = new WasmEngine(EngineConfig.defaults())) {
                    long start = System.nanoTime();
                    WasmFunction first = engine.load(definition("bench.f" + rep, wasm));
                    compile.add(System.nanoTime() - start);
                    start = System.nanoTime();
                    WasmFunction again = engine.load(definition("bench.g" + rep, wasm));
                    cacheHit.add(System.nanoTime() - start);
                    start = System.nanoTime();
                    call(first, arguments, allocator);
                    firstCall.add(System.nanoTime() - start);
                    for (int i = 0; i < POOLED_CALLS; i++) {
                        start = System.nanoTime();
                        call(first, arguments, allocator);
                        long elapsed = System.nanoTime() - start;
                        if (i >= POOLED_CALLS / 2) {
                            pooled.add(elapsed);
                        }
                    }
                    first.close();
                    again.close();
                }
            }
        }
        return List.of(compile, cacheHit, firstCall, pooled);
    }

    /** A Markdown table of the engine latencies with ratios to the pooled call (the last entry). */
    static String engineSection(List<Latencies> latencies, int reps) {
        Latencies baseline = latencies.get(latencies.size() - 1);
        StringBuilder md = new StringBuilder()
                .append("## Cold start: the engine (").append(jdk()).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores)\n\n")
                .append("`a*b+1` module (").append(Kernels.wasm("mul_add").length).append(" bytes), fresh engine per "
                        + "repeat, new bytes per repeat (a custom section differs). First: the first repeat in a "
                        + "fresh JVM; warm: median of the other ").append(reps - 1).append(" repeats (pooled call: "
                        + "median of ").append(POOLED_CALLS / 2).append(" calls per repeat). Ratio: warm figure / "
                        + "warm pooled call, same run.\n\n")
                .append("| step | first (ms) | warm (ms) | x pooled call |\n|---|---:|---:|---:|\n");
        for (Latencies l : latencies) {
            md.append("| ").append(l.name()).append(" | ").append(Latencies.millis(l.firstMillis())).append(" | ")
                    .append(Latencies.millis(l.warmMillis())).append(" | ")
                    .append(String.format(Locale.ROOT, "%.1f", l.warmMillis() / baseline.warmMillis())).append("x |\n");
        }
        return md.append('\n').toString();
    }

    /**
     * Runs CREATE FUNCTION (new bytes), CREATE FUNCTION of a second name with the same bytes (compile-cache hit),
     * the first query, then warm queries, {@code reps} times over the embedded driver in a fresh data directory.
     */
    static List<Latencies> measureSql(int reps) throws IOException {
        Latencies create = new Latencies("CREATE FUNCTION, new module (parse, compile, catalog commit)");
        Latencies createSameBytes = new Latencies("CREATE FUNCTION, same bytes under a new name (cache hit)");
        Latencies firstQuery = new Latencies("first `SELECT f(3, 4)` after CREATE");
        Latencies warmQuery = new Latencies("warm `SELECT f(3, 4)` (same statement text, new Statement)");
        byte[] kernel = Kernels.wasm("mul_add");
        Path data = Files.createTempDirectory("plugsql-bench-coldstart-");
        try (Connection connection = DriverManager.getConnection("jdbc:plugsql:data=" + data + ";tenant=bench")) {
            for (int rep = 0; rep < reps; rep++) {
                String hex = HexFormat.of().formatHex(
                        withCustomSection(kernel, "plugsql.bench.salt", "sql " + rep + " " + System.nanoTime()));
                long start = System.nanoTime();
                execute(connection, createSql("f" + rep, hex));
                create.add(System.nanoTime() - start);
                start = System.nanoTime();
                execute(connection, createSql("g" + rep, hex));
                createSameBytes.add(System.nanoTime() - start);
                start = System.nanoTime();
                query(connection, "f" + rep);
                firstQuery.add(System.nanoTime() - start);
                for (int i = 0; i < WARM_QUERIES; i++) {
                    start = System.nanoTime();
                    query(connection, "f" + rep);
                    warmQuery.add(System.nanoTime() - start);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cold-start SQL sequence failed: " + e.getMessage(), e);
        } finally {
            try (Stream<Path> files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        return List.of(create, createSameBytes, firstQuery, warmQuery);
    }

    /** A Markdown table of the SQL latencies with ratios to the warm query (the last entry). */
    static String sqlSection(List<Latencies> latencies, int reps) {
        Latencies baseline = latencies.get(latencies.size() - 1);
        StringBuilder md = new StringBuilder()
                .append("## Cold start: CREATE FUNCTION and first query, embedded driver (").append(jdk()).append(")\n\n")
                .append("One connection to a fresh data directory; each repeat creates functions from module bytes "
                        + "never seen before. First: the first repeat in a fresh JVM; warm: median of the other ")
                .append(reps - 1).append(" repeats (warm query: of ").append(WARM_QUERIES)
                .append(" queries per repeat). Ratio: warm figure / warm query, same run.\n\n")
                .append("| step | first (ms) | warm (ms) | x warm query |\n|---|---:|---:|---:|\n");
        for (Latencies l : latencies) {
            md.append("| ").append(l.name()).append(" | ").append(Latencies.millis(l.firstMillis())).append(" | ")
                    .append(Latencies.millis(l.warmMillis())).append(" | ")
                    .append(String.format(Locale.ROOT, "%.1f", l.warmMillis() / baseline.warmMillis())).append("x |\n");
        }
        return md.append('\n').toString();
    }

    private static String createSql(String name, String hex) {
        return "CREATE FUNCTION " + name + "(a BIGINT, b BIGINT) RETURNS BIGINT LANGUAGE WASM WITH (handler = 'mul_add') "
                + "AS X'" + hex + "'";
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void query(Connection connection, String function) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT " + function + "(3, 4)")) {
            if (!rows.next() || rows.getLong(1) != 13) {
                throw new IllegalStateException(function + "(3, 4) did not return 13");
            }
        }
    }

    private static void call(WasmFunction function, List<FieldVector> arguments, BufferAllocator allocator) {
        try (BigIntVector out = (BigIntVector) function.invoke(arguments, 1, allocator)) {
            if (out.get(0) != 3 * 4 + 1) {
                throw new IllegalStateException(function.definition().name() + " returned " + out.get(0));
            }
        }
    }

    private static FunctionDefinition definition(String name, byte[] wasm) {
        return FunctionDefinition.builder(name, wasm).signature(SIGNATURE).handler("mul_add").build();
    }

    private static BigIntVector column(BufferAllocator allocator, String name) {
        BigIntVector vector = new BigIntVector(name, allocator);
        vector.allocateNew(1);
        vector.set(0, name.equals("a") ? 3 : 4);
        vector.setValueCount(1);
        return vector;
    }

    /** The module with a custom section appended: same code, different SHA-256. */
    static byte[] withCustomSection(byte[] wasm, String name, String payload) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        byte[] payloadBytes = payload.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        leb128(content, nameBytes.length);
        content.writeBytes(nameBytes);
        content.writeBytes(payloadBytes);
        ByteArrayOutputStream module = new ByteArrayOutputStream();
        module.writeBytes(wasm);
        module.write(0);
        leb128(module, content.size());
        module.writeBytes(content.toByteArray());
        return module.toByteArray();
    }

    private static void leb128(ByteArrayOutputStream out, int value) {
        int remaining = value;
        do {
            int b = remaining & 0x7f;
            remaining >>>= 7;
            out.write(remaining != 0 ? b | 0x80 : b);
        } while (remaining != 0);
    }

    static String jdk() {
        return "JDK " + Runtime.version();
    }
}
