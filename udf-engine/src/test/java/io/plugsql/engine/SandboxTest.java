package io.plugsql.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.vector.FieldVector;
import org.junit.jupiter.api.Test;

/** Traps and limits end one invocation with a typed error naming function and row; the function keeps working. */
class SandboxTest extends EngineTestBase {
    static final UdfType BIGINT = Wasm.type(TypeName.BIGINT);

    private static List<Object> longs(long... values) {
        List<Object> list = new ArrayList<>();
        for (long value : values) {
            list.add(value);
        }
        return list;
    }

    private List<Object> call(WasmFunction f, List<Object> input) {
        try (FieldVector in = Vectors.of(allocator, BIGINT, input);
                FieldVector out = f.invoke(List.of(in), input.size(), allocator)) {
            return Vectors.read(out);
        }
    }

    private UdfException failure(WasmFunction f, List<Object> input) {
        try (FieldVector in = Vectors.of(allocator, BIGINT, input)) {
            return assertThrows(UdfException.class, () -> f.invoke(List.of(in), input.size(), allocator));
        }
    }

    @Test
    void divideByZeroNamesFunctionAndRowThenTheNextCallWorks() {
        byte[] module = Wasm.wat("(module (func (export \"f\") (param i64) (result i64) (i64.div_s (i64.const 100) (local.get 0))))");
        try (WasmFunction f = engine.load(Wasm.function("acme.f", module, List.of(BIGINT), BIGINT).version(2).build())) {
            long[] input = new long[20];
            for (int i = 0; i < input.length; i++) {
                input[i] = i == 17 ? 0 : i + 1;
            }
            UdfException e = failure(f, longs(input));
            assertTrue(e instanceof GuestTrapException);
            assertEquals(EngineErrorCode.TRAP_DIVIDE_BY_ZERO.toErrorCode(), e.getErrorCode());
            assertEquals("function acme.f v2 trapped at row 17: integer divide by zero", e.getMessage());
            assertEquals(OptionalLong.of(17), e.row());
            assertEquals(longs(100, 50), call(f, longs(1, 2)));
        }
    }

    @Test
    void anInstanceThatTrappedIsDiscarded() {
        // Counts calls in a global and traps on 0: after the trap, a fresh instance counts from 1 again.
        byte[] module = Wasm.wat("""
                (module (global $calls (mut i64) (i64.const 0))
                  (func (export "f") (param i64) (result i64)
                    (global.set $calls (i64.add (global.get $calls) (i64.const 1)))
                    (if (i64.eqz (local.get 0)) (then unreachable))
                    (global.get $calls)))""");
        try (WasmFunction f = engine.load(Wasm.function("acme.f", module, List.of(BIGINT), BIGINT).build());
                InstanceLease lease = f.lease();
                FieldVector fives = Vectors.of(allocator, BIGINT, longs(5, 5));
                FieldVector trapping = Vectors.of(allocator, BIGINT, longs(5, 0))) {
            try (FieldVector out = lease.invoke(List.of(fives), 2, allocator)) {
                assertEquals(longs(1, 2), Vectors.read(out));
            }
            try (FieldVector out = lease.invoke(List.of(fives), 1, allocator)) {
                assertEquals(longs(3), Vectors.read(out), "a lease keeps its instance between invocations");
            }
            UdfException e = assertThrows(UdfException.class, () -> lease.invoke(List.of(trapping), 2, allocator));
            assertEquals(EngineErrorCode.TRAP_UNREACHABLE.toErrorCode(), e.getErrorCode());
            try (FieldVector out = lease.invoke(List.of(fives), 2, allocator)) {
                assertEquals(longs(1, 2), Vectors.read(out));
            }
        }
    }

