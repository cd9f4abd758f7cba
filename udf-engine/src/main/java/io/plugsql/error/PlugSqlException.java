package io.plugsql.error;

import static java.util.Objects.requireNonNull;

/** Unchecked exception that carries a categorized {@link ErrorCode}; the base of all plugsql errors. */
public class PlugSqlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode errorCode;

    public PlugSqlException(ErrorCodeSupplier errorCode, String message) {
        this(errorCode, message, null);
    }

    public PlugSqlException(ErrorCodeSupplier errorCode, String message, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.errorCode = requireNonNull(errorCode, "errorCode is null").toErrorCode();
    }

    public ErrorCode getErrorCode() {
        return errorCode;
    }
}
