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
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;

/**
 * Calls {@code <handler>_batch(rows, args, out)} once per chunk. Per chunk, one {@code plugsql_alloc}
 * region holds the descriptors, the argument buffers (bulk copies of Arrow's buffers, except BOOLEAN
 * and DECIMAL which are converted per value) and the pre-allocated fixed-width output; the layout is
 * in docs/ABI.md.
 */
final class BatchInvoker implements Invoker {
    private final List<UdfType> params;
    private final UdfType result;
    private final boolean returnNull;
    private final long budget;
    private final long maxResultBytes;

    /**
     * @param budget guest-memory bytes of arguments and fixed-width results per chunk
     * @param maxResultBytes most string result bytes per invocation
     */
    BatchInvoker(Signature signature, NullInputMode nullInputMode, long budget, long maxResultBytes) {
        this.maxResultBytes = maxResultBytes;
        this.params = signature.parameters();
        this.result = signature.result();
        this.returnNull = nullInputMode == NullInputMode.RETURN_NULL;
        this.budget = budget;
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
        long fixedPerRow = AbiV1.batchWidth(result.name()) + 1;
        for (int a = 0; a < params.size(); a++) {
            hasNulls[a] = args.get(a).getNullCount() > 0;
            fixedPerRow += AbiV1.batchWidth(params.get(a).name()) + 1
                    + (params.get(a).name().isVariableWidth() ? 4 : 0);
        }
        ChunkPlanner planner = new ChunkPlanner(params, args, fixedPerRow, budget);
        ResultBudget resultBytes = new ResultBudget(maxResultBytes);
        for (int start = 0; start < rows; ) {
            int end = planner.end(start, rows);
            progress.chunk(start, end);
            runChunk(guest, args, hasNulls, start, end - start, out, resultBytes);
            guest.reset();
            start = end;
        }
        out.setValueCount(rows);
    }

    private void runChunk(
            GuestInstance guest, List<? extends FieldVector> args, boolean[] hasNulls, int start, int n, FieldVector out,
            ResultBudget resultBytes) {
        int argCount = params.size();
        int bitmap = AbiV1.bitmapBytes(n);
        int[] validityAt = new int[argCount];
        int[] valuesAt = new int[argCount];
        int[] offsetsAt = new int[argCount];
        int[] dataLen = new int[argCount];
        long pos = AbiV1.align((argCount + 1) * AbiV1.DESCRIPTOR_BYTES);
        for (int a = 0; a < argCount; a++) {
            TypeName type = params.get(a).name();
            validityAt[a] = hasNulls[a] ? (int) pos : -1;
            pos += hasNulls[a] ? AbiV1.align(bitmap) : 0;
            if (type.isVariableWidth()) {
                ArrowBuf offsets = args.get(a).getOffsetBuffer();
                dataLen[a] = offsets.getInt((long) (start + n) << 2) - offsets.getInt((long) start << 2);
            } else {
                dataLen[a] = n * AbiV1.batchWidth(type);
            }
            valuesAt[a] = (int) pos;
            pos += AbiV1.align(dataLen[a]);
            offsetsAt[a] = type.isVariableWidth() ? (int) pos : -1;
            pos += type.isVariableWidth() ? AbiV1.align((n + 1) * 4) : 0;
        }
        int outValidityAt = (int) pos;
        pos += AbiV1.align(bitmap);
        int outValuesAt = (int) pos;
        int outLen = n * AbiV1.batchWidth(result.name());
        pos += outLen;
        if (pos > Integer.MAX_VALUE) {
            throw new AbiViolation(EngineErrorCode.MEMORY_EXHAUSTED, "a chunk of " + n + " rows needs " + pos
                    + " bytes, more than Wasm memory can address");
        }

        int base = guest.region((int) pos);
        FlatMemory memory = guest.memory();
        byte[] mem = memory.array();
        for (int a = 0; a < argCount; a++) {
            FieldVector vector = args.get(a);
            TypeName type = params.get(a).name();
            int descriptor = base + a * AbiV1.DESCRIPTOR_BYTES;
            int validity = hasNulls[a] ? base + validityAt[a] : 0;
            if (hasNulls[a]) {
                vector.getValidityBuffer().getBytes(start >>> 3, mem, validity, bitmap);
            }
            int values = base + valuesAt[a];
            int offsets = type.isVariableWidth() ? base + offsetsAt[a] : 0;
            writeValues(vector, type, start, n, memory, values, offsets);
            memory.writeI32(descriptor + AbiV1.VALIDITY_PTR, validity);
            memory.writeI32(descriptor + AbiV1.VALUES_PTR, values);
            memory.writeI32(descriptor + AbiV1.OFFSETS_PTR, offsets);
            memory.writeI32(descriptor + AbiV1.DATA_LEN, dataLen[a]);
        }
        int outDescriptor = base + argCount * AbiV1.DESCRIPTOR_BYTES;
        int outValidity = base + outValidityAt;
        if (returnNull && anyNulls(hasNulls)) {
            for (int b = 0; b < bitmap; b++) {
                mem[outValidity + b] = argumentValidity(args, hasNulls, start, b);
            }
        } else {
            Arrays.fill(mem, outValidity, outValidity + bitmap, (byte) 0xFF);
        }
        memory.writeI32(outDescriptor + AbiV1.VALIDITY_PTR, outValidity);
        memory.writeI32(outDescriptor + AbiV1.VALUES_PTR, outLen > 0 ? base + outValuesAt : 0);
        memory.writeI32(outDescriptor + AbiV1.OFFSETS_PTR, 0);
        memory.writeI32(outDescriptor + AbiV1.DATA_LEN, outLen);

        int status = guest.callBatch(n, base, outDescriptor);
        if (status != 0) {
            throw new AbiViolation(EngineErrorCode.GUEST_ERROR,
                    "returned " + status + ": " + guest.errorMessage());
        }
        readResult(guest.memory(), args, hasNulls, start, n, outDescriptor, out, resultBytes);
    }

