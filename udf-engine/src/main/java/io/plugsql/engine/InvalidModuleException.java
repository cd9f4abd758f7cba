package io.plugsql.engine;

import java.util.OptionalLong;

/** The module cannot become the declared function: malformed bytes, a missing export, an import, memory above the cap, an unsupported type. */
public final class InvalidModuleException extends UdfException {
    private static final long serialVersionUID = 1L;

    public InvalidModuleException(EngineErrorCode code, String functionName, OptionalLong row, String message, Throwable cause) {
        super(code, functionName, row, message, cause);
    }
}
