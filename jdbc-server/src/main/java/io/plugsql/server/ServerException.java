package io.plugsql.server;

import io.plugsql.error.PlugSqlException;

/** Error raised by the JDBC server: configuration, authentication, tenancy and limits. */
public class ServerException extends PlugSqlException {
    private static final long serialVersionUID = 1L;

    public ServerException(ServerErrorCode errorCode, String message) {
        super(errorCode, message);
    }

    public ServerException(ServerErrorCode errorCode, String message, Throwable cause) {
        super(errorCode, message, cause);
    }
}
