package io.plugsql.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.vector.FieldVector;
import org.junit.jupiter.api.Test;

/** The compile cache's bound: least recently used out, loaded functions unaffected, new bytes still compiled once. */
class CompileCacheBoundTest extends EngineTestBase {
    static final UdfType BIGINT = Wasm.type(TypeName.BIGINT);

    /** Three distinct modules: {@code f(x) = x + k}. */
    static final byte[] PLUS_1 = plus(1);
    static final byte[] PLUS_2 = plus(2);
    static final byte[] PLUS_3 = plus(3);

    /**
     * Counts its calls in a global and traps on a negative argument: after a trap the pool drops the
     * instance, so the next call instantiates the compiled module again (and the count restarts).
     */
    static final byte[] COUNT_OR_TRAP = Wasm.wat("""
            (module (global $calls (mut i64) (i64.const 0))
              (func (export "count") (param i64) (result i64)
                (if (i64.lt_s (local.get 0) (i64.const 0)) (then unreachable))
                (global.set $calls (i64.add (global.get $calls) (i64.const 1)))
                (i64.add (i64.mul (local.get 0) (i64.const 1000)) (global.get $calls))))""");

    private static byte[] plus(int k) {
        return Wasm.wat("(module (func (export \"f\") (param i64) (result i64) (i64.add (local.get 0) (i64.const " + k
                + "))))");
    }

    private static FunctionDefinition definition(String name, byte[] module) {
        return Wasm.function(name, module, List.of(BIGINT), BIGINT).handler("f").build();
    }

    private List<Object> call(InstanceLease lease, List<Object> input) {
        try (FieldVector in = Vectors.of(allocator, BIGINT, input);
                FieldVector out = lease.invoke(List.of(in), input.size(), allocator)) {
            return Vectors.read(out);
        }
    }

    private List<Object> call(WasmFunction f, List<Object> input) {
        try (FieldVector in = Vectors.of(allocator, BIGINT, input);
                FieldVector out = f.invoke(List.of(in), input.size(), allocator)) {
            return Vectors.read(out);
        }
    }

    /** Loads and closes a function (its compiled module stays in the cache or not, as the cache decides). */
    private static void loadAndClose(WasmEngine engine, String name, byte[] module) {
        engine.load(definition(name, module)).close();
    }

    @Test
    void theLeastRecentlyUsedModuleIsEvictedAndAHitRefreshesRecency() {
        try (WasmEngine small = new WasmEngine(EngineConfig.defaults().withCompileCacheMaxEntries(2))) {
            loadAndClose(small, "acme.p1", PLUS_1);
            loadAndClose(small, "acme.p2", PLUS_2);
            loadAndClose(small, "globex.p1", PLUS_1); // a hit: PLUS_1 is now more recent than PLUS_2
            assertEquals(new CompileCacheStats(2, 1, 0, 2, 2), small.cacheStats());

            loadAndClose(small, "acme.p3", PLUS_3); // full: PLUS_2, the least recently used, goes
            assertEquals(new CompileCacheStats(3, 1, 1, 2, 2), small.cacheStats());
            loadAndClose(small, "acme.p1", PLUS_1); // still cached
            assertEquals(new CompileCacheStats(3, 2, 1, 2, 2), small.cacheStats());

            // PLUS_2 compiles again (counted), evicting PLUS_3 (used before the last PLUS_1 hit).
            loadAndClose(small, "acme.p2", PLUS_2);
            assertEquals(new CompileCacheStats(4, 2, 2, 2, 2), small.cacheStats());
            loadAndClose(small, "acme.p1", PLUS_1);
            assertEquals(new CompileCacheStats(4, 3, 2, 2, 2), small.cacheStats());
            loadAndClose(small, "acme.p3", PLUS_3);
            assertEquals(new CompileCacheStats(5, 3, 3, 2, 2), small.cacheStats());
        }
    }

