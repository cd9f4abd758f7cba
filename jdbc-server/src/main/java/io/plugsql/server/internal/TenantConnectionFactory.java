package io.plugsql.server.internal;

import io.plugsql.sql.DataDirectory;
import io.plugsql.sql.PlugSqlDriver;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

import static java.util.Objects.requireNonNull;

/**
 * Opens the embedded plugsql connection of one tenant over the data directory. The server, not the
 * client, chooses every property of it. It holds a reference on the directory's shared state for the
 * server's lifetime, so the catalog and engine stay open between connections; {@link #close()} lets
 * the state close once the last connection is gone.
 */
final class TenantConnectionFactory implements AutoCloseable {
    private static final PlugSqlDriver DRIVER = new PlugSqlDriver();

    private final Path dataDirectory;
    private final DataDirectory state;

    TenantConnectionFactory(Path dataDirectory) {
        this.dataDirectory = requireNonNull(dataDirectory, "dataDirectory is null").toAbsolutePath();
        this.state = DataDirectory.acquire(this.dataDirectory);
    }

    Connection open(String tenant) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("data", dataDirectory.toString());
        properties.setProperty("tenant", tenant);
        return DRIVER.connect(PlugSqlDriver.URL_PREFIX, properties);
    }

    @Override
    public void close() {
        state.release();
    }
}
