package io.plugsql.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import org.apache.arrow.vector.FieldVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Hostile modules, each ending in its exact typed error (class, code, message naming function,
 * version, row and kind), after which the same engine, and the same function where it loaded, still
 * answers a normal call correctly. Limits are checked in the default, compiled mode.
 */
class AdversarialCorpusTest extends EngineTestBase {
    private static final UdfType BIGINT = Wasm.type(TypeName.BIGINT);
    private static final SandboxLimits SMALL_FUEL = SandboxLimits.DEFAULT.withFuelPerRow(10_000)
            .withTimeout(Duration.ofSeconds(60));
    private static final SandboxLimits SHORT_TIMEOUT = SandboxLimits.DEFAULT.withFuelPerRow(Long.MAX_VALUE)
            .withTimeout(Duration.ofMillis(300));

    /** {@code spin(x)}: loops forever when x = 3, else returns x. */
    private static final String SPIN = """
            (module (func (export "spin") (param i64) (result i64)
              (if (i64.eq (local.get 0) (i64.const 3)) (then (loop $l (br $l))))
              (local.get 0)))""";

    /** A start function that never ends, and an identity export. */
    private static final String START_LOOP = "(module (func $start (loop $l (br $l))) (start $start)"
            + " (func (export \"f\") (param i64) (result i64) (local.get 0)))";

    private static List<Object> longs(long... values) {
        List<Object> list = new ArrayList<>();
        for (long value : values) {
            list.add(value);
        }
        return list;
    }

    private List<Object> call(WasmFunction f, long... input) {
        try (FieldVector in = Vectors.of(allocator, BIGINT, longs(input));
                FieldVector out = f.invoke(List.of(in), input.length, allocator)) {
            return Vectors.read(out);
        }
    }

    private List<Object> call(InstanceLease lease, long... input) {
        try (FieldVector in = Vectors.of(allocator, BIGINT, longs(input));
                FieldVector out = lease.invoke(List.of(in), input.length, allocator)) {
            return Vectors.read(out);
        }
    }

    private <T extends UdfException> T fails(Class<T> type, EngineErrorCode code, WasmFunction f, long... input) {
        try (FieldVector in = Vectors.of(allocator, BIGINT, longs(input))) {
            return fails(type, code, () -> f.invoke(List.of(in), input.length, allocator).close());
        }
    }

    private static <T extends UdfException> T fails(Class<T> type, EngineErrorCode code, Executable action) {
        T e = assertThrows(type, action);
        assertEquals(code.toErrorCode(), e.getErrorCode(), e.getMessage());
        return e;
    }

    private static FunctionDefinition.Builder function(String name, byte[] module) {
        return Wasm.function(name, module, List.of(BIGINT), BIGINT).version(1);
    }

    /** The engine still loads and runs an ordinary function. */
    private void engineStillWorks() {
        byte[] module = Wasm.wat("(module (func (export \"twice\") (param i64) (result i64)"
                + " (i64.mul (local.get 0) (i64.const 2))))");
        try (WasmFunction f = engine.load(function("acme.twice", module).build())) {
            assertEquals(longs(2, 84), call(f, 1, 42));
        }
    }

    @Test
    void infiniteLoopRunsOutOfFuel() {
        try (WasmFunction f = engine.load(function("acme.spin", Wasm.wat(SPIN)).limits(SMALL_FUEL).build())) {
            assertEquals(ExecutionMode.COMPILED, f.info().mode());
            LimitExceededException e = fails(LimitExceededException.class, EngineErrorCode.FUEL_EXHAUSTED, f, 1, 2, 3, 4);
            assertEquals("function acme.spin v1 exhausted its fuel (10000 per row) at row 2", e.getMessage());
            assertEquals(OptionalLong.of(2), e.row());
            assertEquals("acme.spin v1", e.functionName());
            assertEquals(longs(1, 2, 4), call(f, 1, 2, 4));
        }
    }

