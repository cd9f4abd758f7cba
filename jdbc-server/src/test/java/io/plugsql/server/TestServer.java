package io.plugsql.server;

import io.plugsql.server.client.PlugSqlRemoteDriver;
import io.plugsql.server.users.UserStore;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

/** A real server on an ephemeral 127.0.0.1 port with two tenants' users, for tests. */
final class TestServer implements AutoCloseable {
    static final String PASSWORD = "correct horse battery staple";
    /** A function that never returns; its own timeout and fuel (metered since issue 6) are far beyond any test's. */
    static final String CREATE_SPIN = "CREATE OR REPLACE FUNCTION spin(x BIGINT) RETURNS BIGINT LANGUAGE WASM"
            + " WITH (timeout = '120s', fuel = '9223372036854775807')"
            + " AS '(module (func (export \"spin\") (param i64) (result i64) (loop br 0) (local.get 0)))'";
    /** A statement that runs until something stops it. */
    static final String ENDLESS = "SELECT spin(1)";

    private final PlugSqlServer server;
    private final Path usersFile;

    private TestServer(PlugSqlServer server, Path usersFile) {
        this.server = server;
        this.usersFile = usersFile;
    }

    /** Users: alice and amy (tenant acme), gina (tenant globex); cheap hashes keep tests fast. */
    static TestServer start(Path dataDirectory, TenantLimits limits) {
        return start(dataDirectory, limits, Duration.ofSeconds(5));
    }

    static TestServer start(Path dataDirectory, TenantLimits limits, Duration shutdownGrace) {
        return start(ServerConfig.builder(dataDirectory)
                .port(0)
                .limits(limits)
                .shutdownGrace(shutdownGrace)
                .demoTenants(false)
                .build());
    }

    /** Starts {@code config} (which should bind 127.0.0.1, port 0, without demo tenants) with the test users. */
    static TestServer start(ServerConfig config) {
        UserStore users = UserStore.open(config.usersFile(), 1_000);
        if (users.list().isEmpty()) {
            users.add("alice", "acme", PASSWORD.toCharArray());
            users.add("amy", "acme", PASSWORD.toCharArray());
            users.add("gina", "globex", PASSWORD.toCharArray());
        }
        TestServer server = new TestServer(PlugSqlServer.start(config), config.usersFile());
        try {
            for (String user : new String[] {"alice", "gina"}) {
                try (Connection connection = server.connect(user); Statement statement = connection.createStatement()) {
                    statement.execute(CREATE_SPIN);
                }
            }
        }
        catch (SQLException e) {
            server.close();
            throw new IllegalStateException("cannot create the spin function", e);
        }
        return server;
    }

    static TestServer start(Path dataDirectory) {
        return start(dataDirectory, new TenantLimits(24, 16, Duration.ofSeconds(30)));
    }

    /** Adds a user of {@code tenant} (password {@link #PASSWORD}); the running server reads the users file again. */
    void addUser(String name, String tenant) {
        UserStore.open(usersFile, 1_000).add(name, tenant, PASSWORD.toCharArray());
    }

    PlugSqlServer server() {
        return server;
    }

    Connection connect(String user) throws SQLException {
        return connect(user, PASSWORD, new Properties());
    }

    Connection connect(String user, String password, Properties extra) throws SQLException {
        Properties properties = new Properties();
        properties.putAll(extra);
        properties.setProperty("avatica_user", user);
        properties.setProperty("avatica_password", password);
        return DriverManager.getConnection(server.jdbcUrl(), properties);
    }

    /** Connects through plugsql's client driver, which carries cancel and query timeout to the server. */
    Connection connectPlugSqlDriver(String user) throws SQLException {
        String url = server.jdbcUrl().replace("jdbc:avatica:remote:", PlugSqlRemoteDriver.PREFIX);
        Properties properties = new Properties();
        properties.setProperty("avatica_user", user);
        properties.setProperty("avatica_password", PASSWORD);
        return DriverManager.getConnection(url, properties);
    }

    @Override
    public void close() {
        server.close();
    }
}
