package io.plugsql.bench.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The floor under plugsql's H2-table figures: the rows of an H2 file table read over JDBC, as
 * plugsql's tenant database reads them (lazy execution, {@code getLong} + {@code wasNull}), with
 * {@code a*b+1} computed in plain Java, against H2's own {@code SUM(a * b + 1)} over the same table.
 * Its added cost is what any engine pays to compute outside H2, before any UDF machinery.
 */
final class H2JdbcScanContender extends JdbcContender {
    private Path directory;

    H2JdbcScanContender() {
        super("H2 file table read over JDBC, a*b+1 in Java", "SELECT a, b FROM t");
    }

    @Override
    public void load(Dataset dataset) throws Exception {
        directory = Files.createTempDirectory("plugsql-bench-h2scan-");
        connection = DriverManager.getConnection(
                "jdbc:h2:file:" + directory.resolve("scan").toAbsolutePath() + ";LAZY_QUERY_EXECUTION=TRUE", "sa", "");
        execute("CREATE TABLE t AS SELECT CAST(" + Dataset.columnA("X") + " AS BIGINT) AS a, CAST("
                + Dataset.columnB("X") + " AS BIGINT) AS b FROM SYSTEM_RANGE(0, " + (dataset.rows() - 1) + ")");
    }

    @Override
    public long sumWithUdf() throws SQLException {
        long sum = 0;
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT a, b FROM t")) {
            while (rows.next()) {
                long a = rows.getLong(1);
                boolean aNull = rows.wasNull();
                long b = rows.getLong(2);
                if (!aNull && !rows.wasNull()) {
                    sum += JavaFunctions.mulAdd(a, b);
                }
            }
        }
        return sum;
    }

    @Override
    public void close() throws Exception {
        super.close();
        if (directory != null) {
            PlugSqlContender.deleteTree(directory);
        }
    }
}
