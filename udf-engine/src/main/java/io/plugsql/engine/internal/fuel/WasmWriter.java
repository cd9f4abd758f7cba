package io.plugsql.engine.internal.fuel;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Growable byte buffer that encodes WebAssembly binary values (LEB128 integers, sections). */
final class WasmWriter {
    private byte[] buffer;
    private int size;

    WasmWriter(int initialCapacity) {
        this.buffer = new byte[Math.max(16, initialCapacity)];
    }

    int size() {
        return size;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    WasmWriter writeByte(int b) {
        ensure(1);
        buffer[size++] = (byte) b;
        return this;
    }

    WasmWriter writeBytes(byte[] source, int offset, int length) {
        ensure(length);
        System.arraycopy(source, offset, buffer, size, length);
        size += length;
        return this;
    }

    WasmWriter writeBytes(byte[] source) {
        return writeBytes(source, 0, source.length);
    }

    WasmWriter writeBytes(WasmWriter other) {
        return writeBytes(other.buffer, 0, other.size);
    }

    WasmWriter writeU32(long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("value does not fit u32: " + value);
        }
        long rest = value;
        do {
            int b = (int) (rest & 0x7F);
            rest >>>= 7;
            writeByte(rest != 0 ? b | 0x80 : b);
        } while (rest != 0);
        return this;
    }

    WasmWriter writeS64(long value) {
        long rest = value;
        while (true) {
            int b = (int) (rest & 0x7F);
            rest >>= 7;
            boolean done = (rest == 0 && (b & 0x40) == 0) || (rest == -1 && (b & 0x40) != 0);
            writeByte(done ? b : b | 0x80);
            if (done) {
                return this;
            }
        }
    }

    WasmWriter writeName(String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        writeU32(utf8.length);
        return writeBytes(utf8);
    }

    /** Writes a section: its id, the payload's size and the payload. */
    WasmWriter writeSection(int id, WasmWriter payload) {
        writeByte(id);
        writeU32(payload.size());
        return writeBytes(payload);
    }

    private void ensure(int extra) {
        if (size + extra > buffer.length) {
            long wanted = Math.max((long) buffer.length * 2, (long) size + extra);
            if (wanted > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("module too large");
            }
            buffer = Arrays.copyOf(buffer, (int) wanted);
        }
    }
}
