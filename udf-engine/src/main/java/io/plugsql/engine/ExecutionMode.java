package io.plugsql.engine;

/** How a function's code runs. */
public enum ExecutionMode {
    /** Every function of the module was compiled to JVM bytecode. */
    COMPILED,
    /** At least one function runs in Chicory's interpreter (too large for a JVM method, or by policy). */
    INTERPRETED,
}
