package io.plugsql.bench.e2e;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Base of contenders reached through one JDBC connection, with the two queries as SQL text. */
abstract class JdbcContender implements Contender {
    static final String BUILTIN_QUERY = "SELECT SUM(a * b + 1) FROM t";
    /** Table size for plugsql's row path (see {@link Contender#maxRows()}). */
    static final long ROW_PATH_MAX_ROWS = 1_000_000;

    private final String name;
    private final String udfQuery;
    protected Connection connection;

    JdbcContender(String name, String udfQuery) {
        this.name = requireNonNull(name, "name is null");
        this.udfQuery = requireNonNull(udfQuery, "udfQuery is null");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long sumWithUdf() throws SQLException {
        return querySum(udfQuery);
    }

    @Override
    public long sumWithBuiltin() throws SQLException {
        return querySum(BUILTIN_QUERY);
    }

    void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    long querySum(String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet resultSet = statement.executeQuery(sql)) {
            if (!resultSet.next()) {
                throw new SQLException(name + " returned no row for: " + sql);
            }
            return resultSet.getLong(1);
        }
    }

    @Override
    public void close() throws Exception {
        if (connection != null) {
            connection.close();
        }
    }
}
