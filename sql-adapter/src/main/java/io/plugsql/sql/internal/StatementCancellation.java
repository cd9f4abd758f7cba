package io.plugsql.sql.internal;

import io.plugsql.engine.EngineErrorCode;
import io.plugsql.engine.LimitExceededException;
import io.plugsql.engine.WasmFunction;
import io.plugsql.error.PlugSqlException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/**
 * JDBC cancel, query timeout and the server's statement timeout for one statement call. A cancel
 * never interrupts the thread outside a guest call, because an interrupt that reaches H2's file
 * channels closes the shared database files for every tenant. It reaches, instead:
 * <ul>
 *   <li>guest code: the engine stops a guest when the thread waiting for it is interrupted, so the
 *       thread is interrupted only while it waits for a guest call, and the interrupt is taken back
 *       when the call returns;</li>
 *   <li>H2 statements executing for the call ({@link #whileExecuting}), through H2's own
 *       {@code Statement.cancel}, which rolls the H2 statement back;</li>
 *   <li>parsing, validation and planning, which check {@link #checkNotCancelled} and the planner's
 *       cancel flag ({@link #onCancel}).</li>
 * </ul>
 *
 * <p>A {@link Scope} belongs to one call (or, on the server, one supervised request); a cancel marks
 * that scope only, so a cancel arriving as the call ends cannot leak into the thread's next call.
 */
public final class StatementCancellation {
    private static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();

    private StatementCancellation() {}

    /**
     * Opens a scope on the current thread, or joins the one already open there (a statement call
     * inside a server request): closing a joined scope leaves the outer one open.
     */
    public static Scope open() {
        Scope outer = CURRENT.get();
        if (outer != null) {
            return outer.joined();
        }
        Scope scope = new Scope(Thread.currentThread());
        CURRENT.set(scope);
        return scope;
    }

    /** Throws the cancellation error if the current thread's statement was cancelled. */
    public static void checkNotCancelled() {
        Scope scope = CURRENT.get();
        if (scope != null && scope.isCancelled()) {
            throw cancelled();
        }
    }

    /**
     * Runs {@code action} when the current statement is cancelled, until the returned registration
     * closes; throws at once if it is cancelled already. Without a scope there is nothing to cancel.
     */
    public static Registration whileExecuting(Runnable action) {
        Scope scope = CURRENT.get();
        if (scope == null) {
            return () -> { };
        }
        return scope.register(action);
    }

    /** Runs {@code action} when the current statement is cancelled (for the rest of the scope). */
    public static void onCancel(Runnable action) {
        Scope scope = CURRENT.get();
        if (scope != null) {
            scope.add(action);
        }
    }

    /**
     * {@link WasmFunction#invoke}, stoppable by a cancel of the calling thread's statement: every
     * guest call of a statement goes through here.
     */
    public static FieldVector invoke(
            WasmFunction function, List<? extends FieldVector> arguments, int rows, BufferAllocator allocator) {
        Scope scope = CURRENT.get();
        if (scope == null) {
            return StatementInstances.invoke(function, arguments, rows, allocator);
        }
        if (!scope.enterGuest()) {
            String name = function.definition().displayName();
            throw new LimitExceededException(EngineErrorCode.CANCELLED, name, OptionalLong.empty(),
                    "function " + name + " was cancelled before it started", null);
        }
        try {
            return StatementInstances.invoke(function, arguments, rows, allocator);
        } finally {
            scope.exitGuest();
        }
    }

    private static PlugSqlException cancelled() {
        return new PlugSqlException(SqlAdapterErrorCode.STATEMENT_CANCELLED,
                "the statement was cancelled while it was parsed, validated or planned");
    }

    /** An action registered with {@link #whileExecuting}; closing it unregisters the action. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /** The cancellation state of one statement call on one thread. */
    public static final class Scope implements AutoCloseable {
        private final Thread thread;
        private final List<Runnable> actions = new ArrayList<>();
        private final boolean owner;
        private final Scope outer;
        private boolean cancelled;
        private boolean inGuest;

        private Scope(Thread thread) {
            this.thread = thread;
            this.owner = true;
            this.outer = this;
        }

        private Scope(Scope outer) {
            this.thread = outer.thread;
            this.owner = false;
            this.outer = outer;
        }

        private Scope joined() {
            return new Scope(this);
        }

        /** Cancels the statement: its H2 statements, its planning, and its current or next guest call stop. */
        public void cancel() {
            Scope target = outer;
            List<Runnable> toRun;
            synchronized (target) {
                if (target.cancelled) {
                    return;
                }
                target.cancelled = true;
                toRun = List.copyOf(target.actions);
                if (target.inGuest) {
                    target.thread.interrupt();
                }
                // H2's cancel only sets a flag that the executing statement checks, so calling it
                // under the lock cannot wait for the statement; the lock keeps it from outliving
                // the statement's execution (whileExecuting's close takes the same lock).
                for (Runnable action : toRun) {
                    action.run();
                }
            }
        }

        boolean isCancelled() {
            synchronized (outer) {
                return outer.cancelled;
            }
        }

        @Override
        public void close() {
            if (owner && CURRENT.get() == this) {
                CURRENT.remove();
            }
        }

        private Registration register(Runnable action) {
            Scope target = outer;
            synchronized (target) {
                if (target.cancelled) {
                    throw cancelled();
                }
                target.actions.add(action);
            }
            return () -> {
                synchronized (target) {
                    target.actions.remove(action);
                }
            };
        }

        private void add(Runnable action) {
            Scope target = outer;
            synchronized (target) {
                target.actions.add(action);
                if (target.cancelled) {
                    action.run();
                }
            }
        }

        private boolean enterGuest() {
            Scope target = outer;
            synchronized (target) {
                if (target.cancelled) {
                    return false;
                }
                target.inGuest = true;
                return true;
            }
        }

        /** Takes back the interrupt that {@link #cancel} sent, so H2 never sees it. */
        private void exitGuest() {
            Scope target = outer;
            synchronized (target) {
                target.inGuest = false;
                if (target.cancelled) {
                    Thread.interrupted();
                }
            }
        }
    }
}