    /** Byte {@code b} of the chunk's result validity before the call: the AND of the arguments' in return_null mode. */
    private byte argumentValidity(List<? extends FieldVector> args, boolean[] hasNulls, int start, int b) {
        int bits = 0xFF;
        if (returnNull) {
            for (int a = 0; a < hasNulls.length; a++) {
                if (hasNulls[a]) {
                    bits &= args.get(a).getValidityBuffer().getByte((start >>> 3) + b);
                }
            }
        }
        return (byte) bits;
    }

    private static boolean anyNulls(boolean[] hasNulls) {
        for (boolean nulls : hasNulls) {
            if (nulls) {
                return true;
            }
        }
        return false;
    }

    private static void writeValues(
            FieldVector vector, TypeName type, int start, int n, FlatMemory memory, int values, int offsetsPtr) {
        byte[] mem = memory.array();
        ArrowBuf data = vector.getDataBuffer();
        switch (type) {
            case BOOLEAN:
                for (int i = 0; i < n; i++) {
                    mem[values + i] = (byte) BitVectorHelper.get(data, start + i);
                }
                break;
            case DECIMAL:
                for (int i = 0; i < n; i++) {
                    memory.writeLong(values + 8 * i, data.getLong((long) (start + i) << 4));
                }
                break;
            case VARCHAR:
            case VARBINARY:
                ArrowBuf offsets = vector.getOffsetBuffer();
                int first = offsets.getInt((long) start << 2);
                int last = offsets.getInt((long) (start + n) << 2);
                data.getBytes(first, mem, values, last - first);
                if (first == 0) {
                    offsets.getBytes((long) start << 2, mem, offsetsPtr, (n + 1) * 4);
                } else {
                    for (int i = 0; i <= n; i++) {
                        memory.writeI32(offsetsPtr + 4 * i, offsets.getInt((long) (start + i) << 2) - first);
                    }
                }
                break;
            default:
                int width = AbiV1.batchWidth(type);
                data.getBytes((long) start * width, mem, values, n * width);
        }
    }

