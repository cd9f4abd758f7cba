package io.plugsql.sql.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Map;

/**
 * Connections whose {@link DatabaseMetaData#getTables} and {@link DatabaseMetaData#getColumns} take
 * schema, table and column names exactly: each name is escaped with the driver's search string
 * escape before it reaches the driver, so {@code _} and {@code %} in a name match only themselves.
 *
 * <p>Calcite's JdbcSchema passes plain names where JDBC expects LIKE patterns and takes the first
 * row: without this, table {@code A_B} of tenant {@code a_c} could bind to {@code AXB}, or to a
 * table of tenant {@code abc}, and its columns could be another table's.
 */
final class ExactNameMetaData {
    /** For each method, the indexes of its pattern arguments. */
    private static final Map<String, int[]> PATTERN_ARGUMENTS = Map.of(
            "getTables", new int[] {1, 2},
            "getColumns", new int[] {1, 2, 3});

    private ExactNameMetaData() {}

    /** {@code connection}, its metadata taking exact names. */
    static Connection wrap(Connection connection) {
        return (Connection) Proxy.newProxyInstance(ExactNameMetaData.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    Object result = invoke(connection, method, args);
                    return result instanceof DatabaseMetaData metaData && method.getName().equals("getMetaData")
                            ? exact(metaData, (Connection) proxy)
                            : result;
                });
    }

    private static DatabaseMetaData exact(DatabaseMetaData metaData, Connection connection) throws SQLException {
        String escape = metaData.getSearchStringEscape();
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("getConnection")) {
                return connection;
            }
            int[] patterns = PATTERN_ARGUMENTS.get(method.getName());
            if (patterns != null && args != null && args.length > patterns[patterns.length - 1]) {
                Object[] exact = args.clone();
                for (int index : patterns) {
                    if (exact[index] instanceof String name) {
                        exact[index] = escape(name, escape);
                    }
                }
                return invoke(metaData, method, exact);
            }
            return invoke(metaData, method, args);
        };
        return (DatabaseMetaData) Proxy.newProxyInstance(ExactNameMetaData.class.getClassLoader(),
                new Class<?>[] {DatabaseMetaData.class}, handler);
    }

    /** {@code name} as a LIKE pattern matching only itself. */
    static String escape(String name, String escape) {
        if (escape == null || escape.isEmpty()) {
            throw new IllegalStateException("the tenant database has no search string escape");
        }
        StringBuilder pattern = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '_' || c == '%' || name.startsWith(escape, i)) {
                pattern.append(escape);
            }
            pattern.append(c);
        }
        return pattern.toString();
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
