package io.plugsql.engine.internal.fuel;

import static java.util.Objects.requireNonNull;

import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.ChicoryException;

/**
 * Host side of fuel metering: sets and reads the fuel counter of an instance of a module rewritten
 * by {@link FuelInstrumenter}.
 *
 * <p>Protocol: {@link #set} the budget before a call; after the call, {@link #remaining()} tells
 * what is left. When the call traps, {@link #exhausted()} tells a fuel cut-off (counter negative)
 * from a trap of the guest's own (counter still non-negative): metering code traps as soon as a
 * charge takes the counter below zero, and the guest cannot name the counter.
 *
 * <pre>{@code
 * FuelMeter meter = FuelMeter.of(instance);
 * meter.set(FuelMeter.budget(fuelPerRow, rows));
 * try {
 *     instance.export("f_batch").apply(rows, args, out);
 * } catch (TrapException e) {
 *     if (meter.exhausted()) { ... fuel exhausted ... } else { ... guest trap ... }
 * }
 * }</pre>
 *
 * <p>Like its {@link Instance}, a meter is not thread-safe.
 */
public final class FuelMeter {
    private final GlobalInstance counter;

    private FuelMeter(GlobalInstance counter) {
        this.counter = counter;
    }

    /**
     * Returns the meter of {@code instance}. Works on an instance whose initialization (start
     * function) trapped, provided it was built with {@code withInitialize(false)} and initialized
     * afterwards, so that the instance object is still at hand.
     *
     * @throws IllegalArgumentException if the instance's module was not instrumented
     */
    public static FuelMeter of(Instance instance) {
        requireNonNull(instance, "instance is null");
        try {
            return new FuelMeter(instance.exports().global(FuelInstrumenter.FUEL_EXPORT));
        } catch (ChicoryException e) {
            throw new IllegalArgumentException(
                    "instance has no fuel counter: its module was not instrumented for fuel", e);
        }
    }

    /**
     * Budget of a batch of {@code rows} rows at {@code fuelPerRow} each, saturating at {@link
     * Long#MAX_VALUE}. An empty batch still gets one row's worth, since the batch export and the ABI
     * helpers (allocation, reset) run and spend fuel too.
     */
    public static long budget(long fuelPerRow, int rows) {
        if (fuelPerRow < 0 || rows < 0) {
            throw new IllegalArgumentException("fuel per row and rows must not be negative");
        }
        long billed = Math.max(rows, 1);
        long high = Math.multiplyHigh(fuelPerRow, billed);
        long product = fuelPerRow * billed;
        return high != 0 || product < 0 ? Long.MAX_VALUE : product;
    }

    /** Whether a counter value read after a trap means the fuel ran out. */
    public static boolean exhausted(long remaining) {
        return remaining < 0;
    }

    /** Sets the fuel available to the next calls. */
    public void set(long fuel) {
        if (fuel < 0) {
            throw new IllegalArgumentException("fuel is negative: " + fuel);
        }
        counter.setValue(fuel);
    }

    /** Fuel left; negative after the cut-off (by the price of the region that did not fit). */
    public long remaining() {
        return counter.getValue();
    }

    /** Whether the fuel ran out: the counter is negative. */
    public boolean exhausted() {
        return exhausted(remaining());
    }
}
