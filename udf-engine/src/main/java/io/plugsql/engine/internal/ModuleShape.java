package io.plugsql.engine.internal;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * What validation needs to know of a parsed module, free of Chicory types.
 *
 * @param imports each import as {@code module.field (kind)}
 * @param functions exported functions by export name
 * @param memoryCount memories the module defines
 * @param memoryMinPages declared minimum of memory 0 (0 when there is none)
 * @param memoryMaxPages declared maximum of memory 0, when declared
 * @param sharedMemory whether memory 0 is shared (threads proposal)
 * @param tableMinElements declared minimum of each table the module defines, in order
 */
record ModuleShape(
        List<String> imports,
        Map<String, WasmFunctionType> functions,
        int memoryCount,
        int memoryMinPages,
        OptionalInt memoryMaxPages,
        boolean sharedMemory,
        List<Long> tableMinElements) {
    ModuleShape {
        imports = List.copyOf(requireNonNull(imports, "imports is null"));
        functions = Map.copyOf(requireNonNull(functions, "functions is null"));
        requireNonNull(memoryMaxPages, "memoryMaxPages is null");
        tableMinElements = List.copyOf(requireNonNull(tableMinElements, "tableMinElements is null"));
    }
}
