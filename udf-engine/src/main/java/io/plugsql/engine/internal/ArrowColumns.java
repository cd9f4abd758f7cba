package io.plugsql.engine.internal;

import io.plugsql.engine.EngineErrorCode;
import io.plugsql.engine.TypeName;
import io.plugsql.engine.UdfType;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;

/**
 * Moves fixed-width values between Arrow buffers and Wasm's raw 64-bit value slots (i32 and f32
 * as their bits in the low half), one type-specialised loop per column, reading buffers directly.
 */
final class ArrowColumns {
    private static final long[] POWERS_OF_TEN = new long[UdfType.MAX_DECIMAL_PRECISION + 1];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
    }

    private ArrowColumns() {}

    /** Reads rows {@code [start, start + count)} into {@code target[0..count)} as Wasm value bits. */
    static void decode(FieldVector vector, TypeName type, int start, int count, long[] target) {
        ArrowBuf data = vector.getDataBuffer();
        switch (type) {
            case BOOLEAN:
                for (int i = 0; i < count; i++) {
                    target[i] = BitVectorHelper.get(data, start + i);
                }
                break;
            case INTEGER:
            case DATE:
            case REAL:
                for (int i = 0; i < count; i++) {
                    target[i] = data.getInt((long) (start + i) << 2);
                }
                break;
            case BIGINT:
            case TIMESTAMP:
            case DOUBLE:
                for (int i = 0; i < count; i++) {
                    target[i] = data.getLong((long) (start + i) << 3);
                }
                break;
            case DECIMAL:
                // The low 8 bytes of the little-endian 128-bit value: precision <= 18 fits an i64.
                for (int i = 0; i < count; i++) {
                    target[i] = data.getLong((long) (start + i) << 4);
                }
                break;
            default:
                throw new IllegalArgumentException(type + " is not fixed-width");
        }
    }

    /**
     * Writes one result's Wasm value bits into an allocated fixed-width vector and marks it valid.
     *
     * @throws AbiViolation when a DECIMAL result exceeds the declared precision
     */
    static void encode(FieldVector vector, UdfType type, int row, long bits) {
        ArrowBuf data = vector.getDataBuffer();
        switch (type.name()) {
            case BOOLEAN:
                BitVectorHelper.setValidityBit(data, row, bits != 0 ? 1 : 0);
                break;
            case INTEGER:
            case DATE:
            case REAL:
                data.setInt((long) row << 2, (int) bits);
                break;
            case BIGINT:
            case TIMESTAMP:
            case DOUBLE:
                data.setLong((long) row << 3, bits);
                break;
            case DECIMAL:
                checkDecimal(type, row, bits);
                data.setLong((long) row << 4, bits);
                data.setLong(((long) row << 4) + 8, bits < 0 ? -1L : 0L);
                break;
            default:
                throw new IllegalArgumentException(type + " is not fixed-width");
        }
        BitVectorHelper.setBit(vector.getValidityBuffer(), row);
    }

    /**
     * Writes results {@code bits[0..count)} to rows {@code [start, start + count)} of an allocated
     * fixed-width vector, one type-specialised loop; rows whose {@code nulls} entry is true (when
     * {@code nulls} is not null) become NULL.
     */
    static void encode(FieldVector vector, UdfType type, int start, int count, long[] bits, boolean[] nulls) {
        ArrowBuf data = vector.getDataBuffer();
        switch (type.name()) {
            case BOOLEAN:
                for (int i = 0; i < count; i++) {
                    BitVectorHelper.setValidityBit(data, start + i, bits[i] != 0 ? 1 : 0);
                }
                break;
            case INTEGER:
            case DATE:
            case REAL:
                for (int i = 0; i < count; i++) {
                    data.setInt((long) (start + i) << 2, (int) bits[i]);
                }
                break;
            case BIGINT:
            case TIMESTAMP:
            case DOUBLE:
                for (int i = 0; i < count; i++) {
                    data.setLong((long) (start + i) << 3, bits[i]);
                }
                break;
            case DECIMAL:
                for (int i = 0; i < count; i++) {
                    if (nulls == null || !nulls[i]) {
                        checkDecimal(type, start + i, bits[i]);
                    }
                    data.setLong((long) (start + i) << 4, bits[i]);
                    data.setLong(((long) (start + i) << 4) + 8, bits[i] < 0 ? -1L : 0L);
                }
                break;
            default:
                throw new IllegalArgumentException(type + " is not fixed-width");
        }
        ArrowBuf validity = vector.getValidityBuffer();
        if (nulls == null) {
            setValid(validity, start, count);
        } else {
            for (int i = 0; i < count; i++) {
                BitVectorHelper.setValidityBit(validity, start + i, nulls[i] ? 0 : 1);
            }
        }
    }

    /** Sets validity bits {@code [start, start + count)}: whole bytes at once, bits at the edges. */
    static void setValid(ArrowBuf validity, int start, int count) {
        int i = start;
        int end = start + count;
        for (; i < end && (i & 7) != 0; i++) {
            BitVectorHelper.setBit(validity, i);
        }
        int bytes = (end - i) >>> 3;
        if (bytes > 0) {
            validity.setOne((long) (i >>> 3), (long) bytes);
            i += bytes << 3;
        }
        for (; i < end; i++) {
            BitVectorHelper.setBit(validity, i);
        }
    }

    static void checkDecimal(UdfType type, int row, long unscaled) {
        long limit = POWERS_OF_TEN[type.precision()];
        if (unscaled <= -limit || unscaled >= limit) {
            throw new AbiViolation(EngineErrorCode.INVALID_RESULT, "unscaled value " + unscaled
                    + " does not fit " + type, row);
        }
    }

    /**
     * Checks that {@code [offset, offset + length)} of {@code bytes} is well-formed UTF-8.
     *
     * @throws AbiViolation naming the row when it is not
     */
    static void checkUtf8(byte[] bytes, int offset, int length, int row) {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            int b = bytes[i];
            if (b >= 0) {
                i++;
                continue;
            }
            int extra;
            int min;
            if ((b & 0xE0) == 0xC0) {
                extra = 1;
                min = 0x80;
            } else if ((b & 0xF0) == 0xE0) {
                extra = 2;
                min = 0x800;
            } else if ((b & 0xF8) == 0xF0) {
                extra = 3;
                min = 0x10000;
            } else {
                throw invalidUtf8(row, i - offset);
            }
            if (i + extra >= end) {
                throw invalidUtf8(row, i - offset);
            }
            int code = b & (0x3F >> extra);
            for (int k = 1; k <= extra; k++) {
                int next = bytes[i + k];
                if ((next & 0xC0) != 0x80) {
                    throw invalidUtf8(row, i - offset);
                }
                code = (code << 6) | (next & 0x3F);
            }
            if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
                throw invalidUtf8(row, i - offset);
            }
            i += extra + 1;
        }
    }

    private static AbiViolation invalidUtf8(int row, int position) {
        return new AbiViolation(EngineErrorCode.INVALID_RESULT,
                "VARCHAR result is not valid UTF-8 (byte " + position + ")", row);
    }
}
