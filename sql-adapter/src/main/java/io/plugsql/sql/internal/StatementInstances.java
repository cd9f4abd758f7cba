package io.plugsql.sql.internal;

import io.plugsql.engine.InstanceLease;
import io.plugsql.engine.WasmFunction;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/**
 * The instance leases of one statement's execution: each function it calls keeps one instance from
 * its first call (row or batch) to the end of the execution, when {@link #endExecution} resets the
 * instances and gives them back. So a guest may keep state between the calls of one execution and
 * nothing of it reaches another execution, statement or tenant (docs/ABI.md, "Instance state").
 *
 * <p>The JDBC proxies make a statement's object current on the thread that runs any of its calls
 * (and its result sets'), which is where Calcite runs the statement's enumerators.
 */
public final class StatementInstances {
    private static final ThreadLocal<StatementInstances> CURRENT = new ThreadLocal<>();

    /** Guarded by {@code this}. */
    private final Map<WasmFunction, InstanceLease> leases = new IdentityHashMap<>();

    /** Ends a {@link #running()} scope. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** Until the scope closes, guest calls on this thread belong to this statement. */
    public Scope running() {
        StatementInstances outer = CURRENT.get();
        CURRENT.set(this);
        return () -> {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        };
    }

    /**
     * Invokes {@code function} on the current statement's instance of it; outside any statement (an
     * embedded caller without the JDBC proxies), on an instance of its own.
     */
    static FieldVector invoke(
            WasmFunction function, List<? extends FieldVector> arguments, int rows, BufferAllocator allocator) {
        StatementInstances statement = CURRENT.get();
        if (statement == null) {
            return function.invoke(arguments, rows, allocator);
        }
        return statement.leaseOf(function).invoke(arguments, rows, allocator);
    }

    /** The execution ended (result set closed, statement re-executed or closed): the instances go back, reset. */
    public void endExecution() {
        List<InstanceLease> ending;
        synchronized (this) {
            ending = new ArrayList<>(leases.values());
            leases.clear();
        }
        ending.forEach(InstanceLease::close);
    }

    private synchronized InstanceLease leaseOf(WasmFunction function) {
        return leases.computeIfAbsent(function, WasmFunction::lease);
    }
}
