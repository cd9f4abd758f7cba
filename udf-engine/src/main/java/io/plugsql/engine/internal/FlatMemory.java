package io.plugsql.engine.internal;

import com.dylibso.chicory.runtime.ConstantEvaluators;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.UninstantiableException;
import com.dylibso.chicory.wasm.types.ActiveDataSegment;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.PassiveDataSegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Linear memory as one flat {@code byte[]} read and written through little-endian array views: one
 * bounds check per access and no page lookup (Chicory's {@code ByteArrayMemory} splits memory into
 * 64 KiB pages). Growing copies the array, which the memory cap keeps small. Not shared, not
 * thread-safe: an instance runs on one thread at a time.
 */
final class FlatMemory implements Memory {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle FLOAT = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle DOUBLE = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);

    private final int initialPages;
    private final int maximumPages;
    private byte[] bytes;
    private int pages;
    private DataSegment[] dataSegments;
    private DataSegment[] initialSegments;
    /** Memory right after instantiation, up to its last non-zero byte; null until {@link #snapshot}. */
    private byte[] image;
    private boolean growRefused;

    FlatMemory(MemoryLimits limits) {
        if (limits.shared()) {
            throw new ChicoryException("shared memory is not supported");
        }
        this.initialPages = limits.initialPages();
        this.maximumPages = Math.min(limits.maximumPages(), RUNTIME_MAX_PAGES);
        this.pages = initialPages;
        this.bytes = new byte[Memory.bytes(initialPages)];
    }

    /** The backing array; replaced when memory grows, so read it again after any guest call. */
    byte[] array() {
        return bytes;
    }

    /**
     * Remembers the current contents (and data segments) as the state {@link #restore} returns to;
     * called once, right after instantiation.
     */
    void snapshot() {
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] == 0) {
            end--;
        }
        image = Arrays.copyOf(bytes, end);
        initialSegments = dataSegments == null ? null : dataSegments.clone();
    }

    /**
     * Back to the {@link #snapshot}: the initial pages holding the initial image, grown pages
     * released, dropped data segments back.
     */
    void restore() {
        if (pages != initialPages) {
            bytes = new byte[Memory.bytes(initialPages)];
            pages = initialPages;
        } else {
            Arrays.fill(bytes, image.length, bytes.length, (byte) 0);
        }
        System.arraycopy(image, 0, bytes, 0, image.length);
        if (initialSegments != null) {
            System.arraycopy(initialSegments, 0, dataSegments, 0, initialSegments.length);
        }
        growRefused = false;
    }

    /** Whether a {@code memory.grow} was refused since the last {@link #clearGrowRefused}. */
    boolean growRefused() {
        return growRefused;
    }

    void clearGrowRefused() {
        growRefused = false;
    }

    @Override
    public int pages() {
        return pages;
    }

    @Override
    public int grow(int delta) {
        int previous = pages;
        if (delta < 0 || (long) previous + delta > maximumPages) {
            growRefused = true;
            return -1;
        }
        if (delta > 0) {
            try {
                bytes = Arrays.copyOf(bytes, Memory.bytes(previous + delta));
            } catch (OutOfMemoryError e) {
                growRefused = true;
                return -1;
            }
            pages = previous + delta;
        }
        return previous;
    }

    @Override
    public int initialPages() {
        return initialPages;
    }

    @Override
    public int maximumPages() {
        return maximumPages;
    }

    @Override
    public boolean shared() {
        return false;
    }

    /** Atomic operations on an unshared memory need no lock beyond the single running thread. */
    @Override
    @SuppressWarnings("removal")
    public Object lock(int address) {
        return this;
    }

    @Override
    @SuppressWarnings("removal")
    public int waitOn(int address, int expected, long timeout) {
        throw new WasmRuntimeException("expected shared memory");
    }

    @Override
    @SuppressWarnings("removal")
    public int waitOn(int address, long expected, long timeout) {
        throw new WasmRuntimeException("expected shared memory");
    }

    @Override
    @SuppressWarnings("removal")
    public int notify(int address, int maxThreads) {
        return 0;
    }

    @Override
    public void initialize(Instance instance, DataSegment[] segments) {
        initialize(instance, segments, 0);
    }

    @Override
    public void initialize(Instance instance, DataSegment[] segments, int memoryIndex) {
        this.dataSegments = segments;
        if (segments == null) {
            return;
        }
        for (DataSegment segment : segments) {
            if (segment instanceof ActiveDataSegment) {
                ActiveDataSegment active = (ActiveDataSegment) segment;
                if (active.index() != memoryIndex) {
                    continue;
                }
                int offset = (int) ConstantEvaluators.computeConstantValue(instance, active.offsetInstructions())[0];
                byte[] data = active.data();
                if (!inBounds(offset, data.length)) {
                    throw new UninstantiableException("out of bounds memory access: data segment of " + data.length
                            + " bytes at offset " + Integer.toUnsignedString(offset) + " does not fit in "
                            + bytes.length + " bytes of memory");
                }
                System.arraycopy(data, 0, bytes, offset, data.length);
            }
        }
    }

    @Override
    public void initPassiveSegment(int segmentId, int destination, int offset, int size) {
        write(destination, dataSegments[segmentId].data(), offset, size);
    }

    @Override
    public void drop(int segment) {
        dataSegments[segment] = PassiveDataSegment.EMPTY;
    }

    @Override
    public void write(int address, byte[] data, int offset, int size) {
        if (offset < 0 || size < 0 || (long) offset + size > data.length || !inBounds(address, size)) {
            throw outOfBounds(address, size);
        }
        System.arraycopy(data, offset, bytes, address, size);
    }

    @Override
    public byte read(int address) {
        try {
            return bytes[address];
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(address, 1);
        }
    }

    @Override
    public byte[] readBytes(int address, int length) {
        if (!inBounds(address, length)) {
            throw outOfBounds(address, length);
        }
        return Arrays.copyOfRange(bytes, address, address + length);
    }

    @Override
    public void writeI32(int address, int value) {
        try {
            INT.set(bytes, address, value);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(address, 4);
        }
    }

    @Override
    public int readInt(int address) {
        try {
            return (int) INT.get(bytes, address);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(address, 4);
        }
    }

    @Override
    public void writeLong(int address, long value) {
        try {
            LONG.set(bytes, address, value);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(address, 8);
        }
    }

    @Override
    public long readLong(int address) {
        try {
            return (long) LONG.get(bytes, address);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(address, 8);
        }
    }

    @Override
    public void writeShort(int address, short value) {
        try {
            SHORT.set(bytes, address, value);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(address, 2);
        }
    }

    @Override
    public short readShort(int address) {
        try {
            return (short) SHORT.get(bytes, address);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(address, 2);
        }
    }

    @Override
    public long readU16(int address) {
        return readShort(address) & 0xFFFFL;
    }

    @Override
    public void writeByte(int address, byte value) {
        try {
            bytes[address] = value;
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(address, 1);
        }
    }

    @Override
    public void writeF32(int address, float value) {
        try {
            FLOAT.set(bytes, address, value);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(address, 4);
        }
    }

    @Override
    public long readF32(int address) {
        return readInt(address);
    }

    @Override
    public float readFloat(int address) {
        try {
            return (float) FLOAT.get(bytes, address);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(address, 4);
        }
    }

    @Override
    public void writeF64(int address, double value) {
        try {
            DOUBLE.set(bytes, address, value);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(address, 8);
        }
    }

    @Override
    public double readDouble(int address) {
        try {
            return (double) DOUBLE.get(bytes, address);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(address, 8);
        }
    }

    @Override
    public long readF64(int address) {
        return readLong(address);
    }

    @Override
    public void zero() {
        Arrays.fill(bytes, (byte) 0);
    }

    @Override
    public void fill(byte value, int fromIndex, int toIndex) {
        if (!inBounds(fromIndex, toIndex - fromIndex)) {
            throw outOfBounds(fromIndex, toIndex - fromIndex);
        }
        Arrays.fill(bytes, fromIndex, toIndex, value);
    }

    @Override
    public void copy(int destination, int source, int size) {
        if (!inBounds(destination, size) || !inBounds(source, size)) {
            throw outOfBounds(Math.max(destination, source), size);
        }
        System.arraycopy(bytes, source, bytes, destination, size);
    }

    /** Whether {@code [address, address + size)} lies in memory (address read as unsigned). */
    boolean inBounds(int address, int size) {
        return address >= 0 && size >= 0 && (long) address + size <= bytes.length;
    }

    private WasmRuntimeException outOfBounds(int address, int size) {
        return new WasmRuntimeException("out of bounds memory access: attempted to access address "
                + Integer.toUnsignedString(address) + " size " + size + " but memory is " + bytes.length + " bytes");
    }
}
