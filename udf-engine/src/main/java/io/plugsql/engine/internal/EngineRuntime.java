package io.plugsql.engine.internal;

import io.plugsql.engine.AbiForm;
import io.plugsql.engine.CompileCacheStats;
import io.plugsql.engine.EngineConfig;
import io.plugsql.engine.EngineErrorCode;
import io.plugsql.engine.FunctionDefinition;
import io.plugsql.engine.FunctionInfo;
import io.plugsql.engine.InvalidModuleException;
import io.plugsql.engine.RowCaller;
import io.plugsql.engine.SandboxLimits;
import io.plugsql.engine.WasmEngine;
import io.plugsql.engine.WasmFunction;
import java.util.OptionalLong;

/**
 * The engine behind {@link WasmEngine}: validation, the compile cache, the guest threads, and the
 * construction of functions.
 */
public final class EngineRuntime implements AutoCloseable {
    private final EngineConfig config;
    private final ModuleTransformer transformer;
    private final CompileCache cache;
    private final GuestExecutor executor;
    private final CallWatchdog watchdog = new CallWatchdog();

    /** An engine that meters fuel ({@link ModuleTransformer#FUEL}). */
    public EngineRuntime(EngineConfig config) {
        this(config, ModuleTransformer.FUEL);
    }

    /** @param transformer applied to each module's bytes before compilation (fuel instrumentation) */
    public EngineRuntime(EngineConfig config, ModuleTransformer transformer) {
        this.config = config;
        this.transformer = transformer;
        this.cache = new CompileCache(config.compileCacheMaxEntries());
        this.executor = new GuestExecutor(config.guestThreads());
    }

    public EngineConfig config() {
        return config;
    }

    public WasmFunction load(FunctionDefinition definition) {
        String function = definition.displayName();
        byte[] bytes = definition.module();
        if (bytes.length > config.maxModuleBytes()) {
            throw new InvalidModuleException(EngineErrorCode.MODULE_TOO_LARGE, function, OptionalLong.empty(),
                    "function " + function + ": module of " + bytes.length + " bytes exceeds the limit of "
                            + config.maxModuleBytes() + " bytes",
                    null);
        }
        SandboxLimits limits = definition.limits().cappedBy(config.quota());
        String sha256 = WasmEngine.sha256Hex(bytes);
        String cacheKey = sha256 + "/" + transformer.cacheKey(limits);

        CompiledModule module = cache.getIfPresent(cacheKey);
        AbiBinding binding;
        if (module != null) {
            binding = DefinitionValidator.bind(definition, module.shape(), limits, config.maxTableElements());
        } else {
            ParsedModule parsed;
            try {
                parsed = ParsedModule.parse(bytes);
            } catch (RuntimeException e) {
                throw GuestFailures.atLoad(e, function);
            }
            binding = DefinitionValidator.bind(definition, parsed.shape(), limits, config.maxTableElements());
            try {
                module = cache.get(cacheKey, () -> parsed.compile(transformer, limits, config.compilePolicy()));
            } catch (RuntimeException e) {
                throw GuestFailures.atLoad(e, function);
            }
        }

        long budget = Math.min(AbiV1.CHUNK_BYTES, Math.max(4096, limits.maxMemoryBytes() / 4));
        Invoker invoker = binding.form() == AbiForm.BATCH
                ? new BatchInvoker(definition.signature(), definition.nullInputMode(), budget, config.maxResultBytes())
                : new ScalarInvoker(definition.signature(), definition.nullInputMode(), budget, config.maxResultBytes());
        FunctionInfo info = new FunctionInfo(sha256, module.mode(), binding.form(), limits);
        FunctionRuntime runtime = new FunctionRuntime(definition, info, module, binding, invoker,
                new InstancePool(config.instancePoolSize()), executor);
        runtime.warmUp();
        return runtime;
    }

    /** See {@link WasmEngine#rowCaller}. */
    public RowCaller rowCaller(WasmFunction function) {
        if (!(function instanceof FunctionRuntime)) {
            throw new IllegalArgumentException("not a function of this engine: " + function);
        }
        return ((FunctionRuntime) function).rowCaller(watchdog);
    }

    public CompileCacheStats cacheStats() {
        return cache.stats();
    }

    @Override
    public void close() {
        watchdog.close();
        executor.close();
    }
}