    @Test
    void unreachableAndOutOfBounds() {
        byte[] module = Wasm.wat("""
                (module (memory 1)
                  (func (export "f") (param i64) (result i64)
                    (if (i64.eq (local.get 0) (i64.const 1)) (then unreachable))
                    (i64.load (i32.wrap_i64 (local.get 0)))))""");
        try (WasmFunction f = engine.load(Wasm.function("acme.f", module, List.of(BIGINT), BIGINT).build())) {
            UdfException unreachable = failure(f, longs(8, 1));
            assertEquals(EngineErrorCode.TRAP_UNREACHABLE.toErrorCode(), unreachable.getErrorCode());
            assertEquals("function acme.f trapped at row 1: unreachable executed", unreachable.getMessage());
            UdfException outOfBounds = failure(f, longs(0, 65535));
            assertEquals(EngineErrorCode.TRAP_OUT_OF_BOUNDS.toErrorCode(), outOfBounds.getErrorCode());
            assertTrue(outOfBounds.getMessage().startsWith("function acme.f trapped at row 1: out of bounds memory access"),
                    outOfBounds.getMessage());
            assertEquals(longs(0, 0), call(f, longs(16, 65528))); // the last whole i64 of the page is in bounds
        }
    }

    @Test
    void infiniteLoopHitsTheTimeout() {
        byte[] module = Wasm.wat("""
                (module (func (export "spin") (param i64) (result i64)
                  (if (i64.eq (local.get 0) (i64.const 3)) (then (loop $l (br $l))))
                  (local.get 0)))""");
        FunctionDefinition definition = Wasm.function("acme.spin", module, List.of(BIGINT), BIGINT)
                .limits(SandboxLimits.DEFAULT.withTimeout(Duration.ofMillis(300)).withFuelPerRow(Long.MAX_VALUE)).build();
        try (WasmFunction f = engine.load(definition)) {
            UdfException e = failure(f, longs(1, 2, 3, 4));
            assertTrue(e instanceof LimitExceededException);
            assertEquals(EngineErrorCode.TIMEOUT.toErrorCode(), e.getErrorCode());
            assertEquals("function acme.spin exceeded its timeout of 300ms at row 2", e.getMessage());
            assertEquals(longs(1, 2), call(f, longs(1, 2)));
        }
    }

    @Test
    void deepRecursionExhaustsTheStackCleanly() {
        byte[] module = Wasm.wat("""
                (module (func $down (export "down") (param i64) (result i64)
                  (if (result i64) (i64.eqz (local.get 0))
                    (then (i64.const 0))
                    (else (i64.add (i64.const 1) (call $down (i64.sub (local.get 0) (i64.const 1))))))))""");
        FunctionDefinition definition = Wasm.function("acme.down", module, List.of(BIGINT), BIGINT)
                .limits(SandboxLimits.DEFAULT.withStackBytes(256 << 10)).build();
        try (WasmFunction f = engine.load(definition)) {
            UdfException e = failure(f, longs(10, 100_000_000));
            assertTrue(e instanceof LimitExceededException);
            assertEquals(EngineErrorCode.STACK_EXHAUSTED.toErrorCode(), e.getErrorCode());
            assertEquals("function acme.down exhausted its call stack (256 KiB) at row 1", e.getMessage());
            assertEquals(longs(100), call(f, longs(100)));
        }
    }

    @Test
    void interruptingTheCallerCancelsTheGuest() throws InterruptedException {
        byte[] module = Wasm.wat("(module (func (export \"spin\") (param i64) (result i64) (loop $l (br $l)) (local.get 0)))");
        FunctionDefinition definition = Wasm.function("acme.spin", module, List.of(BIGINT), BIGINT)
                .limits(SandboxLimits.DEFAULT.withTimeout(Duration.ofSeconds(60)).withFuelPerRow(Long.MAX_VALUE)).build();
        try (WasmFunction f = engine.load(definition); FieldVector in = Vectors.of(allocator, BIGINT, longs(1))) {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
            Thread caller = new Thread(() -> {
                try {
                    f.invoke(List.of(in), 1, allocator).close();
                } catch (Throwable t) {
                    thrown.set(t);
                }
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            });
            caller.start();
            Thread.sleep(200);
            caller.interrupt();
            caller.join(10_000);
            assertTrue(thrown.get() instanceof LimitExceededException, String.valueOf(thrown.get()));
            UdfException e = (UdfException) thrown.get();
            assertEquals(EngineErrorCode.CANCELLED.toErrorCode(), e.getErrorCode());
            // "at row 0" once the guest runs; a loaded machine may not have started it within 200 ms.
            assertTrue(e.getMessage().startsWith("function acme.spin was cancelled"), e.getMessage());
            assertTrue(stillInterrupted.get(), "the caller's interrupt status is kept");
        }
    }

