package io.plugsql.engine;

import io.plugsql.engine.internal.EngineRuntime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Entry point of the engine: validates tenants' modules against their declared signatures, compiles
 * each distinct module once (cache keyed by SHA-256 of its bytes and the fuel per row, since modules
 * are rewritten to meter fuel: docs/ABI.md, "Fuel"; bounded by {@link EngineConfig#compileCacheMaxEntries()},
 * least recently used first out) and hands out sandboxed callables.
 *
 * <pre>{@code
 * try (WasmEngine engine = new WasmEngine(EngineConfig.defaults())) {
 *     WasmFunction f = engine.load(FunctionDefinition.builder("acme.mul", wasm)
 *             .signature(new Signature(List.of(UdfType.of(TypeName.BIGINT), UdfType.of(TypeName.BIGINT)),
 *                     UdfType.of(TypeName.BIGINT)))
 *             .build());
 *     try (FieldVector out = f.invoke(List.of(a, b), rows, allocator)) { ... }
 * }
 * }</pre>
 */
public final class WasmEngine implements AutoCloseable {
    private final EngineRuntime runtime;

    public WasmEngine(EngineConfig config) {
        this.runtime = new EngineRuntime(config);
    }

    /**
     * Validates the module against the definition, compiles it (or reuses the cached compilation of the
     * same bytes), instantiates it once (running its start function) and returns the callable.
     *
     * @throws InvalidModuleException malformed bytes, missing exports, imports, memory above the cap, ...
     * @throws SignatureMismatchException the export's Wasm type does not fit the declared signature
     * @throws UdfException (another subclass) when the first instantiation traps or exceeds a limit
     */
    public WasmFunction load(FunctionDefinition definition) {
        return runtime.load(definition);
    }

    /**
     * A caller of {@code function}'s scalar export on the calling thread (see {@link RowCaller}).
     *
     * @throws UdfException UNSUPPORTED_FEATURE when the module does not export the scalar form (only {@code <handler>_batch})
     */
    public RowCaller rowCaller(WasmFunction function) {
        return runtime.rowCaller(function);
    }

    public EngineConfig config() {
        return runtime.config();
    }

    public CompileCacheStats cacheStats() {
        return runtime.cacheStats();
    }

    /** Stops the guest threads; functions loaded from this engine stop working. */
    @Override
    public void close() {
        runtime.close();
    }

    /** Lower-case hex SHA-256 of the bytes: the compile cache key and the catalog's module id. */
    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
