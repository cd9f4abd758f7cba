package io.plugsql.engine.internal;

import static java.util.Objects.requireNonNull;

import io.plugsql.engine.EngineErrorCode;

/**
 * A guest trap that a sandbox limit caused: the fuel counter ran out, or the guest trapped after
 * {@code memory.grow} was refused at the memory limit. {@link GuestFailures} reports the limit.
 */
final class LimitTrap extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final EngineErrorCode code;

    LimitTrap(EngineErrorCode code, RuntimeException trap) {
        super(trap.getMessage(), trap, false, false);
        this.code = requireNonNull(code, "code is null");
    }

    /** {@link EngineErrorCode#FUEL_EXHAUSTED} or {@link EngineErrorCode#MEMORY_EXHAUSTED}. */
    EngineErrorCode code() {
        return code;
    }
}
