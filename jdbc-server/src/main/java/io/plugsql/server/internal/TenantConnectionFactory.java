package io.plugsql.server.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;

import static java.util.Objects.requireNonNull;

/**
 * Opens the embedded connection of one tenant over the data directory. The server, not the client,
 * chooses every property of it.
 */
final class TenantConnectionFactory {
    private final Path dataDirectory;

    TenantConnectionFactory(Path dataDirectory) {
        this.dataDirectory = requireNonNull(dataDirectory, "dataDirectory is null").toAbsolutePath();
    }

    Connection open(String tenant) throws SQLException {
        String schema = tenant.toUpperCase(Locale.ROOT);
        String url = "jdbc:h2:file:" + dataDirectory.resolve("standin-" + tenant)
                + ";INIT=CREATE SCHEMA IF NOT EXISTS " + schema + "\\;SET SCHEMA " + schema;
        return DriverManager.getConnection(url, new Properties());
    }
}
