package io.plugsql.sql.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Wraps a Calcite connection, and every statement, result set and metadata object obtained from it,
 * so that each failure leaves through {@link SqlErrors} with a SQLSTATE, and so that
 * {@link Statement#cancel()} and {@link Statement#setQueryTimeout} also stop a running guest call
 * ({@link GuestCancellation}).
 */
public final class JdbcProxies {
    private static final List<Class<?>> WRAPPED = List.of(
            CallableStatement.class, PreparedStatement.class, Statement.class, ResultSet.class,
            DatabaseMetaData.class);

    private JdbcProxies() {}

    /** The connection as clients see it. */
    public static Connection wrap(Connection connection) {
        Handler handler = new Handler(connection, null, null);
        Connection proxy = (Connection) Proxy.newProxyInstance(
                JdbcProxies.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
        handler.connection = proxy;
        return proxy;
    }

    /** Forwards a call, translating failures and wrapping JDBC objects it returns. */
    private static final class Handler implements InvocationHandler {
        private final Object target;
        /** The client's connection proxy; for the connection's own handler, set right after the proxy is made. */
        private Connection connection;
        /** The statement this object belongs to (a statement or its result set), else null. */
        private final StatementCalls calls;

        Handler(Object target, Connection connection, StatementCalls calls) {
            this.target = target;
            this.connection = connection;
            this.calls = calls;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "equals":
                    return args[0] == proxy;
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "getConnection":
                    if (method.getParameterCount() == 0) {
                        return connection;
                    }
                    break;
                default:
                    break;
            }
            if (calls != null && method.getName().equals("cancel")) {
                calls.cancel();
                return forward(method, args);
            }
            if (calls == null) {
                return forward(method, args);
            }
            if (target instanceof Statement) {
                calls.beforeStatementCall(method, args, (Statement) target);
            } else if (method.getName().equals("close")) {
                calls.disarm();
            }
            Thread current = Thread.currentThread();
            calls.running.add(current);
            try {
                return forward(method, args);
            } finally {
                calls.running.remove(current);
                GuestCancellation.clear(current);
            }
        }

        private Object forward(Method method, Object[] args) throws Throwable {
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                Throwable failure = e.getCause();
                if (declaresSqlException(method)) {
                    throw SqlErrors.toSqlException(failure);
                }
                throw failure;
            }
            return wrapResult(method.getReturnType(), result);
        }

        private Object wrapResult(Class<?> type, Object result) {
            if (result == null || !WRAPPED.contains(type)) {
                return result;
            }
            StatementCalls owner = Statement.class.isAssignableFrom(type) ? new StatementCalls()
                    : type == ResultSet.class ? calls : null;
            return Proxy.newProxyInstance(JdbcProxies.class.getClassLoader(), new Class<?>[] {type},
                    new Handler(result, connection, owner));
        }

        private static boolean declaresSqlException(Method method) {
            return Arrays.stream(method.getExceptionTypes()).anyMatch(t -> t.isAssignableFrom(SQLException.class));
        }
    }

    /**
     * The threads in one statement's calls (its own and its result sets'), and its query timeout:
     * what a cancel, or the timeout's timer, cancels.
     */
    private static final class StatementCalls {
        private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "plugsql-query-timeout");
            thread.setDaemon(true);
            return thread;
        });

        private final Set<Thread> running = ConcurrentHashMap.newKeySet();
        private volatile int timeoutSeconds;
        private ScheduledFuture<?> timer;

        void cancel() {
            running.forEach(GuestCancellation::cancel);
        }

        /** Notes a query timeout; arms it when a statement starts executing; disarms it on close. */
        void beforeStatementCall(Method method, Object[] args, Statement statement) {
            String name = method.getName();
            if (name.equals("setQueryTimeout") && args != null && args[0] instanceof Integer) {
                timeoutSeconds = (Integer) args[0];
            } else if (name.startsWith("execute")) {
                arm(statement);
            } else if (name.equals("close")) {
                disarm();
            }
        }

        private synchronized void arm(Statement statement) {
            disarm();
            if (timeoutSeconds > 0) {
                timer = TIMER.schedule(() -> {
                    cancel();
                    try {
                        statement.cancel();
                    } catch (SQLException | RuntimeException e) {
                        // the guest call is stopped either way; Calcite's own flag is best effort
                    }
                }, timeoutSeconds, TimeUnit.SECONDS);
            }
        }

        synchronized void disarm() {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }
    }
}
