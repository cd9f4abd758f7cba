package io.plugsql.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plugsql.catalog.FunctionName;
import io.plugsql.engine.FunctionDefinition;
import io.plugsql.engine.SandboxLimits;
import io.plugsql.engine.UdfType;
import io.plugsql.error.PlugSqlException;
import io.plugsql.samples.SampleCases;
import io.plugsql.samples.SampleFunction;
import io.plugsql.samples.SampleModules;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark SQL (local[2], two attempts per task) over a real data directory held open as a running server
 * holds it: catalog {@code plugsql} for tenant acme, {@code globexfns} for tenant globex.
 */
class PlugSqlCatalogTest {
    private static final int ROWS = 3000;

    @TempDir
    static Path temp;

    private static TenantData data;
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        data = new TenantData(temp.resolve("data"));
        spark = SparkSession.builder().master("local[2,2]").appName("plugsql-spark-test")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.sql.catalog.plugsql", PlugSqlCatalog.class.getName())
                .config("spark.sql.catalog.plugsql.data", data.directory.toString())
                .config("spark.sql.catalog.plugsql.tenant", "acme")
                .config("spark.sql.catalog.globexfns", PlugSqlCatalog.class.getName())
                .config("spark.sql.catalog.globexfns.data", data.directory.toString())
                .config("spark.sql.catalog.globexfns.tenant", "globex")
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
        if (data != null) {
            data.close();
        }
    }

    @Test
    void everySampleFunctionGivesPlugsqlsResultsOverGeneratedRowsWithNullsAndMultiByteStrings() {
        for (SampleFunction sample : SampleModules.forTenant("acme")) {
            List<UdfType> types = TenantData.signature(sample).parameters();
            List<Object[]> rows = generate(types, new Random(sample.name().hashCode()));
            FunctionDefinition definition = data.store.findFunction(FunctionName.of("acme", sample.name()))
                    .orElseThrow().toDefinition();
            List<Object> expected = EngineOracle.results(definition, rows);

            List<String> names = new ArrayList<>();
            for (int i = 0; i < types.size(); i++) {
                names.add("c" + i);
            }
            frame(types, rows).createOrReplaceTempView("t");
            List<Row> actual = spark.sql("SELECT id, plugsql.acme." + sample.name() + "(" + String.join(", ", names)
                    + ") FROM t ORDER BY id").collectAsList();
            assertEquals(ROWS, actual.size(), sample.name());
            for (int i = 0; i < ROWS; i++) {
                Object value = actual.get(i).isNullAt(1) ? null : actual.get(i).get(1);
                assertTrue(SampleCases.matches(expected.get(i), value), sample.name() + " row " + i + " "
                        + java.util.Arrays.toString(rows.get(i)) + ": plugsql " + expected.get(i) + ", Spark " + value);
            }
        }
    }

    @Test
    void theDataFrameApiCallsTheFunctionThroughExpr() {
        Dataset<Row> frame = spark.range(0, 1000).withColumn("b", functions.col("id").multiply(3));
        long sum = frame.select(functions.expr("plugsql.acme.score(id, b)").as("s")).agg(functions.sum("s"))
                .first().getLong(0);
        long expected = 0;
        for (long a = 0; a < 1000; a++) {
            expected += a * (a * 3) + 7;
        }
        assertEquals(expected, sum);
    }

    @Test
    void globexResolvesAcmesFunctionOnlyAfterTheGrantAndSeesNothingElse() {
        AnalysisException refused = assertThrows(AnalysisException.class,
                () -> spark.sql("SELECT globexfns.acme.score(2, 3)").collectAsList());
        assertTrue(refused.getMessage().contains("UNRESOLVED_ROUTINE"), refused.getMessage());
        assertEquals(250L, spark.sql("SELECT globexfns.globex.discount(5000)").first().getLong(0));

        data.store.grantExecute(FunctionName.of("acme", "score"), "globex", "acme");
        assertEquals(13L, spark.sql("SELECT globexfns.acme.score(2, 3)").first().getLong(0));
        List<String> listed = spark.sql("SHOW USER FUNCTIONS IN globexfns.acme").collectAsList().stream()
                .map(r -> r.getString(0)).collect(Collectors.toList());
        assertEquals(List.of("globexfns.acme.score"), listed);
        assertThrows(AnalysisException.class, () -> spark.sql("SELECT globexfns.acme.bonus(2, 3)").collectAsList());
        // acme's own discount has acme's rules, globex's its own: same name, different versions.
        assertEquals(500L, spark.sql("SELECT plugsql.acme.discount(10000)").first().getLong(0));
    }

    @Test
    void showUserFunctionsListsTheTenantsFunctions() {
        List<String> listed = spark.sql("SHOW USER FUNCTIONS IN plugsql.acme").collectAsList().stream()
                .map(r -> r.getString(0)).collect(Collectors.toList());
        assertTrue(listed.contains("plugsql.acme.score"), listed.toString());
        assertTrue(listed.contains("plugsql.acme.mask_email"), listed.toString());
    }

    @Test
    void aNewQuerySeesTheReplacedVersionWhileAnAnalysedOneKeepsItsOwn() {
        Dataset<Row> analysedBefore = spark.sql("SELECT plugsql.acme.bonus(id, 2) FROM range(0, 4) ORDER BY 1");
        data.createOrReplace("bonus", "score", TenantData.score(100), List.of(TenantData.BIGINT, TenantData.BIGINT),
                SandboxLimits.DEFAULT);
        List<Long> newQuery = longs(spark.sql("SELECT plugsql.acme.bonus(id, 2) FROM range(0, 4) ORDER BY 1"));
        assertEquals(List.of(100L, 102L, 104L, 106L), newQuery);
        assertEquals(List.of(7L, 9L, 11L, 13L), longs(analysedBefore));
    }

    @Test
    void aSpinningFunctionEndsByFuelAndEachAttemptOfTheTaskFailsTheSameWay() {
        Exception e = assertThrows(Exception.class,
                () -> spark.sql("SELECT plugsql.acme.spin_fuel(id) FROM range(0, 10)").collectAsList());
        assertTrue(e.getMessage().contains("function acme.spin_fuel v1 exhausted its fuel (1000000 per row) at row 3"),
                e.getMessage());
        assertTrue(e.getMessage().contains("failed 2 times"), e.getMessage());
        assertEquals(43L, spark.sql("SELECT globexfns.globex.discount(4999) + 43").first().getLong(0));
    }

    @Test
    void aSpinningFunctionEndsByItsTimeout() {
        Exception e = assertThrows(Exception.class,
                () -> spark.sql("SELECT plugsql.acme.spin_time(id) FROM range(0, 10)").collectAsList());
        assertTrue(e.getMessage().contains("function acme.spin_time v1 exceeded its timeout of 300ms at row 3"),
                e.getMessage());
        assertEquals(List.of(5L, 6L), longs(spark.sql("SELECT plugsql.acme.spin_time(id) FROM range(5, 7) ORDER BY 1")));
    }

    @Test
    void anOutOfBoundsAccessFailsTheTaskWithTheFunctionsMessage() {
        Exception e = assertThrows(Exception.class,
                () -> spark.sql("SELECT plugsql.acme.peek(id * 65536) FROM range(0, 2, 1, 1)").collectAsList());
        assertTrue(e.getMessage().contains("function acme.peek v1 trapped at row 1: out of bounds memory access"),
                e.getMessage());
    }

    @Test
    void aCatalogWithoutDataOrTenantFailsWithTheOptionsToSet() {
        PlugSqlCatalog catalog = new PlugSqlCatalog();
        PlugSqlException missing = assertThrows(PlugSqlException.class, () -> catalog.initialize("c",
                new org.apache.spark.sql.util.CaseInsensitiveStringMap(java.util.Map.of("tenant", "acme"))));
        assertEquals("set spark.sql.catalog.c.data (a plugsql data directory) and spark.sql.catalog.c.tenant"
                + " (whose functions are visible)", missing.getMessage());
        PlugSqlException notData = assertThrows(PlugSqlException.class, () -> catalog.initialize("c",
                new org.apache.spark.sql.util.CaseInsensitiveStringMap(
                        java.util.Map.of("data", temp.toString(), "tenant", "acme"))));
        assertTrue(notData.getMessage().startsWith("no plugsql catalog in " + temp.toAbsolutePath()), notData.getMessage());
    }

    private static List<Long> longs(Dataset<Row> rows) {
        return rows.collectAsList().stream().map(r -> r.getLong(0)).collect(Collectors.toList());
    }

    private static Dataset<Row> frame(List<UdfType> types, List<Object[]> rows) {
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField("id", DataTypes.IntegerType, false));
        for (int i = 0; i < types.size(); i++) {
            fields.add(DataTypes.createStructField("c" + i, SparkTypes.dataType(types.get(i)), true));
        }
        List<Row> sparkRows = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Object[] values = new Object[types.size() + 1];
            values[0] = i;
            System.arraycopy(rows.get(i), 0, values, 1, types.size());
            sparkRows.add(RowFactory.create(values));
        }
        return spark.createDataFrame(sparkRows, new StructType(fields.toArray(StructField[]::new)));
    }

    private static final String[] WORDS = {"jöhn.doe@exämple.com", "élodie@café.fr", "😀smile@x.io", "no-at-sign", "",
        "+1 (555) 123-4567", "Tél. 06 12 34 56 78", "  Ünïcödé   ÉTL  ", "ΑΘΗΝΑ  Москва ЁЖ", "\u00A0a\u00A0b\u3000",
        "4539 1488 0343 6467", "4111-1111-1111-1112", "DE89 3704 0044 0532 0130 00", "GB82WEST12345698765432",
        "ÄÖÜßäöüé€", "u4pruydqqvj", "u09tvw0f6", "١٢٣٤"};
    private static final String LETTERS = "aZé€😀Ж ẞ@.-09ΑΘ\t";

    /** Rows for the parameter types, about one value in ten NULL, strings mixing 1- to 4-byte UTF-8 characters. */
    private static List<Object[]> generate(List<UdfType> types, Random random) {
        List<Object[]> rows = new ArrayList<>();
        for (int r = 0; r < ROWS; r++) {
            Object[] row = new Object[types.size()];
            for (int c = 0; c < types.size(); c++) {
                if (random.nextInt(10) == 0) {
                    continue;
                }
                row[c] = switch (types.get(c).name()) {
                    case BIGINT -> random.nextInt(4) == 0 ? (long) random.nextInt() : (long) random.nextInt(300_000) - 1000;
                    case INTEGER -> 1 + random.nextInt(12);
                    case DOUBLE -> random.nextDouble() * 180 - 90;
                    case VARCHAR -> random.nextBoolean() ? WORDS[random.nextInt(WORDS.length)] : randomText(random);
                    default -> throw new IllegalArgumentException("no test data for " + types.get(c));
                };
            }
            rows.add(row);
        }
        return rows;
    }

    private static String randomText(Random random) {
        int[] points = LETTERS.codePoints().toArray();
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(24); i > 0; i--) {
            text.appendCodePoint(points[random.nextInt(points.length)]);
        }
        return text.toString();
    }
}
