package io.plugsql.engine.internal;

import java.util.Locale;

/** A WebAssembly value type as the validator prints it. */
enum WasmValueType {
    I32,
    I64,
    F32,
    F64,
    V128,
    REF;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
