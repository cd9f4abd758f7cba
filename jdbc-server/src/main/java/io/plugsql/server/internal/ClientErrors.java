package io.plugsql.server.internal;

import io.plugsql.error.PlugSqlException;
import io.plugsql.server.ServerErrorCode;
import io.plugsql.server.ServerException;

import org.apache.calcite.avatica.AvaticaSeverity;
import org.apache.calcite.avatica.MissingResultsException;
import org.apache.calcite.avatica.NoSuchConnectionException;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.avatica.remote.AvaticaRuntimeException;
import org.apache.calcite.avatica.remote.Service.ErrorResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Turns failures inside the server into Avatica errors that reach the JDBC client as
 * {@link SQLException}s with a message, an SQLSTATE and a vendor code, and nothing else: no stack
 * trace, class name, generated SQL or file path. The full failure goes to the {@code io.plugsql.errors}
 * log under an error id that the client's message ends with.
 */
final class ClientErrors {
    private static final Logger LOG = LoggerFactory.getLogger("io.plugsql.errors");
    private static final SecureRandom IDS = new SecureRandom();
    /** SQLSTATE of failures the server did not expect. */
    private static final String INTERNAL_ERROR = "XX000";
    private static final Map<ServerErrorCode, String> SQL_STATES = Map.ofEntries(
            Map.entry(ServerErrorCode.FORBIDDEN_PROPERTY, "42501"),
            Map.entry(ServerErrorCode.SCHEMA_SWITCH_DENIED, "42501"),
            Map.entry(ServerErrorCode.TOO_MANY_CONNECTIONS, "53300"),
            Map.entry(ServerErrorCode.TOO_MANY_STATEMENTS, "53000"),
            Map.entry(ServerErrorCode.STATEMENT_TIMEOUT, "57014"),
            Map.entry(ServerErrorCode.STATEMENT_CANCELLED, "57014"),
            Map.entry(ServerErrorCode.NOT_AUTHENTICATED, "28000"),
            Map.entry(ServerErrorCode.SHUTTING_DOWN, "57P01"),
            Map.entry(ServerErrorCode.LOGINS_THROTTLED, "28000"),
            Map.entry(ServerErrorCode.LOGIN_BUSY, "53000"),
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

    /**
     * The error response the client gets for {@code failure}: translated, its message cleaned and
     * ending with an error id, without stack traces.
     */
    static ErrorResponse response(Exception failure) {
        String id = HexFormat.of().toHexDigits(IDS.nextInt());
        String user = RequestContext.current().map(u -> u.name() + " (tenant " + u.tenant() + ")").orElse("-");
        if (failure instanceof NoSuchConnectionException || failure instanceof NoSuchStatementException
                || failure instanceof MissingResultsException) {
            LOG.debug("error {} for {}", id, user, failure);
            // The client reconnects on this code; the message names only the client's own ids.
            int code = failure instanceof NoSuchConnectionException ? ErrorResponse.MISSING_CONNECTION_ERROR_CODE
                    : ErrorResponse.UNKNOWN_ERROR_CODE;
            return response(failure.getMessage(), id, code, ErrorResponse.UNKNOWN_SQL_STATE);
        }
        RuntimeException translated = translate(failure instanceof RuntimeException ? (RuntimeException) failure
                : new RuntimeException(failure));
        if (translated instanceof AvaticaRuntimeException) {
            AvaticaRuntimeException avatica = (AvaticaRuntimeException) translated;
            if (failure instanceof ServerException) {
                // The server's own refusals (limits, logins): the message says all, a stack would not.
                LOG.info("error {} for {}: SQLSTATE {} {}", id, user, avatica.getSqlState(), avatica.getErrorMessage());
            }
            else {
                LOG.info("error {} for {}: SQLSTATE {} {}", id, user, avatica.getSqlState(), avatica.getErrorMessage(), failure);
            }
            return response(avatica.getErrorMessage(), id, avatica.getErrorCode(), avatica.getSqlState());
        }
        LOG.warn("error {} for {}: unexpected failure", id, user, failure);
        return response("internal error", id, ErrorResponse.UNKNOWN_ERROR_CODE, INTERNAL_ERROR);
    }

    private static ErrorResponse response(String message, String id, int code, String sqlState) {
        String clean = ClientMessages.sanitize(message);
        String text = (clean.isEmpty() ? "internal error" : clean) + " (error id " + id + ")";
        return new ErrorResponse(List.of(), text, code, sqlState, AvaticaSeverity.ERROR, null);
    }

    private static AvaticaRuntimeException avatica(String message, int code, String sqlState) {
        return new AvaticaRuntimeException(message, code, sqlState, AvaticaSeverity.ERROR);
    }
}
