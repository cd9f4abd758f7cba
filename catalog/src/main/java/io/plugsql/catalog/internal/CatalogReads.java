package io.plugsql.catalog.internal;

import io.plugsql.catalog.FunctionEntry;
import io.plugsql.catalog.FunctionName;
import io.plugsql.catalog.FunctionVersion;
import io.plugsql.catalog.GrantRecord;
import io.plugsql.catalog.TenantRecord;
import io.plugsql.engine.NullInputMode;
import io.plugsql.engine.SandboxLimits;
import io.plugsql.engine.Signature;
import io.plugsql.engine.UdfType;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The catalog's queries. Each result comes from one statement, and version rows are immutable, so a
 * result is consistent even while other connections change the catalog.
 */
public final class CatalogReads {
    private static final String VERSION_COLUMNS = "SELECT v.schema_name, v.name, v.version,"
            + " (f.dropped_at IS NULL AND f.current_version = v.version) AS is_current,"
            + " v.module_sha256, m.size_bytes, v.parameter_names, v.parameter_types, v.result_type, v.handler,"
            + " v.on_null_input, v.deterministic, v.memory_limit_bytes, v.timeout_nanos, v.fuel_per_row,"
            + " v.stack_bytes, v.created_by, v.created_at,"
            + " f.created_by AS function_created_by, f.created_at AS function_created_at"
            + " FROM function_versions v"
            + " JOIN functions f ON f.schema_name = v.schema_name AND f.name = v.name"
            + " JOIN modules m ON m.sha256 = v.module_sha256 WHERE ";
    private static final String ORDER = " ORDER BY v.schema_name, v.name, v.version";
    private static final String IS_CURRENT = "f.dropped_at IS NULL AND v.version = f.current_version";
    private static final String GRANTED_TO = "EXISTS (SELECT 1 FROM grants g WHERE g.owner_schema = f.schema_name"
            + " AND g.function_name = f.name AND g.grantee = ?)";

    private CatalogReads() {}

    /** The current version of a live function. */
    public static Optional<FunctionVersion> currentVersion(Connection connection, FunctionName function)
            throws SQLException {
        return first(versions(connection, "f.schema_name = ? AND f.name = ? AND " + IS_CURRENT,
                function.schema(), function.name()));
    }

    /** One version of a name, whether or not it is current or dropped. */
    public static Optional<FunctionVersion> version(Connection connection, FunctionName function, int version)
            throws SQLException {
        return first(versions(connection, "v.schema_name = ? AND v.name = ? AND v.version = ?",
                function.schema(), function.name(), version));
    }

    /** Every version ever made under a name, oldest first. */
    public static List<FunctionVersion> allVersions(Connection connection, FunctionName function)
            throws SQLException {
        return versions(connection, "v.schema_name = ? AND v.name = ?", function.schema(), function.name());
    }

    /** Live functions of one schema. */
    public static List<FunctionEntry> functionsIn(Connection connection, String schema) throws SQLException {
        return entries(connection, "f.schema_name = ? AND " + IS_CURRENT, schema);
    }

    /** Live functions a tenant may call: its own and those granted to it. */
    public static List<FunctionEntry> functionsVisibleTo(Connection connection, String tenant) throws SQLException {
        return entries(connection, IS_CURRENT + " AND (f.schema_name = ? OR " + GRANTED_TO + ")", tenant, tenant);
    }

    /** Versions a tenant may see: every version under its own schema (dropped ones too) and those of live functions granted to it. */
    public static List<FunctionVersion> versionsVisibleTo(Connection connection, String tenant) throws SQLException {
        return versions(connection, "(f.schema_name = ? OR (f.dropped_at IS NULL AND " + GRANTED_TO + "))",
                tenant, tenant);
    }

    /** Whether {@code tenant} may call {@code function}: it is live and owned by or granted to the tenant. */
    public static boolean canExecute(Connection connection, String tenant, FunctionName function)
            throws SQLException {
        if (function.schema().equals(tenant)) {
            return isLive(connection, function);
        }
        return exists(connection, "SELECT 1 FROM grants g JOIN functions f ON f.schema_name = g.owner_schema"
                        + " AND f.name = g.function_name WHERE g.owner_schema = ? AND g.function_name = ?"
                        + " AND g.grantee = ? AND f.dropped_at IS NULL",
                function.schema(), function.name(), tenant);
    }

    public static boolean isLive(Connection connection, FunctionName function) throws SQLException {
        return exists(connection, "SELECT 1 FROM functions WHERE schema_name = ? AND name = ? AND dropped_at IS NULL",
                function.schema(), function.name());
    }

    public static boolean tenantExists(Connection connection, String tenant) throws SQLException {
        return exists(connection, "SELECT 1 FROM tenants WHERE name = ?", tenant);
    }

