package io.plugsql.engine;

import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/**
 * A loaded Wasm function: maps Arrow argument vectors to an Arrow result vector, one sandboxed
 * Wasm invocation per batch. Thread-safe; concurrent invocations use different instances. Each
 * invocation starts on an instance in its post-instantiation state, unless it continues an
 * {@link InstanceLease}.
 *
 * <pre>{@code
 * try (WasmFunction f = engine.load(definition);
 *         FieldVector result = f.invoke(List.of(a, b), rowCount, allocator)) {
 *     ...
 * }
 * }</pre>
 */
public interface WasmFunction extends AutoCloseable {
    FunctionDefinition definition();

    FunctionInfo info();

    /**
     * Runs the function over the first {@code rowCount} rows of the arguments.
     *
     * @param arguments one vector per declared parameter, of the type {@link ArrowTypes#vectorFor} makes,
     *     each with at least {@code rowCount} values
     * @param allocator allocates the result; the caller owns (and closes) the returned vector
     * @return a vector of {@code rowCount} values of the declared result type
     * @throws UdfException (a subclass) naming the function and, where known, the row
     */
    FieldVector invoke(List<? extends FieldVector> arguments, int rowCount, BufferAllocator allocator);

    /**
     * A lease for a caller's successive invocations (one statement's batches or rows): they may share
     * guest state; nothing survives the lease's close. A plain {@link #invoke} is a lease of one call.
     */
    InstanceLease lease();

    /** Releases the pooled instances; later invocations fail. */
    @Override
    void close();
}
