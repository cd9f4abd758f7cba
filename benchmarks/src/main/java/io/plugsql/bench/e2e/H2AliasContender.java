package io.plugsql.bench.e2e;

import java.sql.DriverManager;

/** H2 in memory with the kernel registered as a Java function through {@code CREATE ALIAS}. */
final class H2AliasContender extends JdbcContender {
    H2AliasContender() {
        super("H2 CREATE ALIAS", "SELECT SUM(MUL_ADD(a, b)) FROM t");
    }

    @Override
    public void load(Dataset dataset) throws Exception {
        connection = DriverManager.getConnection("jdbc:h2:mem:bench_alias;DB_CLOSE_DELAY=-1;OPTIMIZE_REUSE_RESULTS=FALSE");
        execute("CREATE ALIAS MUL_ADD DETERMINISTIC FOR '" + JavaFunctions.class.getName() + ".mulAdd'");
        execute("CREATE TABLE t AS SELECT CAST(" + Dataset.columnA("X") + " AS BIGINT) AS a, CAST("
                + Dataset.columnB("X") + " AS BIGINT) AS b FROM SYSTEM_RANGE(0, " + (dataset.rows() - 1) + ")");
    }

    @Override
    public void close() throws Exception {
        execute("DROP ALL OBJECTS");
        super.close();
    }
}
