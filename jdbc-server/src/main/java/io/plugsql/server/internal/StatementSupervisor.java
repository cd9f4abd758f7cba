package io.plugsql.server.internal;

import io.plugsql.server.ServerErrorCode;
import io.plugsql.server.ServerException;
import io.plugsql.sql.internal.StatementCancellation;

import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * Tracks the statements executing (or being prepared) right now and stops them on timeout, on client
 * close, or at shutdown. Stopping never interrupts the request thread: an interrupt that reaches H2's
 * file channels closes the database files every tenant shares. It cancels the request's
 * {@link StatementCancellation} scope instead, which stops guest code, H2 statements (H2's own cancel)
 * and parsing, validation and planning, and sets the JDBC statement's cancel flag (Calcite's).
 */
final class StatementSupervisor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatementSupervisor.class);

    /** The statement id of a prepare, which has no statement yet: stopped by timeout, connection close or shutdown. */
    static final int PREPARE = -1;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "plugsql-statement-timer");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<Execution> running = ConcurrentHashMap.newKeySet();

    /** Work that may fail with the checked exceptions of Avatica's {@code Meta}. */
    @FunctionalInterface
    interface Work<T, E1 extends Exception, E2 extends Exception> {
        T run() throws E1, E2;
    }

    /**
     * Runs one execute or fetch of statement {@code statementId} (or a prepare, {@link #PREPARE}) on the
     * current thread, cancelling it after {@code timeout}.
     */
    <T, E1 extends Exception, E2 extends Exception> T run(int statementId, String connectionId, Statement statement,
            Duration timeout, Work<T, E1, E2> work) throws E1, E2 {
        Execution execution = new Execution(statementId, connectionId, statement, StatementCancellation.open());
        running.add(execution);
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
            running.remove(execution);
        }
    }

    /** Stops the statement if it is executing; returns whether it was. */
    boolean cancel(int statementId, String why) {
        boolean found = false;
        for (Execution execution : running) {
            if (execution.statementId == statementId && statementId != PREPARE) {
                execution.stop(ServerErrorCode.STATEMENT_CANCELLED, why);
                found = true;
            }
        }
        return found;
    }

    int runningCount() {
        return running.size();
    }

    void cancelConnection(String connectionId, String why) {
        running.stream()
                .filter(execution -> execution.connectionId.equals(connectionId))
                .forEach(execution -> execution.stop(ServerErrorCode.STATEMENT_CANCELLED, why));
    }

    void cancelAll(String why) {
        running.forEach(execution -> execution.stop(ServerErrorCode.STATEMENT_CANCELLED, why));
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
        private final StatementCancellation.Scope cancellation;
        private boolean finished;
        private ServerErrorCode reasonCode;
        private String reason;

        Execution(int statementId, String connectionId, Statement statement, StatementCancellation.Scope cancellation) {
            this.statementId = statementId;
            this.connectionId = requireNonNull(connectionId, "connectionId is null");
            this.statement = statement;
            this.cancellation = cancellation;
        }

        synchronized void stop(ServerErrorCode code, String why) {
            if (finished || reasonCode != null) {
                return;
            }
            reasonCode = code;
            reason = why;
            LOG.info("stopping statement {} of connection {}: {}", statementId, connectionId, why);
            cancellation.cancel();
            if (statement != null) {
                try {
                    statement.cancel();
                }
                catch (SQLException | RuntimeException e) {
                    LOG.debug("cancel of statement {} failed; its scope is cancelled", statementId, e);
                }
            }
        }

        /**
         * Marks the execution over and clears what stopping it left behind: the request's cancellation
         * scope and the statement's cancel flag (the client may reuse the statement).
         */
        synchronized void finish() {
            finished = true;
            cancellation.close();
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