    public static boolean grantExists(Connection connection, String grantee, FunctionName function)
            throws SQLException {
        return exists(connection, "SELECT 1 FROM grants WHERE owner_schema = ? AND function_name = ? AND grantee = ?",
                function.schema(), function.name(), grantee);
    }

    /** Grants where {@code tenant} is the owner or the grantee. */
    public static List<GrantRecord> grantsOf(Connection connection, String tenant) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT owner_schema, function_name, grantee, granted_by, granted_at FROM grants"
                        + " WHERE owner_schema = ? OR grantee = ? ORDER BY owner_schema, function_name, grantee")) {
            statement.setString(1, tenant);
            statement.setString(2, tenant);
            try (ResultSet rows = statement.executeQuery()) {
                List<GrantRecord> grants = new ArrayList<>();
                while (rows.next()) {
                    grants.add(new GrantRecord(
                            new FunctionName(rows.getString("owner_schema"), rows.getString("function_name")),
                            rows.getString("grantee"),
                            rows.getString("granted_by"),
                            Jdbc.getInstant(rows, "granted_at")));
                }
                return grants;
            }
        }
    }

    public static List<TenantRecord> tenants(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                        "SELECT name, created_at FROM tenants ORDER BY name");
                ResultSet rows = statement.executeQuery()) {
            List<TenantRecord> tenants = new ArrayList<>();
            while (rows.next()) {
                tenants.add(new TenantRecord(rows.getString("name"), Jdbc.getInstant(rows, "created_at")));
            }
            return tenants;
        }
    }

    /** The stored bytes of a module, as stored (callers verify the hash). */
    public static Optional<byte[]> moduleBytes(Connection connection, String sha256) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT bytes FROM modules WHERE sha256 = ?")) {
            statement.setString(1, sha256);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(rows.getBytes(1)) : Optional.empty();
            }
        }
    }

    /** How many distinct modules are stored. */
    public static long moduleCount(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT COUNT(*) FROM modules");
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static List<FunctionEntry> entries(Connection connection, String where, Object... arguments)
            throws SQLException {
        List<FunctionEntry> entries = new ArrayList<>();
        query(connection, where, arguments, rows -> entries.add(new FunctionEntry(toVersion(rows),
                rows.getString("function_created_by"), Jdbc.getInstant(rows, "function_created_at"))));
        return entries;
    }

    private static List<FunctionVersion> versions(Connection connection, String where, Object... arguments)
            throws SQLException {
        List<FunctionVersion> versions = new ArrayList<>();
        query(connection, where, arguments, rows -> versions.add(toVersion(rows)));
        return versions;
    }

    /** Consumes one row of a result set. */
    private interface RowHandler {
        void accept(ResultSet rows) throws SQLException;
    }

    private static void query(Connection connection, String where, Object[] arguments, RowHandler handler)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(VERSION_COLUMNS + where + ORDER)) {
            bind(statement, arguments);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    handler.accept(rows);
                }
            }
        }
    }

    private static FunctionVersion toVersion(ResultSet rows) throws SQLException {
        List<UdfType> parameterTypes = new ArrayList<>();
        for (String type : strings(rows.getArray("parameter_types"))) {
            parameterTypes.add(UdfType.parse(type));
        }
        SandboxLimits limits = new SandboxLimits(
                rows.getLong("memory_limit_bytes"),
                Duration.ofNanos(rows.getLong("timeout_nanos")),
                rows.getLong("fuel_per_row"),
                rows.getLong("stack_bytes"));
        return new FunctionVersion(
                new FunctionName(rows.getString("schema_name"), rows.getString("name")),
                rows.getInt("version"),
                rows.getBoolean("is_current"),
                rows.getString("module_sha256"),
                rows.getLong("size_bytes"),
                new Signature(parameterTypes, UdfType.parse(rows.getString("result_type"))),
                strings(rows.getArray("parameter_names")),
                rows.getString("handler"),
                NullInputMode.fromOptionValue(rows.getString("on_null_input")),
                rows.getBoolean("deterministic"),
                limits,
                rows.getString("created_by"),
                Jdbc.getInstant(rows, "created_at"));
    }

    private static List<String> strings(Array array) throws SQLException {
        Object[] values = (Object[]) array.getArray();
        List<String> strings = new ArrayList<>(values.length);
        for (Object value : values) {
            strings.add((String) value);
        }
        return strings;
    }

    private static boolean exists(Connection connection, String sql, Object... arguments) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, arguments);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static void bind(PreparedStatement statement, Object[] arguments) throws SQLException {
        for (int i = 0; i < arguments.length; i++) {
            statement.setObject(i + 1, arguments[i]);
        }
    }

    private static <T> Optional<T> first(List<T> values) {
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
}
