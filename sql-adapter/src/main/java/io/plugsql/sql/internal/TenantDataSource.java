package io.plugsql.sql.internal;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.jdbcx.JdbcDataSource;

/**
 * One tenant's connections to the tenant database, all as the tenant's own H2 user, for Calcite's
 * JDBC adapter: pooled ones for ordinary statements,
 * and plain H2 sessions for bulk reads ({@link #bulkReadConnection}), which the batch operator takes
 * when it streams a large result into Arrow vectors.
 *
 * <p>Why two kinds: H2's pooled connection takes a lock around every JDBC call, which cost ~80-100 ns
 * per row on a 10M-row scan (more than the whole difference between a Wasm UDF and H2's own built-in
 * expression), while opening a plain session costs ~15 µs, too much for point queries: idle plain
 * sessions are kept for the next read.
 */
public final class TenantDataSource implements DataSource {
    private static final int MAX_IDLE_BULK_READS = 8;
    private static final int MAX_POOLED = 64;

    private final JdbcConnectionPool pool;
    private final JdbcDataSource plain;
    private final ConcurrentLinkedQueue<Connection> idleBulkReads = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    TenantDataSource(String url, String user, String password) {
        this.plain = new JdbcDataSource();
        plain.setURL(url);
        plain.setUser(user);
        plain.setPassword(password);
        this.pool = JdbcConnectionPool.create(plain);
        pool.setMaxConnections(MAX_POOLED);
    }

    /**
     * A pooled connection, whose metadata takes schema, table and column names exactly
     * ({@link ExactNameMetaData}): Calcite's JdbcSchema looks names up through it; and whose executing
     * statements a plugsql cancel stops ({@link CancellableConnections}).
     */
    @Override
    public Connection getConnection() throws SQLException {
        return CancellableConnections.wrap(ExactNameMetaData.wrap(pool.getConnection()));
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("a tenant's connections all belong to its own H2 user");
    }

    /**
     * A plain H2 session for one read, an idle one when there is one: opening a session costs ~15 µs,
     * as much as a whole point query. Give it back with {@link #releaseBulkReadConnection}.
     */
    public Connection bulkReadConnection() throws SQLException {
        Connection idle = idleBulkReads.poll();
        return idle != null ? idle : CancellableConnections.wrap(plain.getConnection());
    }

    /**
     * Takes back a session from {@link #bulkReadConnection} whose statements are closed: kept for the
     * next read while fewer than {@value #MAX_IDLE_BULK_READS} are idle, closed otherwise.
     */
    public void releaseBulkReadConnection(Connection connection) throws SQLException {
        if (closed || connection.isClosed() || !connection.getAutoCommit()
                || idleBulkReads.size() >= MAX_IDLE_BULK_READS || !idleBulkReads.offer(connection)) {
            connection.close();
        }
    }

    /** Closes the idle sessions and the pool; later releases close theirs. */
    void close() throws SQLException {
        closed = true;
        pool.dispose();
        SQLException failure = null;
        for (Connection idle = idleBulkReads.poll(); idle != null; idle = idleBulkReads.poll()) {
            try {
                idle.close();
            } catch (SQLException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no java.util.logging logger");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("not a wrapper for " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }
}
