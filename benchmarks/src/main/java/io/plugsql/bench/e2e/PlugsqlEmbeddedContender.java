package io.plugsql.bench.e2e;

import io.plugsql.sql.DataDirectory;
import io.plugsql.sql.PlugSqlDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * plugsql through its embedded JDBC driver ({@code jdbc:plugsql:}): the function created with
 * {@code CREATE FUNCTION ... LANGUAGE WASM}, the table in the tenant's H2 database, vectorization on
 * (batch path) or off (row path). The built-in query runs wholly in H2 (Calcite pushes it down); the
 * UDF query reads every row from H2 into Calcite, so its added cost includes that transfer.
 */
final class PlugsqlEmbeddedContender extends JdbcContender {
    private final boolean vectorize;
    private Path directory;

    PlugsqlEmbeddedContender(boolean vectorize) {
        super(vectorize ? "plugsql embedded (H2), batch path" : "plugsql embedded (H2), row path",
                "SELECT SUM(mul_add(a, b)) FROM t");
        this.vectorize = vectorize;
    }

    @Override
    public void load(Dataset dataset) throws Exception {
        directory = Files.createTempDirectory("plugsql-bench");
        connection = new PlugSqlDriver().connect(PlugSqlDriver.URL_PREFIX + "data=" + directory
                + ";tenant=bench;vectorize=" + vectorize, null);
        execute("CREATE FUNCTION mul_add(a BIGINT, b BIGINT) RETURNS BIGINT LANGUAGE WASM AS X'"
                + PlugsqlContender.MUL_ADD_WASM + "'");
        execute("CREATE TABLE t (a BIGINT, b BIGINT)");
        // Bulk load in H2 itself: row-by-row INSERTs through Calcite would dominate the run.
        DataDirectory data = DataDirectory.acquire(directory);
        try {
            data.tenantDatabase().executeDdl("bench", "INSERT INTO \"bench\".T (A, B) SELECT "
                    + Dataset.columnA("X") + ", " + Dataset.columnB("X") + " FROM SYSTEM_RANGE(0, "
                    + (dataset.rows() - 1) + ")");
        } finally {
            data.release();
        }
    }

    @Override
    public void close() throws Exception {
        try {
            super.close();
        } finally {
            if (directory != null) {
                try (Stream<Path> files = Files.walk(directory)) {
                    files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            }
        }
    }
}
