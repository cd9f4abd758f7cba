package io.plugsql.server.client;

import org.apache.calcite.avatica.AvaticaStatement;

import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static java.util.Objects.requireNonNull;

/**
 * Statement proxy: {@code cancel()} stops the statement on the server before the local cancel, and
 * an {@code execute*} call with a query timeout schedules that cancel.
 */
final class ClientStatement implements InvocationHandler {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "plugsql-query-timeout");
        thread.setDaemon(true);
        return thread;
    });

    private final Statement delegate;
    private final String connectionId;
    private final CancelChannel channel;
    private volatile int timeoutSeconds;

    private ClientStatement(Statement delegate, String connectionId, CancelChannel channel) {
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.connectionId = requireNonNull(connectionId, "connectionId is null");
        this.channel = requireNonNull(channel, "channel is null");
    }

    static Statement wrap(Statement delegate, Class<?> type, String connectionId, CancelChannel channel) {
        return (Statement) Proxy.newProxyInstance(ClientStatement.class.getClassLoader(), new Class<?>[] {type},
                new ClientStatement(delegate, connectionId, channel));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        if (name.equals("cancel") && method.getParameterCount() == 0) {
            cancelOnServer();
            return call(method, args);
        }
        if (name.equals("setQueryTimeout")) {
            Object result = call(method, args);
            timeoutSeconds = (Integer) args[0];
            return result;
        }
        int timeout = timeoutSeconds;
        if (!name.startsWith("execute") || timeout <= 0) {
            return call(method, args);
        }
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> deadline = TIMER.schedule(() -> {
            expired.set(true);
            try {
                cancelOnServer();
            }
            catch (SQLException ignored) {
                // The statement may have finished meanwhile; nothing to stop.
            }
        }, timeout, TimeUnit.SECONDS);
        try {
            return call(method, args);
        }
        catch (SQLException e) {
            if (expired.get()) {
                throw new SQLTimeoutException("query timeout of " + timeout + " s expired; the server cancelled the statement",
                        "57014", e);
            }
            throw e;
        }
        finally {
            deadline.cancel(false);
        }
    }

    private void cancelOnServer() throws SQLException {
        int statementId = delegate.unwrap(AvaticaStatement.class).getId();
        try {
            channel.cancel(connectionId, statementId);
        }
        catch (IOException e) {
            throw new SQLException("could not send cancel for statement " + statementId + ": " + e.getMessage(), e);
        }
    }

    private Object call(Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(delegate, args);
        }
        catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
