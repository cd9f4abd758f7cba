package io.plugsql.engine.internal;

import io.plugsql.engine.UdfType;
import java.util.List;

/** Where each argument's value sits among a scalar export's Wasm parameters (docs/ABI.md, scalar form). */
final class ScalarArgumentSlots {
    private ScalarArgumentSlots() {}

    /**
     * The Wasm parameter index of each argument's value: variable-width values take two parameters
     * (pointer, length), and with {@code callOnNull} an is-null flag precedes each value.
     */
    static int[] valueSlots(List<UdfType> params, boolean callOnNull) {
        int[] valueSlot = new int[params.size()];
        int slot = 0;
        for (int i = 0; i < params.size(); i++) {
            if (callOnNull) {
                slot++; // the is-null flag precedes the value
            }
            valueSlot[i] = slot;
            slot += params.get(i).name().isVariableWidth() ? 2 : 1;
        }
        return valueSlot;
    }

    /** How many Wasm parameters the scalar export takes for {@code params}. */
    static int wasmParameterCount(List<UdfType> params, boolean callOnNull) {
        int count = callOnNull ? params.size() : 0;
        for (UdfType param : params) {
            count += param.name().isVariableWidth() ? 2 : 1;
        }
        return count;
    }
}
