package io.plugsql.engine.internal;

import io.plugsql.engine.AbiForm;
import io.plugsql.engine.EngineConfig;
import io.plugsql.engine.EngineErrorCode;
import io.plugsql.engine.FunctionDefinition;
import io.plugsql.engine.InvalidModuleException;
import io.plugsql.engine.NullInputMode;
import io.plugsql.engine.SandboxLimits;
import io.plugsql.engine.SignatureMismatchException;
import io.plugsql.engine.UdfType;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeSet;

/** Checks a module's shape against a function definition and ABI v1, and says how to call it. */
final class DefinitionValidator {
    private static final WasmFunctionType BATCH_TYPE = WasmFunctionType.of(
            List.of(WasmValueType.I32, WasmValueType.I32, WasmValueType.I32), WasmValueType.I32);
    private static final WasmFunctionType ALLOC_TYPE = WasmFunctionType.of(List.of(WasmValueType.I32), WasmValueType.I32);
    private static final WasmFunctionType RESET_TYPE = WasmFunctionType.of(List.of());
    private static final WasmFunctionType RESULT_IS_NULL_TYPE = WasmFunctionType.of(List.of(), WasmValueType.I32);
    private static final WasmFunctionType ERROR_TYPE = WasmFunctionType.of(List.of(), WasmValueType.I64);

    private final FunctionDefinition definition;
    private final String function;

    private DefinitionValidator(FunctionDefinition definition) {
        this.definition = definition;
        this.function = definition.displayName();
    }

    /**
     * Validates and binds.
     *
     * @param limits the function's effective limits (after the quota)
     * @param maxTableElements most elements one table may hold ({@link io.plugsql.engine.EngineConfig#maxTableElements()})
     */
    static AbiBinding bind(FunctionDefinition definition, ModuleShape shape, SandboxLimits limits, int maxTableElements) {
        return new DefinitionValidator(definition).bind(shape, limits, maxTableElements);
    }

    /** The scalar export's Wasm type that ABI v1 derives from a signature and null-input mode. */
    static WasmFunctionType scalarType(List<UdfType> parameters, UdfType result, NullInputMode mode) {
        List<WasmValueType> params = new ArrayList<>();
        for (UdfType parameter : parameters) {
            if (mode == NullInputMode.CALL) {
                params.add(WasmValueType.I32);
            }
            if (parameter.name().isVariableWidth()) {
                params.add(WasmValueType.I32);
                params.add(WasmValueType.I32);
            } else {
                params.add(AbiV1.scalarType(parameter.name()));
            }
        }
        WasmValueType out = result.name().isVariableWidth() ? WasmValueType.I64 : AbiV1.scalarType(result.name());
        return WasmFunctionType.of(params, out);
    }

