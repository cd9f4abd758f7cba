package io.plugsql.sql.function;

import io.plugsql.error.PlugSqlException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The function versions one JDBC statement was planned with. While a statement is planned, every
 * lookup of a tenant's functions returns the listing of the first lookup ({@link #listing}), so all call
 * sites of a function in the statement bind the same version even when a CREATE OR REPLACE commits
 * between two lookups. Each version stays loaded while the statement is open, so that iterating its result calls the versions it started with without reloading them;
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
    private static final ThreadLocal<Planning> PLANNING = new ThreadLocal<>();

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
        Planning outer = PLANNING.get();
        PLANNING.set(new Planning(this));
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
        Planning planning = PLANNING.get();
        if (planning != null) {
            planning.leases.add(new Lease(registry, version));
        }
    }

    /**
     * The functions {@code viewer} sees in {@code registry}: {@code current} the first time in this thread's
     * planning scope, the same list on every later lookup in it; {@code current} each time outside one.
     */
    static List<WasmScalarFunction> listing(FunctionRegistry registry, String viewer,
            Supplier<List<WasmScalarFunction>> current) {
        Planning planning = PLANNING.get();
        if (planning == null) {
            return current.get();
        }
        return planning.listings.computeIfAbsent(new Viewer(registry, viewer), key -> current.get());
    }

    private synchronized void add(Lease lease) {
        if (held.add(lease)) {
            lease.registry.lease(lease.version);
        }
    }

    /** One leased version of one registry. */
    private record Lease(FunctionRegistry registry, VersionKey version) {}

    /** A tenant looking at the functions of a registry. */
    private record Viewer(FunctionRegistry registry, String tenant) {}

    /** One planning scope: whose leases it adds to, and the listings it has looked up (one thread only). */
    private static final class Planning {
        final FunctionLeases leases;
        final Map<Viewer, List<WasmScalarFunction>> listings = new HashMap<>();

        Planning(FunctionLeases leases) {
            this.leases = leases;
        }
    }
}
