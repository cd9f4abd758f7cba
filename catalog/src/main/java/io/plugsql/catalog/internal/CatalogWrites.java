package io.plugsql.catalog.internal;

import io.plugsql.catalog.CreateFunctionRequest;
import io.plugsql.catalog.FunctionName;
import io.plugsql.engine.UdfType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** The catalog's SQL statements that change data; callers run them inside {@link CatalogDatabase#write}. */
public final class CatalogWrites {
    private CatalogWrites() {}

    /** The stored state of a function name: its highest version and whether it is dropped. */
    public record FunctionState(int currentVersion, boolean dropped) {}

    /** Reads (and row-locks) the state of {@code function}; empty when the name was never used. */
    public static Optional<FunctionState> lockFunction(Connection connection, FunctionName function)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT current_version, dropped_at IS NOT NULL FROM functions"
                        + " WHERE schema_name = ? AND name = ? FOR UPDATE")) {
            statement.setString(1, function.schema());
            statement.setString(2, function.name());
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next()
                        ? Optional.of(new FunctionState(rows.getInt(1), rows.getBoolean(2)))
                        : Optional.empty();
            }
        }
    }

    /** Registers {@code tenant} unless known; returns whether it was new. */
    public static boolean insertTenantIfAbsent(Connection connection, String tenant, Instant now)
            throws SQLException {
        if (CatalogReads.tenantExists(connection, tenant)) {
            return false;
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO tenants (name, created_at) VALUES (?, ?)")) {
            statement.setString(1, tenant);
            Jdbc.setInstant(statement, 2, now);
            statement.executeUpdate();
            return true;
        }
    }

    /** Stores module bytes under their hash unless already stored; returns whether they were new. */
    public static boolean insertModuleIfAbsent(Connection connection, String sha256, byte[] module, Instant now)
            throws SQLException {
        try (PreparedStatement check = connection.prepareStatement("SELECT 1 FROM modules WHERE sha256 = ?")) {
            check.setString(1, sha256);
            try (ResultSet rows = check.executeQuery()) {
                if (rows.next()) {
                    return false;
                }
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO modules (sha256, bytes, size_bytes, first_seen) VALUES (?, ?, ?, ?)")) {
            statement.setString(1, sha256);
            statement.setBytes(2, module);
            statement.setLong(3, module.length);
            Jdbc.setInstant(statement, 4, now);
            statement.executeUpdate();
            return true;
        }
    }

    /** Inserts the row of a never-used name. */
    public static void insertFunction(Connection connection, FunctionName function, int version, String actor,
            Instant now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO functions (schema_name, name, current_version, created_by, created_at)"
                        + " VALUES (?, ?, ?, ?, ?)")) {
            statement.setString(1, function.schema());
            statement.setString(2, function.name());
            statement.setInt(3, version);
            statement.setString(4, actor);
            Jdbc.setInstant(statement, 5, now);
            statement.executeUpdate();
        }
    }

    /** Brings a dropped name back to life at {@code version}, as created by {@code actor} now. */
    public static void recreateFunction(Connection connection, FunctionName function, int version, String actor,
            Instant now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE functions SET current_version = ?, created_by = ?, created_at = ?,"
                        + " dropped_by = NULL, dropped_at = NULL WHERE schema_name = ? AND name = ?")) {
            statement.setInt(1, version);
            statement.setString(2, actor);
            Jdbc.setInstant(statement, 3, now);
            statement.setString(4, function.schema());
            statement.setString(5, function.name());
            requireOneRow(statement.executeUpdate(), function);
        }
    }

    /** Makes {@code version} the current version of a live function. */
    public static void setCurrentVersion(Connection connection, FunctionName function, int version)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE functions SET current_version = ? WHERE schema_name = ? AND name = ?")) {
            statement.setInt(1, version);
            statement.setString(2, function.schema());
            statement.setString(3, function.name());
            requireOneRow(statement.executeUpdate(), function);
        }
    }

    /** Writes the immutable row of one version. */
    public static void insertVersion(Connection connection, CreateFunctionRequest request, int version,
            String sha256, Instant now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO function_versions (schema_name, name, version, module_sha256, parameter_names,"
                        + " parameter_types, result_type, handler, on_null_input, deterministic,"
                        + " memory_limit_bytes, timeout_nanos, fuel_per_row, stack_bytes, created_by, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            statement.setString(1, request.function().schema());
            statement.setString(2, request.function().name());
            statement.setInt(3, version);
            statement.setString(4, sha256);
            statement.setArray(5, connection.createArrayOf("VARCHAR", request.parameterNames().toArray()));
            statement.setArray(6, connection.createArrayOf("VARCHAR",
                    request.signature().parameters().stream().map(UdfType::toString).toArray()));
            statement.setString(7, request.signature().result().toString());
            statement.setString(8, request.handler());
            statement.setString(9, request.nullInputMode().optionValue());
            statement.setBoolean(10, request.deterministic());
            statement.setLong(11, request.limits().maxMemoryBytes());
            statement.setLong(12, request.limits().timeout().toNanos());
            statement.setLong(13, request.limits().fuelPerRow());
            statement.setLong(14, request.limits().stackBytes());
            statement.setString(15, request.actor());
            Jdbc.setInstant(statement, 16, now);
            statement.executeUpdate();
        }
    }

    /** Marks a live function dropped; its versions stay for audit and for statements still running them. */
    public static void markDropped(Connection connection, FunctionName function, String actor, Instant now)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE functions SET dropped_by = ?, dropped_at = ? WHERE schema_name = ? AND name = ?")) {
            statement.setString(1, actor);
            Jdbc.setInstant(statement, 2, now);
            statement.setString(3, function.schema());
            statement.setString(4, function.name());
            requireOneRow(statement.executeUpdate(), function);
        }
    }

    /** Deletes every grant on {@code function}; returns how many there were. */
    public static int deleteGrants(Connection connection, FunctionName function) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "DELETE FROM grants WHERE owner_schema = ? AND function_name = ?")) {
            statement.setString(1, function.schema());
            statement.setString(2, function.name());
            return statement.executeUpdate();
        }
    }

    /** Inserts a grant unless present; returns whether it was new. */
    public static boolean insertGrantIfAbsent(Connection connection, FunctionName function, String grantee,
            String grantedBy, Instant now) throws SQLException {
        if (CatalogReads.grantExists(connection, grantee, function)) {
            return false;
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO grants (owner_schema, function_name, grantee, granted_by, granted_at)"
                        + " VALUES (?, ?, ?, ?, ?)")) {
            statement.setString(1, function.schema());
            statement.setString(2, function.name());
            statement.setString(3, grantee);
            statement.setString(4, grantedBy);
            Jdbc.setInstant(statement, 5, now);
            statement.executeUpdate();
            return true;
        }
    }

    /** Deletes one grant; returns whether it existed. */
    public static boolean deleteGrant(Connection connection, FunctionName function, String grantee)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "DELETE FROM grants WHERE owner_schema = ? AND function_name = ? AND grantee = ?")) {
            statement.setString(1, function.schema());
            statement.setString(2, function.name());
            statement.setString(3, grantee);
            return statement.executeUpdate() == 1;
        }
    }

    private static void requireOneRow(int updated, FunctionName function) throws SQLException {
        if (updated != 1) {
            throw new SQLException("expected to update one row of functions for " + function + ", updated " + updated);
        }
    }
}
