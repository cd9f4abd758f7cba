package io.plugsql.bench.e2e;

import static java.util.Objects.requireNonNull;

import java.sql.DriverManager;

/** A PostgreSQL server (started by run.sh) with the kernel in PL/pgSQL. */
final class PostgresContender extends JdbcContender {
    private final String url;

    PostgresContender(String url) {
        super("PostgreSQL PL/pgSQL", "SELECT SUM(mul_add(a, b)) FROM t");
        this.url = requireNonNull(url, "url is null");
    }

    @Override
    public void load(Dataset dataset) throws Exception {
        connection = DriverManager.getConnection(url);
        execute("DROP TABLE IF EXISTS t");
        execute("CREATE OR REPLACE FUNCTION mul_add(a bigint, b bigint) RETURNS bigint"
                + " LANGUAGE plpgsql IMMUTABLE STRICT AS $$ BEGIN RETURN a * b + 1; END $$");
        execute("CREATE TABLE t AS SELECT (" + Dataset.columnA("x") + ")::bigint AS a, ("
                + Dataset.columnB("x") + ")::bigint AS b FROM generate_series(0, " + (dataset.rows() - 1) + ") AS x");
        execute("ANALYZE t");
    }

    @Override
    public void close() throws Exception {
        if (connection != null) {
            execute("DROP TABLE IF EXISTS t");
        }
        super.close();
    }
}
