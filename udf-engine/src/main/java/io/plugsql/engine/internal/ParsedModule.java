package io.plugsql.engine.internal;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExportSection;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ImportSection;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.TableSection;
import com.dylibso.chicory.wasm.types.ValType;
import io.plugsql.engine.CompilePolicy;
import io.plugsql.engine.ExecutionMode;
import io.plugsql.engine.SandboxLimits;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A decoded and validated module (Chicory's parser) on its way to compilation. */
final class ParsedModule {
    private static final Logger LOG = LoggerFactory.getLogger(ParsedModule.class);

    private final byte[] bytes;
    private final WasmModule module;
    private final ModuleShape shape;

    private ParsedModule(byte[] bytes, WasmModule module) {
        this.bytes = bytes;
        this.module = module;
        this.shape = shapeOf(module);
    }

    /** Decodes the bytes; Chicory's exceptions pass through to {@link GuestFailures#atLoad}. */
    static ParsedModule parse(byte[] bytes) {
        return new ParsedModule(bytes, Parser.parse(bytes));
    }

    ModuleShape shape() {
        return shape;
    }

    /**
     * Compiles the transformed module to JVM bytecode, falling back to the interpreter for functions too
     * large for a JVM method when the policy allows.
     *
     * @param limits the function's effective limits, which the transformer may build in (start fuel)
     */
    CompiledModule compile(ModuleTransformer transformer, SandboxLimits limits, CompilePolicy policy) {
        WasmModule target = transformer == ModuleTransformer.IDENTITY
                ? module : Parser.parse(transformer.transform(bytes, limits));
        boolean metered = transformer.metersFuel();
        if (policy == CompilePolicy.INTERPRET) {
            return new CompiledModule(target, null, ExecutionMode.INTERPRETED, shape, metered);
        }
        try {
            Function<Instance, Machine> factory = MachineFactoryCompiler.builder(target)
                    .withInterpreterFallback(InterpreterFallback.FAIL)
                    .compile();
            return new CompiledModule(target, factory, ExecutionMode.COMPILED, shape, metered);
        } catch (ChicoryException e) {
            if (policy == CompilePolicy.COMPILE_ONLY) {
                throw e;
            }
            LOG.warn("part of a module runs in the interpreter: {}", e.getMessage());
            Function<Instance, Machine> factory = MachineFactoryCompiler.builder(target)
                    .withInterpreterFallback(InterpreterFallback.SILENT)
                    .compile();
            return new CompiledModule(target, factory, ExecutionMode.INTERPRETED, shape, metered);
        }
    }

    private static ModuleShape shapeOf(WasmModule module) {
        ImportSection imports = module.importSection();
        List<String> importNames = imports.stream()
                .map(i -> i.module() + "." + i.name() + " (" + i.importType().name().toLowerCase(Locale.ROOT) + ")")
                .collect(Collectors.toList());
        int importedFunctions = imports.count(ExternalType.FUNCTION);

        Map<String, WasmFunctionType> functions = new HashMap<>();
        ExportSection exports = module.exportSection();
        for (int i = 0; i < exports.exportCount(); i++) {
            Export export = exports.getExport(i);
            if (export.exportType() != ExternalType.FUNCTION || export.index() < importedFunctions) {
                continue;
            }
            int typeIndex = module.functionSection().getFunctionType(export.index() - importedFunctions);
            functions.put(export.name(), typeOf(module.typeSection().getType(typeIndex)));
        }

        int memories = module.memorySection().map(s -> s.memoryCount()).orElse(0)
                + imports.count(ExternalType.MEMORY);
        int minPages = 0;
        OptionalInt maxPages = OptionalInt.empty();
        boolean shared = false;
        if (module.memorySection().isPresent() && module.memorySection().get().memoryCount() > 0) {
            MemoryLimits limits = module.memorySection().get().getMemory(0).limits();
            minPages = limits.initialPages();
            maxPages = OptionalInt.of(limits.maximumPages());
            shared = limits.shared();
        }
        List<Long> tableMins = new ArrayList<>();
        TableSection tables = module.tableSection();
        for (int i = 0; i < tables.tableCount(); i++) {
            tableMins.add(tables.getTable(i).limits().min());
        }
        return new ModuleShape(importNames, functions, memories, minPages, maxPages, shared, tableMins);
    }

    private static WasmFunctionType typeOf(FunctionType type) {
        return new WasmFunctionType(valueTypes(type.params()), valueTypes(type.returns()));
    }

    private static List<WasmValueType> valueTypes(List<ValType> types) {
        List<WasmValueType> result = new ArrayList<>(types.size());
        for (ValType type : types) {
            if (type.equals(ValType.I32)) {
                result.add(WasmValueType.I32);
            } else if (type.equals(ValType.I64)) {
                result.add(WasmValueType.I64);
            } else if (type.equals(ValType.F32)) {
                result.add(WasmValueType.F32);
            } else if (type.equals(ValType.F64)) {
                result.add(WasmValueType.F64);
            } else if (type.equals(ValType.V128)) {
                result.add(WasmValueType.V128);
            } else {
                result.add(WasmValueType.REF);
            }
        }
        return result;
    }
}
