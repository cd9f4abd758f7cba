package io.plugsql.engine;

import static java.util.Objects.requireNonNull;

import io.plugsql.error.PlugSqlException;
import java.util.OptionalLong;

/**
 * Failure of a Wasm function: carries the function's display name (name and version) and, where
 * known, the row within the invocation at which it failed.
 */
public class UdfException extends PlugSqlException {
    private static final long serialVersionUID = 1L;

    private final String functionName;
    private final long row;

    public UdfException(EngineErrorCode code, String functionName, OptionalLong row, String message, Throwable cause) {
        super(code, message, cause);
        this.functionName = requireNonNull(functionName, "functionName is null");
        this.row = requireNonNull(row, "row is null").orElse(-1);
    }

    /** The failed function's display name, e.g. {@code acme.discount v3}. */
    public String functionName() {
        return functionName;
    }

    /** Index of the failing row within the invocation (0-based), when known. */
    public OptionalLong row() {
        return row < 0 ? OptionalLong.empty() : OptionalLong.of(row);
    }
}