    @Test
    void infiniteLoopWithAmpleFuelHitsTheTimeout() {
        try (WasmFunction f = engine.load(function("acme.spin", Wasm.wat(SPIN)).limits(SHORT_TIMEOUT).build())) {
            LimitExceededException e = fails(LimitExceededException.class, EngineErrorCode.TIMEOUT, f, 1, 2, 3);
            assertEquals("function acme.spin v1 exceeded its timeout of 300ms at row 2", e.getMessage());
            assertEquals(longs(1, 2), call(f, 1, 2));
        }
    }

    @Test
    void batchFormLoopRunsOutOfFuelNamingItsRows() {
        byte[] module = Wasm.withAllocator(
                "(func (export \"spin_batch\") (param i32 i32 i32) (result i32) (loop $l (br $l)) (i32.const 0))");
        try (WasmFunction f = engine.load(function("acme.spin", module).limits(SMALL_FUEL).build())) {
            assertEquals(AbiForm.BATCH, f.info().form());
            LimitExceededException e = fails(LimitExceededException.class, EngineErrorCode.FUEL_EXHAUSTED, f, 1, 2, 3);
            assertEquals("function acme.spin v1 exhausted its fuel (10000 per row) in rows 0..2", e.getMessage());
        }
        engineStillWorks();
    }

    @Test
    void startFunctionLoopRunsOutOfFuel() {
        LimitExceededException e = fails(LimitExceededException.class, EngineErrorCode.FUEL_EXHAUSTED,
                () -> engine.load(function("acme.f", Wasm.wat(START_LOOP)).limits(SMALL_FUEL).build()));
        assertEquals("function acme.f v1 exhausted its fuel (10000 per row) while instantiating the module", e.getMessage());
        assertEquals(OptionalLong.empty(), e.row());
        engineStillWorks();
    }

    @Test
    void startFunctionLoopWithAmpleFuelHitsTheTimeout() {
        LimitExceededException e = fails(LimitExceededException.class, EngineErrorCode.TIMEOUT,
                () -> engine.load(function("acme.f", Wasm.wat(START_LOOP)).limits(SHORT_TIMEOUT).build()));
        assertEquals("function acme.f v1 exceeded its timeout of 300ms while instantiating the module", e.getMessage());
        engineStillWorks();
    }

    @Test
    void memoryBombIsRefusedAtTheCap() {
        // bomb(0) grows one page at a time until refused and returns the page count;
        // bomb(1) does the same but traps when refused, as a guest without an error path would.
        byte[] module = Wasm.wat("""
                (module (memory 1)
                  (func (export "bomb") (param i64) (result i64)
                    (loop $grow
                      (if (i32.ne (memory.grow (i32.const 1)) (i32.const -1)) (then (br $grow))))
                    (if (i64.eq (local.get 0) (i64.const 1)) (then unreachable))
                    (i64.extend_i32_u (memory.size))))""");
        FunctionDefinition definition = function("acme.bomb", module)
                .limits(SandboxLimits.DEFAULT.withMaxMemoryBytes(1 << 20)).build();
        try (WasmFunction f = engine.load(definition)) {
            assertEquals(longs(16), call(f, 0));
            LimitExceededException e = fails(LimitExceededException.class, EngineErrorCode.MEMORY_EXHAUSTED, f, 0, 1);
            assertEquals("function acme.bomb v1 ran out of memory at row 1: memory.grow was refused (memory limit 1 MiB),"
                    + " then the guest trapped: unreachable executed", e.getMessage());
            assertEquals(longs(16, 16), call(f, 0, 0));
        }
    }