    @Test
    void aRecompiledModuleRunsLikeTheFirstCompilation() {
        try (WasmEngine one = new WasmEngine(EngineConfig.defaults().withCompileCacheMaxEntries(1))) {
            try (WasmFunction first = one.load(definition("acme.p1", PLUS_1))) {
                assertEquals(ExecutionMode.COMPILED, first.info().mode());
                assertEquals(List.of(11L), call(first, List.of(10L)));
            }
            loadAndClose(one, "acme.p2", PLUS_2);
            try (WasmFunction again = one.load(definition("acme.p1", PLUS_1))) {
                assertEquals(new CompileCacheStats(3, 0, 2, 1, 1), one.cacheStats());
                assertEquals(ExecutionMode.COMPILED, again.info().mode());
                assertEquals(WasmEngine.sha256Hex(PLUS_1), again.info().moduleSha256());
                assertEquals(List.of(21L, 6L), call(again, List.of(20L, 5L)));
            }
        }
    }

    @Test
    void aLoadedFunctionKeepsWorkingAfterItsModuleIsEvicted() {
        try (WasmEngine one = new WasmEngine(EngineConfig.defaults().withCompileCacheMaxEntries(1));
                WasmFunction counter = one.load(Wasm.function("acme.count", COUNT_OR_TRAP, List.of(BIGINT), BIGINT)
                        .build())) {
            InstanceLease lease = counter.lease();
            assertEquals(List.of(7_001L), call(lease, List.of(7L)));
            loadAndClose(one, "acme.p1", PLUS_1);
            assertEquals(new CompileCacheStats(2, 0, 1, 1, 1), one.cacheStats());

            // The leased instance still runs, and after a trap a new one is built from the evicted compilation.
            assertEquals(List.of(8_002L), call(lease, List.of(8L)));
            assertThrows(GuestTrapException.class, () -> call(lease, List.of(-1L)));
            assertEquals(List.of(9_001L), call(lease, List.of(9L)));
            lease.close();
            assertEquals(new CompileCacheStats(2, 0, 1, 1, 1), one.cacheStats());
        }
    }

    @Test
    void theLimitMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EngineConfig.defaults().withCompileCacheMaxEntries(0));
        assertEquals("compileCacheMaxEntries must be at least 1 (the compile cache holds at least the module being"
                + " loaded), not 0", e.getMessage());
        assertEquals(EngineConfig.DEFAULT_COMPILE_CACHE_MAX_ENTRIES, EngineConfig.defaults().compileCacheMaxEntries());
    }

    @Test
    void aFailedCompilationEvictsNothing() {
        byte[] huge = CompileAndConcurrencyTest.hugeFunction(6_000);
        try (WasmEngine strict = new WasmEngine(
                EngineConfig.defaults().withCompilePolicy(CompilePolicy.COMPILE_ONLY).withCompileCacheMaxEntries(1))) {
            loadAndClose(strict, "acme.p1", PLUS_1);
            assertThrows(InvalidModuleException.class,
                    () -> strict.load(Wasm.function("acme.big", huge, List.of(BIGINT), BIGINT).build()));
            assertEquals(new CompileCacheStats(1, 0, 0, 1, 1), strict.cacheStats());
            loadAndClose(strict, "acme.p1", PLUS_1);
            assertEquals(new CompileCacheStats(1, 1, 0, 1, 1), strict.cacheStats());
        }
    }

    @Test
    void concurrentLoadsOfNewBytesCompileOnceInAFullCache() throws Exception {
        int loaders = 8;
        try (WasmEngine one = new WasmEngine(EngineConfig.defaults().withCompileCacheMaxEntries(1))) {
            loadAndClose(one, "acme.p1", PLUS_1);
            ExecutorService threads = Executors.newFixedThreadPool(loaders);
            CountDownLatch start = new CountDownLatch(1);
            try {
                List<Future<List<Object>>> results = new ArrayList<>();
                for (int t = 0; t < loaders; t++) {
                    String name = "tenant" + t + ".p2";
                    results.add(threads.submit(() -> {
                        start.await();
                        try (WasmFunction f = one.load(definition(name, PLUS_2))) {
                            return call(f, List.of(40L));
                        }
                    }));
                }
                start.countDown();
                for (Future<List<Object>> result : results) {
                    assertEquals(List.of(42L), result.get(60, TimeUnit.SECONDS));
                }
            } finally {
                threads.shutdownNow();
            }
            assertEquals(new CompileCacheStats(2, loaders - 1, 1, 1, 1), one.cacheStats());
        }
    }
}
