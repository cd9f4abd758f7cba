package io.plugsql.server;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * Caps on what one HTTP client can hold of the server, whoever it authenticates as.
 *
 * @param maxRequestBytes largest request body accepted; 0 derives it from the largest module
 *     ({@link #defaultMaxRequestBytes(long)})
 * @param maxConnectionsPerAddress open TCP connections per client IP address; more are closed at once
 * @param idleTimeout longest silence on a connection, inside a request (headers or body) or between requests
 * @param minRequestBytesPerSecond slowest request body upload accepted (a trickling body is cut off)
 * @param maxThreads Jetty worker threads serving requests
 * @param healthPort a port of its own for {@code GET /health} with a small thread pool; -1 for none,
 *     0 for any free port
 */
public record HttpLimits(long maxRequestBytes, int maxConnectionsPerAddress, Duration idleTimeout,
        long minRequestBytesPerSecond, int maxThreads, int healthPort) {
    /** Room for the SQL text around a module given as base64. */
    private static final long STATEMENT_ROOM = 4L << 20;

    public static final HttpLimits DEFAULT = new HttpLimits(0, 64, Duration.ofSeconds(30), 64, 200, -1);

    public HttpLimits {
        requireNonNull(idleTimeout, "idleTimeout is null");
        if (maxRequestBytes < 0) {
            throw new ServerException(ServerErrorCode.INVALID_CONFIGURATION, "max request size must not be negative");
        }
        if (maxConnectionsPerAddress < 1) {
            throw new ServerException(ServerErrorCode.INVALID_CONFIGURATION, "max connections per address must be at least 1");
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new ServerException(ServerErrorCode.INVALID_CONFIGURATION, "idle timeout must be positive");
        }
        if (minRequestBytesPerSecond < 0) {
            throw new ServerException(ServerErrorCode.INVALID_CONFIGURATION, "minimum request data rate must not be negative");
        }
        if (maxThreads < 16) {
            throw new ServerException(ServerErrorCode.INVALID_CONFIGURATION, "the server needs at least 16 HTTP threads");
        }
        if (healthPort < -1 || healthPort > 65535) {
            throw new ServerException(ServerErrorCode.INVALID_CONFIGURATION, "health port " + healthPort + " is not in 0..65535");
        }
    }

    /** A module of {@code maxModuleBytes} as base64, plus 4 MiB for the rest of the statement. */
    public static long defaultMaxRequestBytes(long maxModuleBytes) {
        return (maxModuleBytes + 2) / 3 * 4 + STATEMENT_ROOM;
    }

    /** The request body cap in effect with modules of at most {@code maxModuleBytes}. */
    public long effectiveMaxRequestBytes(long maxModuleBytes) {
        return maxRequestBytes > 0 ? maxRequestBytes : defaultMaxRequestBytes(maxModuleBytes);
    }

    public HttpLimits withMaxRequestBytes(long bytes) {
        return new HttpLimits(bytes, maxConnectionsPerAddress, idleTimeout, minRequestBytesPerSecond, maxThreads, healthPort);
    }

    public HttpLimits withMaxConnectionsPerAddress(int connections) {
        return new HttpLimits(maxRequestBytes, connections, idleTimeout, minRequestBytesPerSecond, maxThreads, healthPort);
    }

    public HttpLimits withIdleTimeout(Duration timeout) {
        return new HttpLimits(maxRequestBytes, maxConnectionsPerAddress, timeout, minRequestBytesPerSecond, maxThreads, healthPort);
    }

    public HttpLimits withMinRequestBytesPerSecond(long rate) {
        return new HttpLimits(maxRequestBytes, maxConnectionsPerAddress, idleTimeout, rate, maxThreads, healthPort);
    }

    public HttpLimits withMaxThreads(int threads) {
        return new HttpLimits(maxRequestBytes, maxConnectionsPerAddress, idleTimeout, minRequestBytesPerSecond, threads, healthPort);
    }

    public HttpLimits withHealthPort(int port) {
        return new HttpLimits(maxRequestBytes, maxConnectionsPerAddress, idleTimeout, minRequestBytesPerSecond, maxThreads, port);
    }
}
