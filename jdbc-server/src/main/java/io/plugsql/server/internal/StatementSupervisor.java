package io.plugsql.server.internal;

import io.plugsql.server.ServerErrorCode;
import io.plugsql.server.ServerException;

import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * Tracks the statements executing right now and stops them on timeout, on client close, or at
 * shutdown: it cancels the JDBC statement (Calcite's cancel flag) and interrupts the executing
 * thread, which also stops Wasm guest code running on it.
 */
final class StatementSupervisor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatementSupervisor.class);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "plugsql-statement-timer");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<Integer, Execution> running = new ConcurrentHashMap<>();

    /** Work that may fail with the checked exceptions of Avatica's {@code Meta}. */
    @FunctionalInterface
    interface Work<T, E1 extends Exception, E2 extends Exception> {
        T run() throws E1, E2;
    }

    /**
     * Runs one execute or fetch of statement {@code statementId} on the current thread, cancelling it
     * after {@code timeout}.
     */
    <T, E1 extends Exception, E2 extends Exception> T run(int statementId, String connectionId, Statement statement,
            Duration timeout, Work<T, E1, E2> work) throws E1, E2 {
        Execution execution = new Execution(statementId, connectionId, statement, Thread.currentThread());
        running.put(statementId, execution);
        ScheduledFuture<?> deadline = timer.schedule(
                () -> execution.stop(ServerErrorCode.STATEMENT_TIMEOUT,
                        "statement exceeded the server's statement timeout of " + timeout.toMillis() + " ms and was cancelled"),
                timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            return work.run();
        }
        catch (RuntimeException e) {
            throw execution.explain(e);
        }
        catch (Exception e) {
            if (execution.reasonCode() != null) {
                throw execution.explain(e);
            }
            throw e;
        }
        finally {
            deadline.cancel(false);
            execution.finish();
            running.remove(statementId, execution);
        }
    }

    /** Stops the statement if it is executing; returns whether it was. */
    boolean cancel(int statementId, String why) {
        Execution execution = running.get(statementId);
        if (execution == null) {
            return false;
        }
        execution.stop(ServerErrorCode.STATEMENT_CANCELLED, why);
        return true;
    }

    int runningCount() {
        return running.size();
    }

    void cancelConnection(String connectionId, String why) {
        running.values().stream()
                .filter(execution -> execution.connectionId.equals(connectionId))
                .forEach(execution -> execution.stop(ServerErrorCode.STATEMENT_CANCELLED, why));
    }

    void cancelAll(String why) {
        running.values().forEach(execution -> execution.stop(ServerErrorCode.STATEMENT_CANCELLED, why));
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    private static void resetCancelFlag(Statement statement) {
        try {
            AvaticaStatement avatica = statement.unwrap(AvaticaStatement.class);
            avatica.getConnection().unwrap(AvaticaConnection.class).getCancelFlag(avatica.handle).set(false);
        }
        catch (SQLException | NoSuchStatementException | RuntimeException e) {
            LOG.debug("cannot reset the cancel flag of a stopped statement", e);
        }
    }

    /** One statement executing on one thread. */
    private static final class Execution {
        private final int statementId;
        private final String connectionId;
        private final Statement statement;
        private final Thread thread;
        private boolean finished;
        private ServerErrorCode reasonCode;
        private String reason;

        Execution(int statementId, String connectionId, Statement statement, Thread thread) {
            this.statementId = statementId;
            this.connectionId = requireNonNull(connectionId, "connectionId is null");
            this.statement = statement;
            this.thread = thread;
        }

        synchronized void stop(ServerErrorCode code, String why) {
            if (finished || reasonCode != null) {
                return;
            }
            reasonCode = code;
            reason = why;
            LOG.info("stopping statement {} of connection {}: {}", statementId, connectionId, why);
            if (statement != null) {
                try {
                    statement.cancel();
                }
                catch (SQLException | RuntimeException e) {
                    LOG.debug("cancel of statement {} failed; relying on interrupt", statementId, e);
                }
            }
            thread.interrupt();
        }

        /**
         * Marks the execution over and clears what stopping it left behind: the interrupt (the pooled
         * thread serves other requests) and the statement's cancel flag (the client may reuse it).
         */
        synchronized void finish() {
            finished = true;
            Thread.interrupted();
            if (reasonCode != null && statement != null) {
                resetCancelFlag(statement);
            }
        }

        synchronized ServerErrorCode reasonCode() {
            return reasonCode;
        }

        synchronized RuntimeException explain(Exception failure) {
            if (reasonCode == null) {
                return failure instanceof RuntimeException ? (RuntimeException) failure : new RuntimeException(failure);
            }
            return new ServerException(reasonCode, reason, failure);
        }
    }
}
