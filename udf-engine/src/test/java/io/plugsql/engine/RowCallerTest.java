package io.plugsql.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The row-at-a-time caller: results, NULL modes, strings, and every limit on the calling thread. */
class RowCallerTest extends EngineTestBase {
    private static final UdfType BIGINT = UdfType.of(TypeName.BIGINT);
    private static final UdfType VARCHAR = UdfType.of(TypeName.VARCHAR);

    private static final byte[] MUL_ADD = Wasm.wat("""
            (module (func (export "mul_add") (param i64 i64) (result i64)
              (i64.add (i64.mul (local.get 0) (local.get 1)) (i64.const 1))))""");

    private static final byte[] SPIN = Wasm.wat("""
            (module (func (export "spin") (param i64) (result i64)
              (if (i64.eq (local.get 0) (i64.const 3)) (then (loop $l (br $l))))
              (local.get 0)))""");

    private static final byte[] DOWN = Wasm.wat("""
            (module (func $down (export "down") (param i64) (result i64)
              (if (result i64) (i64.eqz (local.get 0))
                (then (i64.const 0))
                (else (i64.add (i64.const 1) (call $down (i64.sub (local.get 0) (i64.const 1))))))))""");

    @Test
    void callsTheScalarExportPerRowAndSkipsNullRowsInReturnNullMode() {
        try (WasmFunction f = engine.load(Wasm.function("acme.mul_add", MUL_ADD, List.of(BIGINT, BIGINT), BIGINT).build());
                RowCaller caller = engine.rowCaller(f)) {
            for (long row = 0; row < 1000; row++) {
                caller.setLong(0, row);
                caller.setLong(1, -3);
                assertTrue(caller.call(row));
                assertEquals(row * -3 + 1, caller.resultBits());
            }
            caller.setNull(0);
            caller.setLong(1, 2);
            assertFalse(caller.call(1000));
        }
    }

    @Test
    void passesNullFlagsInCallModeAndStringsThroughGuestMemory() {
        // Returns the string argument with its first byte replaced by '#', or "null" when the flag says NULL.
        byte[] module = Wasm.withAllocator("""
                (data (i32.const 16) "null")
                (func (export "tag") (param $isnull i32) (param $ptr i32) (param $len i32) (result i64)
                  (if (local.get $isnull) (then (return (i64.or (i64.shl (i64.const 16) (i64.const 32)) (i64.const 4)))))
                  (if (local.get $len) (then (i32.store8 (local.get $ptr) (i32.const 35))))
                  (i64.or (i64.shl (i64.extend_i32_u (local.get $ptr)) (i64.const 32)) (i64.extend_i32_u (local.get $len))))
                """);
        FunctionDefinition definition = Wasm.function("acme.tag", module, List.of(VARCHAR), VARCHAR)
                .nullInputMode(NullInputMode.CALL).build();
        try (WasmFunction f = engine.load(definition); RowCaller caller = engine.rowCaller(f)) {
            caller.setBytes(0, "xélodie 😀".getBytes(UTF_8));
            assertTrue(caller.call(0));
            assertEquals("#élodie 😀", new String(caller.resultBytes(), UTF_8));
            caller.setBytes(0, "élodie".getBytes(UTF_8));
            UdfException invalid = assertThrows(UdfException.class, () -> caller.call(1));
            assertEquals(EngineErrorCode.INVALID_RESULT.toErrorCode(), invalid.getErrorCode());
            caller.setNull(0);
            assertTrue(caller.call(1));
            assertEquals("null", new String(caller.resultBytes(), UTF_8));
            caller.setBytes(0, "ok".getBytes(UTF_8));
            assertTrue(caller.call(2));
            assertEquals("#k", new String(caller.resultBytes(), UTF_8));
        }
    }

    @Test
    void fuelEndsASpinningCallAndTheNextCallGetsAFreshInstance() {
        FunctionDefinition definition = Wasm.function("acme.spin", SPIN, List.of(BIGINT), BIGINT).version(4)
                .limits(SandboxLimits.DEFAULT.withFuelPerRow(100_000)).build();
        try (WasmFunction f = engine.load(definition); RowCaller caller = engine.rowCaller(f)) {
            caller.setLong(0, 3);
            UdfException e = assertThrows(UdfException.class, () -> caller.call(17));
            assertEquals(EngineErrorCode.FUEL_EXHAUSTED.toErrorCode(), e.getErrorCode());
            assertEquals("function acme.spin v4 exhausted its fuel (100000 per row) at row 17", e.getMessage());
            caller.setLong(0, 5);
            assertTrue(caller.call(18));
            assertEquals(5, caller.resultBits());
        }
    }

