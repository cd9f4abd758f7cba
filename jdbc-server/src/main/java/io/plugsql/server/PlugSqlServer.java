package io.plugsql.server;

import io.plugsql.server.internal.ServerRuntime;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A running plugsql JDBC server (Avatica over HTTP, BASIC authentication, one tenant per user).
 *
 * <pre>
 * try (PlugSqlServer server = PlugSqlServer.start(ServerConfig.builder(Path.of("data")).port(0).build())) {
 *     String url = server.jdbcUrl() + ";avatica_user=alice;avatica_password=...";
 *     try (Connection c = DriverManager.getConnection(url)) { ... }
 * }
 * </pre>
 */
public final class PlugSqlServer implements AutoCloseable {
    private final ServerConfig config;
    private final ServerRuntime runtime;

    private PlugSqlServer(ServerConfig config, ServerRuntime runtime) {
        this.config = config;
        this.runtime = runtime;
    }

    /** Starts listening; returns once the port is bound. */
    public static PlugSqlServer start(ServerConfig config) {
        return new PlugSqlServer(config, ServerRuntime.start(config));
    }

    /** The bound port (the real one when the configuration asked for port 0). */
    public int port() {
        return runtime.port();
    }

    /** The port of the health connector ({@code --health-port}), when there is one. */
    public OptionalInt healthPort() {
        return runtime.healthPort();
    }

    /** The Avatica remote JDBC URL of this server, without credentials. */
    public String jdbcUrl() {
        String host = config.bindAddress().contains(":") ? "[" + config.bindAddress() + "]" : config.bindAddress();
        if (host.equals("0.0.0.0")) {
            host = "localhost";
        }
        return "jdbc:avatica:remote:url=" + runtime.scheme() + "://" + host + ":" + port()
                + ";serialization=" + config.serialization().name().toLowerCase(Locale.ROOT) + ";authentication=BASIC";
    }

    /** The demo credentials file, when this start created the demo tenants. */
    public Optional<Path> demoCredentials() {
        return runtime.demoCredentials();
    }

    /** Open JDBC connections over all tenants. */
    public int openConnections() {
        return runtime.openConnections();
    }

    /** PBKDF2 derivations password checks have run (unknown users included). */
    public long passwordDerivations() {
        return runtime.passwordDerivations();
    }

    /** Statements executing or fetching right now over all tenants. */
    public int runningStatements() {
        return runtime.runningStatements();
    }

    /** Blocks until the server stops. */
    public void join() throws InterruptedException {
        runtime.join();
    }

    /** Stops gracefully; see {@link ServerConfig#shutdownGrace()}. */
    @Override
    public void close() {
        runtime.close();
    }
}
