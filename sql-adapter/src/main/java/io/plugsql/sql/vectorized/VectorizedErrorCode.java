package io.plugsql.sql.vectorized;

import io.plugsql.error.ErrorCode;
import io.plugsql.error.ErrorCodeSupplier;
import io.plugsql.error.ErrorType;

/**
 * Errors of vectorized UDF execution: sql-adapter codes in the sub-range 0x0300_0F00.
 */
public enum VectorizedErrorCode implements ErrorCodeSupplier {
    /** A vectorization connection property has a value that cannot be used. */
    INVALID_PROPERTY(0x0300_0F00, ErrorType.USER_ERROR),
    /** A UDF argument value cannot be represented in the parameter's Arrow type. */
    ARGUMENT_CONVERSION(0x0300_0F01, ErrorType.USER_ERROR),
    /** A UDF returned a vector of the wrong type or with too few values. */
    BAD_RESULT_VECTOR(0x0300_0F02, ErrorType.INTERNAL_ERROR),
    /** An Arrow table handed over a batch that breaks its contract (vector class, length, batch size). */
    BAD_INPUT_VECTOR(0x0300_0F03, ErrorType.INTERNAL_ERROR);

    private final ErrorCode errorCode;

    VectorizedErrorCode(int code, ErrorType type) {
        this.errorCode = new ErrorCode(code, name(), type);
    }

    @Override
    public ErrorCode toErrorCode() {
        return errorCode;
    }
}
