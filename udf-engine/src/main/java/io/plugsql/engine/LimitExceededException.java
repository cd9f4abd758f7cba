package io.plugsql.engine;

import java.util.OptionalLong;

/** A sandbox limit stopped the guest: timeout, cancellation, fuel, stack or memory. */
public final class LimitExceededException extends UdfException {
    private static final long serialVersionUID = 1L;

    public LimitExceededException(EngineErrorCode code, String functionName, OptionalLong row, String message, Throwable cause) {
        super(code, functionName, row, message, cause);
    }
}