    private AbiBinding bind(ModuleShape shape, SandboxLimits limits, int maxTableElements) {
        if (!shape.imports().isEmpty()) {
            String more = shape.imports().size() > 1 ? " (and " + (shape.imports().size() - 1) + " more)" : "";
            throw invalid(EngineErrorCode.IMPORT_NOT_ALLOWED, "module imports " + shape.imports().get(0) + more
                    + "; no imports are granted to functions");
        }
        if (shape.memoryCount() > 1) {
            throw invalid(EngineErrorCode.UNSUPPORTED_FEATURE,
                    "module defines " + shape.memoryCount() + " memories; at most one is supported");
        }
        if (shape.sharedMemory()) {
            throw invalid(EngineErrorCode.UNSUPPORTED_FEATURE, "module declares a shared memory; threads are not supported");
        }
        int capPages = limits.maxMemoryPages();
        if (shape.memoryCount() == 1 && shape.memoryMinPages() > capPages) {
            throw invalid(EngineErrorCode.MEMORY_DECLARATION_TOO_LARGE, "module declares a minimum memory of "
                    + pages(shape.memoryMinPages()) + ", above the function's memory limit of " + pages(capPages));
        }

        checkTables(shape, maxTableElements);

        String handler = definition.handler();
        String batchName = handler + AbiV1.BATCH_SUFFIX;
        boolean hasBatch = shape.functions().containsKey(batchName);
        boolean hasScalar = shape.functions().containsKey(handler);
        if (!hasBatch && !hasScalar) {
            throw invalid(EngineErrorCode.HANDLER_NOT_FOUND, "module exports neither '" + handler + "' nor '" + batchName
                    + "' (exported functions: " + new TreeSet<>(shape.functions().keySet()) + ")");
        }
        if (hasScalar) {
            // Checked even when the batch form runs: the batch type carries no arity, the scalar one does.
            WasmFunctionType actual = shape.functions().get(handler);
            WasmFunctionType expected = scalarType(
                    definition.signature().parameters(), definition.signature().result(), definition.nullInputMode());
            if (!actual.equals(expected)) {
                throw mismatch("export '" + handler + "' has Wasm type " + actual + ", but the declared signature "
                        + definition.signature() + " needs " + expected + " (on_null_input = '"
                        + definition.nullInputMode().optionValue() + "')");
            }
        }
        if (hasBatch) {
            WasmFunctionType actual = shape.functions().get(batchName);
            if (!actual.equals(BATCH_TYPE)) {
                throw mismatch("export '" + batchName + "' has Wasm type " + actual + ", but the batch form must be "
                        + BATCH_TYPE);
            }
        }
        AbiForm form = hasBatch ? AbiForm.BATCH : AbiForm.SCALAR;
        String export = hasBatch ? batchName : handler;

        boolean variableWidthArgs = definition.signature().parameters().stream().anyMatch(t -> t.name().isVariableWidth());
        boolean usesMemory = form == AbiForm.BATCH || variableWidthArgs
                || definition.signature().result().name().isVariableWidth();
        String why = form == AbiForm.BATCH ? "the batch form" : "VARCHAR/VARBINARY values";
        if (usesMemory && shape.memoryCount() == 0) {
            throw invalid(EngineErrorCode.MISSING_ABI_EXPORT, "module has no memory, but " + why + " are passed in memory");
        }
        boolean hasAlloc = optionalExport(shape, AbiV1.ALLOC, ALLOC_TYPE);
        if (!hasAlloc && (form == AbiForm.BATCH || variableWidthArgs)) {
            throw invalid(EngineErrorCode.MISSING_ABI_EXPORT, "module must export " + AbiV1.ALLOC + " " + ALLOC_TYPE
                    + " because " + why + " are written into guest memory");
        }
        boolean hasReset = optionalExport(shape, AbiV1.RESET, RESET_TYPE);
        boolean hasResultIsNull = optionalExport(shape, AbiV1.RESULT_IS_NULL, RESULT_IS_NULL_TYPE);
        boolean hasError = optionalExport(shape, AbiV1.ERROR, ERROR_TYPE);

        int maxPages = -1;
        if (shape.memoryCount() == 1) {
            maxPages = Math.min(capPages, shape.memoryMaxPages().orElse(Integer.MAX_VALUE));
        }
        return new AbiBinding(form, export, hasAlloc, hasReset, hasResultIsNull, hasError, shape.memoryMinPages(), maxPages,
                maxTableElements);
    }

    private void checkTables(ModuleShape shape, int maxTableElements) {
        List<Long> tables = shape.tableMinElements();
        if (tables.size() > EngineConfig.MAX_TABLES) {
            throw invalid(EngineErrorCode.TABLE_DECLARATION_TOO_LARGE, "module declares " + tables.size()
                    + " tables, above the limit of " + EngineConfig.MAX_TABLES);
        }
        for (int i = 0; i < tables.size(); i++) {
            if (tables.get(i) > maxTableElements) {
                throw invalid(EngineErrorCode.TABLE_DECLARATION_TOO_LARGE, "module declares table " + i
                        + " with a minimum of " + tables.get(i) + " elements, above the limit of " + maxTableElements
                        + " elements per table");
            }
        }
    }

    private boolean optionalExport(ModuleShape shape, String name, WasmFunctionType expected) {
        WasmFunctionType actual = shape.functions().get(name);
        if (actual == null) {
            return false;
        }
        if (!actual.equals(expected)) {
            throw invalid(EngineErrorCode.MISSING_ABI_EXPORT,
                    "ABI export '" + name + "' has Wasm type " + actual + ", but ABI v1 defines it as " + expected);
        }
        return true;
    }

    private static String pages(int pages) {
        long bytes = pages * SandboxLimits.WASM_PAGE_BYTES;
        String size = bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : (bytes >> 10) + " KiB";
        return pages + " pages (" + size + ")";
    }

    private InvalidModuleException invalid(EngineErrorCode code, String detail) {
        return new InvalidModuleException(code, function, OptionalLong.empty(), "function " + function + ": " + detail, null);
    }

    private SignatureMismatchException mismatch(String detail) {
        return new SignatureMismatchException(
                EngineErrorCode.SIGNATURE_MISMATCH, function, OptionalLong.empty(), "function " + function + ": " + detail, null);
    }
}
