package io.plugsql.server.internal;

import io.plugsql.server.ServerErrorCode;
import io.plugsql.server.ServerException;
import io.plugsql.server.TenantLimits;
import io.plugsql.server.users.User;

import org.apache.calcite.avatica.ConnectionPropertiesImpl;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.MissingResultsException;
import org.apache.calcite.avatica.NoSuchConnectionException;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.avatica.QueryState;
import org.apache.calcite.avatica.jdbc.JdbcMeta;
import org.apache.calcite.config.CalciteConnectionProperty;
import org.apache.calcite.avatica.proto.Requests;
import org.apache.calcite.avatica.remote.TypedValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Avatica {@code Meta} whose connections each belong to the authenticated user's tenant.
 *
 * <p>The embedded connection is opened with properties the server chooses; a client that sends
 * properties able to change tenant, schema, data directory, model or parser is refused. Every
 * request that names a connection or statement is checked against the user that opened it, so
 * guessed ids reveal nothing. Execution is bounded by the tenant's quotas and supervised for
 * timeout and cancellation.
 */
final class TenantMeta extends JdbcMeta {
    private static final Logger LOG = LoggerFactory.getLogger(TenantMeta.class);
    private static final Set<String> SERVER_ONLY_PROPERTIES = serverOnlyProperties();
    /** The id of the connection being opened on this thread, for {@link #createConnection}. */
    private static final ThreadLocal<String> OPENING = new ThreadLocal<>();

    private final TenantConnectionFactory connections;
    private final TenantLimits limits;
    private final TenantQuotas quotas;
    private final StatementSupervisor supervisor = new StatementSupervisor();
    private final Map<String, User> owners = new ConcurrentHashMap<>();
    private final Map<Integer, StatementRecord> statements = new ConcurrentHashMap<>();
    private volatile boolean draining;

    TenantMeta(TenantConnectionFactory connections, TenantLimits limits) throws SQLException {
        super("jdbc:plugsql:", cacheSettings());
        this.connections = requireNonNull(connections, "connections is null");
        this.limits = requireNonNull(limits, "limits is null");
        this.quotas = new TenantQuotas(limits);
    }

    /** The server decides which connection of which statement is alive; Avatica's caches only hold them. */
    private static Properties cacheSettings() {
        Properties properties = new Properties();
        properties.setProperty(ConnectionCacheSettings.MAX_CAPACITY.key(), "100000");
        properties.setProperty(StatementCacheSettings.MAX_CAPACITY.key(), "1000000");
        return properties;
    }

    private static Set<String> serverOnlyProperties() {
        Set<String> names = new HashSet<>(Set.of("data", "tenant", "schema", "catalog"));
        for (CalciteConnectionProperty property : CalciteConnectionProperty.values()) {
            names.add(property.name().toLowerCase(Locale.ROOT));
            names.add(property.camelName().toLowerCase(Locale.ROOT));
        }
        return Set.copyOf(names);
    }

    // ---- connections ------------------------------------------------------------------------

    @Override
    public void openConnection(ConnectionHandle ch, Map<String, String> info) {
        guard(() -> {
            User user = RequestContext.require();
            if (draining) {
                throw new ServerException(ServerErrorCode.SHUTTING_DOWN, "server is shutting down");
            }
            if (info != null) {
                for (String key : info.keySet()) {
                    if (SERVER_ONLY_PROPERTIES.contains(key.toLowerCase(Locale.ROOT))) {
                        throw new ServerException(ServerErrorCode.FORBIDDEN_PROPERTY, "connection property '" + key
                                + "' is set by the server from the authenticated user; a client cannot choose it");
                    }
                }
            }
            // Nothing of the client's map reaches the embedded connection.
            OPENING.set(ch.id);
            try {
                super.openConnection(ch, Map.of());
            }
            finally {
                OPENING.remove();
            }
            owners.put(ch.id, user);
            LOG.debug("connection {} opened: user={} tenant={}", ch.id, user.name(), user.tenant());
            return null;
        });
    }

    @Override
    protected Connection createConnection(String url, Properties info) throws SQLException {
        User user = RequestContext.require();
        String id = requireNonNull(OPENING.get(), "createConnection outside openConnection");
        TenantQuotas.Permit permit = quotas.acquireConnection(user.tenant());
        try {
            // Also runs when Avatica expires an idle connection, so the session is forgotten either way.
            return TrackedConnection.wrap(connections.open(user.tenant()), () -> {
                permit.close();
                forget(id);
            });
        }
        catch (SQLException | RuntimeException e) {
            permit.close();
            throw e;
        }
    }

