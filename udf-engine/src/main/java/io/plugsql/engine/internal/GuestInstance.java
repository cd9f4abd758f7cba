package io.plugsql.engine.internal;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.ChicoryException;
import io.plugsql.engine.EngineErrorCode;
import io.plugsql.engine.internal.fuel.FuelMeter;
import java.nio.charset.StandardCharsets;

/**
 * One sandboxed instance bound to a function's ABI exports. Used by one thread at a time (the pool
 * guarantees it); discarded after any failure. Built right after instantiation, it snapshots that
 * state, to which {@link #resetToInitial} returns it between leases.
 */
final class GuestInstance {
    private final Instance instance;
    private final InstanceSnapshot snapshot;
    private final ExportFunction main;
    private final ExportFunction alloc;
    private final ExportFunction reset;
    private final ExportFunction resultIsNull;
    private final ExportFunction error;
    private final FlatMemory memory;
    private final FuelMeter meter;
    private final long[] batchArgs = new long[3];
    private int scratchPtr;
    private int scratchSize;

    /** @param meter the instance's fuel counter, or null when its module is not metered */
    GuestInstance(Instance instance, AbiBinding binding, FuelMeter meter) {
        this.instance = instance;
        this.meter = meter;
        this.main = instance.export(binding.export());
        this.alloc = binding.hasAlloc() ? instance.export(AbiV1.ALLOC) : null;
        this.reset = binding.hasReset() ? instance.export(AbiV1.RESET) : null;
        this.resultIsNull = binding.hasResultIsNull() ? instance.export(AbiV1.RESULT_IS_NULL) : null;
        this.error = binding.hasError() ? instance.export(AbiV1.ERROR) : null;
        this.memory = binding.hasMemory() ? (FlatMemory) instance.memory() : null;
        this.snapshot = InstanceSnapshot.of(instance);
        if (memory != null) {
            memory.snapshot();
        }
    }

    /**
     * Puts the instance back into its post-instantiation state: memory, mutable globals (the fuel
     * counter among them), tables, element and data segments, and the host's cached scratch region.
     * False when it cannot (a table grew): the caller discards the instance.
     */
    boolean resetToInitial() {
        if (!snapshot.restore(instance)) {
            return false;
        }
        if (memory != null) {
            memory.restore();
        }
        scratchPtr = 0;
        scratchSize = 0;
        return true;
    }

    /**
     * Starts an invocation: sets the fuel that all of its export calls share (ABI helpers included)
     * and forgets earlier refused memory growth.
     */
    void begin(long fuel) {
        if (meter != null) {
            meter.set(fuel);
        }
        if (memory != null) {
            memory.clearGrowRefused();
        }
    }

    /** The failure to report for {@code failure}, thrown by a call into this instance: see {@link #limitCause}. */
    RuntimeException explain(RuntimeException failure) {
        return limitCause(failure, meter, memory);
    }

    /**
     * A {@link LimitTrap} when a limit caused the trap: the fuel counter is negative, or the guest
     * trapped after a refused {@code memory.grow} (it had no memory left to go on); otherwise the
     * failure itself. Either argument may be null.
     */
    static RuntimeException limitCause(RuntimeException failure, FuelMeter meter, FlatMemory memory) {
        if (!(failure instanceof ChicoryException) || failure instanceof ChicoryInterruptedException) {
            return failure;
        }
        if (meter != null && meter.exhausted()) {
            return new LimitTrap(EngineErrorCode.FUEL_EXHAUSTED, failure);
        }
        if (memory != null && memory.growRefused()) {
            return new LimitTrap(EngineErrorCode.MEMORY_EXHAUSTED, failure);
        }
        return failure;
    }

    /** Calls the scalar export; the single result's raw bits. */
    long call(long[] args) {
        return main.apply(args)[0];
    }

    /** Calls {@code <handler>_batch(rows, args, out)}. */
    int callBatch(int rows, int args, int out) {
        batchArgs[0] = rows;
        batchArgs[1] = args;
        batchArgs[2] = out;
        return (int) main.apply(batchArgs)[0];
    }

    boolean hasResultIsNull() {
        return resultIsNull != null;
    }

    boolean resultIsNull() {
        return (int) resultIsNull.apply()[0] != 0;
    }

    /** The guest's error message after a failed batch call, or a note that it has none. */
    String errorMessage() {
        if (error == null) {
            return "(the module exports no " + AbiV1.ERROR + ")";
        }
        long packed = error.apply()[0];
        int ptr = (int) (packed >>> 32);
        int len = (int) packed;
        if (len == 0) {
            return "(empty message)";
        }
        if (!memory.inBounds(ptr, len)) {
            return "(" + AbiV1.ERROR + " returned an invalid pointer/length)";
        }
        int kept = Math.min(len, AbiV1.MAX_ERROR_MESSAGE_BYTES);
        String text = new String(memory.array(), ptr, kept, StandardCharsets.UTF_8);
        return kept < len ? text + "..." : text;
    }

    /** Frees the guest's per-chunk allocations, when it exports {@code plugsql_reset}. */
    void reset() {
        if (reset != null) {
            reset.apply();
        }
    }

    FlatMemory memory() {
        return memory;
    }

    /**
     * Guest memory for {@code size} bytes written by the host. Allocated per chunk when the guest can
     * reset its arena; otherwise one region is kept and reused (grown geometrically), since the guest
     * would never free it.
     */
    int region(int size) {
        if (reset == null && scratchSize >= size && scratchPtr != 0) {
            return scratchPtr;
        }
        int request = reset == null ? (int) Math.min(Integer.MAX_VALUE, Math.max(size, 2L * scratchSize)) : size;
        int ptr = (int) alloc.apply(request)[0];
        if (ptr == 0 || !memory.inBounds(ptr, request)) {
            throw new AbiViolation(EngineErrorCode.MEMORY_EXHAUSTED, ptr == 0
                    ? AbiV1.ALLOC + "(" + request + ") returned 0 (guest memory exhausted)"
                    : AbiV1.ALLOC + "(" + request + ") returned " + Integer.toUnsignedString(ptr)
                            + ", outside memory of " + memory.array().length + " bytes");
        }
        if (reset == null) {
            scratchPtr = ptr;
            scratchSize = request;
        }
        return ptr;
    }
}
