package io.plugsql.engine.internal;

import io.plugsql.engine.EngineErrorCode;
import io.plugsql.engine.NullInputMode;
import io.plugsql.engine.Signature;
import io.plugsql.engine.TypeName;
import io.plugsql.engine.UdfType;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;

/**
 * Drives the scalar export over a batch with a host-side loop: arguments are decoded per column
 * into Wasm value slots first, then each row costs one Wasm call with a reused argument array and
 * no allocation. Strings of a chunk go into guest memory with one {@code plugsql_alloc} per chunk.
 */
final class ScalarInvoker implements Invoker {
    /** Bytes of guest memory assumed per string result when sizing chunks. */
    private static final int STRING_RESULT_GUESS = 32;

    private final List<UdfType> params;
    private final UdfType result;
    private final boolean callOnNull;
    private final int[] valueSlot;
    private final int slotCount;
    private final long budget;
    private final long maxResultBytes;

    /**
     * @param budget guest-memory bytes of string arguments per chunk
     * @param maxResultBytes most string result bytes per invocation
     */
    ScalarInvoker(Signature signature, NullInputMode nullInputMode, long budget, long maxResultBytes) {
        this.maxResultBytes = maxResultBytes;
        this.params = signature.parameters();
        this.result = signature.result();
        this.callOnNull = nullInputMode == NullInputMode.CALL;
        this.budget = budget;
        this.valueSlot = ScalarArgumentSlots.valueSlots(params, callOnNull);
        this.slotCount = ScalarArgumentSlots.wasmParameterCount(params, callOnNull);
    }

    @Override
    public void invoke(GuestInstance guest, List<? extends FieldVector> args, int rows, FieldVector out, Progress progress) {
        boolean fixedResult = !result.name().isVariableWidth();
        if (fixedResult) {
            ((BaseFixedWidthVector) out).allocateNew(rows);
        } else {
            out.allocateNew();
        }
        boolean[] hasNulls = new boolean[params.size()];
        boolean anyNulls = false;
        for (int a = 0; a < params.size(); a++) {
            hasNulls[a] = args.get(a).getNullCount() > 0;
            anyNulls |= hasNulls[a];
        }
        boolean skipNullRows = anyNulls && !callOnNull;
        boolean askResultNull = callOnNull && guest.hasResultIsNull();

        boolean nullResults = skipNullRows || askResultNull;

        // A string result lives in guest memory until the reset after its chunk: bound chunks by a guess of its size.
        ChunkPlanner planner = new ChunkPlanner(params, args, fixedResult ? 0 : STRING_RESULT_GUESS, budget);
        long[][] slots = new long[slotCount][0];
        long[] results = new long[0];
        boolean[] nulls = new boolean[0];
        long[] callArgs = new long[slotCount];
        ResultBudget resultBytes = new ResultBudget(maxResultBytes);
        for (int start = 0; start < rows; ) {
            int end = planner.end(start, rows);
            int n = end - start;
            progress.chunk(start, end);
            if (results.length < n) {
                for (int s = 0; s < slotCount; s++) {
                    slots[s] = new long[n];
                }
                results = new long[n];
                nulls = new boolean[n];
            }
            Arrays.fill(nulls, 0, n, false);
            fillSlots(guest, args, start, n, slots, nulls, hasNulls);

            for (int i = 0; i < n; i++) {
                if (nulls[i]) {
                    continue;
                }
                int row = start + i;
                progress.row(row);
                for (int s = 0; s < slotCount; s++) {
                    callArgs[s] = slots[s][i];
                }
                long bits = guest.call(callArgs);
                if (askResultNull && guest.resultIsNull()) {
                    nulls[i] = true;
                } else if (fixedResult) {
                    results[i] = bits;
                } else {
                    copyVariableWidthResult(guest, (BaseVariableWidthVector) out, row, bits, resultBytes);
                }
            }
            // A string row never written stays NULL: its validity bit is clear and Arrow fills its offsets.
            if (fixedResult) {
                ArrowColumns.encode(out, result, start, n, results, nullResults ? nulls : null);
            }
            progress.chunk(start, end);
            guest.reset();
            start = end;
        }
        out.setValueCount(rows);
    }

    /**
     * Decodes rows {@code [start, start + n)} of every argument into the Wasm value slots; in
     * return_null mode marks rows with a NULL argument in {@code skip}.
     */
    private void fillSlots(GuestInstance guest, List<? extends FieldVector> args, int start, int n, long[][] slots,
            boolean[] skip, boolean[] hasNulls) {
        long stringBytes = 0;
        for (int a = 0; a < params.size(); a++) {
            if (params.get(a).name().isVariableWidth()) {
                ArrowBuf offsets = args.get(a).getOffsetBuffer();
                stringBytes += offsets.getInt((long) (start + n) << 2) - offsets.getInt((long) start << 2);
            }
        }
        if (stringBytes > Integer.MAX_VALUE) {
            throw new AbiViolation(EngineErrorCode.MEMORY_EXHAUSTED, "a chunk of " + n + " rows holds " + stringBytes
                    + " bytes of strings, more than Wasm memory can address");
        }
        int cursor = stringBytes > 0 ? guest.region((int) stringBytes) : 0;
        for (int a = 0; a < params.size(); a++) {
            FieldVector vector = args.get(a);
            TypeName type = params.get(a).name();
            int slot = valueSlot[a];
            if (type.isVariableWidth()) {
                ArrowBuf offsets = vector.getOffsetBuffer();
                int first = offsets.getInt((long) start << 2);
                int last = offsets.getInt((long) (start + n) << 2);
                vector.getDataBuffer().getBytes(first, guest.memory().array(), cursor, last - first);
                long[] pointers = slots[slot];
                long[] lengths = slots[slot + 1];
                int previous = first;
                for (int i = 0; i < n; i++) {
                    int next = offsets.getInt((long) (start + i + 1) << 2);
                    pointers[i] = cursor + (previous - first);
                    lengths[i] = next - previous;
                    previous = next;
                }
                cursor += last - first;
            } else {
                ArrowColumns.decode(vector, type, start, n, slots[slot]);
            }
            if (callOnNull) {
                long[] flags = slots[slot - 1];
                Arrays.fill(flags, 0, n, 0);
                if (hasNulls[a]) {
                    int width = type.isVariableWidth() ? 2 : 1;
                    for (int i = 0; i < n; i++) {
                        if (vector.isNull(start + i)) {
                            flags[i] = 1;
                            for (int w = 0; w < width; w++) {
                                slots[slot + w][i] = 0;
                            }
                        }
                    }
                }
            } else if (hasNulls[a]) {
                for (int i = 0; i < n; i++) {
                    skip[i] |= vector.isNull(start + i);
                }
            }
        }
    }

    private void copyVariableWidthResult(
            GuestInstance guest, BaseVariableWidthVector out, int row, long packed, ResultBudget resultBytes) {
        int ptr = (int) (packed >>> 32);
        int len = (int) packed;
        FlatMemory memory = guest.memory();
        if (!memory.inBounds(ptr, len)) {
            throw new AbiViolation(EngineErrorCode.INVALID_RESULT, "result (ptr " + Integer.toUnsignedString(ptr)
                    + ", len " + len + ") lies outside guest memory of " + memory.array().length + " bytes", row);
        }
        resultBytes.take(len, row);
        byte[] bytes = memory.array();
        if (result.name() == TypeName.VARCHAR) {
            ArrowColumns.checkUtf8(bytes, ptr, len, row);
        }
        out.setSafe(row, bytes, ptr, len);
    }
}
