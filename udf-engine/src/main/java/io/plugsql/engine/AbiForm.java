package io.plugsql.engine;

/** Which ABI v1 entry point the engine calls (docs/ABI.md). */
public enum AbiForm {
    /** {@code <handler>_batch(rows, args, out)}: one Wasm call per batch over Arrow-layout buffers. */
    BATCH,
    /** {@code <handler>(...)}: one Wasm call per row, driven by a host-side loop per batch. */
    SCALAR,
}
