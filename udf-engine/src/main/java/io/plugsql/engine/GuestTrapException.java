package io.plugsql.engine;

import java.util.OptionalLong;

/** The guest trapped, reported an error through the batch form, or returned an invalid result. */
public final class GuestTrapException extends UdfException {
    private static final long serialVersionUID = 1L;

    public GuestTrapException(EngineErrorCode code, String functionName, OptionalLong row, String message, Throwable cause) {
        super(code, functionName, row, message, cause);
    }
}
