package io.plugsql.bench.e2e;

import java.sql.SQLException;

/** A system that can answer {@code SUM(f(a, b))} with a user function and with its built-in expression. */
public interface Contender extends AutoCloseable {
    /** Short name used in tables and charts, e.g. {@code DuckDB scalar UDF}. */
    String name();

    /**
     * The most rows this contender is measured on: plugsql's row path invokes the engine once per
     * row (tens of microseconds), so it runs on a smaller table; its cost per row does not depend on
     * the table's size.
     */
    default long maxRows() {
        return Long.MAX_VALUE;
    }

    /** Creates the user function and loads the dataset. */
    void load(Dataset dataset) throws Exception;

    /** Runs {@code SELECT SUM(f(a, b)) FROM t} with the system's user function. */
    long sumWithUdf() throws SQLException;

    /** Runs {@code SELECT SUM(a * b + 1) FROM t} with the system's built-in arithmetic. */
    long sumWithBuiltin() throws SQLException;

    @Override
    void close() throws Exception;
}
