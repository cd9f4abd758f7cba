package io.plugsql.engine.internal;

/** A module that Chicory accepts but the fuel instrumenter cannot meter (SIMD, tail calls, ...). */
final class InstrumentationRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InstrumentationRefused(String reason, Throwable cause) {
        super(reason, cause);
    }
}
