package io.plugsql.sql.function;

import io.plugsql.error.PlugSqlException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The function versions one JDBC statement was planned with. Each stays loaded while the statement
 * is open, so that iterating its result calls the versions it started with without reloading them;
 * a version replaced or dropped meanwhile is released once its last statement closes (or plans
 * another query) and no call runs it.
 *
 * <pre>{@code
 * FunctionLeases leases = new FunctionLeases();
 * try (FunctionLeases.Scope scope = leases.planning()) {
 *     statement.executeQuery(sql);   // every version the plan calls is leased
 * }
 * ...
 * leases.release();                  // the statement closed
 * }</pre>
 */
public final class FunctionLeases {
    private static final ThreadLocal<FunctionLeases> PLANNING = new ThreadLocal<>();

    /** Guarded by {@code this}. */
    private final Set<Lease> held = new LinkedHashSet<>();

    /** Ends a {@link #planning()} scope. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Until the scope closes, the versions statements on this thread are bound to while planning
     * are leased by this object.
     */
    public Scope planning() {
        FunctionLeases outer = PLANNING.get();
        PLANNING.set(this);
        return () -> {
            if (outer == null) {
                PLANNING.remove();
            } else {
                PLANNING.set(outer);
            }
        };
    }

    /** Gives back every lease: the statement closed, or is about to plan another query. */
    public void release() {
        List<Lease> leases;
        synchronized (this) {
            leases = new ArrayList<>(held);
            held.clear();
        }
        leases.forEach(lease -> lease.registry.unlease(lease.version));
    }

    /**
     * Checks, before the statement runs again, that {@code tenant} may still call every function it
     * was planned with: a REVOKE or DROP since then stops later executions.
     *
     * @throws PlugSqlException PERMISSION_DENIED (42501) or FUNCTION_NOT_FOUND (42883), naming the function
     */
    public void checkExecutable(String tenant) {
        List<Lease> leases;
        synchronized (this) {
            leases = new ArrayList<>(held);
        }
        for (Lease lease : leases) {
            lease.registry.checkExecutable(tenant, lease.version.function());
        }
    }

    /** Called while a call of {@code version} is planned: the planning scope of this thread leases it. */
    static void bound(FunctionRegistry registry, VersionKey version) {
        FunctionLeases leases = PLANNING.get();
        if (leases != null) {
            leases.add(new Lease(registry, version));
        }
    }

    private synchronized void add(Lease lease) {
        if (held.add(lease)) {
            lease.registry.lease(lease.version);
        }
    }

    /** One leased version of one registry. */
    private record Lease(FunctionRegistry registry, VersionKey version) {}
}
