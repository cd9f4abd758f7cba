package io.plugsql.engine;

/** The value types a Wasm function can take and return (ABI v1, docs/ABI.md). */
public enum TypeName {
    /** Wasm i32, 0 or 1. */
    BOOLEAN,
    /** Wasm i32. */
    INTEGER,
    /** Wasm i64. */
    BIGINT,
    /** Wasm f32. */
    REAL,
    /** Wasm f64. */
    DOUBLE,
    /** Wasm i64 holding the unscaled value; precision at most 18. */
    DECIMAL,
    /** UTF-8 bytes passed as (ptr, len) in guest memory. */
    VARCHAR,
    /** Raw bytes passed as (ptr, len) in guest memory. */
    VARBINARY,
    /** Wasm i32: days since 1970-01-01. */
    DATE,
    /** Wasm i64: microseconds since 1970-01-01T00:00:00 UTC. */
    TIMESTAMP;

    /** Whether values of this type live in guest memory as (ptr, len) rather than in a Wasm value. */
    public boolean isVariableWidth() {
        return this == VARCHAR || this == VARBINARY;
    }
}
