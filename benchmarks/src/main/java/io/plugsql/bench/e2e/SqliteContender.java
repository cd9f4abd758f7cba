package io.plugsql.bench.e2e;

import java.sql.DriverManager;
import java.sql.SQLException;
import org.sqlite.Function;

/** SQLite in memory with the kernel registered through {@code org.sqlite.Function.create}. */
final class SqliteContender extends JdbcContender {
    SqliteContender() {
        super("SQLite Java function", "SELECT SUM(mul_add(a, b)) FROM t");
    }

    @Override
    public void load(Dataset dataset) throws Exception {
        connection = DriverManager.getConnection("jdbc:sqlite::memory:");
        Function.create(connection, "mul_add", new MulAdd(), 2, Function.FLAG_DETERMINISTIC);
        execute("CREATE TABLE t (a INTEGER, b INTEGER)");
        execute("WITH RECURSIVE seq(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM seq WHERE x < "
                + (dataset.rows() - 1) + ") INSERT INTO t SELECT " + Dataset.columnA("x") + ", "
                + Dataset.columnB("x") + " FROM seq");
    }

    /** The kernel in SQLite's callback form. */
    private static final class MulAdd extends Function {
        @Override
        protected void xFunc() throws SQLException {
            result(JavaFunctions.mulAdd(value_long(0), value_long(1)));
        }
    }
}
