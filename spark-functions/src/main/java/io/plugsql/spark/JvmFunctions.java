package io.plugsql.spark;

import io.plugsql.engine.EngineConfig;
import io.plugsql.engine.RowCaller;
import io.plugsql.engine.SandboxLimits;
import io.plugsql.engine.WasmEngine;
import io.plugsql.engine.WasmFunction;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The functions of one JVM (driver or executor): one engine, whose compile cache compiles each module
 * once per JVM, the functions loaded from it, and one {@link RowCaller} (one instance) per function per
 * thread. Spark's task threads are pooled, so a thread's callers serve its later tasks too.
 */
final class JvmFunctions {
    /** Most function versions kept loaded per JVM, least recently used released first. */
    static final int MAX_LOADED_FUNCTIONS = 256;
    /** Most callers one thread keeps, least recently used closed first. */
    static final int MAX_CALLERS_PER_THREAD = 64;

    /**
     * The engine's quota does not lower what the driver resolved: a spec's limits are already the effective
     * ones (the function's own, capped by the tenant's quota), so this quota only bounds the representable.
     */
    private static final SandboxLimits NO_FURTHER_CAP =
            new SandboxLimits(Long.MAX_VALUE, Duration.ofDays(365), Long.MAX_VALUE, Long.MAX_VALUE);

    private static final WasmEngine ENGINE = new WasmEngine(EngineConfig.defaults().withQuota(NO_FURTHER_CAP));

    private static final Map<String, WasmFunction> LOADED = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, WasmFunction> eldest) {
            if (size() > MAX_LOADED_FUNCTIONS) {
                eldest.getValue().close(); // callers made from it keep their own instances
                return true;
            }
            return false;
        }
    };

    private static final ThreadLocal<Map<String, RowCaller>> CALLERS = ThreadLocal.withInitial(
            () -> new LinkedHashMap<>(16, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, RowCaller> eldest) {
                    if (size() > MAX_CALLERS_PER_THREAD) {
                        eldest.getValue().close();
                        return true;
                    }
                    return false;
                }
            });

    private JvmFunctions() {}

    /** Loads (validates, compiles once, instantiates once) the version, or returns it already loaded. */
    static WasmFunction load(FunctionSpec spec) {
        String key = spec.key();
        synchronized (LOADED) {
            WasmFunction loaded = LOADED.get(key);
            if (loaded != null) {
                return loaded;
            }
        }
        WasmFunction function = ENGINE.load(spec.definition());
        synchronized (LOADED) {
            WasmFunction raced = LOADED.putIfAbsent(key, function);
            if (raced != null) {
                function.close();
                return raced;
            }
            return function;
        }
    }

    /** The calling thread's caller of the version. */
    static RowCaller callerOnThisThread(FunctionSpec spec) {
        Map<String, RowCaller> callers = CALLERS.get();
        String key = spec.key();
        RowCaller caller = callers.get(key);
        if (caller == null) {
            caller = ENGINE.rowCaller(load(spec));
            callers.put(key, caller);
        }
        return caller;
    }
}
