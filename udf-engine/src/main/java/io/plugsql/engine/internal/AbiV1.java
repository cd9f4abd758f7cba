package io.plugsql.engine.internal;

import io.plugsql.engine.TypeName;

/** The numbers and names of ABI v1 (docs/ABI.md), in one place. */
final class AbiV1 {
    /** {@code plugsql_alloc(size i32) -> i32}: guest memory for host-written arguments and batch buffers. */
    static final String ALLOC = "plugsql_alloc";
    /** {@code plugsql_reset()}: called after each chunk of rows; the guest frees its arena. */
    static final String RESET = "plugsql_reset";
    /** {@code plugsql_result_is_null() -> i32}: after a scalar call in on_null_input 'call' mode. */
    static final String RESULT_IS_NULL = "plugsql_result_is_null";
    /** {@code plugsql_error() -> i64}: {@code (ptr << 32) | len} of a UTF-8 message after a failed batch call. */
    static final String ERROR = "plugsql_error";
    /** Suffix of the batch form's export: {@code <handler>_batch(rows i32, args i32, out i32) -> i32}. */
    static final String BATCH_SUFFIX = "_batch";

    /** Size of one column descriptor. */
    static final int DESCRIPTOR_BYTES = 16;
    /** Descriptor field: Arrow LSB validity bitmap, 0 = no nulls. */
    static final int VALIDITY_PTR = 0;
    /** Descriptor field: fixed-width values or variable-width data bytes. */
    static final int VALUES_PTR = 4;
    /** Descriptor field: rows + 1 int32 offsets of a VARCHAR/VARBINARY column, else 0. */
    static final int OFFSETS_PTR = 8;
    /** Descriptor field: byte length of the values buffer. */
    static final int DATA_LEN = 12;
    /** Every buffer the host places in guest memory starts at a multiple of this, relative to plugsql_alloc's result. */
    static final int BUFFER_ALIGNMENT = 8;

    /** The host moves at most about this many argument bytes into guest memory per chunk of rows. */
    static final int CHUNK_BYTES = 1 << 20;
    /** Chunks start at multiples of this row count, so validity bitmaps copy byte-wise. */
    static final int CHUNK_ROW_MULTIPLE = 8;
    /** Longest guest error message kept; the rest is cut. */
    static final int MAX_ERROR_MESSAGE_BYTES = 4096;

    private AbiV1() {}

    /** The Wasm value type of a non-variable-width SQL type in the scalar form. */
    static WasmValueType scalarType(TypeName type) {
        switch (type) {
            case BOOLEAN:
            case INTEGER:
            case DATE:
                return WasmValueType.I32;
            case BIGINT:
            case DECIMAL:
            case TIMESTAMP:
                return WasmValueType.I64;
            case REAL:
                return WasmValueType.F32;
            case DOUBLE:
                return WasmValueType.F64;
            default:
                throw new IllegalArgumentException(type + " is passed as (ptr, len)");
        }
    }

    /** Bytes per value in a batch-form values buffer (BOOLEAN: one byte 0/1; DECIMAL: i64 unscaled); 0 for variable width. */
    static int batchWidth(TypeName type) {
        switch (type) {
            case BOOLEAN:
                return 1;
            case INTEGER:
            case DATE:
            case REAL:
                return 4;
            case BIGINT:
            case DECIMAL:
            case TIMESTAMP:
            case DOUBLE:
                return 8;
            default:
                return 0;
        }
    }

    static int align(int offset) {
        return (offset + BUFFER_ALIGNMENT - 1) & -BUFFER_ALIGNMENT;
    }

    static int bitmapBytes(int rows) {
        return (rows + 7) >>> 3;
    }
}