    @Override
    protected Connection getConnection(String id) throws SQLException {
        User owner = owners.get(id);
        Optional<User> caller = RequestContext.current();
        if (owner == null || caller.isEmpty() || !owner.equals(caller.get())) {
            throw new NoSuchConnectionException("Connection not found: invalid id, closed, or expired: " + id);
        }
        return super.getConnection(id);
    }

    @Override
    public void closeConnection(ConnectionHandle ch) {
        guard(() -> {
            User owner = owners.get(ch.id);
            if (owner == null || !owner.equals(RequestContext.current().orElse(null))) {
                return null;
            }
            supervisor.cancelConnection(ch.id, "its connection was closed");
            try {
                super.closeConnection(ch);
            }
            finally {
                forget(ch.id);
                LOG.debug("connection {} closed: user={} tenant={}", ch.id, owner.name(), owner.tenant());
            }
            return null;
        });
    }

    @Override
    public ConnectionProperties connectionSync(ConnectionHandle ch, ConnectionProperties connProps) {
        return guard(() -> super.connectionSync(ch, connProps));
    }

    @Override
    protected void apply(Connection conn, ConnectionProperties props) throws SQLException {
        String tenant = RequestContext.require().tenant();
        if (props.getSchema() != null && !props.getSchema().equalsIgnoreCase(tenant)) {
            throw new ServerException(ServerErrorCode.SCHEMA_SWITCH_DENIED, "a connection of tenant '" + tenant
                    + "' cannot switch to schema '" + props.getSchema() + "'");
        }
        if (props.getCatalog() != null && !props.getCatalog().equals(conn.getCatalog())) {
            throw new ServerException(ServerErrorCode.SCHEMA_SWITCH_DENIED, "a connection of tenant '" + tenant
                    + "' cannot switch to catalog '" + props.getCatalog() + "'");
        }
        ConnectionPropertiesImpl rest = new ConnectionPropertiesImpl(props.isAutoCommit(), props.isReadOnly(),
                props.getTransactionIsolation(), null, null);
        super.apply(conn, rest);
    }

    // ---- statements -------------------------------------------------------------------------

    @Override
    public StatementHandle createStatement(ConnectionHandle ch) {
        return guard(() -> {
            StatementHandle handle = super.createStatement(ch);
            statements.put(handle.id, new StatementRecord(ch.id, TrackedConnection.takeLastCreated(), null));
            return handle;
        });
    }

    /** Prepares (parses, validates and plans) under the statement quota and timeout, like an execute. */
    @Override
    public StatementHandle prepare(ConnectionHandle ch, String sql, long maxRowCount) {
        User user = RequestContext.require();
        return guard(() -> {
            try (TenantQuotas.Permit ignored = quotas.acquireStatement(user.tenant())) {
                StatementHandle handle = supervisor.<StatementHandle, RuntimeException, RuntimeException>run(
                        StatementSupervisor.PREPARE, ch.id, null, limits.statementTimeout(),
                        () -> super.prepare(ch, sql, maxRowCount));
                statements.put(handle.id, new StatementRecord(ch.id, TrackedConnection.takeLastCreated(), sql));
                return handle;
            }
        });
    }

    @Override
    public ExecuteResult prepareAndExecute(StatementHandle h, String sql, long maxRowCount, int maxRowsInFirstFrame,
            PrepareCallback callback) throws NoSuchStatementException {
        return supervised(h, sql, () -> super.prepareAndExecute(h, sql, maxRowCount, maxRowsInFirstFrame, callback));
    }

    @Override
    public ExecuteResult execute(StatementHandle h, List<TypedValue> parameterValues, int maxRowsInFirstFrame)
            throws NoSuchStatementException {
        return supervised(h, record(h).sql(), () -> super.execute(h, parameterValues, maxRowsInFirstFrame));
    }

