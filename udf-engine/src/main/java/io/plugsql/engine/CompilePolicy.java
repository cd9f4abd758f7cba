package io.plugsql.engine;

/** Whether modules are compiled to JVM bytecode or interpreted. */
public enum CompilePolicy {
    /** Compile; a function too large for a JVM method runs in the interpreter instead. The default. */
    COMPILE_WITH_FALLBACK,
    /** Compile; a module that cannot be compiled whole is refused. */
    COMPILE_ONLY,
    /** Never compile: every function runs in Chicory's interpreter (for comparison and debugging). */
    INTERPRET,
}
