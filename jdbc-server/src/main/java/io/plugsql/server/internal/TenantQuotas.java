package io.plugsql.server.internal;

import io.plugsql.server.ServerErrorCode;
import io.plugsql.server.ServerException;
import io.plugsql.server.TenantLimits;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

import static java.util.Objects.requireNonNull;

/** Counts each tenant's open connections and running statements against {@link TenantLimits}. */
final class TenantQuotas {
    private final TenantLimits limits;
    private final Map<String, Usage> usage = new ConcurrentHashMap<>();

    TenantQuotas(TenantLimits limits) {
        this.limits = requireNonNull(limits, "limits is null");
    }

    Permit acquireConnection(String tenant) {
        if (!usage(tenant).connections.tryAcquire()) {
            throw new ServerException(ServerErrorCode.TOO_MANY_CONNECTIONS, "tenant '" + tenant
                    + "' already has " + limits.maxConnections() + " open connections (max-connections-per-tenant)");
        }
        return new Permit(usage(tenant).connections);
    }

    Permit acquireStatement(String tenant) {
        if (!usage(tenant).statements.tryAcquire()) {
            throw new ServerException(ServerErrorCode.TOO_MANY_STATEMENTS, "tenant '" + tenant
                    + "' already runs " + limits.maxConcurrentStatements()
                    + " statements concurrently (max-statements-per-tenant); retry when one finishes");
        }
        return new Permit(usage(tenant).statements);
    }

    private Usage usage(String tenant) {
        return usage.computeIfAbsent(tenant, ignored -> new Usage(
                new Semaphore(limits.maxConnections()), new Semaphore(limits.maxConcurrentStatements())));
    }

    /** A tenant's two counters. */
    private record Usage(Semaphore connections, Semaphore statements) {}

    /** One unit of a quota, given back exactly once. */
    static final class Permit implements AutoCloseable {
        private final Semaphore semaphore;
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit(Semaphore semaphore) {
            this.semaphore = semaphore;
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                semaphore.release();
            }
        }
    }
}
