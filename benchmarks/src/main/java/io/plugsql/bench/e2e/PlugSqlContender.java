package io.plugsql.bench.e2e;

import static java.util.Objects.requireNonNull;

import io.plugsql.samples.SampleModules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * plugsql through its embedded JDBC driver: {@code mul_add} from sample-udfs' {@code mul_add.wasm}
 * (scalar and batch exports) registered with CREATE FUNCTION, called over a tenant table in H2.
 * The table is written into the data directory's tenant database with H2 itself before plugsql opens
 * it (an INSERT of 10M rows through Calcite would measure Calcite, not the UDF).
 */
public final class PlugSqlContender extends JdbcContender {
    /** The tenant (and H2 schema) the benchmarks' tables and functions belong to. */
    public static final String TENANT = "bench";

    private final String urlProperties;
    private Path dataDirectory;

    /**
     * @param urlProperties appended to the connection URL, e.g. {@code ;vectorize=false}, or empty
     */
    PlugSqlContender(String name, String urlProperties) {
        super(name, "SELECT SUM(mul_add(a, b)) FROM t");
        this.urlProperties = requireNonNull(urlProperties, "urlProperties is null");
    }

    @Override
    public long maxRows() {
        return urlProperties.contains("vectorize=false") ? ROW_PATH_MAX_ROWS : Long.MAX_VALUE;
    }

    @Override
    public void load(Dataset dataset) throws Exception {
        dataDirectory = Files.createTempDirectory("plugsql-bench-");
        writeTable(dataDirectory, dataset);
        connection = DriverManager.getConnection(
                "jdbc:plugsql:data=" + dataDirectory + ";tenant=" + TENANT + urlProperties);
        execute(createFunctionSql());
    }

    /** CREATE FUNCTION of the sample {@code mul_add} module as a hex literal. */
    public static String createFunctionSql() {
        return "CREATE FUNCTION mul_add(a BIGINT, b BIGINT) RETURNS BIGINT LANGUAGE WASM AS X'"
                + HexFormat.of().formatHex(SampleModules.module("mul_add.wasm").bytes()) + "'";
    }

    /** Creates the tenant's schema and table {@code T(A, B)} in {@code dir/tenants.mv.db}. */
    static void writeTable(Path dir, Dataset dataset) throws Exception {
        writeTable(dir, "T AS SELECT CAST(" + Dataset.columnA("X") + " AS BIGINT) AS A, CAST(" + Dataset.columnB("X")
                + " AS BIGINT) AS B FROM SYSTEM_RANGE(0, " + (dataset.rows() - 1) + ")");
    }

    /**
     * Runs {@code CREATE TABLE <tenant>.<tableDefinition>} in {@code dir/tenants.mv.db} with H2 itself, before
     * plugsql opens the directory.
     */
    public static void writeTable(Path dir, String tableDefinition) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("tenants").toAbsolutePath();
        try (Connection h2 = DriverManager.getConnection(url, "plugsql", "");
                Statement statement = h2.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS \"" + TENANT + "\"");
            statement.execute("CREATE TABLE \"" + TENANT + "\"." + tableDefinition);
        }
    }

    @Override
    public void close() throws Exception {
        super.close();
        if (dataDirectory != null) {
            deleteTree(dataDirectory);
        }
    }

    static void deleteTree(Path root) throws java.io.IOException {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
