package io.plugsql.engine.internal;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.stream.Collectors;

/** The parameter and result types of a Wasm function, printed as {@code (i32, i64) -> i64}. */
record WasmFunctionType(List<WasmValueType> params, List<WasmValueType> results) {
    WasmFunctionType {
        params = List.copyOf(requireNonNull(params, "params is null"));
        results = List.copyOf(requireNonNull(results, "results is null"));
    }

    static WasmFunctionType of(List<WasmValueType> params, WasmValueType... results) {
        return new WasmFunctionType(params, List.of(results));
    }

    @Override
    public String toString() {
        String in = params.stream().map(Object::toString).collect(Collectors.joining(", ", "(", ")"));
        if (results.isEmpty()) {
            return in + " -> ()";
        }
        return in + " -> " + (results.size() == 1
                ? results.get(0).toString()
                : results.stream().map(Object::toString).collect(Collectors.joining(", ", "(", ")")));
    }
}