    @Test
    void memoryGrowsOnlyUpToTheCap() {
        byte[] module = Wasm.wat("(module (memory 1) (func (export \"grow\") (param i64) (result i64)"
                + " (i64.extend_i32_s (memory.grow (i32.wrap_i64 (local.get 0))))))");
        FunctionDefinition definition = Wasm.function("acme.grow", module, List.of(BIGINT), BIGINT)
                .limits(SandboxLimits.DEFAULT.withMaxMemoryBytes(1 << 20)).build();
        try (WasmFunction f = engine.load(definition)) {
            // 1 MiB = 16 pages: from 1 page, +100 is refused, +15 succeeds (returns the old size), then +1 is refused.
            assertEquals(longs(-1, 1, -1), call(f, longs(100, 15, 1)));
        }
    }

    @Test
    void guestMemoryExhaustedInPlugsqlAlloc() {
        UdfType varchar = Wasm.type(TypeName.VARCHAR);
        byte[] module = Wasm.withAllocator("(func (export \"len\") (param i32 i32) (result i64) (i64.extend_i32_u (local.get 1)))");
        FunctionDefinition definition = Wasm.function("acme.len", module, List.of(varchar), BIGINT)
                .limits(SandboxLimits.DEFAULT.withMaxMemoryBytes(2 * SandboxLimits.WASM_PAGE_BYTES)).build();
        try (WasmFunction f = engine.load(definition);
                FieldVector in = Vectors.of(allocator, varchar, List.of("x".repeat(200_000)))) {
            LimitExceededException e = assertThrows(LimitExceededException.class, () -> f.invoke(List.of(in), 1, allocator));
            assertEquals(EngineErrorCode.MEMORY_EXHAUSTED.toErrorCode(), e.getErrorCode());
            assertEquals("function acme.len ran out of guest memory in rows 0..0: plugsql_alloc(200000) returned 0"
                    + " (guest memory exhausted)", e.getMessage());
        }
    }

    @Test
    void invalidStringResults() {
        UdfType varchar = Wasm.type(TypeName.VARCHAR);
        byte[] module = Wasm.withAllocator("""
                (data (i32.const 16) "ok\\ff")
                (func (export "s") (param $p i32) (param $n i32) (result i64)
                  (if (result i64) (i32.eq (local.get $n) (i32.const 1))
                    (then (i64.const 0x0000001000000002))
                    (else (if (result i64) (i32.eq (local.get $n) (i32.const 2))
                      (then (i64.const 0x0000001000000003))
                      (else (i64.const 0x7fff000000000010))))))""");
        try (WasmFunction f = engine.load(Wasm.function("acme.s", module, List.of(varchar), varchar).build());
                FieldVector in = Vectors.of(allocator, varchar, List.of("a", "bb"));
                FieldVector in2 = Vectors.of(allocator, varchar, List.of("a", "ccc"))) {
            GuestTrapException utf8 = assertThrows(GuestTrapException.class, () -> f.invoke(List.of(in), 2, allocator));
            assertEquals(EngineErrorCode.INVALID_RESULT.toErrorCode(), utf8.getErrorCode());
            assertEquals("function acme.s returned an invalid result at row 1: VARCHAR result is not valid UTF-8 (byte 2)",
                    utf8.getMessage());
            GuestTrapException outside = assertThrows(GuestTrapException.class, () -> f.invoke(List.of(in2), 2, allocator));
            assertEquals("function acme.s returned an invalid result at row 1: result (ptr 2147418112, len 16) lies"
                    + " outside guest memory of 65536 bytes", outside.getMessage());
            try (FieldVector out = f.invoke(List.of(in), 1, allocator)) {
                assertEquals(List.of("ok"), Vectors.read(out));
            }
        }
    }

