package io.plugsql.engine.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Enforces the timeout of calls made on their callers' own threads ({@link DirectRowCaller}): one
 * daemon thread samples every watched call each {@link #TICK_MILLIS} ms and interrupts the thread of a
 * call that has been running for at least its timeout. A call costs its thread one ordered store and
 * one compare-and-set; a call is never stopped early, and at most one tick late.
 */
final class CallWatchdog implements AutoCloseable {
    /** Sampling period, hence the most a timeout can overrun. */
    static final long TICK_MILLIS = 5;

    private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
    private Thread thread;
    private volatile boolean closed;

    /** Starts watching calls of {@code owner} with the given timeout. */
    synchronized Watch watch(Thread owner, long timeoutNanos) {
        if (thread == null && !closed) {
            thread = new Thread(this::loop, "plugsql-call-watchdog");
            thread.setDaemon(true);
            thread.start();
        }
        Watch watch = new Watch(owner, timeoutNanos);
        watches.add(watch);
        return watch;
    }

    private void loop() {
        while (!closed) {
            long now = System.nanoTime();
            for (Watch watch : watches) {
                watch.sample(now);
            }
            try {
                TimeUnit.MILLISECONDS.sleep(TICK_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
        }
        watches.clear();
    }

    /**
     * The calls of one thread. State: {@code 4 * sequence + phase}, phase 0 idle, 1 running, 3 stopped by
     * the watchdog; only the owner moves idle to running, and running leaves by one compare-and-set, either
     * the owner's (call ended) or the watchdog's (timeout), so an interrupt never hits a later call.
     */
    final class Watch implements AutoCloseable {
        private static final long RUNNING = 1;
        private static final long STOPPED = 3;

        private final Thread owner;
        private final long timeoutNanos;
        private final AtomicLong state = new AtomicLong();
        private volatile boolean interruptSent;
        private long entered; // owner thread only: the state its call started with
        // Watchdog thread only.
        private long seenState = -1;
        private long seenAt;

        private Watch(Thread owner, long timeoutNanos) {
            this.owner = owner;
            this.timeoutNanos = timeoutNanos;
        }

        /** Marks the start of a call on the owner thread. */
        void enter() {
            entered = ((entered >> 2) + 1) << 2 | RUNNING;
            state.setRelease(entered);
        }

        /**
         * Marks the end of a call; returns whether the watchdog stopped it (the interrupt it sent is then
         * consumed here, so it cannot reach the owner's later work).
         */
        boolean exit() {
            long running = entered;
            if (state.compareAndSet(running, running & ~3L)) {
                return false;
            }
            while (!interruptSent) {
                Thread.onSpinWait();
            }
            Thread.interrupted();
            interruptSent = false;
            state.set(running & ~3L);
            return true;
        }

        private void sample(long now) {
            long current = state.getAcquire();
            if ((current & 3) != RUNNING) {
                return;
            }
            if (current != seenState) {
                seenState = current;
                seenAt = now;
            } else if (now - seenAt >= timeoutNanos && state.compareAndSet(current, (current & ~3L) | STOPPED)) {
                owner.interrupt();
                interruptSent = true;
            }
        }

        @Override
        public void close() {
            watches.remove(this);
        }
    }
}