    @Test
    void memoryBombInTheStartFunction() {
        byte[] module = Wasm.wat("""
                (module (memory 1)
                  (func $start
                    (loop $grow
                      (if (i32.ne (memory.grow (i32.const 1)) (i32.const -1)) (then (br $grow))))
                    unreachable)
                  (start $start)
                  (func (export "f") (param i64) (result i64) (local.get 0)))""");
        LimitExceededException e = fails(LimitExceededException.class, EngineErrorCode.MEMORY_EXHAUSTED,
                () -> engine.load(function("acme.f", module)
                        .limits(SandboxLimits.DEFAULT.withMaxMemoryBytes(2 << 20)).build()));
        assertEquals("function acme.f v1 ran out of memory while instantiating the module: memory.grow was refused"
                + " (memory limit 2 MiB), then the guest trapped: unreachable executed", e.getMessage());
        engineStillWorks();
    }

    @Test
    void deepRecursionExhaustsTheStack() {
        byte[] module = Wasm.wat("""
                (module (func $down (export "down") (param i64) (result i64)
                  (if (result i64) (i64.eqz (local.get 0))
                    (then (i64.const 0))
                    (else (i64.add (i64.const 1) (call $down (i64.sub (local.get 0) (i64.const 1))))))))""");
        FunctionDefinition definition = Wasm.function("acme.down", module, List.of(BIGINT), BIGINT).version(1)
                .limits(SandboxLimits.DEFAULT.withStackBytes(256 << 10).withFuelPerRow(Long.MAX_VALUE)).build();
        try (WasmFunction f = engine.load(definition)) {
            LimitExceededException e = fails(LimitExceededException.class, EngineErrorCode.STACK_EXHAUSTED,
                    f, 10, 100_000_000);
            assertEquals("function acme.down v1 exhausted its call stack (256 KiB) at row 1", e.getMessage());
            assertEquals(longs(100, 7), call(f, 100, 7));
        }
    }

