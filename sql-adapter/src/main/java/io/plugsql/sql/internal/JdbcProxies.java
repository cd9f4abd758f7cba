package io.plugsql.sql.internal;

import io.plugsql.sql.function.FunctionLeases;
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
 * ({@link StatementCancellation}), and so that each statement leases the function versions it was planned
 * with until it closes or plans another query ({@link FunctionLeases}), and each execution keeps the
 * instances it calls until it ends ({@link StatementInstances}).
 */
public final class JdbcProxies {
    private static final List<Class<?>> WRAPPED = List.of(
            CallableStatement.class, PreparedStatement.class, Statement.class, ResultSet.class,
            DatabaseMetaData.class);

    private JdbcProxies() {}

    /** The connection of {@code tenant} as clients see it. */
    public static Connection wrap(Connection connection, String tenant) {
        Handler handler = new Handler(connection, null, null, tenant);
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
        /** For the connection's own handler: its open statements, whose leases its close gives back. */
        private final Set<StatementCalls> statements = ConcurrentHashMap.newKeySet();
        /** The connection's tenant, whose right to call a prepared statement's functions each execution checks. */
        private final String tenant;

        Handler(Object target, Connection connection, StatementCalls calls, String tenant) {
            this.target = target;
            this.connection = connection;
            this.calls = calls;
            this.tenant = tenant;
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
                return target instanceof Connection ? forwardConnectionCall(method, args) : forward(method, args);
            }
            boolean statement = target instanceof Statement;
            if (statement) {
                try {
                    calls.beforeStatementCall(method, args, (Statement) target, tenant);
                } catch (RuntimeException e) {
                    throw SqlErrors.toSqlException(e);
                }
            } else if (method.getName().equals("close")) {
                calls.disarm();
            }
            StatementCancellation.Scope cancellation = StatementCancellation.open();
            calls.running.add(cancellation);
            try (FunctionLeases.Scope scope = statement ? calls.leases.planning() : null;
                    StatementInstances.Scope running = calls.instances.running()) {
                return forward(method, args);
            } finally {
                calls.running.remove(cancellation);
                cancellation.close();
                if (method.getName().equals("close")) {
                    if (statement) {
                        calls.closed();
                    } else {
                        calls.instances.endExecution();
                    }
                }
            }
        }

        /**
         * A connection's call: a statement it prepares leases the versions it plans with; its close
         * gives back the leases of statements left open.
         */
        private Object forwardConnectionCall(Method method, Object[] args) throws Throwable {
            if (method.getName().equals("close")) {
                try {
                    return forward(method, args);
                } finally {
                    statements.forEach(StatementCalls::closed);
                }
            }
            if (!Statement.class.isAssignableFrom(method.getReturnType())) {
                return forward(method, args);
            }
            StatementCalls owner = new StatementCalls(statements);
            // prepareStatement plans: a server's statement timeout reaches it through the open scope.
            try (StatementCancellation.Scope cancellation = StatementCancellation.open();
                    FunctionLeases.Scope scope = owner.leases.planning()) {
                return forward(method, args, owner);
            } catch (Throwable e) {
                owner.closed();
                throw e;
            }
        }

        private Object forward(Method method, Object[] args) throws Throwable {
            return forward(method, args, null);
        }

        /** Forwards; a statement returned belongs to {@code owner}, or to new statement calls if null. */
        private Object forward(Method method, Object[] args, StatementCalls owner) throws Throwable {
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
            return wrapResult(method.getReturnType(), result, owner);
        }

        private Object wrapResult(Class<?> type, Object result, StatementCalls statementOwner) {
            if (result == null || !WRAPPED.contains(type)) {
                return result;
            }
            StatementCalls owner = Statement.class.isAssignableFrom(type)
                    ? (statementOwner != null ? statementOwner : new StatementCalls(statements))
                    : type == ResultSet.class ? calls : null;
            return Proxy.newProxyInstance(JdbcProxies.class.getClassLoader(), new Class<?>[] {type},
                    new Handler(result, connection, owner, tenant));
        }

        private static boolean declaresSqlException(Method method) {
            return Arrays.stream(method.getExceptionTypes()).anyMatch(t -> t.isAssignableFrom(SQLException.class));
        }
    }

    /**
     * The cancellation scopes of one statement's running calls (its own and its result sets'), and its query timeout:
     * what a cancel, or the timeout's timer, cancels; and the function versions it leases.
     */
    private static final class StatementCalls {
        private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "plugsql-query-timeout");
            thread.setDaemon(true);
            return thread;
        });

        private final Set<StatementCancellation.Scope> running = ConcurrentHashMap.newKeySet();
        private final FunctionLeases leases = new FunctionLeases();
        private final StatementInstances instances = new StatementInstances();
        /** The open statements of the connection, this one among them until it closes. */
        private final Set<StatementCalls> open;
        private volatile int timeoutSeconds;
        private ScheduledFuture<?> timer;

        StatementCalls(Set<StatementCalls> open) {
            this.open = open;
            open.add(this);
        }

        /** The statement closed (or failed to be made): its function versions may be released. */
        void closed() {
            open.remove(this);
            instances.endExecution();
            leases.release();
        }

        void cancel() {
            running.forEach(StatementCancellation.Scope::cancel);
        }

        /**
         * Notes a query timeout; arms it when a statement starts executing; disarms it on close. An
         * execution of the statement's plan checks first that {@code tenant} may still call its functions.
         */
        void beforeStatementCall(Method method, Object[] args, Statement statement, String tenant) {
            String name = method.getName();
            if (name.equals("setQueryTimeout") && args != null && args[0] instanceof Integer) {
                timeoutSeconds = (Integer) args[0];
            } else if (name.startsWith("execute")) {
                instances.endExecution();
                if (args != null && args.length > 0 && args[0] instanceof String) {
                    // A new query replaces the statement's plan (and closes its result set).
                    leases.release();
                } else if (statement instanceof PreparedStatement) {
                    leases.checkExecutable(tenant);
                }
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
