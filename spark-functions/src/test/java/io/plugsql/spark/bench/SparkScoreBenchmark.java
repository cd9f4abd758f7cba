package io.plugsql.spark.bench;

import com.dylibso.chicory.wabt.Wat2Wasm;
import io.plugsql.catalog.CatalogStore;
import io.plugsql.catalog.CreateFunctionRequest;
import io.plugsql.catalog.FunctionName;
import io.plugsql.engine.Signature;
import io.plugsql.engine.TypeName;
import io.plugsql.engine.UdfType;
import io.plugsql.spark.PlugSqlCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Spark local[2]: {@code SUM(plugsql.acme.score(a, b))} against the built-in {@code SUM(a * b + 7)} over
 * the same generated rows, and the time to the first result of a query using a function registered
 * just before (catalog copy, compile, instantiate, Spark's analysis and planning). Not a test: run
 * {@code spark-functions/bench.sh} (ROWS and REPS from the environment).
 */
public final class SparkScoreBenchmark {
    private static final UdfType BIGINT = UdfType.of(TypeName.BIGINT);

    private SparkScoreBenchmark() {}

    public static void main(String[] args) throws Exception {
        long rows = Long.parseLong(System.getenv().getOrDefault("ROWS", "20000000"));
        int reps = Integer.parseInt(System.getenv().getOrDefault("REPS", "5"));
        Path data = Files.createTempDirectory("plugsql-spark-bench-");
        try (CatalogStore store = CatalogStore.open(data)) {
            register(store, "score", 7);
            SparkSession spark = SparkSession.builder().master("local[2]").appName("plugsql-spark-bench")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.catalog.plugsql", PlugSqlCatalog.class.getName())
                    .config("spark.sql.catalog.plugsql.data", data.toString())
                    .config("spark.sql.catalog.plugsql.tenant", "acme")
                    .getOrCreate();
            String from = " FROM (SELECT id AS a, id % 1000 AS b FROM range(" + rows + "))";
            String builtIn = "SELECT SUM(a * b + 7)" + from;
            String udf = "SELECT SUM(plugsql.acme.score(a, b))" + from;
            System.out.println("plan of the UDF query:");
            spark.sql(udf).explain();
            long expected = spark.sql(builtIn).first().getLong(0);
            if (spark.sql(udf).first().getLong(0) != expected) {
                throw new IllegalStateException("the UDF's sum differs from the built-in's");
            }
            List<Long> builtInNanos = new ArrayList<>();
            List<Long> udfNanos = new ArrayList<>();
            for (int rep = 0; rep < reps; rep++) {
                builtInNanos.add(time(spark, builtIn));
                udfNanos.add(time(spark, udf));
            }
            double builtInNs = median(builtInNanos) / (double) rows;
            double udfNs = median(udfNanos) / (double) rows;
            System.out.printf("rows=%d reps=%d java=%s%n", rows, reps, System.getProperty("java.version"));
            System.out.printf("built-in SUM(a * b + 7):            %.2f ns/row (median; all %s ms)%n", builtInNs, millis(builtInNanos));
            System.out.printf("plugsql SUM(plugsql.acme.score(a, b)): %.2f ns/row (median; all %s ms)%n", udfNs, millis(udfNanos));
            System.out.printf("ratio UDF / built-in: %.2f; the UDF adds %.2f ns/row%n", udfNs / builtInNs, udfNs - builtInNs);

            for (int k = 0; k < 3; k++) {
                String name = "fresh" + k;
                register(store, name, 1000 + k); // a new module: new bytes, a compile-cache miss
                long start = System.nanoTime();
                long value = spark.sql("SELECT plugsql.acme." + name + "(2, 3)").first().getLong(0);
                long firstResult = System.nanoTime() - start;
                start = System.nanoTime();
                spark.sql("SELECT 2 * 3 + " + (1000 + k)).first();
                long builtInQuery = System.nanoTime() - start;
                System.out.printf("time to first result, new function %s (= %d): %.1f ms; a built-in one-row query: %.1f ms%n",
                        name, value, firstResult / 1e6, builtInQuery / 1e6);
            }
            spark.stop();
        }
    }

    private static void register(CatalogStore store, String name, int k) {
        byte[] module = Wat2Wasm.parse("(module (func (export \"" + name + "\") (param i64 i64) (result i64)"
                + " (i64.add (i64.mul (local.get 0) (local.get 1)) (i64.const " + k + "))))");
        store.createFunction(CreateFunctionRequest.builder("acme", FunctionName.of("acme", name), module,
                new Signature(List.of(BIGINT, BIGINT), BIGINT)).parameterNames(List.of("a", "b")).build());
    }

    private static long time(SparkSession spark, String sql) {
        long start = System.nanoTime();
        spark.sql(sql).first();
        return System.nanoTime() - start;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static String millis(List<Long> nanos) {
        return nanos.stream().map(n -> String.valueOf(n / 1_000_000)).toList().toString();
    }
}
