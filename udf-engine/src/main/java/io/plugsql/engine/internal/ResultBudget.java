package io.plugsql.engine.internal;

import io.plugsql.engine.EngineErrorCode;

/**
 * The VARCHAR/VARBINARY bytes one invocation may still return ({@link io.plugsql.engine.EngineConfig#maxResultBytes()}):
 * each value is counted before it is copied out of guest memory, so the result vector never holds
 * more than the limit.
 */
final class ResultBudget {
    private final long limit;
    private long used;

    ResultBudget(long limit) {
        this.limit = limit;
    }

    /** Counts a value of {@code bytes} bytes for {@code row}, or fails the invocation at that row. */
    void take(long bytes, long row) {
        if (bytes > limit - used) {
            throw new AbiViolation(EngineErrorCode.RESULT_TOO_LARGE, "its results in this batch reach " + (used + bytes)
                    + " bytes, above the limit of " + limit + " bytes per batch", row);
        }
        used += bytes;
    }
}