    @Test
    void decimalResultAbovePrecision() {
        UdfType decimal = UdfType.decimal(3, 1);
        byte[] module = Wasm.wat("(module (func (export \"f\") (param i64) (result i64) (i64.mul (local.get 0) (i64.const 10))))");
        try (WasmFunction f = engine.load(Wasm.function("acme.f", module, List.of(decimal), decimal).build());
                FieldVector in = Vectors.of(allocator, decimal,
                        List.of(new java.math.BigDecimal("1.0"), new java.math.BigDecimal("12.5")))) {
            GuestTrapException e = assertThrows(GuestTrapException.class, () -> f.invoke(List.of(in), 2, allocator));
            assertEquals("function acme.f returned an invalid result at row 1: unscaled value 1250 does not fit"
                    + " DECIMAL(3,1)", e.getMessage());
        }
    }

    @Test
    void batchFormTrapNamesTheRows() {
        byte[] module = Wasm.withAllocator("(func (export \"f_batch\") (param i32 i32 i32) (result i32) unreachable)");
        try (WasmFunction f = engine.load(Wasm.function("acme.f", module, List.of(BIGINT), BIGINT).version(1).build())) {
            UdfException e = failure(f, longs(1, 2, 3));
            assertEquals("function acme.f v1 trapped in rows 0..2: unreachable executed", e.getMessage());
            assertEquals(OptionalLong.empty(), e.row());
        }
    }

    @Test
    void startFunctionThatNeverEndsHitsTheTimeoutAtLoad() {
        byte[] module = Wasm.wat("(module (func $start (loop $l (br $l))) (start $start)"
                + " (func (export \"f\") (param i64) (result i64) (local.get 0)))");
        FunctionDefinition definition = Wasm.function("acme.f", module, List.of(BIGINT), BIGINT)
                .limits(SandboxLimits.DEFAULT.withTimeout(Duration.ofMillis(200)).withFuelPerRow(Long.MAX_VALUE)).build();
        LimitExceededException e = assertThrows(LimitExceededException.class, () -> engine.load(definition));
        assertEquals("function acme.f exceeded its timeout of 200ms while instantiating the module", e.getMessage());
    }

    @Test
    void closedEngineRefusesCalls() {
        byte[] module = Wasm.wat("(module (func (export \"f\") (param i64) (result i64) (local.get 0)))");
        WasmEngine other = new WasmEngine(EngineConfig.defaults());
        try (WasmFunction f = other.load(Wasm.function("acme.f", module, List.of(BIGINT), BIGINT).build())) {
            assertEquals(longs(4), call(f, longs(4)));
            other.close();
            UdfException e = failure(f, longs(1));
            assertEquals(EngineErrorCode.FUNCTION_CLOSED.toErrorCode(), e.getErrorCode());
            assertEquals("function acme.f cannot run: its engine is closed", e.getMessage());
        }
    }

    @Test
    void closedFunctionRefusesCalls() {
        byte[] module = Wasm.wat("(module (func (export \"f\") (param i64) (result i64) (local.get 0)))");
        WasmFunction f = engine.load(Wasm.function("acme.f", module, List.of(BIGINT), BIGINT).build());
        f.close();
        UdfException e = failure(f, longs(1));
        assertEquals(EngineErrorCode.FUNCTION_CLOSED.toErrorCode(), e.getErrorCode());
    }
}
