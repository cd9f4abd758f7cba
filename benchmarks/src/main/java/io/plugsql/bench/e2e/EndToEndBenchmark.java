package io.plugsql.bench.e2e;

import io.plugsql.bench.server.ServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs {@code SELECT SUM(f(a, b)) FROM t} and {@code SELECT SUM(a * b + 1) FROM t} on every
 * contender over the same {@link Dataset} and appends one TSV line per contender.
 *
 * <pre>
 * java -cp ... io.plugsql.bench.e2e.EndToEndBenchmark --rows 10000000 --reps 5 --out e2e.tsv \
 *     [--contenders h2,duckdb,sqlite] [--postgres-url jdbc:postgresql://127.0.0.1:5433/bench?user=bench]
 * </pre>
 */
public final class EndToEndBenchmark {
    private EndToEndBenchmark() {}

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Map<String, Supplier<Contender>> available = contenders(options);
        List<String> selected = options.contenders().isEmpty()
                ? List.copyOf(available.keySet())
                : options.contenders();
        Dataset dataset = new Dataset(options.rows());
        ContenderRunner runner = new ContenderRunner(dataset, dataset.expectedSum(), options.repetitions());
        List<String> lines = new ArrayList<>();
        for (String key : selected) {
            Supplier<Contender> contender = available.get(key);
            if (contender == null) {
                throw new IllegalArgumentException("unknown contender '" + key + "', known: " + available.keySet());
            }
            Measurement measurement = runner.run(contender.get());
            System.out.printf("%-32s udf %8.2f ns/row  built-in %8.2f ns/row  added %8.2f ns/row%n",
                    measurement.contender(), measurement.udfNsPerRow(), measurement.builtinNsPerRow(),
                    measurement.addedNsPerRow());
            lines.add(measurement.toTsv());
        }
        if (options.out() != null) {
            write(options.out(), lines);
        }
    }

    /** Every contender this run can reach, in report order. */
    static Map<String, Supplier<Contender>> contenders(Options options) {
        Map<String, Supplier<Contender>> contenders = new LinkedHashMap<>();
        contenders.put("plugsql-batch", () -> new PlugSqlContender("plugsql embedded (H2 table), batch path", ";vectorize=true"));
        contenders.put("plugsql-row", () -> new PlugSqlContender("plugsql embedded (H2 table), row path", ";vectorize=false"));
        if (ServerProcess.available()) {
            contenders.put("plugsql-server", PlugSqlServerContender::new);
        }
        contenders.put("plugsql-calcite-batch", () -> new PlugSqlInMemoryContender(PlugSqlInMemoryContender.TableKind.ROWS, true));
        contenders.put("plugsql-calcite-row", () -> new PlugSqlInMemoryContender(PlugSqlInMemoryContender.TableKind.ROWS, false));
        contenders.put("plugsql-arrow-batch", () -> new PlugSqlInMemoryContender(PlugSqlInMemoryContender.TableKind.ARROW, true));
        contenders.put("plugsql-arrow-row", () -> new PlugSqlInMemoryContender(PlugSqlInMemoryContender.TableKind.ARROW, false));
        contenders.put("h2", H2AliasContender::new);
        contenders.put("h2-jdbc-scan", H2JdbcScanContender::new);
        contenders.put("duckdb", () -> new DuckDbContender(false));
        contenders.put("duckdb-vectorized", () -> new DuckDbContender(true));
        contenders.put("sqlite", SqliteContender::new);
        if (options.postgresUrl() != null) {
            contenders.put("postgres", () -> new PostgresContender(options.postgresUrl()));
        }
        return contenders;
    }

    private static void write(Path out, List<String> lines) throws IOException {
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Files.write(out, lines, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    /** Command-line options of the harness. */
    record Options(long rows, int repetitions, Path out, List<String> contenders, String postgresUrl) {
        static Options parse(String[] args) {
            long rows = 10_000_000;
            int repetitions = 5;
            Path out = null;
            List<String> contenders = List.of();
            String postgresUrl = null;
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--rows" -> rows = Long.parseLong(required(args[i], value));
                    case "--reps" -> repetitions = Integer.parseInt(required(args[i], value));
                    case "--out" -> out = Path.of(required(args[i], value));
                    case "--contenders" -> contenders = List.of(required(args[i], value).split(","));
                    case "--postgres-url" -> postgresUrl = required(args[i], value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
                i++;
            }
            return new Options(rows, repetitions, out, contenders, postgresUrl);
        }

        private static String required(String option, String value) {
            if (value == null) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return value;
        }
    }
}