    @Override
    public Frame fetch(StatementHandle h, long offset, int fetchMaxRowCount)
            throws NoSuchStatementException, MissingResultsException {
        StatementRecord record = record(h);
        User user = RequestContext.require();
        try (TenantQuotas.Permit ignored = quotas.acquireStatement(user.tenant())) {
            return supervisor.<Frame, NoSuchStatementException, MissingResultsException>run(h.id, h.connectionId,
                    record.statement(), limits.statementTimeout(),
                    () -> super.fetch(h, offset, fetchMaxRowCount));
        }
        catch (RuntimeException e) {
            throw ClientErrors.translate(e);
        }
    }

    @Override
    public boolean syncResults(StatementHandle sh, QueryState state, long offset) throws NoSuchStatementException {
        record(sh);
        return supervised(sh, null, () -> super.syncResults(sh, state, offset));
    }

    @Override
    public ExecuteBatchResult prepareAndExecuteBatch(StatementHandle h, List<String> sqlCommands)
            throws NoSuchStatementException {
        return supervised(h, null, () -> super.prepareAndExecuteBatch(h, sqlCommands));
    }

    @Override
    public ExecuteBatchResult executeBatch(StatementHandle h, List<List<TypedValue>> updateBatches)
            throws NoSuchStatementException {
        return supervised(h, null, () -> super.executeBatch(h, updateBatches));
    }

    @Override
    public ExecuteBatchResult executeBatchProtobuf(StatementHandle h, List<Requests.UpdateBatch> updateBatches)
            throws NoSuchStatementException {
        return supervised(h, null, () -> super.executeBatchProtobuf(h, updateBatches));
    }

    @Override
    public void closeStatement(StatementHandle h) {
        guard(() -> {
            StatementRecord record = statements.get(h.id);
            User owner = owners.get(h.connectionId);
            if (record == null || !record.connectionId().equals(h.connectionId)
                    || owner == null || !owner.equals(RequestContext.current().orElse(null))) {
                return null;
            }
            supervisor.cancel(h.id, "the client closed the statement");
            statements.remove(h.id);
            super.closeStatement(h);
            return null;
        });
    }

    /**
     * Cancels a running statement on behalf of its owner (the plugsql client driver calls this for
     * {@code Statement.cancel()}, which the Avatica protocol cannot carry). Returns whether it ran.
     */
    boolean cancel(User caller, String connectionId, int statementId) {
        StatementRecord record = statements.get(statementId);
        User owner = owners.get(connectionId);
        if (record == null || !record.connectionId().equals(connectionId) || owner == null || !owner.equals(caller)) {
            return false;
        }
        return supervisor.cancel(statementId, "the client cancelled the statement");
    }

    // ---- metadata ---------------------------------------------------------------------------

    @Override
    public Map<DatabaseProperty, Object> getDatabaseProperties(ConnectionHandle ch) {
        return guard(() -> super.getDatabaseProperties(ch));
    }

    @Override
    public MetaResultSet getTables(ConnectionHandle ch, String catalog, Pat schemaPattern, Pat tableNamePattern,
            List<String> typeList) {
        return metadata(ch, () -> super.getTables(ch, catalog, schemaPattern, tableNamePattern, typeList));
    }

    @Override
    public MetaResultSet getColumns(ConnectionHandle ch, String catalog, Pat schemaPattern, Pat tableNamePattern,
            Pat columnNamePattern) {
        return metadata(ch, () -> super.getColumns(ch, catalog, schemaPattern, tableNamePattern, columnNamePattern));
    }

    @Override
    public MetaResultSet getSchemas(ConnectionHandle ch, String catalog, Pat schemaPattern) {
        return metadata(ch, () -> super.getSchemas(ch, catalog, schemaPattern));
    }

    @Override
    public MetaResultSet getCatalogs(ConnectionHandle ch) {
        return metadata(ch, () -> super.getCatalogs(ch));
    }

    @Override
    public MetaResultSet getTableTypes(ConnectionHandle ch) {
        return metadata(ch, () -> super.getTableTypes(ch));
    }

    @Override
    public MetaResultSet getTypeInfo(ConnectionHandle ch) {
        return metadata(ch, () -> super.getTypeInfo(ch));
    }

    @Override
    public MetaResultSet getPrimaryKeys(ConnectionHandle ch, String catalog, String schema, String table) {
        return metadata(ch, () -> super.getPrimaryKeys(ch, catalog, schema, table));
    }

    // ---- lifecycle --------------------------------------------------------------------------

