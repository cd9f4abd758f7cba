package io.plugsql.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Checks every committed module against ABI v1: parses, imports nothing, small memory, exports with the right types. */
class ModuleShapeTest {
    @TestFactory
    Stream<DynamicTest> modulesParseImportNothingAndKeepMemorySmall() {
        return SampleModules.modules().stream().map(m -> dynamicTest(m.file(), () -> checkModule(m.bytes(), m.file())));
    }

    @TestFactory
    Stream<DynamicTest> handlersHaveTheAbiTypesOfTheirSqlSignature() {
        return SampleModules.functions().stream().map(f -> dynamicTest(f.handler() + " " + f.signature(),
                () -> checkFunction(f.module().bytes(), f)));
    }

    static void checkModule(byte[] bytes, String file) {
        WasmModule module = Parser.parse(bytes);
        assertEquals(0, module.importSection().importCount(), file + " imports something");
        MemoryLimits limits = module.memorySection().orElseThrow(() -> new AssertionError(file + " has no memory"))
                .getMemory(0).limits();
        assertTrue(limits.initialPages() >= 1 && limits.initialPages() <= 2, file + " initial pages " + limits);
        assertTrue(limits.maximumPages() <= 256, file + " maximum pages " + limits);
        assertEquals(ExternalType.MEMORY, export(module, "memory").exportType());
    }

    static void checkFunction(byte[] bytes, SampleFunction f) {
        WasmModule module = Parser.parse(bytes);
        assertEquals(scalarType(f), functionType(module, f.handler()), f.handler());
        f.batchExport().ifPresent(batch -> assertEquals(
                FunctionType.of(List.of(ValType.I32, ValType.I32, ValType.I32), List.of(ValType.I32)),
                functionType(module, batch), batch));
        if (f.batchExport().isPresent() || f.parameterTypes().contains("VARCHAR")) {
            assertEquals(FunctionType.of(List.of(ValType.I32), List.of(ValType.I32)),
                    functionType(module, "plugsql_alloc"), "plugsql_alloc");
            assertEquals(FunctionType.of(List.of(), List.of()), functionType(module, "plugsql_reset"), "plugsql_reset");
        }
        if (f.onNullInput().equals("call")) {
            assertEquals(FunctionType.of(List.of(), List.of(ValType.I32)),
                    functionType(module, "plugsql_result_is_null"), "plugsql_result_is_null");
        }
    }

    /** The scalar export type ABI v1 derives from the SQL signature and the null-input mode. */
    static FunctionType scalarType(SampleFunction f) {
        List<ValType> params = new ArrayList<>();
        for (String type : f.parameterTypes()) {
            if (f.onNullInput().equals("call")) {
                params.add(ValType.I32);
            }
            if (type.equals("VARCHAR") || type.equals("VARBINARY")) {
                params.add(ValType.I32);
                params.add(ValType.I32);
            } else {
                params.add(valType(type));
            }
        }
        return FunctionType.of(params, List.of(valType(f.returnType())));
    }

    private static ValType valType(String sqlType) {
        String base = sqlType.replaceAll("\\(.*", "");
        switch (base) {
            case "BOOLEAN":
            case "INTEGER":
            case "DATE":
                return ValType.I32;
            case "BIGINT":
            case "TIMESTAMP":
            case "DECIMAL":
            case "VARCHAR":
            case "VARBINARY":
                return ValType.I64;
            case "REAL":
                return ValType.F32;
            case "DOUBLE":
                return ValType.F64;
            default:
                throw new AssertionError("not an ABI v1 type: " + sqlType);
        }
    }

    private static FunctionType functionType(WasmModule module, String name) {
        Export export = export(module, name);
        assertEquals(ExternalType.FUNCTION, export.exportType(), name + " is not a function");
        return module.functionSection().getFunctionType(export.index(), module.typeSection());
    }

    private static Export export(WasmModule module, String name) {
        for (int i = 0; i < module.exportSection().exportCount(); i++) {
            Export export = module.exportSection().getExport(i);
            if (export.name().equals(name)) {
                return export;
            }
        }
        throw new AssertionError("missing export " + name);
    }
}
