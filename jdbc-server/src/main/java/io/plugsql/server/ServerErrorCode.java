package io.plugsql.server;

import io.plugsql.error.ErrorCode;
import io.plugsql.error.ErrorCodeSupplier;
import io.plugsql.error.ErrorType;

import static io.plugsql.error.ErrorType.EXTERNAL;
import static io.plugsql.error.ErrorType.INSUFFICIENT_RESOURCES;
import static io.plugsql.error.ErrorType.USER_ERROR;

/** Error codes raised by the JDBC server; numbered from 0x0400_0000. */
public enum ServerErrorCode implements ErrorCodeSupplier {
    /** A command-line flag or configuration value is missing or malformed. */
    INVALID_CONFIGURATION(0, USER_ERROR),
    /** A user or tenant name does not follow the naming rules. */
    INVALID_NAME(1, USER_ERROR),
    /** The users file cannot be read or written, or is malformed. */
    USERS_FILE_ERROR(2, EXTERNAL),
    /** The named user does not exist, or already exists on add. */
    USER_NOT_FOUND(3, USER_ERROR),
    /** The named user already exists. */
    USER_EXISTS(4, USER_ERROR),
    /** A client tried to set a connection property that only the server may set. */
    FORBIDDEN_PROPERTY(5, USER_ERROR),
    /** A client tried to switch its connection to a schema or catalog other than its tenant's. */
    SCHEMA_SWITCH_DENIED(6, USER_ERROR),
    /** The tenant already holds its maximum number of open connections. */
    TOO_MANY_CONNECTIONS(7, INSUFFICIENT_RESOURCES),
    /** The tenant already runs its maximum number of concurrent statements. */
    TOO_MANY_STATEMENTS(8, INSUFFICIENT_RESOURCES),
    /** A statement ran longer than the server's statement timeout and was cancelled. */
    STATEMENT_TIMEOUT(9, INSUFFICIENT_RESOURCES),
    /** A statement was cancelled because its client closed it or its connection. */
    STATEMENT_CANCELLED(10, USER_ERROR),
    /** The request carries no authenticated user. */
    NOT_AUTHENTICATED(11, USER_ERROR),
    /** The data directory cannot be prepared. */
    DATA_DIRECTORY_ERROR(12, EXTERNAL),
    /** The server is shutting down and accepts no new work. */
    SHUTTING_DOWN(13, INSUFFICIENT_RESOURCES),
    /** The server failed to start (port in use, bad keystore). */
    STARTUP_FAILED(14, EXTERNAL),
    /** An HTTP request body is larger than the server accepts. */
    REQUEST_TOO_LARGE(15, INSUFFICIENT_RESOURCES),
    /** Too many failed logins for this user name or client address; refused until the backoff ends. */
    LOGINS_THROTTLED(16, USER_ERROR),
    /** Every password-hashing thread and queue slot is taken. */
    LOGIN_BUSY(17, INSUFFICIENT_RESOURCES);

    private final ErrorCode errorCode;

    ServerErrorCode(int code, ErrorType type) {
        errorCode = new ErrorCode(code + 0x0400_0000, name(), type);
    }

    @Override
    public ErrorCode toErrorCode() {
        return errorCode;
    }
}
