package io.plugsql.server;

import io.plugsql.sql.Quotas;

import org.apache.calcite.avatica.remote.Driver.Serialization;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Everything {@code plugsql serve} needs; build with {@link #builder(Path)}.
 *
 * <pre>
 * ServerConfig config = ServerConfig.builder(Path.of("data")).port(0).build();
 * </pre>
 */
public final class ServerConfig {
    private final String bindAddress;
    private final int port;
    private final Path dataDirectory;
    private final Path usersFile;
    private final Serialization serialization;
    private final Path keystore;
    private final String keystorePassword;
    private final TenantLimits limits;
    private final Quotas quotas;
    private final Duration shutdownGrace;
    private final boolean demoTenants;
    private final HttpLimits http;
    private final LoginLimits logins;

    private ServerConfig(Builder builder) {
        bindAddress = requireNonNull(builder.bindAddress, "bindAddress is null");
        dataDirectory = requireNonNull(builder.dataDirectory, "dataDirectory is null").toAbsolutePath().normalize();
        usersFile = builder.usersFile == null ? dataDirectory.resolve("users.properties") : builder.usersFile.toAbsolutePath().normalize();
        serialization = requireNonNull(builder.serialization, "serialization is null");
        limits = requireNonNull(builder.limits, "limits is null");
        quotas = requireNonNull(builder.quotas, "quotas is null");
        shutdownGrace = requireNonNull(builder.shutdownGrace, "shutdownGrace is null");
        port = builder.port;
        keystore = builder.keystore;
        keystorePassword = builder.keystorePassword;
        demoTenants = builder.demoTenants;
        http = requireNonNull(builder.http, "http is null");
        logins = requireNonNull(builder.logins, "logins is null");
        if (port < 0 || port > 65535) {
            throw new ServerException(ServerErrorCode.INVALID_CONFIGURATION, "port " + port + " is not in 0..65535");
        }
        if (keystore != null && keystorePassword == null) {
            throw new ServerException(ServerErrorCode.INVALID_CONFIGURATION,
                    "--keystore needs its password in the environment variable " + Main.KEYSTORE_PASSWORD_ENV);
        }
        if (shutdownGrace.isNegative()) {
            throw new ServerException(ServerErrorCode.INVALID_CONFIGURATION, "shutdown grace must not be negative");
        }
    }

    public static Builder builder(Path dataDirectory) {
        return new Builder(dataDirectory);
    }

    public String bindAddress() {
        return bindAddress;
    }

    /** The port to listen on; 0 picks a free one. */
    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public Path usersFile() {
        return usersFile;
    }

    public Serialization serialization() {
        return serialization;
    }

    public Optional<Path> keystore() {
        return Optional.ofNullable(keystore);
    }

    /** The keystore password (from the environment, never from a flag or file). */
    public String keystorePassword() {
        return keystorePassword;
    }

    public TenantLimits limits() {
        return limits;
    }

    /** The caps on each tenant's functions and the largest module accepted. */
    public Quotas quotas() {
        return quotas;
    }

    /** How long a shutdown waits for in-flight requests before cancelling them. */
    public Duration shutdownGrace() {
        return shutdownGrace;
    }

    /** Whether a first start on an empty data directory creates demo tenants and users. */
    public boolean demoTenants() {
        return demoTenants;
    }

    /** Caps on what one HTTP client can hold: request size, connections, read timeouts. */
    public HttpLimits http() {
        return http;
    }

    /** Failed-login backoff and the password hashing pool. */
    public LoginLimits logins() {
        return logins;
    }

    /** Collects the optional settings of a {@link ServerConfig}. */
    public static final class Builder {
        private String bindAddress = "127.0.0.1";
        private int port = 8765;
        private final Path dataDirectory;
        private Path usersFile;
        private Serialization serialization = Serialization.PROTOBUF;
        private Path keystore;
        private String keystorePassword;
        private TenantLimits limits = TenantLimits.DEFAULT;
        private Quotas quotas = Quotas.DEFAULT;
        private Duration shutdownGrace = Duration.ofSeconds(10);
        private boolean demoTenants = true;
        private HttpLimits http = HttpLimits.DEFAULT;
        private LoginLimits logins = LoginLimits.DEFAULT;

        private Builder(Path dataDirectory) {
            this.dataDirectory = dataDirectory;
        }

        public Builder bindAddress(String bindAddress) {
            this.bindAddress = bindAddress;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder usersFile(Path usersFile) {
            this.usersFile = usersFile;
            return this;
        }

        public Builder serialization(Serialization serialization) {
            this.serialization = serialization;
            return this;
        }

        public Builder tls(Path keystore, String password) {
            this.keystore = keystore;
            this.keystorePassword = password;
            return this;
        }

        public Builder limits(TenantLimits limits) {
            this.limits = limits;
            return this;
        }

        public Builder quotas(Quotas quotas) {
            this.quotas = quotas;
            return this;
        }

        public Builder shutdownGrace(Duration shutdownGrace) {
            this.shutdownGrace = shutdownGrace;
            return this;
        }

        public Builder demoTenants(boolean demoTenants) {
            this.demoTenants = demoTenants;
            return this;
        }

        public Builder http(HttpLimits http) {
            this.http = http;
            return this;
        }

        public Builder logins(LoginLimits logins) {
            this.logins = logins;
            return this;
        }

        public ServerConfig build() {
            return new ServerConfig(this);
        }
    }
}