    private void readResult(FlatMemory memory, List<? extends FieldVector> args, boolean[] hasNulls, int start, int n,
            int descriptor, FieldVector out, ResultBudget resultBytes) {
        int validity = memory.readInt(descriptor + AbiV1.VALIDITY_PTR);
        int values = memory.readInt(descriptor + AbiV1.VALUES_PTR);
        int offsets = memory.readInt(descriptor + AbiV1.OFFSETS_PTR);
        int dataLen = memory.readInt(descriptor + AbiV1.DATA_LEN);
        int bitmap = AbiV1.bitmapBytes(n);
        if (validity != 0 && !memory.inBounds(validity, bitmap)) {
            throw invalid("out.validity_ptr " + Integer.toUnsignedString(validity) + " + " + bitmap
                    + " bytes lies outside guest memory");
        }
        byte[] mem = memory.array();
        ArrowBuf outValidity = out.getValidityBuffer();
        if (!result.name().isVariableWidth()) {
            int width = AbiV1.batchWidth(result.name());
            if (!memory.inBounds(values, n * width) || values == 0) {
                throw invalid("out.values_ptr " + Integer.toUnsignedString(values) + " + " + (n * width)
                        + " bytes lies outside guest memory");
            }
            boolean andArguments = returnNull && anyNulls(hasNulls);
            if (validity == 0 && !andArguments) {
                ArrowColumns.setValid(outValidity, start, n);
            } else if (!andArguments) {
                outValidity.setBytes(start >>> 3, mem, validity, bitmap);
            } else {
                for (int b = 0; b < bitmap; b++) {
                    int bits = validity == 0 ? 0xFF : mem[validity + b];
                    outValidity.setByte((start >>> 3) + b, bits & argumentValidity(args, hasNulls, start, b));
                }
            }
            copyFixedResult(memory, values, start, n, out);
            return;
        }
        if (offsets == 0 || !memory.inBounds(offsets, (n + 1) * 4)) {
            throw invalid("out.offsets_ptr " + Integer.toUnsignedString(offsets) + " must point at " + (n + 1)
                    + " int32 offsets in guest memory");
        }
        if (!memory.inBounds(values, dataLen)) {
            throw invalid("out.values_ptr " + Integer.toUnsignedString(values) + " + data_len " + dataLen
                    + " lies outside guest memory");
        }
        BaseVariableWidthVector target = (BaseVariableWidthVector) out;
        int previous = memory.readInt(offsets);
        for (int i = 0; i < n; i++) {
            int row = start + i;
            int next = memory.readInt(offsets + 4 * (i + 1));
            if (previous < 0 || next < previous || next > dataLen) {
                throw new AbiViolation(EngineErrorCode.INVALID_RESULT, "out offsets " + previous + ".." + next
                        + " are not ascending within data_len " + dataLen, row);
            }
            boolean valid = (validity == 0 || (mem[validity + (i >>> 3)] >> (i & 7) & 1) != 0)
                    && (argumentValidity(args, hasNulls, start, i >>> 3) >> (i & 7) & 1) != 0;
            if (valid) {
                resultBytes.take(next - previous, row);
                if (result.name() == TypeName.VARCHAR) {
                    ArrowColumns.checkUtf8(mem, values + previous, next - previous, row);
                }
                target.setSafe(row, mem, values + previous, next - previous);
            } else {
                target.setNull(row);
            }
            previous = next;
        }
    }

    private void copyFixedResult(FlatMemory memory, int values, int start, int n, FieldVector out) {
        TypeName type = result.name();
        ArrowBuf data = out.getDataBuffer();
        switch (type) {
            case BOOLEAN:
                byte[] mem = memory.array();
                for (int i = 0; i < n; i++) {
                    BitVectorHelper.setValidityBit(data, start + i, mem[values + i] != 0 ? 1 : 0);
                }
                break;
            case DECIMAL:
                for (int i = 0; i < n; i++) {
                    if (!out.isNull(start + i)) { // a NULL row's value is whatever the guest left there
                        ArrowColumns.encode(out, result, start + i, memory.readLong(values + 8 * i));
                    }
                }
                break;
            default:
                int width = AbiV1.batchWidth(type);
                data.setBytes((long) start * width, memory.array(), values, (long) n * width);
        }
    }

    private static AbiViolation invalid(String detail) {
        return new AbiViolation(EngineErrorCode.INVALID_RESULT, detail);
    }
}
