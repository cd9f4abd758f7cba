package io.plugsql.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.junit.jupiter.api.Test;

/** Compile once per distinct module, interpreter fallback, instance isolation and concurrent callers. */
class CompileAndConcurrencyTest extends EngineTestBase {
    static final UdfType BIGINT = Wasm.type(TypeName.BIGINT);

    /** Counts its calls in a global: a shared instance would show another caller's count. */
    static final byte[] COUNTER = Wasm.wat("""
            (module (global $calls (mut i64) (i64.const 0))
              (func (export "count") (param i64) (result i64)
                (global.set $calls (i64.add (global.get $calls) (i64.const 1)))
                (i64.add (i64.mul (local.get 0) (i64.const 1000000)) (global.get $calls))))""");

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

    @Test
    void sameBytesUnderTwoNamesCompileOnce() {
        try (WasmEngine fresh = new WasmEngine(EngineConfig.defaults());
                WasmFunction a = fresh.load(Wasm.function("acme.count", COUNTER, List.of(BIGINT), BIGINT).build());
                WasmFunction b = fresh.load(Wasm.function("globex.tally", COUNTER, List.of(BIGINT), BIGINT)
                        .handler("count").build());
                InstanceLease la = a.lease();
                InstanceLease lb = b.lease()) {
            assertEquals(new CompileCacheStats(1, 1, 0, 1, EngineConfig.DEFAULT_COMPILE_CACHE_MAX_ENTRIES), fresh.cacheStats());
            assertEquals(WasmEngine.sha256Hex(COUNTER), a.info().moduleSha256());
            assertEquals(a.info().moduleSha256(), b.info().moduleSha256());
            // Shared code, separate instances: each function's global counts only its own calls.
            assertEquals(List.of(1_000_001L, 2_000_002L), call(la, List.of(1L, 2L)));
            assertEquals(List.of(5_000_001L), call(lb, List.of(5L)));
            assertEquals(List.of(7_000_003L), call(la, List.of(7L)));
        }
    }

    @Test
    void aRejectedDefinitionDoesNotCompile() {
        try (WasmEngine fresh = new WasmEngine(EngineConfig.defaults())) {
            assertThrows(InvalidModuleException.class,
                    () -> fresh.load(Wasm.function("acme.x", COUNTER, List.of(BIGINT), BIGINT).handler("nope").build()));
            assertEquals(new CompileCacheStats(0, 0, 0, 0, EngineConfig.DEFAULT_COMPILE_CACHE_MAX_ENTRIES), fresh.cacheStats());
        }
    }

