package io.plugsql.engine.internal;

import io.plugsql.engine.InstanceLease;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/** {@link InstanceLease} of a {@link FunctionRuntime}: the instance parked between invocations. */
final class StatementLease implements InstanceLease {
    private final FunctionRuntime function;
    /** Guarded by {@code this}. */
    private GuestInstance parked;
    private boolean closed;

    StatementLease(FunctionRuntime function) {
        this.function = function;
    }

    @Override
    public FieldVector invoke(List<? extends FieldVector> arguments, int rowCount, BufferAllocator allocator) {
        return function.invoke(this, arguments, rowCount, allocator);
    }

    /** The parked instance, now the caller's; null when there is none. */
    synchronized GuestInstance take() {
        GuestInstance instance = parked;
        parked = null;
        return instance;
    }

    /** Keeps a healthy instance for the next invocation; once closed, it is reset and pooled at once. */
    void park(GuestInstance instance) {
        synchronized (this) {
            if (!closed) {
                parked = instance;
                return;
            }
        }
        function.recycle(instance);
    }

    @Override
    public void close() {
        GuestInstance instance;
        synchronized (this) {
            closed = true;
            instance = parked;
            parked = null;
        }
        if (instance != null) {
            function.recycle(instance);
        }
    }
}
