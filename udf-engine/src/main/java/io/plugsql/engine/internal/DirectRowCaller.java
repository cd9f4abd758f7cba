package io.plugsql.engine.internal;

import io.plugsql.engine.EngineErrorCode;
import io.plugsql.engine.FunctionDefinition;
import io.plugsql.engine.FunctionInfo;
import io.plugsql.engine.NullInputMode;
import io.plugsql.engine.RowCaller;
import io.plugsql.engine.SandboxLimits;
import io.plugsql.engine.TypeName;
import io.plugsql.engine.UdfException;
import io.plugsql.engine.UdfType;
import io.plugsql.engine.internal.GuestExecutor.Outcome;
import io.plugsql.engine.internal.GuestFailures.StopReason;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.RejectedExecutionException;

/**
 * {@link RowCaller} of a scalar-form function: the ABI steps of {@link ScalarInvoker} for one row,
 * run on the calling thread under a {@link CallWatchdog.Watch}; failures are explained by
 * {@link GuestFailures} exactly as for a batch, with the caller's row.
 */
final class DirectRowCaller implements RowCaller {
    private final String function;
    private final List<UdfType> params;
    private final UdfType result;
    private final boolean callOnNull;
    private final CompiledModule module;
    private final AbiBinding binding;
    private final SandboxLimits limits;
    private final GuestExecutor executor;
    private final CallWatchdog.Watch watch;
    private final int[] valueSlot;
    private final long[] values;
    private final byte[][] bytes;
    private final boolean[] nulls;
    private final long[] callArgs;
    private GuestInstance guest;
    private long resultBits;
    private byte[] resultBytes;
    private boolean resultIsNull;

    DirectRowCaller(FunctionDefinition definition, FunctionInfo info, CompiledModule module, AbiBinding binding,
            GuestExecutor executor, CallWatchdog watchdog) {
        this.function = definition.displayName();
        this.params = definition.signature().parameters();
        this.result = definition.signature().result();
        this.callOnNull = definition.nullInputMode() == NullInputMode.CALL;
        this.module = module;
        this.binding = binding;
        this.limits = info.effectiveLimits();
        this.executor = executor;
        this.valueSlot = ScalarArgumentSlots.valueSlots(params, callOnNull);
        this.callArgs = new long[ScalarArgumentSlots.wasmParameterCount(params, callOnNull)];
        this.values = new long[params.size()];
        this.bytes = new byte[params.size()][];
        this.nulls = new boolean[params.size()];
        this.watch = watchdog.watch(Thread.currentThread(), limits.timeout().toNanos());
    }

    @Override
    public void setLong(int parameter, long bits) {
        values[parameter] = bits;
        nulls[parameter] = false;
    }

    @Override
    public void setBytes(int parameter, byte[] value) {
        bytes[parameter] = value;
        nulls[parameter] = value == null;
    }

    @Override
    public void setNull(int parameter) {
        nulls[parameter] = true;
        bytes[parameter] = null;
    }

    @Override
    public boolean call(long row) {
        if (!callOnNull) {
            for (boolean isNull : nulls) {
                if (isNull) {
                    return false;
                }
            }
        }
        Throwable failure = null;
        boolean timedOut;
        boolean instantiating = false;
        watch.enter();
        try {
            if (guest == null) {
                instantiating = true;
                guest = module.instantiate(binding);
                instantiating = false;
            }
            callOnce(guest, row);
        } catch (RuntimeException | StackOverflowError e) {
            failure = e;
        } finally {
            timedOut = watch.exit();
        }
        if (failure == null && !timedOut) {
            return !resultIsNull;
        }
        guest = null; // an instance that failed is never used again
        Progress progress = new Progress(); // made on failure only: the per-row path allocates nothing of its own
        progress.row((int) Math.min(Integer.MAX_VALUE, row));
        progress.instantiating(instantiating);
        if (!timedOut && GuestFailures.isStackExhausted(failure)) {
            return callOnGuestThread(row, progress);
        }
        throw GuestFailures.atRun(failure == null ? new InterruptedException("timed out") : failure,
                timedOut ? StopReason.TIMEOUT : null, function, progress, limits);
    }

    /**
     * Runs the row again on a fresh instance on a guest thread whose stack is the function's limit, so the
     * stack limit is the function's and not the calling thread's.
     */
    private boolean callOnGuestThread(long row, Progress progress) {
        Outcome outcome;
        try {
            outcome = executor.run(limits.stackBytes(), limits.timeout(), () -> callOnce(module.instantiate(binding), row));
        } catch (RejectedExecutionException e) {
            throw new UdfException(EngineErrorCode.FUNCTION_CLOSED, function, OptionalLong.empty(),
                    "function " + function + " cannot run: its engine is closed", e);
        }
        if (outcome.failure() != null) {
            throw GuestFailures.atRun(outcome.failure(), outcome.stopReason(), function, progress, limits);
        }
        return !resultIsNull;
    }

    private void callOnce(GuestInstance instance, long row) {
        instance.begin(limits.fuelPerRow());
        try {
            int total = 0;
            for (int a = 0; a < params.size(); a++) {
                if (params.get(a).name().isVariableWidth() && !nulls[a]) {
                    total += bytes[a].length;
                }
            }
            int cursor = total > 0 ? instance.region(total) : 0;
            for (int a = 0; a < params.size(); a++) {
                int slot = valueSlot[a];
                if (callOnNull) {
                    callArgs[slot - 1] = nulls[a] ? 1 : 0;
                }
                if (params.get(a).name().isVariableWidth()) {
                    byte[] value = nulls[a] ? null : bytes[a];
                    int length = value == null ? 0 : value.length;
                    if (length > 0) {
                        System.arraycopy(value, 0, instance.memory().array(), cursor, length);
                    }
                    callArgs[slot] = value == null ? 0 : cursor;
                    callArgs[slot + 1] = length;
                    cursor += length;
                } else {
                    callArgs[slot] = nulls[a] ? 0 : values[a];
                }
            }
            long bits = instance.call(callArgs);
            resultIsNull = callOnNull && instance.hasResultIsNull() && instance.resultIsNull();
            if (!resultIsNull) {
                storeResult(instance, bits, row);
            }
            instance.reset();
        } catch (RuntimeException e) {
            throw instance.explain(e);
        }
    }

    private void storeResult(GuestInstance instance, long bits, long row) {
        int exactRow = (int) Math.min(Integer.MAX_VALUE, row);
        if (!result.name().isVariableWidth()) {
            if (result.name() == TypeName.DECIMAL) {
                ArrowColumns.checkDecimal(result, exactRow, bits);
            }
            resultBits = result.name() == TypeName.BOOLEAN ? (bits != 0 ? 1 : 0) : bits;
            return;
        }
        int ptr = (int) (bits >>> 32);
        int len = (int) bits;
        FlatMemory memory = instance.memory();
        if (!memory.inBounds(ptr, len)) {
            throw new AbiViolation(EngineErrorCode.INVALID_RESULT, "result (ptr " + Integer.toUnsignedString(ptr)
                    + ", len " + len + ") lies outside guest memory of " + memory.array().length + " bytes", exactRow);
        }
        if (result.name() == TypeName.VARCHAR) {
            ArrowColumns.checkUtf8(memory.array(), ptr, len, exactRow);
        }
        resultBytes = Arrays.copyOfRange(memory.array(), ptr, ptr + len);
    }

    @Override
    public long resultBits() {
        return resultBits;
    }

    @Override
    public byte[] resultBytes() {
        return resultBytes;
    }

    @Override
    public void close() {
        guest = null;
        watch.close();
    }
}
