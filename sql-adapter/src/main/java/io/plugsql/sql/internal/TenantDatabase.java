package io.plugsql.sql.internal;

import static java.util.Objects.requireNonNull;

import io.plugsql.error.PlugSqlException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.jdbc.JdbcConvention;
import org.apache.calcite.adapter.jdbc.JdbcSchema;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.dialect.H2SqlDialect;
import org.apache.calcite.util.BuiltInMethod;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The H2 file database that holds every tenant's tables, one H2 schema per tenant (named exactly
 * as the tenant), exposed to Calcite as one {@link JdbcSchema} per tenant.
 *
 * <p>Queries run lazily ({@code LAZY_QUERY_EXECUTION}): H2 streams a scan's rows to the reader
 * instead of first copying the whole result into a temporary result (on disk beyond 40,000 rows),
 * which made reading a large table several times slower than H2's own aggregate over it.
 *
 * <p>Rows and parameters cross between H2 and Calcite through a {@link TenantConvention}, which
 * converts the values whose JDBC and Calcite representations differ (dates, times, bytes).
 *
 * <p>Calcite's JdbcSchema caches table metadata, so a tenant's JdbcSchema is dropped after its table
 * DDL and rebuilt on next use; every connection asks for the current one on each lookup.
 */
public final class TenantDatabase implements AutoCloseable {
    private static final SqlDialect DIALECT = new H2SqlDialect(H2SqlDialect.DEFAULT_CONTEXT);

    private final JdbcConnectionPool pool;
    private final TenantDataSource dataSource;
    /** Held open for the database's lifetime so that H2 does not close the file between statements. */
    private final Connection keepAlive;
    private final Map<String, JdbcSchema> schemas = new ConcurrentHashMap<>();

    private TenantDatabase(JdbcConnectionPool pool, TenantDataSource dataSource, Connection keepAlive) {
        this.pool = pool;
        this.dataSource = dataSource;
        this.keepAlive = keepAlive;
    }

    /**
     * Opens (or creates) {@code dir/tenants.mv.db}. WRITE_DELAY=0 makes every commit write its MVStore
     * chunk to the file before the commit returns (H2's default, 500 ms, leaves commits of the last half
     * second in memory only, lost on kill -9); the file is not fsynced per commit, see OPERATIONS.md for
     * power loss. DB_CLOSE_ON_EXIT=FALSE leaves closing to {@link #close()}.
     */
    public static TenantDatabase open(Path dir) throws SQLException {
        String url = "jdbc:h2:file:" + dir.resolve("tenants").toAbsolutePath()
                + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;LAZY_QUERY_EXECUTION=TRUE";
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "plugsql", "");
        pool.setMaxConnections(64);
        try {
            return new TenantDatabase(pool, new TenantDataSource(pool, url, "plugsql"), pool.getConnection());
        } catch (SQLException e) {
            pool.dispose();
            throw e;
        }
    }

    /** Creates the tenant's H2 schema if it does not exist. */
    public void ensureSchema(String tenant) throws SQLException {
        execute("CREATE SCHEMA IF NOT EXISTS " + quote(tenant));
    }

    /** Runs DDL against H2 and makes every connection see the change. */
    public void executeDdl(String tenant, String sql) throws SQLException {
        try {
            execute(sql);
        } finally {
            schemas.remove(tenant);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Whether the tenant has a table of exactly this name. */
    public boolean tableExists(String tenant, String table) {
        try (Connection connection = pool.getConnection();
                ResultSet tables = connection.getMetaData().getTables(null, tenant, table, null)) {
            while (tables.next()) {
                if (tables.getString("TABLE_SCHEM").equals(tenant) && tables.getString("TABLE_NAME").equals(table)) {
                    return true;
                }
            }
            return false;
        } catch (SQLException e) {
            throw new PlugSqlException(SqlAdapterErrorCode.TENANT_DATABASE_ERROR,
                    "Cannot read the tables of tenant '" + tenant + "': " + e.getMessage(), e);
        }
    }

    /**
     * The tenant's tables as a Calcite schema. Generated code reaches the H2 data source through the
     * running statement's root schema ({@code root.getSubSchema(tenant).unwrap(DataSource.class)}).
     */
    public JdbcSchema jdbcSchema(String tenant) {
        requireNonNull(tenant, "tenant is null");
        return schemas.computeIfAbsent(tenant, name -> {
            Expression root = Expressions.call(DataContext.ROOT, BuiltInMethod.DATA_CONTEXT_GET_ROOT_SCHEMA.method);
            Expression schema = Expressions.call(root, BuiltInMethod.SCHEMA_GET_SUB_SCHEMA.method,
                    Expressions.constant(name));
            JdbcConvention convention = new TenantConvention(DIALECT, schema, name);
            return new JdbcSchema(dataSource, DIALECT, convention, null, name);
        });
    }

    /** An identifier quoted for H2. */
    public static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    @Override
    public void close() throws SQLException {
        try {
            dataSource.close();
        } finally {
            try {
                keepAlive.close();
            } finally {
                pool.dispose();
            }
        }
    }
}
