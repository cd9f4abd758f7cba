package io.plugsql.engine;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.stream.Collectors;

/** The declared parameter types and result type of a Wasm function. */
public record Signature(List<UdfType> parameters, UdfType result) {
    public Signature {
        parameters = List.copyOf(requireNonNull(parameters, "parameters is null"));
        requireNonNull(result, "result is null");
    }

    @Override
    public String toString() {
        return parameters.stream().map(UdfType::toString).collect(Collectors.joining(", ", "(", ")"))
                + " -> " + result;
    }
}
