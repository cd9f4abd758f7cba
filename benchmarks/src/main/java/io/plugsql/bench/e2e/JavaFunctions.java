package io.plugsql.bench.e2e;

/** The benchmark kernel as a plain Java static method, registered in the peers that run Java UDFs. */
public final class JavaFunctions {
    private JavaFunctions() {}

    /** {@code a * b + 1}: the same logic as the sample module mul_add.wasm. */
    public static long mulAdd(long a, long b) {
        return a * b + 1;
    }
}
