package io.plugsql.server.client;

import org.apache.calcite.avatica.AvaticaConnection;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.Statement;

import static java.util.Objects.requireNonNull;

/**
 * Connection proxy whose statements cancel on the server and whose metadata lists WASM functions;
 * everything else goes to Avatica's connection.
 */
final class ClientConnection implements InvocationHandler {
    private final Connection delegate;
    private final String connectionId;
    private final CancelChannel channel;

    private ClientConnection(Connection delegate, String connectionId, CancelChannel channel) {
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.connectionId = requireNonNull(connectionId, "connectionId is null");
        this.channel = requireNonNull(channel, "channel is null");
    }

    static Connection wrap(Connection delegate, CancelChannel channel) throws SQLException {
        String id = delegate.unwrap(AvaticaConnection.class).id;
        return (Connection) Proxy.newProxyInstance(ClientConnection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, new ClientConnection(delegate, id, channel));
    }

    /** Metadata whose getFunctions/getFunctionColumns read the plugsql catalog; the rest is Avatica's. */
    private DatabaseMetaData functionAware(DatabaseMetaData metaData) {
        return (DatabaseMetaData) Proxy.newProxyInstance(ClientConnection.class.getClassLoader(),
                new Class<?>[] {DatabaseMetaData.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getFunctions":
                            return FunctionMetadata.functions(delegate, (String) args[1], (String) args[2]);
                        case "getFunctionColumns":
                            return FunctionMetadata.functionColumns(delegate, (String) args[1], (String) args[2],
                                    (String) args[3]);
                        default:
                            try {
                                return method.invoke(metaData, args);
                            }
                            catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                    }
                });
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        Object result;
        try {
            result = method.invoke(delegate, args);
        }
        catch (InvocationTargetException e) {
            throw e.getCause();
        }
        if (result instanceof Statement && Statement.class.isAssignableFrom(method.getReturnType())) {
            return ClientStatement.wrap((Statement) result, method.getReturnType(), connectionId, channel);
        }
        if (result instanceof DatabaseMetaData) {
            return functionAware((DatabaseMetaData) result);
        }
        return result;
    }
}
