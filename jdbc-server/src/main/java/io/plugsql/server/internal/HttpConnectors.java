package io.plugsql.server.internal;

import io.plugsql.server.HttpLimits;
import io.plugsql.server.ServerConfig;

import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.util.Optional;

/**
 * Builds the server's connectors: the main one (TLS when configured, read timeouts, a cap on
 * connections per client address) and, when asked for, one for {@code /health} only with a small
 * thread pool of its own that slow or idle clients of the main port cannot take.
 */
final class HttpConnectors {
    /** Name of the health connector; requests on it reach only {@link HealthHandler}. */
    static final String HEALTH = "health";
    /** Acceptor, selector and two request threads. */
    private static final int HEALTH_THREADS = 4;

    private HttpConnectors() {}

    static ServerConnector main(Server server, ServerConfig config) {
        HttpConnectionFactory http = new HttpConnectionFactory(httpConfiguration(config.http()));
        ServerConnector connector;
        if (config.keystore().isPresent()) {
            SslContextFactory.Server tls = new SslContextFactory.Server();
            tls.setKeyStorePath(config.keystore().get().toAbsolutePath().toString());
            tls.setKeyStorePassword(config.keystorePassword());
            connector = new ServerConnector(server, tls, http);
        }
        else {
            connector = new ServerConnector(server, http);
        }
        // plugsql binds only the configured address (Avatica's own builder would bind every interface).
        connector.setHost(config.bindAddress());
        connector.setPort(config.port());
        connector.setIdleTimeout(config.http().idleTimeout().toMillis());
        connector.addBean(new ConnectionsPerAddress(config.http().maxConnectionsPerAddress()));
        return connector;
    }

    static Optional<ServerConnector> health(Server server, ServerConfig config) {
        if (config.http().healthPort() < 0) {
            return Optional.empty();
        }
        QueuedThreadPool threads = new QueuedThreadPool(HEALTH_THREADS, HEALTH_THREADS);
        threads.setName("plugsql-health");
        server.addBean(threads);
        ServerConnector connector = new ServerConnector(server, threads, null, null, 1, 1,
                new HttpConnectionFactory(httpConfiguration(config.http())));
        connector.setName(HEALTH);
        connector.setHost(config.bindAddress());
        connector.setPort(config.http().healthPort());
        connector.setIdleTimeout(config.http().idleTimeout().toMillis());
        return Optional.of(connector);
    }

    private static HttpConfiguration httpConfiguration(HttpLimits limits) {
        HttpConfiguration configuration = new HttpConfiguration();
        configuration.setSendServerVersion(false);
        configuration.setMinRequestDataRate(limits.minRequestBytesPerSecond());
        return configuration;
    }
}
