package io.plugsql.server.internal;

import io.plugsql.server.ServerConfig;
import io.plugsql.server.ServerErrorCode;
import io.plugsql.server.ServerException;
import io.plugsql.server.users.PasswordChecker;
import io.plugsql.server.users.UserStore;

import org.apache.calcite.avatica.remote.LocalService;
import org.eclipse.jetty.security.ConstraintMapping;
import org.eclipse.jetty.security.ConstraintSecurityHandler;
import org.eclipse.jetty.security.authentication.BasicAuthenticator;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.DefaultHandler;
import org.eclipse.jetty.server.handler.HandlerList;
import org.eclipse.jetty.server.handler.StatisticsHandler;
import org.eclipse.jetty.util.security.Constraint;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * The assembled server: users file, tenant {@code Meta}, and Avatica's Jetty server bound to one
 * address with BASIC authentication against the users file.
 */
public final class ServerRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServerRuntime.class);
    /** Time Jetty gets to send the responses of requests that just ended. */
    private static final Duration RESPONSE_FLUSH = Duration.ofSeconds(2);
    private static final int MIN_THREADS = 8;

    private final ServerConfig config;
    private final TenantConnectionFactory connections;
    private final TenantMeta meta;
    private final Server jetty;
    private final ServerConnector connector;
    private final ServerConnector healthConnector;
    private final Path demoCredentials;
    private final PasswordChecker passwords;
    private volatile boolean serving;
    private boolean closed;

    private ServerRuntime(ServerConfig config, TenantConnectionFactory connections, TenantMeta meta, Server jetty,
            ServerConnector connector, ServerConnector healthConnector, Path demoCredentials, PasswordChecker passwords) {
        this.config = config;
        this.connections = connections;
        this.meta = meta;
        this.jetty = jetty;
        this.connector = connector;
        this.healthConnector = healthConnector;
        this.demoCredentials = demoCredentials;
        this.passwords = passwords;
    }

    /** Prepares the data directory, then listens; fails with a clear message when it cannot. */
    public static ServerRuntime start(ServerConfig config) {
        requireNonNull(config, "config is null");
        boolean firstStart = isEmpty(config.dataDirectory());
        try {
            Files.createDirectories(config.dataDirectory());
        }
        catch (IOException e) {
            throw new ServerException(ServerErrorCode.DATA_DIRECTORY_ERROR,
                    "cannot create data directory " + config.dataDirectory() + ": " + e.getMessage(), e);
        }
        PasswordChecker passwords = new PasswordChecker(config.logins().hashThreads(), config.logins().hashQueue());
        UserStore users = UserStore.open(config.usersFile(), passwords);
        TenantConnectionFactory connections = openData(config);
        Path demoCredentials;
        try {
            demoCredentials = firstStart && config.demoTenants()
                    ? DemoTenants.create(config.dataDirectory(), users, connections)
                    : null;
        }
        catch (RuntimeException e) {
            connections.close();
            throw e;
        }
        if (users.list().isEmpty()) {
            LOG.warn("users file {} has no users: every connection will be refused; add one with 'bin/plugsql users add'",
                    config.usersFile());
        }
        TenantMeta meta = newMeta(connections, config);
        ServerRuntime[] self = new ServerRuntime[1];
        long maxRequestBytes = config.http().effectiveMaxRequestBytes(config.quotas().maxModuleBytes());
        RpcCodec codec = new RpcCodec(new LocalService(meta), config.serialization());
        RpcHandler rpc = new RpcHandler(codec, users, maxRequestBytes);
        Server server = new Server(new QueuedThreadPool(config.http().maxThreads(), MIN_THREADS));
        ServerConnector connector = HttpConnectors.main(server, config);
        Optional<ServerConnector> health = HttpConnectors.health(server, config);
        server.setConnectors(health.isPresent() ? new Connector[] {connector, health.get()} : new Connector[] {connector});
        UsersLoginService logins = new UsersLoginService(users, new LoginThrottle(config.logins()));
        server.setHandler(handlers(codec, rpc, new CancelHandler(users, meta), logins,
                () -> self[0] != null && self[0].serving));
        server.setStopTimeout(RESPONSE_FLUSH.toMillis());
        server.setErrorHandler(new PlainErrorHandler());
        try {
            server.start();
        }
        catch (Exception e) {
            stopQuietly(server);
            meta.closeAll();
            connections.close();
            throw new ServerException(ServerErrorCode.STARTUP_FAILED, "cannot listen on " + config.bindAddress() + ":"
                    + config.port() + ": " + e.getMessage(), e);
        }
        self[0] = new ServerRuntime(config, connections, meta, server, connector, health.orElse(null), demoCredentials,
                passwords);
        self[0].serving = true;
        return self[0];
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        }
        catch (Exception e) {
            LOG.debug("stopping the half-started server failed", e);
        }
    }

    private static TenantConnectionFactory openData(ServerConfig config) {
        try {
            return new TenantConnectionFactory(config.dataDirectory(), config.quotas());
        }
        catch (RuntimeException e) {
            throw new ServerException(ServerErrorCode.DATA_DIRECTORY_ERROR,
                    "cannot open data directory " + config.dataDirectory() + ": " + e.getMessage(), e);
        }
    }

    private static TenantMeta newMeta(TenantConnectionFactory connections, ServerConfig config) {
        try {
            return new TenantMeta(connections, config.limits());
        }
        catch (SQLException e) {
            connections.close();
            throw new ServerException(ServerErrorCode.STARTUP_FAILED, "cannot create the server's Meta: " + e.getMessage(), e);
        }
    }

    private static StatisticsHandler handlers(RpcCodec codec, RpcHandler rpc, CancelHandler cancel,
            UsersLoginService logins, BooleanSupplier serving) {
        Constraint constraint = new Constraint(Constraint.__BASIC_AUTH, UsersLoginService.ROLE);
        constraint.setAuthenticate(true);
        ConstraintMapping mapping = new ConstraintMapping();
        mapping.setConstraint(constraint);
        mapping.setPathSpec("/*");
        ConstraintSecurityHandler security = new ConstraintSecurityHandler();
        security.setAuthenticator(new BasicAuthenticator());
        security.setLoginService(logins);
        security.setRealmName("plugsql");
        security.setConstraintMappings(new ConstraintMapping[] {mapping});
        HandlerList authenticated = new HandlerList();
        authenticated.setHandlers(new Handler[] {cancel, rpc});
        security.setHandler(authenticated);

        HandlerList list = new HandlerList();
        LoginRefusalHandler refusals = new LoginRefusalHandler(codec);
        refusals.setHandler(security);
        list.setHandlers(new Handler[] {new HealthHandler(serving), refusals, new DefaultHandler()});
        // Counting requests lets Jetty's graceful stop wait for those in flight.
        StatisticsHandler statistics = new StatisticsHandler();
        statistics.setHandler(list);
        return statistics;
    }

    private static boolean isEmpty(Path directory) {
        if (!Files.isDirectory(directory)) {
            return true;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        }
        catch (IOException e) {
            throw new ServerException(ServerErrorCode.DATA_DIRECTORY_ERROR,
                    "cannot read data directory " + directory + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** The bound port of the health connector, when there is one. */
    public OptionalInt healthPort() {
        return healthConnector == null ? OptionalInt.empty() : OptionalInt.of(healthConnector.getLocalPort());
    }

    /** {@code http} or {@code https}. */
    public String scheme() {
        return config.keystore().isPresent() ? "https" : "http";
    }

    /** The demo credentials file written at this start, if it was a first start. */
    public Optional<Path> demoCredentials() {
        return Optional.ofNullable(demoCredentials);
    }

    public int openConnections() {
        return meta.openConnections();
    }

    public long passwordDerivations() {
        return passwords.derivations();
    }

    public int runningStatements() {
        return meta.runningStatements();
    }

    public void join() throws InterruptedException {
        jetty.join();
    }

    private void awaitIdle(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            while (meta.runningStatements() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops gracefully: refuses new connections, lets in-flight requests finish within the grace
     * period, cancels what still runs, closes every tenant connection.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        serving = false;
        meta.drain();
        LOG.info("plugsql server stopping: new connections refused, {} statements running, grace {} ms",
                meta.runningStatements(), config.shutdownGrace().toMillis());
        awaitIdle(config.shutdownGrace());
        if (meta.runningStatements() > 0) {
            meta.cancelRunning("the server is shutting down");
            awaitIdle(RESPONSE_FLUSH);
        }
        try {
            jetty.stop();
        }
        catch (Exception e) {
            LOG.warn("Jetty did not stop cleanly: {}", e.getMessage());
        }
        finally {
            meta.closeAll();
            connections.close();
        }
        LOG.info("plugsql server stopped");
    }
}
