package io.plugsql.sql.internal;

import static java.util.Objects.requireNonNull;

import io.plugsql.error.PlugSqlException;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.jdbc.JdbcConvention;
import org.apache.calcite.adapter.jdbc.JdbcSchema;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.dialect.H2SqlDialect;
import org.apache.calcite.util.BuiltInMethod;
import org.h2.api.ErrorCode;
import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The H2 file database that holds every tenant's tables, one H2 schema per tenant (named exactly
 * as the tenant), exposed to Calcite as one {@link JdbcSchema} per tenant.
 *
 * <p>Least privilege: each tenant's SQL (queries, DML, bulk reads, metadata lookups) runs in sessions
 * of its own H2 user {@code TENANT_<NAME>}, a non-admin with SELECT, INSERT, UPDATE and DELETE on its
 * schema only, so H2's admin-only features (FILE_READ, CSVREAD, LINK_SCHEMA, CREATE ALIAS, ...) and
 * other schemas stay out of reach even if SQL ever got through to H2 unchecked. Its password is new
 * each time the database opens and never stored. The admin user {@code PLUGSQL}, whose random password
 * is kept owner-only in the data directory ({@link AdminPassword}), creates schemas and users and runs
 * the table DDL plugsql writes itself (quoted names, column types unparsed by Calcite).
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
    /** The admin user; data directories of before per-tenant users have it with an empty password. */
    static final String ADMIN = "PLUGSQL";

    private final String url;
    private final JdbcConnectionPool admin;
    /** Held open for the database's lifetime so that H2 does not close the file between statements. */
    private final Connection keepAlive;
    private final Map<String, TenantDataSource> tenants = new ConcurrentHashMap<>();
    private final Map<String, JdbcSchema> schemas = new ConcurrentHashMap<>();

    private TenantDatabase(String url, JdbcConnectionPool admin, Connection keepAlive) {
        this.url = url;
        this.admin = admin;
        this.keepAlive = keepAlive;
    }

    /**
     * Opens (or creates) {@code dir/tenants.mv.db} as the admin, first giving the admin of a database
     * created before per-tenant users (empty password) the stored random password. WRITE_DELAY=0 makes
     * every commit write its MVStore chunk to the file before the commit returns (H2's default, 500 ms,
     * leaves commits of the last half second in memory only, lost on kill -9); the file is not fsynced
     * per commit, see OPERATIONS.md for power loss. DB_CLOSE_ON_EXIT=FALSE leaves closing to {@link #close()}.
     */
    public static TenantDatabase open(Path dir) throws SQLException, IOException {
        String url = "jdbc:h2:file:" + dir.resolve("tenants").toAbsolutePath()
                + ";DB_CLOSE_ON_EXIT=FALSE;LAZY_QUERY_EXECUTION=TRUE";
        // A database setting only the admin may set; tenant sessions (same url without it) inherit it.
        String adminUrl = url + ";WRITE_DELAY=0";
        String password = AdminPassword.loadOrCreate(dir);
        Connection keepAlive = openAsAdmin(adminUrl, password);
        JdbcConnectionPool admin = JdbcConnectionPool.create(adminUrl, ADMIN, password);
        admin.setMaxConnections(8);
        return new TenantDatabase(url, admin, keepAlive);
    }

    private static Connection openAsAdmin(String url, String password) throws SQLException {
        try {
            return session(url, ADMIN, password);
        } catch (SQLException e) {
            if (e.getErrorCode() != ErrorCode.WRONG_USER_OR_PASSWORD) {
                throw e;
            }
        }
        // The password file is written before this change, so a crash in between repeats it.
        Connection legacy = session(url, ADMIN, "");
        try (Statement statement = legacy.createStatement()) {
            statement.execute("ALTER USER " + quote(ADMIN) + " SET PASSWORD '" + password + "'");
            return legacy;
        } catch (SQLException e) {
            legacy.close();
            throw e;
        }
    }

    private static Connection session(String url, String user, String password) throws SQLException {
        JdbcDataSource source = new JdbcDataSource();
        source.setURL(url);
        source.setUser(user);
        source.setPassword(password);
        return source.getConnection();
    }

    /** Creates the tenant's H2 schema and user if they do not exist. */
    public void ensureSchema(String tenant) {
        tenantSource(tenant);
    }

    /** The H2 user whose sessions run the tenant's SQL. */
    static String userOf(String tenant) {
        return "TENANT_" + tenant.toUpperCase(Locale.ROOT);
    }

    /** The tenant's sessions, as its own H2 user; the schema, user and grant are made on first use. */
    private TenantDataSource tenantSource(String tenant) {
        requireNonNull(tenant, "tenant is null");
        return tenants.computeIfAbsent(tenant, name -> {
            String user = quote(userOf(name));
            String password = AdminPassword.random();
            try {
                execute("CREATE SCHEMA IF NOT EXISTS " + quote(name));
                execute("CREATE USER IF NOT EXISTS " + user + " PASSWORD '" + password + "'");
                execute("ALTER USER " + user + " SET PASSWORD '" + password + "'");
                execute("ALTER USER " + user + " ADMIN FALSE");
                execute("GRANT SELECT, INSERT, UPDATE, DELETE ON SCHEMA " + quote(name) + " TO " + user);
            } catch (SQLException e) {
                throw new PlugSqlException(SqlAdapterErrorCode.TENANT_DATABASE_ERROR,
                        "Cannot prepare the tables of tenant '" + name + "': " + e.getMessage(), e);
            }
            return new TenantDataSource(url, userOf(name), password);
        });
    }

    /** Runs DDL against H2 and makes every connection see the change. */
    public void executeDdl(String tenant, String sql) throws SQLException {
        try {
            execute(sql);
        } finally {
            schemas.remove(tenant);
        }
    }

    /** Runs {@code sql} as the admin. */
    private void execute(String sql) throws SQLException {
        try (Connection connection = admin.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Whether the tenant has a table of exactly this name. */
    public boolean tableExists(String tenant, String table) {
        return tableNames(tenant).contains(table);
    }

    /**
     * The names of the tenant's tables, exactly: H2's metadata takes LIKE patterns, so the schema name
     * is escaped ({@code a_c} must not list the tables of {@code abc}) and each row is checked.
     */
    public Set<String> tableNames(String tenant) {
        Set<String> names = new HashSet<>();
        try (Connection connection = admin.getConnection()) {
            DatabaseMetaData metaData = connection.getMetaData();
            try (ResultSet tables = metaData.getTables(null,
                    ExactNameMetaData.escape(tenant, metaData.getSearchStringEscape()), null, null)) {
                while (tables.next()) {
                    if (tables.getString("TABLE_SCHEM").equals(tenant)) {
                        names.add(tables.getString("TABLE_NAME"));
                    }
                }
            }
            return names;
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
            return new JdbcSchema(tenantSource(name), DIALECT, convention, null, name);
        });
    }

    /** An identifier quoted for H2. */
    public static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    @Override
    public void close() throws SQLException {
        SQLException failure = null;
        for (TenantDataSource source : tenants.values()) {
            try {
                source.close();
            } catch (SQLException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        try {
            keepAlive.close();
        } finally {
            admin.dispose();
        }
        if (failure != null) {
            throw failure;
        }
    }
}
