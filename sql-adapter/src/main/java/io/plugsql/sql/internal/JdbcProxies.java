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

/**
 * Wraps a Calcite connection, and every statement, result set and metadata object obtained from it,
 * so that each failure leaves through {@link SqlErrors} with a SQLSTATE.
 */
public final class JdbcProxies {
    private static final List<Class<?>> WRAPPED = List.of(
            CallableStatement.class, PreparedStatement.class, Statement.class, ResultSet.class,
            DatabaseMetaData.class);

    private JdbcProxies() {}

    /** The connection as clients see it. */
    public static Connection wrap(Connection connection) {
        Handler handler = new Handler(connection, null);
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

        Handler(Object target, Connection connection) {
            this.target = target;
            this.connection = connection;
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
            return Proxy.newProxyInstance(JdbcProxies.class.getClassLoader(), new Class<?>[] {type},
                    new Handler(result, connection));
        }

        private static boolean declaresSqlException(Method method) {
            return Arrays.stream(method.getExceptionTypes()).anyMatch(t -> t.isAssignableFrom(SQLException.class));
        }
    }
}
