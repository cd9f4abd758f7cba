package io.plugsql.server;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * Caps that apply to each tenant separately.
 *
 * @param maxConnections open JDBC connections per tenant
 * @param maxConcurrentStatements statements executing or fetching at the same time per tenant
 * @param statementTimeout wall-clock limit of one execute or fetch request, after which the server
 *     cancels it (the Avatica protocol does not carry the client's query timeout)
 */
public record TenantLimits(int maxConnections, int maxConcurrentStatements, Duration statementTimeout) {
    public static final TenantLimits DEFAULT = new TenantLimits(32, 8, Duration.ofMinutes(5));

    public TenantLimits {
        requireNonNull(statementTimeout, "statementTimeout is null");
        if (maxConnections < 1) {
            throw new ServerException(ServerErrorCode.INVALID_CONFIGURATION, "max connections per tenant must be at least 1");
        }
        if (maxConcurrentStatements < 1) {
            throw new ServerException(ServerErrorCode.INVALID_CONFIGURATION, "max concurrent statements per tenant must be at least 1");
        }
        if (statementTimeout.isNegative() || statementTimeout.isZero()) {
            throw new ServerException(ServerErrorCode.INVALID_CONFIGURATION, "statement timeout must be positive");
        }
    }
}
