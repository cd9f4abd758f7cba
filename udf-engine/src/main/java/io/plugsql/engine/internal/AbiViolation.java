package io.plugsql.engine.internal;

import static java.util.Objects.requireNonNull;

import io.plugsql.engine.EngineErrorCode;

/**
 * Raised by host code on a guest thread when the guest breaks the ABI (invalid result, failed
 * allocation, reported error); {@link GuestFailures} adds the function's name and the row.
 */
final class AbiViolation extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final EngineErrorCode code;
    private final long row;

    AbiViolation(EngineErrorCode code, String detail) {
        this(code, detail, -1);
    }

    /** @param row the exact row, or -1 to use the invocation's progress */
    AbiViolation(EngineErrorCode code, String detail, long row) {
        super(requireNonNull(detail, "detail is null"), null, false, false);
        this.code = requireNonNull(code, "code is null");
        this.row = row;
    }

    EngineErrorCode code() {
        return code;
    }

    long row() {
        return row;
    }
}
