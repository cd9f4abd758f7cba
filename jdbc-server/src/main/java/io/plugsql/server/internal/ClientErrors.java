package io.plugsql.server.internal;

import io.plugsql.error.PlugSqlException;
import io.plugsql.server.ServerErrorCode;
import io.plugsql.server.ServerException;

import org.apache.calcite.avatica.AvaticaSeverity;
import org.apache.calcite.avatica.NoSuchConnectionException;
import org.apache.calcite.avatica.remote.AvaticaRuntimeException;

import java.sql.SQLException;
import java.util.Map;

/**
 * Turns failures inside the server into Avatica errors that reach the JDBC client as
 * {@link SQLException}s with a message, an SQLSTATE and a vendor code.
 */
final class ClientErrors {
    private static final Map<ServerErrorCode, String> SQL_STATES = Map.ofEntries(
            Map.entry(ServerErrorCode.FORBIDDEN_PROPERTY, "42501"),
            Map.entry(ServerErrorCode.SCHEMA_SWITCH_DENIED, "42501"),
            Map.entry(ServerErrorCode.TOO_MANY_CONNECTIONS, "53300"),
            Map.entry(ServerErrorCode.TOO_MANY_STATEMENTS, "53000"),
            Map.entry(ServerErrorCode.STATEMENT_TIMEOUT, "57014"),
            Map.entry(ServerErrorCode.STATEMENT_CANCELLED, "57014"),
            Map.entry(ServerErrorCode.NOT_AUTHENTICATED, "28000"),
            Map.entry(ServerErrorCode.SHUTTING_DOWN, "57P01"),
            Map.entry(ServerErrorCode.REQUEST_TOO_LARGE, "54000"));

    private ClientErrors() {}

    static RuntimeException translate(RuntimeException failure) {
        if (failure instanceof AvaticaRuntimeException || failure instanceof NoSuchConnectionException) {
            return failure;
        }
        if (failure instanceof ServerException) {
            ServerException server = (ServerException) failure;
            String state = SQL_STATES.getOrDefault(ServerErrorCode.valueOf(server.getErrorCode().name()), "HY000");
            return avatica(server.getMessage(), server.getErrorCode().code(), state);
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException) {
                SQLException sql = (SQLException) cause;
                return avatica(sql.getMessage(), sql.getErrorCode(), sql.getSQLState() == null ? "HY000" : sql.getSQLState());
            }
            if (cause instanceof PlugSqlException) {
                PlugSqlException plug = (PlugSqlException) cause;
                return avatica(plug.getMessage(), plug.getErrorCode().code(), "HY000");
            }
        }
        return failure;
    }

    private static AvaticaRuntimeException avatica(String message, int code, String sqlState) {
        return new AvaticaRuntimeException(message, code, sqlState, AvaticaSeverity.ERROR);
    }
}
