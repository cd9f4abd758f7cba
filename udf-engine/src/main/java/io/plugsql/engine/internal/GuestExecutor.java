package io.plugsql.engine.internal;

import io.plugsql.engine.internal.GuestFailures.StopReason;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs guest code on dedicated threads whose stack size is the function's stack limit, so deep
 * recursion ends in a {@link StackOverflowError} at a predictable depth without touching the caller.
 * The caller waits; on timeout, or when the caller is interrupted (statement cancel), the guest
 * thread is interrupted (Chicory checks the flag in compiled and interpreted code) and the caller
 * still waits for it to stop, so no buffer is in use after {@link #run} returns.
 */
final class GuestExecutor implements AutoCloseable {
    /** Result of one run: the guest's failure (null on success) and why the caller stopped it, if it did. */
    record Outcome(Throwable failure, StopReason stopReason) {}

    /** Life of a task: queued, running on a guest thread, done, or cancelled before it started. */
    private enum State { QUEUED, RUNNING, DONE, CANCELLED }

    private final int threads;
    private final Map<Long, ThreadPoolExecutor> pools = new ConcurrentHashMap<>();
    private volatile boolean closed;

    GuestExecutor(int threads) {
        this.threads = threads;
    }

    /**
     * Runs {@code body} on a guest thread with the given stack and waits for it to end.
     *
     * @param timeout wall-clock limit, counted from the moment a guest thread starts the body
     * @throws RejectedExecutionException when the executor is closed
     */
    Outcome run(long stackBytes, Duration timeout, Runnable body) {
        Task task = new Task(body);
        pool(stackBytes).execute(task);
        return task.await(timeout.toNanos());
    }

    private ThreadPoolExecutor pool(long stackBytes) {
        if (closed) {
            throw new RejectedExecutionException("engine is closed");
        }
        return pools.computeIfAbsent(stackBytes, this::newPool);
    }

    private ThreadPoolExecutor newPool(long stackBytes) {
        AtomicInteger counter = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(null, runnable,
                    "plugsql-guest-" + (stackBytes >> 10) + "k-" + counter.incrementAndGet(), stackBytes);
            thread.setDaemon(true);
            return thread;
        };
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    @Override
    public void close() {
        closed = true;
        for (ThreadPoolExecutor pool : pools.values()) {
            for (Runnable queued : pool.shutdownNow()) {
                ((Task) queued).abandon();
            }
        }
        pools.clear();
    }

    /** One body's run; its monitor guards the state shared by the guest thread and the caller. */
    private static final class Task implements Runnable {
        private final Runnable body;
        private State state = State.QUEUED;
        private Thread runner;
        private long startNanos;
        private Throwable failure;

        Task(Runnable body) {
            this.body = body;
        }

        @Override
        public void run() {
            synchronized (this) {
                if (state == State.CANCELLED) {
                    return;
                }
                state = State.RUNNING;
                runner = Thread.currentThread();
                startNanos = System.nanoTime();
                notifyAll();
            }
            Throwable thrown = null;
            try {
                body.run();
            } catch (Throwable t) { // guest failures include StackOverflowError and OutOfMemoryError
                thrown = t;
            }
            synchronized (this) {
                failure = thrown;
                state = State.DONE;
                runner = null;
                // An interrupt aimed at this task must not leak into the thread's next task.
                Thread.interrupted();
                notifyAll();
            }
        }

        /** Marks a task that will never run (executor shut down) so its caller stops waiting. */
        synchronized void abandon() {
            if (state == State.QUEUED) {
                state = State.CANCELLED;
                notifyAll();
            }
        }

        synchronized Outcome await(long timeoutNanos) {
            StopReason reason = null;
            boolean interrupted = false;
            while (state != State.DONE && state != State.CANCELLED) {
                try {
                    if (state == State.RUNNING && reason == null) {
                        long remaining = startNanos + timeoutNanos - System.nanoTime();
                        if (remaining <= 0) {
                            reason = StopReason.TIMEOUT;
                            runner.interrupt();
                        } else {
                            TimeUnit.NANOSECONDS.timedWait(this, remaining);
                        }
                    } else {
                        wait();
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                    if (reason == null) {
                        reason = StopReason.CANCELLED;
                        if (state == State.QUEUED) {
                            state = State.CANCELLED;
                        } else if (state == State.RUNNING) {
                            runner.interrupt();
                        }
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (state == State.CANCELLED) {
                return new Outcome(new InterruptedException("cancelled before the guest started"), reason);
            }
            return new Outcome(failure, failure == null ? null : reason);
        }
    }
}
