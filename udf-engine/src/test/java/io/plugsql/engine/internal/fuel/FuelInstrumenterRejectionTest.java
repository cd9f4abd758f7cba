package io.plugsql.engine.internal.fuel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Tests that the instrumenter refuses what it cannot meter faithfully, with a clear message. */
class FuelInstrumenterRejectionTest {
    private static final byte[] SAMPLE = Guest.wat("""
            (module
              (memory 1)
              (global $g (mut i32) (i32.const 3))
              (data (i32.const 8) "abc")
              (table 1 funcref)
              (elem (i32.const 0) $f)
              (func $f (export "f") (param i32) (result i32)
                (local i64)
                block $b
                  loop $l
                    local.get 0 i32.eqz br_if $b
                    local.get 0 i32.const 1 i32.sub local.set 0
                    global.get $g i32.const 2 i32.mul global.set $g
                    br $l
                  end
                end
                i32.const 0 i32.const 0 i32.const 4 memory.copy
                global.get $g i32.load8_u))
            """);

    @Test
    void simdInstructionIsRefused() {
        // v128.const (0xFD 12) followed by 16 bytes, then drop.
        byte[] body = new byte[22];
        body[0] = (byte) 0xFD;
        body[1] = 12;
        body[18] = 0x1A;
        body[19] = 0x0B;
        IllegalArgumentException e = refused(module(Arrays.copyOf(body, 20)));
        assertTrue(e.getMessage().contains("SIMD is not supported"), e.getMessage());
        assertTrue(e.getMessage().startsWith("function 0: "), e.getMessage());
    }

    @Test
    void simdLocalIsRefused() {
        IllegalArgumentException e = refused(moduleWithLocals(new byte[] {1, 1, 0x7B}, new byte[] {0x0B}));
        assertTrue(e.getMessage().contains("v128 (SIMD)"), e.getMessage());
    }

    @Test
    void otherProposalsAreRefusedByName() {
        assertTrue(refused(module(new byte[] {(byte) 0xFE, 0x03, 0x00, 0x0B})).getMessage().contains("threads"));
        assertTrue(refused(module(new byte[] {0x08, 0x00, 0x0B})).getMessage().contains("exception handling"));
        assertTrue(refused(module(new byte[] {(byte) 0xFC, 18, 0x0B})).getMessage().contains("0xFC 18"));
        assertTrue(refused(module(new byte[] {0x12, 0x00, 0x0B})).getMessage().contains("tail calls"));
        assertTrue(refused(module(new byte[] {(byte) 0xFF, 0x0B})).getMessage().contains("unknown opcode 0xFF"));
    }

    @Test
    void memory64IsRefused() {
        WasmWriter memory = new WasmWriter(8).writeU32(1).writeByte(0x04).writeU32(1);
        byte[] bytes = new WasmWriter(32).writeBytes(ModuleLayout.MAGIC).writeBytes(ModuleLayout.VERSION)
                .writeSection(ModuleLayout.MEMORY, memory).toByteArray();
        assertTrue(refused(bytes).getMessage().contains("memory64"));
    }

    @Test
    void malformedBytesAreRefused() {
        assertTrue(refused(new byte[0]).getMessage().contains("bad magic"));
        assertTrue(refused(new byte[] {1, 2, 3}).getMessage().contains("bad magic"));
        assertTrue(refused(new byte[] {0, 'a', 's', 'm', 0x0D, 0, 1, 0}).getMessage().contains("components"));
        byte[] unknownSection = Arrays.copyOf(ModuleLayout.MAGIC, 11);
        System.arraycopy(ModuleLayout.VERSION, 0, unknownSection, 4, 4);
        unknownSection[8] = 14;
        assertTrue(refused(unknownSection).getMessage().contains("unknown section id 14"));
        WasmWriter empty = new WasmWriter(1).writeU32(0);
        byte[] outOfOrder = new WasmWriter(32).writeBytes(ModuleLayout.MAGIC).writeBytes(ModuleLayout.VERSION)
                .writeSection(ModuleLayout.EXPORT, empty).writeSection(ModuleLayout.TYPE, empty).toByteArray();
        assertTrue(refused(outOfOrder).getMessage().contains("out of order"));
        assertTrue(refused(module(new byte[] {0x01})).getMessage().contains("ends without its final end"));
        assertTrue(refused(module(new byte[] {0x0B, 0x01})).getMessage().contains("after the end"));
        assertTrue(refused(module(new byte[] {0x23, 0x05, 0x1A, 0x0B})).getMessage().contains("unknown global 5"));
        assertTrue(refused(module(new byte[] {0x05, 0x0B})).getMessage().contains("else outside if"));
    }

