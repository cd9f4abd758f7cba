package io.plugsql.engine.internal.fuel;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;

/**
 * Bounds-checked cursor over WebAssembly binary bytes that decodes LEB128 integers.
 *
 * <p>Every read past the end or over-long encoding fails with an {@link IllegalArgumentException}
 * naming the absolute byte offset, so truncated or malformed modules are refused clearly.
 */
final class WasmReader {
    private final byte[] bytes;
    private final int end;
    private int position;

    WasmReader(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    WasmReader(byte[] bytes, int start, int end) {
        this.bytes = requireNonNull(bytes, "bytes is null");
        if (start < 0 || end > bytes.length || start > end) {
            throw new IllegalArgumentException("invalid range " + start + ".." + end);
        }
        this.position = start;
        this.end = end;
    }

    int position() {
        return position;
    }

    boolean hasMore() {
        return position < end;
    }

    int readByte() {
        if (position >= end) {
            throw malformed("unexpected end of data");
        }
        return bytes[position++] & 0xFF;
    }

    /** Skips {@code length} bytes and returns the offset where they start. */
    int skip(long length) {
        if (length < 0 || length > end - position) {
            throw malformed("length " + length + " runs past the end of data");
        }
        int start = position;
        position += (int) length;
        return start;
    }

    /** Reads an unsigned 32-bit LEB128 value as a non-negative long. */
    long readU32() {
        long result = 0;
        for (int shift = 0; ; shift += 7) {
            int b = readByte();
            if (shift == 28 && (b & 0xF0) != 0) {
                throw malformed("integer representation too long or too large (u32)");
            }
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
    }

    /** Reads an unsigned 32-bit LEB128 value that must fit a Java int (counts, sizes, indices). */
    int readIndex(String what) {
        long value = readU32();
        if (value > Integer.MAX_VALUE) {
            throw malformed(what + " " + value + " is too large");
        }
        return (int) value;
    }

    /** Reads a signed LEB128 value of at most {@code bits} bits (32, 33 or 64). */
    long readSigned(int bits) {
        long result = 0;
        int shift = 0;
        int b;
        int maxBytes = (bits + 6) / 7;
        int count = 0;
        do {
            if (++count > maxBytes) {
                throw malformed("integer representation too long (s" + bits + ")");
            }
            b = readByte();
            result |= (long) (b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        if (count == maxBytes) {
            checkLastByteFits(b, bits, shift - 7);
        }
        if (shift < 64 && (b & 0x40) != 0) {
            result |= -1L << shift;
        }
        return result;
    }

    private void checkLastByteFits(int b, int bits, int shiftOfLastByte) {
        // The unused high bits of the final byte must all equal the sign bit.
        int usedBits = bits - shiftOfLastByte;
        int signAndUnused = (b & 0x7F) >> (usedBits - 1);
        int allOnes = (1 << (8 - usedBits)) - 1;
        if (signAndUnused != 0 && signAndUnused != allOnes) {
            throw malformed("integer too large (s" + bits + ")");
        }
    }

    /** Reads a length-prefixed UTF-8 name. */
    String readName() {
        int length = readIndex("name length");
        int start = skip(length);
        return new String(bytes, start, length, StandardCharsets.UTF_8);
    }

    IllegalArgumentException malformed(String message) {
        return new IllegalArgumentException("malformed Wasm module at byte " + position + ": " + message);
    }
}
