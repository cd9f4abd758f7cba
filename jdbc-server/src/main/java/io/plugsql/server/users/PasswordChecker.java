package io.plugsql.server.users;

import io.plugsql.server.ServerErrorCode;
import io.plugsql.server.ServerException;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs the PBKDF2 work of password checks on a few threads of its own with a bounded queue, so a
 * flood of logins takes at most those threads' cores from queries; checks beyond the queue are
 * refused at once.
 */
public final class PasswordChecker {
    private final ThreadPoolExecutor pool;
    private final LongAdder derivations = new LongAdder();

    public PasswordChecker(int threads, int queue) {
        AtomicInteger counter = new AtomicInteger();
        pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                queue == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queue), runnable -> {
                    Thread thread = new Thread(runnable, "plugsql-password-check-" + counter.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
    }

    /** How many PBKDF2 derivations password checks have run. */
    public long derivations() {
        return derivations.sum();
    }

    boolean matches(PasswordHash hash, char[] password) {
        Future<Boolean> check;
        try {
            check = pool.submit(() -> {
                derivations.increment();
                return hash.matches(password);
            });
        }
        catch (RejectedExecutionException e) {
            throw new ServerException(ServerErrorCode.LOGIN_BUSY,
                    "the server is checking too many passwords at once; retry in a moment");
        }
        try {
            return check.get();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            check.cancel(true);
            throw new ServerException(ServerErrorCode.LOGIN_BUSY, "the password check was interrupted");
        }
        catch (ExecutionException e) {
            throw new IllegalStateException("password check failed", e.getCause());
        }
    }
}
