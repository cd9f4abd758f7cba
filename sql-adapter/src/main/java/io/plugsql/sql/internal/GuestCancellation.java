package io.plugsql.sql.internal;

import java.util.HashSet;
import java.util.Set;

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

    /**
     * Called before a guest call on the current thread.
     *
     * @return false when the thread's statement was cancelled: do not call the guest
     */
    public static boolean enter() {
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
    public static void exit() {
        Thread current = Thread.currentThread();
        synchronized (LOCK) {
            IN_GUEST.remove(current);
            if (CANCELLED.contains(current)) {
                Thread.interrupted();
            }
        }
    }
}
