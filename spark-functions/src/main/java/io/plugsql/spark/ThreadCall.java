package io.plugsql.spark;

import io.plugsql.engine.RowCaller;
import io.plugsql.engine.UdfType;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * One thread's calls of one bound function: the thread's {@link RowCaller} and the row counter that
 * error messages name (rows this function object evaluated on this thread, i.e. within the task).
 * Used only by its owner thread.
 */
public final class ThreadCall {
    final Thread owner;
    private final RowCaller caller;
    private final String function;
    private final UdfType result;
    private long row;

    ThreadCall(RowCaller caller, String function, UdfType result) {
        this.owner = Thread.currentThread();
        this.caller = caller;
        this.function = function;
        this.result = result;
    }

    public void set(int parameter, boolean value) {
        caller.setLong(parameter, value ? 1 : 0);
    }

    public void set(int parameter, int value) {
        caller.setLong(parameter, value);
    }

    public void set(int parameter, long value) {
        caller.setLong(parameter, value);
    }

    public void set(int parameter, float value) {
        caller.setLong(parameter, Float.floatToRawIntBits(value));
    }

    public void set(int parameter, double value) {
        caller.setLong(parameter, Double.doubleToRawLongBits(value));
    }

    /** A DECIMAL argument: Spark has cast it to the parameter's precision and scale. */
    public void set(int parameter, Decimal value) {
        if (value == null) {
            caller.setNull(parameter);
        } else {
            caller.setLong(parameter, value.toUnscaledLong());
        }
    }

    public void set(int parameter, UTF8String value) {
        if (value == null) {
            caller.setNull(parameter);
        } else {
            caller.setBytes(parameter, value.getBytes());
        }
    }

    public void set(int parameter, byte[] value) {
        caller.setBytes(parameter, value);
    }

    void setNull(int parameter) {
        caller.setNull(parameter);
    }

    /** Calls the function; false when its result is NULL. */
    boolean call() {
        return caller.call(row++);
    }

    public boolean callBoolean() {
        return callFixed() != 0;
    }

    public int callInt() {
        return (int) callFixed();
    }

    public long callLong() {
        return callFixed();
    }

    public float callFloat() {
        return Float.intBitsToFloat((int) callFixed());
    }

    public double callDouble() {
        return Double.longBitsToDouble(callFixed());
    }

    public Decimal callDecimal() {
        return call() ? Decimal.createUnsafe(caller.resultBits(), result.precision(), result.scale()) : null;
    }

    public UTF8String callString() {
        return call() ? UTF8String.fromBytes(caller.resultBytes()) : null;
    }

    public byte[] callBinary() {
        return call() ? caller.resultBytes() : null;
    }

    /** The result as Spark's InternalRow value (boxed), or null. */
    Object callObject() {
        switch (result.name()) {
            case VARCHAR:
                return callString();
            case VARBINARY:
                return callBinary();
            case DECIMAL:
                return callDecimal();
            default:
                break;
        }
        if (!call()) {
            return null;
        }
        long bits = caller.resultBits();
        switch (result.name()) {
            case BOOLEAN:
                return bits != 0;
            case INTEGER:
            case DATE:
                return (int) bits;
            case REAL:
                return Float.intBitsToFloat((int) bits);
            case DOUBLE:
                return Double.longBitsToDouble(bits);
            default:
                return bits;
        }
    }

    /**
     * A primitive result: only magic methods whose arguments are all primitive return one, and Spark
     * does not call them for a NULL argument (return_null mode), so the guest always gave a value.
     */
    private long callFixed() {
        if (!call()) {
            throw new IllegalStateException("function " + function + " returned NULL through a primitive magic method");
        }
        return caller.resultBits();
    }
}
