package io.plugsql.bench.engine;

import io.plugsql.engine.AbiForm;
import io.plugsql.engine.CompilePolicy;
import io.plugsql.engine.EngineConfig;
import io.plugsql.engine.ExecutionMode;
import io.plugsql.engine.FunctionDefinition;
import io.plugsql.engine.SandboxLimits;
import io.plugsql.engine.Signature;
import io.plugsql.engine.WasmEngine;
import io.plugsql.engine.WasmFunction;
import io.plugsql.samples.SampleModules;
import java.time.Duration;

/**
 * One kernel loaded through the engine's public API three ways: batch form compiled, scalar form
 * compiled (driven batch-wise by the engine), and batch form in Chicory's interpreter.
 */
final class LoadedFunctions implements AutoCloseable {
    /** The default limits with room for a slow interpreter batch on a loaded machine. */
    private static final SandboxLimits LIMITS = SandboxLimits.DEFAULT.withTimeout(Duration.ofSeconds(60));

    private final WasmEngine compiler;
    private final WasmEngine interpreter;
    final WasmFunction batch;
    final WasmFunction scalar;
    final WasmFunction interpretedBatch;
    /** The sample module's batch export of the same function, compiled, or null when there is none. */
    final WasmFunction sampleBatch;

    /**
     * @param kernel module name in {@link Kernels}; its handler {@code <kernel>} has a batch export,
     *     {@code <kernel>_scalar} has none
     */
    LoadedFunctions(String kernel, Signature signature) {
        this(kernel, signature, null, null);
    }

    /**
     * @param sampleFile a module of {@code sample-udfs} exporting the same function in the batch form
     * @param sampleHandler its handler (with a {@code <handler>_batch} export)
     */
    LoadedFunctions(String kernel, Signature signature, String sampleFile, String sampleHandler) {
        byte[] wasm = Kernels.wasm(kernel);
        compiler = new WasmEngine(EngineConfig.defaults().withCompilePolicy(CompilePolicy.COMPILE_ONLY));
        interpreter = new WasmEngine(EngineConfig.defaults().withCompilePolicy(CompilePolicy.INTERPRET));
        batch = load(compiler, kernel, kernel, wasm, signature);
        scalar = load(compiler, kernel + "_scalar", kernel + "_scalar", wasm, signature);
        interpretedBatch = load(interpreter, kernel, kernel, wasm, signature);
        sampleBatch = sampleFile == null ? null : load(compiler, "sample_" + sampleHandler, sampleHandler,
                SampleModules.module(sampleFile).bytes(), signature);
        expect(batch, ExecutionMode.COMPILED, AbiForm.BATCH);
        expect(scalar, ExecutionMode.COMPILED, AbiForm.SCALAR);
        expect(interpretedBatch, ExecutionMode.INTERPRETED, AbiForm.BATCH);
        if (sampleBatch != null) {
            expect(sampleBatch, ExecutionMode.COMPILED, AbiForm.BATCH);
        }
    }

    private static WasmFunction load(WasmEngine engine, String name, String handler, byte[] wasm, Signature signature) {
        return engine.load(FunctionDefinition.builder("bench." + name, wasm)
                .signature(signature)
                .handler(handler)
                .limits(LIMITS)
                .build());
    }

    private static void expect(WasmFunction function, ExecutionMode mode, AbiForm form) {
        if (function.info().mode() != mode || function.info().form() != form) {
            throw new IllegalStateException(function.definition().name() + " runs " + function.info().mode() + " "
                    + function.info().form() + ", the benchmark needs " + mode + " " + form);
        }
    }

    @Override
    public void close() {
        batch.close();
        scalar.close();
        interpretedBatch.close();
        if (sampleBatch != null) {
            sampleBatch.close();
        }
        compiler.close();
        interpreter.close();
    }
}