    @Test
    void fourThreadsCallOneFunction() throws Exception {
        byte[] module = Wasm.wat("(module (func (export \"mul\") (param i64 i64) (result i64)"
                + " (i64.add (i64.mul (local.get 0) (local.get 1)) (i64.const 1))))");
        try (WasmEngine small = new WasmEngine(EngineConfig.defaults().withInstancePoolSize(2).withGuestThreads(3));
                WasmFunction f = small.load(Wasm.function("acme.mul", module, List.of(BIGINT, BIGINT), BIGINT).build())) {
            ExecutorService callers = Executors.newFixedThreadPool(4);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    long factor = t + 2;
                    results.add(callers.submit(() -> {
                        int checked = 0;
                        for (int round = 0; round < 25; round++) {
                            int rows = 1000 + round;
                            try (BigIntVector a = new BigIntVector("a", allocator);
                                    BigIntVector b = new BigIntVector("b", allocator)) {
                                a.allocateNew(rows);
                                b.allocateNew(rows);
                                for (int i = 0; i < rows; i++) {
                                    a.set(i, i + round);
                                    b.set(i, factor);
                                }
                                a.setValueCount(rows);
                                b.setValueCount(rows);
                                try (BigIntVector out = (BigIntVector) f.invoke(List.of(a, b), rows, allocator)) {
                                    for (int i = 0; i < rows; i++) {
                                        assertEquals((i + round) * factor + 1, out.get(i));
                                        checked++;
                                    }
                                }
                            }
                        }
                        return checked;
                    }));
                }
                int total = 0;
                for (Future<Integer> result : results) {
                    total += result.get(60, TimeUnit.SECONDS);
                }
                assertEquals(4 * (25 * 1000 + 300), total);
            } finally {
                callers.shutdownNow();
            }
        }
    }

    @Test
    void functionTooLargeForTheJvmFallsBackToTheInterpreter() {
        byte[] module = hugeFunction(6_000);
        try (WasmEngine fresh = new WasmEngine(EngineConfig.defaults());
                WasmFunction f = fresh.load(Wasm.function("acme.big", module, List.of(BIGINT), BIGINT).build())) {
            assertEquals(ExecutionMode.INTERPRETED, f.info().mode());
            assertEquals(List.of(6_001L), call(f, List.of(1L)));
        }
        try (WasmEngine strict = new WasmEngine(EngineConfig.defaults().withCompilePolicy(CompilePolicy.COMPILE_ONLY))) {
            InvalidModuleException e = assertThrows(InvalidModuleException.class,
                    () -> strict.load(Wasm.function("acme.big", module, List.of(BIGINT), BIGINT).build()));
            assertEquals(EngineErrorCode.UNSUPPORTED_FEATURE.toErrorCode(), e.getErrorCode());
            assertTrue(e.getMessage().startsWith("function acme.big: module cannot be compiled: WASM function size"
                    + " exceeds the Java method size limits"), e.getMessage());
        }
    }

    /**
     * One function of 6,000 load-add-store steps, well over a JVM method's 64 KiB of bytecode, encoded
     * directly (assembling that much WAT would dominate the test's time).
     */
    static byte[] hugeFunction(int steps) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x00, 0x41, 0x00, 0x20, 0x00, 0x37, 0x03, 0x00}); // no locals; store param at 0
        for (int i = 0; i < steps; i++) {
            // i32.const 0, i32.const 0, i64.load, i64.const 1, i64.add, i64.store
            body.writeBytes(new byte[] {0x41, 0x00, 0x41, 0x00, 0x29, 0x03, 0x00, 0x42, 0x01, 0x7c, 0x37, 0x03, 0x00});
        }
        body.writeBytes(new byte[] {0x41, 0x00, 0x29, 0x03, 0x00, 0x0b}); // i64.load 0; end
        ByteArrayOutputStream code = new ByteArrayOutputStream();
        code.write(1);
        leb(code, body.size());
        code.writeBytes(body.toByteArray());

        ByteArrayOutputStream module = new ByteArrayOutputStream();
        module.writeBytes(new byte[] {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00});
        section(module, 1, new byte[] {0x01, 0x60, 0x01, 0x7e, 0x01, 0x7e}); // type (i64) -> i64
        section(module, 3, new byte[] {0x01, 0x00}); // one function of type 0
        section(module, 5, new byte[] {0x01, 0x00, 0x01}); // one memory, min 1 page
        section(module, 7, new byte[] {0x01, 0x03, 'b', 'i', 'g', 0x00, 0x00}); // export "big" = function 0
        section(module, 10, code.toByteArray());
        return module.toByteArray();
    }

    private static void section(ByteArrayOutputStream module, int id, byte[] content) {
        module.write(id);
        leb(module, content.length);
        module.writeBytes(content);
    }

    private static void leb(ByteArrayOutputStream out, int value) {
        do {
            int b = value & 0x7f;
            value >>>= 7;
            out.write(value != 0 ? b | 0x80 : b);
        } while (value != 0);
    }

    @Test
    void interpretPolicyRunsTheSameFunction() {
        try (WasmEngine interpreter = new WasmEngine(EngineConfig.defaults().withCompilePolicy(CompilePolicy.INTERPRET));
                WasmFunction f = interpreter.load(Wasm.function("acme.count", COUNTER, List.of(BIGINT), BIGINT).build())) {
            assertEquals(ExecutionMode.INTERPRETED, f.info().mode());
            assertEquals(List.of(3_000_001L, 4_000_002L), call(f, List.of(3L, 4L)));
        }
    }

    @Test
    void functionsFromOneModuleNeverShareInstances() {
        try (WasmFunction a = engine.load(Wasm.function("t1.count", COUNTER, List.of(BIGINT), BIGINT).build());
                WasmFunction b = engine.load(Wasm.function("t2.count", COUNTER, List.of(BIGINT), BIGINT).build());
                InstanceLease la = a.lease();
                InstanceLease lb = b.lease()) {
            assertNotSame(a, b);
            assertEquals(List.of(1L), call(la, List.of(0L)));
            assertEquals(List.of(1L), call(lb, List.of(0L)));
            assertEquals(List.of(2L), call(la, List.of(0L)));
        }
    }
}
