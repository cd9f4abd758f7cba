package io.plugsql.engine;

import java.util.OptionalLong;

/** The handler export's WebAssembly type does not match the declared SQL signature. */
public final class SignatureMismatchException extends UdfException {
    private static final long serialVersionUID = 1L;

    public SignatureMismatchException(EngineErrorCode code, String functionName, OptionalLong row, String message, Throwable cause) {
        super(code, functionName, row, message, cause);
    }
}
