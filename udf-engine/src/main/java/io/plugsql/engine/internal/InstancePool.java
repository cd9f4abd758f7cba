package io.plugsql.engine.internal;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;

/**
 * The instances of one function. At most {@code size} invocations run at once (callers beyond wait
 * for a permit); an idle instance is in its post-instantiation state (fresh, or reset by
 * {@link GuestInstance#resetToInitial}) and is handed to one caller at a time. Instances are created
 * lazily, by the caller that finds none idle.
 */
final class InstancePool {
    private final Semaphore permits;
    private final ConcurrentLinkedDeque<GuestInstance> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    InstancePool(int size) {
        this.permits = new Semaphore(size, true);
    }

    /** Waits for a permit; then {@link #pollIdle} may give an instance, or null to create one. */
    void acquire() throws InterruptedException {
        permits.acquire();
    }

    GuestInstance pollIdle() {
        return idle.pollFirst();
    }

    /** Returns a permit taken by {@link #acquire}. */
    void releasePermit() {
        permits.release();
    }

    /** Keeps an instance in its post-instantiation state for the next caller. */
    void offerIdle(GuestInstance initial) {
        if (!closed) {
            idle.offerFirst(initial);
        }
    }

    void close() {
        closed = true;
        idle.clear();
    }
}
