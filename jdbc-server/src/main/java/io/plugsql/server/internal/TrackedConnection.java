package io.plugsql.server.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;

import static java.util.Objects.requireNonNull;

/**
 * Wraps a tenant connection so that closing it (by the client, by idle expiry, or at shutdown) gives
 * its quota permit back, and so that the statement it just created can be picked up for cancellation.
 */
final class TrackedConnection implements InvocationHandler {
    private static final ThreadLocal<Statement> LAST_CREATED = new ThreadLocal<>();

    private final Connection delegate;
    private final AutoCloseable onClose;

    private TrackedConnection(Connection delegate, AutoCloseable onClose) {
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.onClose = requireNonNull(onClose, "onClose is null");
    }

    static Connection wrap(Connection delegate, AutoCloseable onClose) {
        return (Connection) Proxy.newProxyInstance(TrackedConnection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, new TrackedConnection(delegate, onClose));
    }

    /** Returns and forgets the statement the current thread created last through a tracked connection. */
    static Statement takeLastCreated() {
        Statement statement = LAST_CREATED.get();
        LAST_CREATED.remove();
        return statement;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        try {
            Object result = method.invoke(delegate, args);
            if (result instanceof Statement) {
                LAST_CREATED.set((Statement) result);
            }
            return result;
        }
        catch (InvocationTargetException e) {
            throw e.getCause();
        }
        finally {
            if (method.getName().equals("close") && method.getParameterCount() == 0) {
                onClose.close();
            }
        }
    }
}
