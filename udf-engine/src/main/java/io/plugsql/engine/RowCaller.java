package io.plugsql.engine;

/**
 * Calls a loaded function's scalar export one row at a time on the calling thread, for hosts that
 * evaluate rows themselves (Apache Spark's generated code). It owns one sandboxed instance; the
 * limits are those of {@link WasmFunction#invoke} with one call per row: memory as the instance's
 * cap, fuel {@link SandboxLimits#fuelPerRow()} per call, the timeout per call (enforced by the
 * engine's watchdog, which interrupts the calling thread at most a tick after the timeout), and the
 * stack: a call that overflows the calling thread's stack is run again on a guest thread whose stack
 * is the function's limit, whose verdict counts.
 *
 * <p>Not thread-safe: one caller per thread. Values are set per call and forgotten after it.
 *
 * <pre>{@code
 * try (RowCaller caller = engine.rowCaller(function)) {
 *     caller.setLong(0, 3);
 *     caller.setLong(1, 4);
 *     if (caller.call(row)) {
 *         long result = caller.resultBits();
 *     }
 * }
 * }</pre>
 */
public interface RowCaller extends AutoCloseable {
    /**
     * Sets a fixed-width argument as its Wasm value bits: 0/1 for BOOLEAN, the value for INTEGER,
     * BIGINT, DATE (days) and TIMESTAMP (microseconds), the unscaled value for DECIMAL, and
     * {@link Float#floatToRawIntBits} / {@link Double#doubleToRawLongBits} for REAL / DOUBLE.
     */
    void setLong(int parameter, long bits);

    /** Sets a VARCHAR (UTF-8) or VARBINARY argument; the array is read during {@link #call} only. */
    void setBytes(int parameter, byte[] value);

    /** Sets an argument to NULL (in return_null mode the row's result is then NULL without a call). */
    void setNull(int parameter);

    /**
     * Calls the function on the arguments set since the last call.
     *
     * @param row the row's index, for error messages
     * @return false when the result is NULL
     * @throws UdfException (a subclass) naming the function, its version, the row and the kind of failure
     */
    boolean call(long row);

    /** The last non-NULL fixed-width result, in the encoding of {@link #setLong}. */
    long resultBits();

    /** The last non-NULL VARCHAR (UTF-8, checked) or VARBINARY result. */
    byte[] resultBytes();

    /** Drops the instance and stops watching this caller. */
    @Override
    void close();
}
