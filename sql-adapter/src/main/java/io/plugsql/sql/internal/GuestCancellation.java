package io.plugsql.sql.internal;

import io.plugsql.engine.EngineErrorCode;
import io.plugsql.engine.LimitExceededException;
import io.plugsql.engine.WasmFunction;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/**
 * JDBC cancel and query timeout for guest calls. The engine stops a guest when the thread waiting
 * for it is interrupted, so a cancelled statement's thread is interrupted, but only while it waits
 * for a guest call: an interrupt that reached H2's file channels would close them.
 */
public final class GuestCancellation {
    private static final Object LOCK = new Object();
    private static final Set<Thread> IN_GUEST = new HashSet<>();
    private static final Set<Thread> CANCELLED = new HashSet<>();

    private GuestCancellation() {}

    /**
     * {@link WasmFunction#invoke}, stoppable by a cancel of the calling thread's statement: every
     * guest call of a statement goes through here.
     */
    public static FieldVector invoke(
            WasmFunction function, List<? extends FieldVector> arguments, int rows, BufferAllocator allocator) {
        if (!enter()) {
            String name = function.definition().displayName();
            throw new LimitExceededException(EngineErrorCode.CANCELLED, name, OptionalLong.empty(),
                    "function " + name + " was cancelled before it started", null);
        }
        try {
            return StatementInstances.invoke(function, arguments, rows, allocator);
        } finally {
            exit();
        }
    }

    /** Cancels the statement that {@code thread} runs: its current or next guest call stops. */
    public static void cancel(Thread thread) {
        synchronized (LOCK) {
            CANCELLED.add(thread);
            if (IN_GUEST.contains(thread)) {
                thread.interrupt();
            }
        }
    }

    /** Forgets a cancel aimed at {@code thread}: its JDBC call ended. */
    public static void clear(Thread thread) {
        synchronized (LOCK) {
            CANCELLED.remove(thread);
        }
    }

    /** Registers a guest call of the current thread; false when its statement was cancelled already. */
    private static boolean enter() {
        Thread current = Thread.currentThread();
        synchronized (LOCK) {
            if (CANCELLED.contains(current)) {
                return false;
            }
            IN_GUEST.add(current);
            return true;
        }
    }

    /** Called after a guest call; takes back the interrupt that {@link #cancel} sent, so H2 never sees it. */
    private static void exit() {
        Thread current = Thread.currentThread();
        synchronized (LOCK) {
            IN_GUEST.remove(current);
            if (CANCELLED.contains(current)) {
                Thread.interrupted();
            }
        }
    }
}