    /** Refuses new connections from now on. */
    void drain() {
        draining = true;
    }

    /** Stops the statements running now. */
    void cancelRunning(String why) {
        supervisor.cancelAll(why);
    }

    /** Stops running statements and closes every connection (returning their quota). */
    void closeAll() {
        supervisor.cancelAll("the server is shutting down");
        getConnectionCache().asMap().forEach((id, connection) -> {
            try {
                connection.close();
            }
            catch (SQLException e) {
                LOG.warn("closing connection {} at shutdown failed: {}", id, e.getMessage());
            }
        });
        getConnectionCache().invalidateAll();
        owners.clear();
        statements.clear();
        supervisor.close();
    }

    int openConnections() {
        return owners.size();
    }

    int runningStatements() {
        return supervisor.runningCount();
    }

    private void forget(String connectionId) {
        owners.remove(connectionId);
        statements.values().removeIf(statement -> statement.connectionId().equals(connectionId));
    }

    // ---- helpers ----------------------------------------------------------------------------

    /** Checks that the statement exists, belongs to the named connection, and that connection to the caller. */
    private StatementRecord record(StatementHandle h) throws NoSuchStatementException {
        StatementRecord record = statements.get(h.id);
        User owner = owners.get(h.connectionId);
        if (record == null || !record.connectionId().equals(h.connectionId)
                || owner == null || !owner.equals(RequestContext.current().orElse(null))) {
            throw new NoSuchStatementException(h);
        }
        return record;
    }

    private <T> T supervised(StatementHandle h, String sql, StatementSupervisor.Work<T, NoSuchStatementException, RuntimeException> work)
            throws NoSuchStatementException {
        StatementRecord record = record(h);
        User user = RequestContext.require();
        Optional<AuditLog.Ddl> ddl = AuditLog.classify(sql);
        try (TenantQuotas.Permit ignored = quotas.acquireStatement(user.tenant())) {
            T result = supervisor.run(h.id, h.connectionId, record.statement(), limits.statementTimeout(), work);
            ddl.ifPresent(statement -> AuditLog.succeeded(user, statement, currentVersion(h.connectionId, user, statement)));
            return result;
        }
        catch (RuntimeException e) {
            RuntimeException translated = ClientErrors.translate(e);
            ddl.ifPresent(statement -> AuditLog.failed(user, statement, translated));
            throw translated;
        }
    }

    /** The version a CREATE FUNCTION just made, read back from the catalog table; "-" for other DDL. */
    private String currentVersion(String connectionId, User user, AuditLog.Ddl ddl) {
        if (!ddl.kind().equals("CREATE_FUNCTION")) {
            return "-";
        }
        String[] parts = ddl.object().split("\\.");
        String name = parts[parts.length - 1].replace("\"", "").toLowerCase(Locale.ROOT);
        try (PreparedStatement query = getConnection(connectionId).prepareStatement(
                "SELECT MAX(version) FROM plugsql.functions WHERE schema_name = ? AND LOWER(function_name) = ?")) {
            query.setString(1, user.tenant());
            query.setString(2, name);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() && rows.getObject(1) != null ? rows.getString(1) : "-";
            }
        }
        catch (SQLException | RuntimeException e) {
            LOG.debug("cannot read the version of {} for the audit log", ddl.object(), e);
            return "-";
        }
    }

    private MetaResultSet metadata(ConnectionHandle ch, Supplier<MetaResultSet> call) {
        return guard(() -> {
            MetaResultSet result = call.get();
            statements.put(result.statementId, new StatementRecord(ch.id, null, null));
            return result;
        });
    }

    /** Runs a call and turns its failure into an error the client understands. */
    private static <T> T guard(SqlCall<T> call) {
        try {
            return call.call();
        }
        catch (SQLException e) {
            throw ClientErrors.translate(new RuntimeException(e));
        }
        catch (RuntimeException e) {
            throw ClientErrors.translate(e);
        }
    }

    /** A call that may fail with an {@link SQLException}. */
    @FunctionalInterface
    private interface SqlCall<T> {
        T call() throws SQLException;
    }

    /** What the server remembers of a statement: its connection, JDBC object (for cancel) and SQL (for audit). */
    private record StatementRecord(String connectionId, Statement statement, String sql) {
        StatementRecord {
            requireNonNull(connectionId, "connectionId is null");
        }
    }
}
