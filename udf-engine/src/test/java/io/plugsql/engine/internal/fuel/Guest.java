package io.plugsql.engine.internal.fuel;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wabt.Wat2Wasm;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;

/** Test helper that assembles WAT and instantiates modules in either Chicory execution mode. */
enum Guest {
    /** Chicory's interpreter. */
    INTERPRETER,
    /** Chicory's compiler to JVM bytecode, with no silent fallback to the interpreter. */
    COMPILER;

    static byte[] wat(String text) {
        return Wat2Wasm.parse(text);
    }

    /** Parses and instantiates without running initialization (so a trapping start leaves the instance at hand). */
    Instance instanceUninitialized(byte[] module, ImportValues imports) {
        WasmModule parsed = Parser.parse(module);
        Instance.Builder builder = Instance.builder(parsed).withInitialize(false).withImportValues(imports);
        if (this == COMPILER) {
            builder.withMachineFactory(MachineFactoryCompiler.builder(parsed)
                    .withInterpreterFallback(InterpreterFallback.FAIL)
                    .compile());
        }
        return builder.build();
    }

    Instance instance(byte[] module, ImportValues imports) {
        return instanceUninitialized(module, imports).initialize(false);
    }

    Instance instance(byte[] module) {
        return instance(module, ImportValues.empty());
    }
}
