package io.plugsql.engine.internal;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;

/**
 * The instances of one function. At most {@code size} are in use at once (callers beyond wait for
 * a permit); an instance is handed to one caller at a time, and one that failed is dropped rather
 * than returned. Instances are created lazily, by the caller that finds none idle.
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

    /** Returns the permit, and the instance unless it is null (failed, or never created). */
    void release(GuestInstance healthy) {
        if (healthy != null && !closed) {
            idle.offerFirst(healthy);
        }
        permits.release();
    }

    void close() {
        closed = true;
        idle.clear();
    }
}
