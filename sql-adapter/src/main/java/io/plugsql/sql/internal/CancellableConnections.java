package io.plugsql.sql.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Tenant database connections whose statements a plugsql cancel stops with H2's own
 * {@link Statement#cancel()} while they execute ({@link StatementCancellation#whileExecuting}):
 * H2 checks that flag between rows and rolls the statement back. Result sets are not wrapped, so
 * reading rows costs nothing more.
 */
final class CancellableConnections {
    private CancellableConnections() {}

    static Connection wrap(Connection connection) {
        return (Connection) Proxy.newProxyInstance(CancellableConnections.class.getClassLoader(),
                new Class<?>[] {Connection.class}, new ConnectionHandler(connection));
    }

    private static Object forward(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Wraps the statements a connection creates. */
    private static final class ConnectionHandler implements InvocationHandler {
        private final Connection target;

        ConnectionHandler(Connection target) {
            this.target = target;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            Object result = forward(target, method, args);
            if (result instanceof Statement statement && method.getReturnType().isInterface()
                    && Statement.class.isAssignableFrom(method.getReturnType())) {
                return Proxy.newProxyInstance(CancellableConnections.class.getClassLoader(),
                        new Class<?>[] {method.getReturnType()}, new StatementHandler(statement, (Connection) proxy));
            }
            return result;
        }
    }

    /** Makes each execute of a statement cancellable; {@code getConnection} returns the wrapped connection. */
    private static final class StatementHandler implements InvocationHandler {
        private final Statement target;
        private final Connection connection;

        StatementHandler(Statement target, Connection connection) {
            this.target = target;
            this.connection = connection;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (name.equals("getConnection")) {
                return connection;
            }
            if (!name.startsWith("execute")) {
                return forward(target, method, args);
            }
            try (StatementCancellation.Registration registration = StatementCancellation.whileExecuting(this::cancelQuietly)) {
                return forward(target, method, args);
            }
        }

        private void cancelQuietly() {
            try {
                target.cancel();
            } catch (SQLException e) {
                // the statement ended or closed meanwhile: nothing is left to cancel
            }
        }
    }
}
