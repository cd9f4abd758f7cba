package io.plugsql.spark;

import io.plugsql.error.ErrorCode;
import io.plugsql.error.ErrorCodeSupplier;
import io.plugsql.error.ErrorType;

/** Error codes of the spark-functions module (offset 0x0500_0000). */
public enum SparkErrorCode implements ErrorCodeSupplier {
    /** The catalog's options are missing or wrong ({@code data}, {@code tenant}, {@code url}). */
    INVALID_CONFIGURATION(0, ErrorType.USER_ERROR),
    /** No consistent copy of a data directory's catalog could be read. */
    CATALOG_UNREADABLE(1, ErrorType.EXTERNAL),
    /** A call's arguments do not fit the function's declared parameters. */
    INVALID_ARGUMENTS(2, ErrorType.USER_ERROR);

    private final ErrorCode errorCode;

    SparkErrorCode(int code, ErrorType type) {
        this.errorCode = new ErrorCode(code + 0x0500_0000, name(), type);
    }

    @Override
    public ErrorCode toErrorCode() {
        return errorCode;
    }
}
