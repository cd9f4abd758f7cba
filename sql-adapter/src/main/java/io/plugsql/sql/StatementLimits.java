package io.plugsql.sql;

/**
 * Bounds on one SQL statement, checked before it is validated and planned, so that no statement can
 * occupy a thread outside the guest for long or exhaust its stack: over a limit, the statement fails
 * at once with SQLSTATE 54000 (too large) or 54001 (too complex).
 *
 * @param maxStatementChars longest statement text, in characters (a module of the default maximum size
 *     as {@code X'..'} hex fits)
 * @param maxNestingDepth deepest nesting of parentheses, and of expressions in the parsed statement
 *     (a call in a call, {@code CASE} in {@code CASE}, each operand of {@code a + b + c ...})
 * @param maxFunctionCalls most calls of WASM functions written in one statement
 */
public record StatementLimits(int maxStatementChars, int maxNestingDepth, int maxFunctionCalls) {
    /** Default of {@link #maxStatementChars()}: 20 Mi characters. */
    public static final int DEFAULT_MAX_STATEMENT_CHARS = 20 * 1024 * 1024;
    /** Default of {@link #maxNestingDepth()}; validation needs about 1 MiB of thread stack per 400 levels. */
    public static final int DEFAULT_MAX_NESTING_DEPTH = 200;
    /** Default of {@link #maxFunctionCalls()}. */
    public static final int DEFAULT_MAX_FUNCTION_CALLS = 1_000;

    public static final StatementLimits DEFAULT = new StatementLimits(DEFAULT_MAX_STATEMENT_CHARS,
            DEFAULT_MAX_NESTING_DEPTH, DEFAULT_MAX_FUNCTION_CALLS);

    public StatementLimits {
        if (maxStatementChars < 1_000) {
            throw new IllegalArgumentException("the statement size limit must be at least 1000 characters, not "
                    + maxStatementChars);
        }
        if (maxNestingDepth < 10) {
            throw new IllegalArgumentException("the nesting depth limit must be at least 10, not " + maxNestingDepth);
        }
        if (maxFunctionCalls < 1) {
            throw new IllegalArgumentException("at least 1 function call per statement must be allowed, not "
                    + maxFunctionCalls);
        }
    }
}
