package io.plugsql.catalog.internal;

import io.plugsql.catalog.CatalogErrorCode;
import io.plugsql.catalog.CatalogException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The catalog's table layout and its migrations, applied in order on open and recorded in
 * {@code schema_version} (one row per applied version).
 *
 * <p>H2 commits each DDL statement on its own, so a migration is not atomic; instead every statement
 * is idempotent ({@code IF NOT EXISTS}, guarded inserts) and the version row is written last, so a
 * migration interrupted by a crash simply runs again on the next open.
 */
public final class CatalogSchema {
    /** The layout version this code reads and writes. */
    public static final int CURRENT_VERSION = 1;

    private static final String TIMESTAMP = "TIMESTAMP(6) WITH TIME ZONE";
    private static final String NAME = "VARCHAR(" + Names.MAX_NAME_LENGTH + ")";

    /** Element i holds the statements that bring the layout from version i to i + 1. */
    private static final List<List<String>> MIGRATIONS = List.of(List.of(
            "CREATE TABLE IF NOT EXISTS catalog_state ("
                    + " id INT PRIMARY KEY CHECK (id = 1),"
                    + " change_count BIGINT NOT NULL)",
            "INSERT INTO catalog_state (id, change_count)"
                    + " SELECT 1, 0 WHERE NOT EXISTS (SELECT 1 FROM catalog_state)",
            "CREATE TABLE IF NOT EXISTS tenants ("
                    + " name " + NAME + " PRIMARY KEY,"
                    + " created_at " + TIMESTAMP + " NOT NULL)",
            "CREATE TABLE IF NOT EXISTS modules ("
                    + " sha256 CHAR(64) PRIMARY KEY,"
                    + " bytes BLOB NOT NULL,"
                    + " size_bytes BIGINT NOT NULL CHECK (size_bytes > 0),"
                    + " first_seen " + TIMESTAMP + " NOT NULL)",
            "CREATE TABLE IF NOT EXISTS functions ("
                    + " schema_name " + NAME + " NOT NULL REFERENCES tenants (name),"
                    + " name " + NAME + " NOT NULL,"
                    + " current_version INT NOT NULL CHECK (current_version > 0),"
                    + " created_by " + NAME + " NOT NULL,"
                    + " created_at " + TIMESTAMP + " NOT NULL,"
                    + " dropped_by " + NAME + ","
                    + " dropped_at " + TIMESTAMP + ","
                    + " PRIMARY KEY (schema_name, name),"
                    + " CHECK ((dropped_by IS NULL) = (dropped_at IS NULL)))",
            "CREATE TABLE IF NOT EXISTS function_versions ("
                    + " schema_name " + NAME + " NOT NULL,"
                    + " name " + NAME + " NOT NULL,"
                    + " version INT NOT NULL CHECK (version > 0),"
                    + " module_sha256 CHAR(64) NOT NULL REFERENCES modules (sha256),"
                    + " parameter_names " + NAME + " ARRAY NOT NULL,"
                    + " parameter_types VARCHAR(32) ARRAY NOT NULL,"
                    + " result_type VARCHAR(32) NOT NULL,"
                    + " handler VARCHAR(" + Names.MAX_HANDLER_LENGTH + ") NOT NULL,"
                    + " on_null_input VARCHAR(16) NOT NULL CHECK (on_null_input IN ('return_null', 'call')),"
                    + " deterministic BOOLEAN NOT NULL,"
                    + " memory_limit_bytes BIGINT NOT NULL,"
                    + " timeout_nanos BIGINT NOT NULL,"
                    + " fuel_per_row BIGINT NOT NULL,"
                    + " stack_bytes BIGINT NOT NULL,"
                    + " created_by " + NAME + " NOT NULL,"
                    + " created_at " + TIMESTAMP + " NOT NULL,"
                    + " PRIMARY KEY (schema_name, name, version),"
                    + " FOREIGN KEY (schema_name, name) REFERENCES functions (schema_name, name),"
                    + " CHECK (CARDINALITY(parameter_names) = CARDINALITY(parameter_types)))",
            "CREATE INDEX IF NOT EXISTS function_versions_module ON function_versions (module_sha256)",
            "CREATE TABLE IF NOT EXISTS grants ("
                    + " owner_schema " + NAME + " NOT NULL,"
                    + " function_name " + NAME + " NOT NULL,"
                    + " grantee " + NAME + " NOT NULL REFERENCES tenants (name),"
                    + " granted_by " + NAME + " NOT NULL,"
                    + " granted_at " + TIMESTAMP + " NOT NULL,"
                    + " PRIMARY KEY (owner_schema, function_name, grantee),"
                    + " FOREIGN KEY (owner_schema, function_name) REFERENCES functions (schema_name, name))",
            "CREATE INDEX IF NOT EXISTS grants_grantee ON grants (grantee)"));

    private CatalogSchema() {}

    /** Creates or upgrades the layout; refuses a catalog written by a newer layout version. */
    public static synchronized Void migrate(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                    + " version INT PRIMARY KEY,"
                    + " applied_at " + TIMESTAMP + " NOT NULL)");
        }
        int version = appliedVersion(connection);
        if (version > CURRENT_VERSION) {
            throw new CatalogException(CatalogErrorCode.UNSUPPORTED_SCHEMA_VERSION, "the catalog has layout version "
                    + version + " but this plugsql reads at most version " + CURRENT_VERSION + ": upgrade plugsql");
        }
        for (int next = version + 1; next <= CURRENT_VERSION; next++) {
            try (Statement statement = connection.createStatement()) {
                for (String sql : MIGRATIONS.get(next - 1)) {
                    statement.execute(sql);
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)")) {
                insert.setInt(1, next);
                Jdbc.setInstant(insert, 2, Jdbc.now());
                insert.executeUpdate();
            }
        }
        return null;
    }

    /** The highest layout version recorded, 0 for a new database. */
    public static int appliedVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