    @Test
    void hugeModuleIsRefusedBeforeParsing() {
        // A valid module whose one custom section takes it past the 8 MiB default.
        int payload = (int) EngineConfig.DEFAULT_MAX_MODULE_BYTES;
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload + 32);
        out.writeBytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0, 0});
        writeU32(out, payload + 2);
        writeU32(out, 1);
        out.write('x');
        out.writeBytes(new byte[payload]);
        byte[] module = out.toByteArray();
        InvalidModuleException e = fails(InvalidModuleException.class, EngineErrorCode.MODULE_TOO_LARGE,
                () -> engine.load(function("acme.huge", module).build()));
        assertEquals("function acme.huge v1: module of " + module.length + " bytes exceeds the limit of 8388608 bytes",
                e.getMessage());
        engineStillWorks();
    }

    @Test
    void thousandsOfFunctionsLoadAndAnswer() {
        int count = 2_000;
        // Function 0, exported as "chain", passes its argument through functions 1..count-1, each adding 1.
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        writeU32(first, 0);
        first.writeBytes(new byte[] {0x20, 0});
        for (int i = 1; i < count; i++) {
            first.write(0x10);
            writeU32(first, i);
        }
        first.write(0x0B);
        byte[] addOne = {0, 0x20, 0, 0x42, 1, 0x7C, 0x0B};
        ByteArrayOutputStream functions = new ByteArrayOutputStream();
        writeU32(functions, count);
        ByteArrayOutputStream code = new ByteArrayOutputStream();
        writeU32(code, count);
        writeU32(code, first.size());
        code.writeBytes(first.toByteArray());
        for (int i = 0; i < count; i++) {
            functions.write(0);
            if (i > 0) {
                writeU32(code, addOne.length);
                code.writeBytes(addOne);
            }
        }
        ByteArrayOutputStream module = new ByteArrayOutputStream();
        module.writeBytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        section(module, 1, new byte[] {1, 0x60, 1, 0x7E, 1, 0x7E});
        section(module, 3, functions.toByteArray());
        section(module, 7, new byte[] {1, 5, 'c', 'h', 'a', 'i', 'n', 0, 0});
        section(module, 10, code.toByteArray());
        try (WasmFunction f = engine.load(function("acme.chain", module.toByteArray()).build())) {
            assertEquals(longs(count - 1, count + 9), call(f, 0, 10));
        }
    }

    @Test
    void malformedAndTruncatedBytes() {
        InvalidModuleException garbage = fails(InvalidModuleException.class, EngineErrorCode.MALFORMED_MODULE,
                () -> engine.load(function("acme.bad", new byte[] {0, 'a', 's', 'm', 9, 9, 9, 9, 1, 2, 3}).build()));
        assertTrue(garbage.getMessage().startsWith("function acme.bad v1: invalid WebAssembly module: "),
                garbage.getMessage());
        byte[] whole = Wasm.wat(SPIN);
        for (int length : new int[] {0, 4, 7, 9, whole.length / 2, whole.length - 1}) {
            byte[] truncated = Arrays.copyOf(whole, length);
            InvalidModuleException e = fails(InvalidModuleException.class, EngineErrorCode.MALFORMED_MODULE,
                    () -> engine.load(function("acme.bad", truncated).build()));
            assertTrue(e.getMessage().startsWith("function acme.bad v1: invalid WebAssembly module: "), e.getMessage());
        }
        try (WasmFunction f = engine.load(function("acme.spin", whole).build())) {
            assertEquals(longs(5), call(f, 5));
        }
    }

    @Test
    void wasiImportIsRefusedByName() {
        byte[] module = Wasm.wat("""
                (module
                  (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
                  (memory 1)
                  (func (export "f") (param i64) (result i64) (local.get 0)))""");
        InvalidModuleException e = fails(InvalidModuleException.class, EngineErrorCode.IMPORT_NOT_ALLOWED,
                () -> engine.load(function("acme.w", module).build()));
        assertEquals("function acme.w v1: module imports wasi_snapshot_preview1.fd_write (function);"
                + " no imports are granted to functions", e.getMessage());
        engineStillWorks();
    }

    @Test
    void dataSegmentOutOfRangeFailsInstantiation() {
        byte[] module = Wasm.wat("(module (memory 1) (data (i32.const 65530) \"0123456789\")"
                + " (func (export \"f\") (param i64) (result i64) (local.get 0)))");
        InvalidModuleException e = fails(InvalidModuleException.class, EngineErrorCode.INSTANTIATION_FAILED,
                () -> engine.load(function("acme.f", module).build()));
        assertTrue(e.getMessage().startsWith("function acme.f v1 cannot be instantiated: out of bounds memory access"),
                e.getMessage());
        engineStillWorks();
    }

    @Test
    void guestTrapsNameTheirKindAndRow() {
        // f(1) unreachable, f(2) divides by zero, f(3) loads out of bounds, otherwise 10 * x.
        byte[] module = Wasm.wat("""
                (module (memory 1)
                  (func (export "f") (param i64) (result i64)
                    (if (i64.eq (local.get 0) (i64.const 1)) (then unreachable))
                    (if (i64.eq (local.get 0) (i64.const 2)) (then (drop (i64.div_u (i64.const 1) (i64.const 0)))))
                    (if (i64.eq (local.get 0) (i64.const 3)) (then (drop (i64.load (i32.const 65536)))))
                    (i64.mul (local.get 0) (i64.const 10))))""");
        try (WasmFunction f = engine.load(function("acme.f", module).build())) {
            GuestTrapException unreachable = fails(GuestTrapException.class, EngineErrorCode.TRAP_UNREACHABLE, f, 5, 1);
            assertEquals("function acme.f v1 trapped at row 1: unreachable executed", unreachable.getMessage());
            GuestTrapException divide = fails(GuestTrapException.class, EngineErrorCode.TRAP_DIVIDE_BY_ZERO, f, 5, 6, 2);
            assertEquals("function acme.f v1 trapped at row 2: integer divide by zero", divide.getMessage());
            GuestTrapException bounds = fails(GuestTrapException.class, EngineErrorCode.TRAP_OUT_OF_BOUNDS, f, 3);
            assertTrue(bounds.getMessage().startsWith("function acme.f v1 trapped at row 0: out of bounds memory access"),
                    bounds.getMessage());
            assertEquals(longs(50, 60), call(f, 5, 6));
        }
    }

    @Test
    void modulesTheFuelMeterCannotHandleAreRefusedWithTheReason() {
        byte[] simd = Wasm.wat("(module (func (export \"f\") (param i64) (result i64)"
                + " (i64x2.extract_lane 0 (i64x2.splat (local.get 0)))))");
        InvalidModuleException e = fails(InvalidModuleException.class, EngineErrorCode.UNSUPPORTED_FEATURE,
                () -> engine.load(function("acme.f", simd).build()));
        assertTrue(e.getMessage().startsWith("function acme.f v1: module cannot be metered for fuel: "), e.getMessage());
        assertTrue(e.getMessage().contains("SIMD"), e.getMessage());
        engineStillWorks();
    }

    @Test
    void tenantsSharingModuleBytesNeverShareAnInstance() {
        // Counts calls in a global; traps on 0. Each lease keeps its instance between its invocations.
        byte[] module = Wasm.wat("""
                (module (global $calls (mut i64) (i64.const 0))
                  (func (export "count") (param i64) (result i64)
                    (global.set $calls (i64.add (global.get $calls) (i64.const 1)))
                    (if (i64.eqz (local.get 0)) (then unreachable))
                    (global.get $calls)))""");
        try (WasmFunction a = engine.load(function("a.count", module).build());
                WasmFunction b = engine.load(function("b.count", module.clone()).build());
                InstanceLease la = a.lease();
                InstanceLease lb = b.lease()) {
            assertEquals(a.info().moduleSha256(), b.info().moduleSha256());
            assertEquals(longs(1, 2, 3), call(la, 1, 1, 1));
            assertEquals(longs(1), call(lb, 1));
            assertEquals(longs(4), call(la, 1));
            try (FieldVector in = Vectors.of(allocator, BIGINT, longs(1, 0))) {
                GuestTrapException e = fails(GuestTrapException.class, EngineErrorCode.TRAP_UNREACHABLE,
                        () -> la.invoke(List.of(in), 2, allocator).close());
                assertEquals("function a.count v1 trapped at row 1: unreachable executed", e.getMessage());
            }
            assertEquals(longs(1, 2), call(la, 1, 1));
            assertEquals(longs(2, 3), call(lb, 1, 1));
        }
    }

    @Test
    void effectiveLimitsAreTheFunctionsCappedByTheQuota() {
        SandboxLimits quota = new SandboxLimits(4L << 20, Duration.ofSeconds(1), 50_000, 512L << 10);
        try (WasmEngine capped = new WasmEngine(EngineConfig.defaults().withQuota(quota))) {
            FunctionDefinition definition = function("acme.spin", Wasm.wat(SPIN))
                    .limits(new SandboxLimits(64L << 20, Duration.ofSeconds(30), 1_000, 8L << 20)).build();
            try (WasmFunction f = capped.load(definition)) {
                assertEquals(new SandboxLimits(4L << 20, Duration.ofSeconds(1), 1_000, 512L << 10),
                        f.info().effectiveLimits());
                LimitExceededException e = fails(LimitExceededException.class, EngineErrorCode.FUEL_EXHAUSTED, f, 3);
                assertEquals("function acme.spin v1 exhausted its fuel (1000 per row) at row 0", e.getMessage());
                assertEquals(longs(4), call(f, 4));
            }
        }
    }

    private static void section(ByteArrayOutputStream module, int id, byte[] payload) {
        module.write(id);
        writeU32(module, payload.length);
        module.writeBytes(payload);
    }

    private static void writeU32(ByteArrayOutputStream out, int value) {
        int rest = value;
        do {
            int low = rest & 0x7F;
            rest >>>= 7;
            out.write(rest == 0 ? low : low | 0x80);
        } while (rest != 0);
    }
}