    @Test
    void theWatchdogEndsASpinningCallAtItsTimeoutAndLeavesTheThreadUninterrupted() {
        FunctionDefinition definition = Wasm.function("acme.spin", SPIN, List.of(BIGINT), BIGINT)
                .limits(SandboxLimits.DEFAULT.withTimeout(Duration.ofMillis(200)).withFuelPerRow(Long.MAX_VALUE)).build();
        try (WasmFunction f = engine.load(definition); RowCaller caller = engine.rowCaller(f)) {
            caller.setLong(0, 3);
            UdfException e = assertThrows(UdfException.class, () -> caller.call(2));
            assertEquals(EngineErrorCode.TIMEOUT.toErrorCode(), e.getErrorCode());
            assertEquals("function acme.spin exceeded its timeout of 200ms at row 2", e.getMessage());
            assertFalse(Thread.currentThread().isInterrupted(), "the watchdog's interrupt leaked");
            for (long row = 0; row < 10_000; row++) {
                caller.setLong(0, 7);
                assertTrue(caller.call(row));
            }
        }
    }

    @Test
    void anOutOfBoundsAccessTrapsWithTheRow() {
        byte[] module = Wasm.wat("""
                (module (memory 1) (func (export "peek") (param i64) (result i64)
                  (i64.load (i32.wrap_i64 (local.get 0)))))""");
        try (WasmFunction f = engine.load(Wasm.function("acme.peek", module, List.of(BIGINT), BIGINT).build());
                RowCaller caller = engine.rowCaller(f)) {
            caller.setLong(0, 65_536);
            UdfException e = assertThrows(UdfException.class, () -> caller.call(9));
            assertEquals(EngineErrorCode.TRAP_OUT_OF_BOUNDS.toErrorCode(), e.getErrorCode());
            assertTrue(e.getMessage().startsWith("function acme.peek trapped at row 9: out of bounds memory access"),
                    e.getMessage());
        }
    }

    @Test
    void theStackLimitIsTheFunctionsNotTheCallingThreads() throws InterruptedException {
        FunctionDefinition definition = Wasm.function("acme.down", DOWN, List.of(BIGINT), BIGINT)
                .limits(SandboxLimits.DEFAULT.withStackBytes(8L << 20)).build();
        AtomicReference<Object> deepResult = new AtomicReference<>();
        AtomicReference<Object> tooDeep = new AtomicReference<>();
        try (WasmFunction f = engine.load(definition)) {
            // A calling thread with a small stack: depth 5000 overflows it but fits the function's 8 MiB.
            Thread small = new Thread(null, () -> {
                try (RowCaller caller = engine.rowCaller(f)) {
                    caller.setLong(0, 5_000);
                    deepResult.set(caller.call(0) ? caller.resultBits() : null);
                    caller.setLong(0, 100_000_000);
                    tooDeep.set(assertThrows(UdfException.class, () -> caller.call(1)));
                } catch (Throwable t) {
                    deepResult.set(t);
                }
            }, "small-stack", 128 << 10);
            small.start();
            small.join();
        }
        assertEquals(5_000L, deepResult.get());
        UdfException e = (UdfException) tooDeep.get();
        assertEquals(EngineErrorCode.STACK_EXHAUSTED.toErrorCode(), e.getErrorCode());
        assertEquals("function acme.down exhausted its call stack (8192 KiB) at row 1", e.getMessage());
    }

    @Test
    void aBatchOnlyFunctionHasNoRowCaller() {
        byte[] module = Wasm.wat("""
                (module (memory (export "memory") 1)
                  (func (export "plugsql_alloc") (param i32) (result i32) (i32.const 1024))
                  (func (export "f_batch") (param i32 i32 i32) (result i32) (i32.const 0)))""");
        try (WasmFunction f = engine.load(Wasm.function("acme.f", module, List.of(BIGINT), BIGINT).build())) {
            UdfException e = assertThrows(UdfException.class, () -> engine.rowCaller(f));
            assertEquals(EngineErrorCode.UNSUPPORTED_FEATURE.toErrorCode(), e.getErrorCode());
        }
    }
}