    @Test
    void everyTruncationIsRefusedOrStillAValidModule() {
        for (int length = 0; length < SAMPLE.length; length++) {
            byte[] prefix = Arrays.copyOf(SAMPLE, length);
            try {
                assertNotNull(Parser.parse(FuelInstrumenter.instrument(prefix, 0)));
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage().contains("malformed"), expected.getMessage());
            }
        }
    }

    @Test
    void corruptedModulesNeverYieldAnInvalidModule() {
        Random random = new Random(42);
        int instrumented = 0;
        int validated = 0;
        for (int round = 0; round < 2_000; round++) {
            byte[] bytes = SAMPLE.clone();
            for (int flips = 1 + random.nextInt(2); flips > 0; flips--) {
                bytes[8 + random.nextInt(bytes.length - 8)] = (byte) random.nextInt(256);
            }
            byte[] result;
            try {
                result = FuelInstrumenter.instrument(bytes, 0);
            } catch (IllegalArgumentException refused) {
                continue;
            }
            instrumented++;
            if (chicoryAccepts(bytes)) {
                assertNotNull(Parser.parse(result), "round " + round);
                validated++;
            }
        }
        assertTrue(validated > 0);
    }

    @Test
    void alreadyInstrumentedModuleIsRefused() {
        byte[] once = FuelInstrumenter.instrument(SAMPLE, 0);
        assertTrue(refused(once).getMessage().contains("reserved for the fuel counter"));
    }

    @Test
    void negativeInitialFuelIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> FuelInstrumenter.instrument(SAMPLE, -1));
    }

    @Test
    void notInstrumentedInstanceHasNoMeter() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> FuelMeter.of(Guest.INTERPRETER.instance(SAMPLE)));
        assertTrue(e.getMessage().contains("not instrumented"));
    }

    @Test
    void batchBudgetSaturates() {
        assertEquals(4_000, FuelMeter.budget(1_000, 4));
        assertEquals(1_000, FuelMeter.budget(1_000, 0));
        assertEquals(Long.MAX_VALUE, FuelMeter.budget(Long.MAX_VALUE / 2, 3));
        assertEquals(Long.MAX_VALUE, FuelMeter.budget(Long.MAX_VALUE, Integer.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> FuelMeter.budget(-1, 1));
    }

    private static boolean chicoryAccepts(byte[] bytes) {
        try {
            Parser.parse(bytes);
            return true;
        } catch (ChicoryException | IllegalArgumentException | IndexOutOfBoundsException e) {
            return false;
        }
    }

    private static IllegalArgumentException refused(byte[] bytes) {
        return assertThrows(IllegalArgumentException.class, () -> FuelInstrumenter.instrument(bytes, 0));
    }

    /** A module with one function of type () -> () and no locals whose code is {@code code}. */
    private static byte[] module(byte[] code) {
        return moduleWithLocals(new byte[] {0}, code);
    }

    private static byte[] moduleWithLocals(byte[] locals, byte[] code) {
        WasmWriter types = new WasmWriter(8).writeU32(1).writeByte(0x60).writeU32(0).writeU32(0);
        WasmWriter functions = new WasmWriter(4).writeU32(1).writeU32(0);
        WasmWriter globals = new WasmWriter(8).writeU32(1).writeByte(0x7F).writeByte(0)
                .writeByte(0x41).writeByte(0).writeByte(0x0B);
        WasmWriter body = new WasmWriter(32).writeBytes(locals).writeBytes(code);
        WasmWriter bodies = new WasmWriter(32).writeU32(1).writeU32(body.size()).writeBytes(body);
        return new WasmWriter(64).writeBytes(ModuleLayout.MAGIC).writeBytes(ModuleLayout.VERSION)
                .writeSection(ModuleLayout.TYPE, types)
                .writeSection(ModuleLayout.FUNCTION, functions)
                .writeSection(ModuleLayout.GLOBAL, globals)
                .writeSection(ModuleLayout.CODE, bodies)
                .toByteArray();
    }
}
