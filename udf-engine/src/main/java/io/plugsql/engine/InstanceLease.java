package io.plugsql.engine;

import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/**
 * One caller's (a statement's) use of a function: its successive invocations run, as a rule, on one
 * instance, which it holds between them without blocking other callers (it holds no concurrency
 * permit). Closing the lease puts that instance back into its post-instantiation state (linear
 * memory, mutable globals, tables, element and data segments) before the function's pool hands it
 * to anyone else; an instance that cannot be put back is discarded. So guest state may survive from
 * one invocation to the next of one lease, and never beyond it (docs/ABI.md, "Instance state").
 *
 * <pre>{@code
 * try (InstanceLease lease = function.lease()) {
 *     for (batch : batches) {
 *         try (FieldVector out = lease.invoke(batch.vectors(), batch.rows(), allocator)) { ... }
 *     }
 * }
 * }</pre>
 *
 * <p>Not for concurrent use: one lease serves one thread at a time. A lease may be closed from any
 * thread; an invocation still running then returns its instance itself when it ends.
 */
public interface InstanceLease extends AutoCloseable {
    /** Like {@link WasmFunction#invoke}, on this lease's instance (a fresh or reset one at first). */
    FieldVector invoke(List<? extends FieldVector> arguments, int rowCount, BufferAllocator allocator);

    /** Resets the held instance and gives it back to the function's pool. */
    @Override
    void close();
}
