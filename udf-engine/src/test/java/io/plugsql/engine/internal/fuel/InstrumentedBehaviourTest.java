package io.plugsql.engine.internal.fuel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportGlobal;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExportSection;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import com.dylibso.chicory.wasm.types.Value;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Differential tests: an instrumented module given ample fuel behaves exactly like the original,
 * across control flow, multi-value, globals, data, memory, tables and imports, in both modes.
 */
class InstrumentedBehaviourTest {
    private static final byte[] CORPUS = Guest.wat("""
            (module
              (memory (export "memory") 1 4)
              (global $counter (mut i32) (i32.const 0))
              (global $base i32 (i32.const 100))
              (data (i32.const 16) "hello, fuel")
              (data $passive "abcdef")
              (table $fns 3 funcref)
              (table $refs 0 10 externref)
              (elem (i32.const 0) $double $square $negate)
              (func $double (param i32) (result i32) local.get 0 i32.const 2 i32.mul)
              (func $square (param i32) (result i32) local.get 0 local.get 0 i32.mul)
              (func $negate (param i32) (result i32) i32.const 0 local.get 0 i32.sub)
              (func (export "dispatch") (param $x i32) (result i32)
                local.get $x
                local.get $x i32.const 3 i32.rem_u
                call_indirect $fns (param i32) (result i32)
                global.get $base i32.add)
              (func (export "classify") (param $n i32) (result i32)
                (local $i i32) (local $acc i32)
                block $done
                  loop $next
                    local.get $i local.get $n i32.ge_u br_if $done
                    block $c2
                      block $c1
                        block $c0
                          local.get $i i32.const 5 i32.rem_u
                          local.get $i i32.const 1 i32.add local.set $i
                          br_table $c0 $c1 $c2 $next $done
                        end
                        local.get $acc i32.const 1 i32.add local.set $acc
                        br $next
                      end
                      local.get $acc i32.const 10 i32.add local.set $acc
                      local.get $i i32.const 1 i32.add local.set $i
                      br $next
                    end
                    local.get $acc i32.const 100 i32.add local.set $acc
                    br $next
                  end
                end
                local.get $acc)
              (func (export "if_loops") (param $n i32) (result i32)
                (local $i i32) (local $acc i32)
                local.get $n i32.const 1 i32.and
                if (result i32)
                  loop $l
                    local.get $acc local.get $i i32.add local.set $acc
                    local.get $i i32.const 1 i32.add local.tee $i
                    local.get $n i32.lt_u br_if $l
                  end
                  local.get $acc
                else
                  block $b
                    loop $l2
                      local.get $i local.get $n i32.ge_u br_if $b
                      local.get $acc local.get $i i32.const 3 i32.mul i32.add local.set $acc
                      local.get $i i32.const 1 i32.add local.set $i
                      br $l2
                    end
                  end
                  local.get $acc i32.const 7 i32.xor
                end
                global.get $counter i32.const 1 i32.add global.set $counter)
              (func (export "nested") (param $n i32) (result i32)
                (local $i i32) (local $j i32) (local $acc i32)
                block $outer_done
                  loop $outer
                    local.get $i local.get $n i32.ge_u br_if $outer_done
                    i32.const 0 local.set $j
                    block $inner_done
                      loop $inner
                        local.get $j local.get $i i32.gt_u br_if $inner_done
                        local.get $i local.get $j i32.mul i32.const 7 i32.eq
                        if
                          local.get $acc i32.const 1000 i32.add local.set $acc
                          br $outer_done
                        end
                        local.get $acc local.get $j i32.add local.set $acc
                        local.get $j i32.const 1 i32.add local.set $j
                        br $inner
                      end
                    end
                    local.get $i i32.const 1 i32.add local.set $i
                    br $outer
                  end
                end
                local.get $acc)
              (func (export "swap") (param $a i32) (param $b i32) (result i32 i32)
                local.get $a local.get $b
                block (param i32 i32) (result i32 i32)
                  local.set $a local.set $b
                  local.get $a local.get $b
                end)
              (func (export "countdown") (param $n i32) (result i32 i32)
                (local $steps i32)
                local.get $n
                loop $lp (param i32) (result i32)
                  local.get $steps i32.const 1 i32.add local.set $steps
                  i32.const 1 i32.sub
                  local.tee $n
                  local.get $n i32.const 0 i32.gt_s
                  br_if $lp
                end
                local.get $steps)
              (func (export "memops") (param $len i32) (result i32)
                (local $i i32) (local $sum i32)
                i32.const 1000 i32.const 7 local.get $len memory.fill
                i32.const 5000 i32.const 1000 local.get $len memory.copy
                i32.const 2000 i32.const 1 i32.const 4 memory.init $passive
                block $d
                  loop $l
                    local.get $i local.get $len i32.ge_u br_if $d
                    local.get $sum local.get $i i32.const 5000 i32.add i32.load8_u i32.add local.set $sum
                    local.get $i i32.const 1 i32.add local.set $i
                    br $l
                  end
                end
                local.get $sum
                i32.const 16 i32.load i32.add
                i32.const 2000 i32.load i32.add
                i32.const 1 memory.grow i32.add
                memory.size i32.add)
              (func (export "numeric") (param $x i32) (result i64)
                local.get $x i32.extend8_s i64.extend_i32_s
                f64.const 1e30 i64.trunc_sat_f64_s i64.add
                local.get $x f32.convert_i32_s f32.const 0.5 f32.mul i32.trunc_sat_f32_u i64.extend_i32_u i64.add
                i64.const 3 i64.const 4 local.get $x i32.const 1 i32.and select (result i64) i64.add
                ref.null func ref.is_null i64.extend_i32_u i64.add
                ref.func $double ref.is_null i64.extend_i32_u i64.add
                table.size $fns i64.extend_i32_u i64.add
                local.get $x i64.extend_i32_u i64.const 0x123456789 i64.mul i64.const 17 i64.rotl i64.add
                local.get $x f64.convert_i32_u f64.sqrt i64.trunc_sat_f64_u i64.add)
              (func (export "tables") (param $n i32) (result i32)
                ref.null extern local.get $n table.grow $refs
                i32.const 0 ref.null extern table.size $refs table.fill $refs
                table.size $refs i32.add)
              (func (export "early") (param $x i32) (result i32)
                block $a (result i32)
                  loop $l
                    local.get $x i32.const 10 i32.gt_u
                    if
                      local.get $x br $a
                    end
                    local.get $x i32.const 3 i32.add local.set $x
                    local.get $x i32.const 5 i32.rem_u i32.eqz
                    if
                      i32.const -1 return
                    end
                    br $l
                  end
                  i32.const 0
                end
                i32.const 2 i32.mul))
            """);

    private static final String[] FUNCTIONS = {
        "dispatch", "classify", "if_loops", "nested", "countdown", "memops", "numeric", "tables", "early",
    };
    private static final int[] INPUTS = {0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 17, 64, 100, 1000, 4097};

    @ParameterizedTest
    @EnumSource(Guest.class)
    void instrumentedModuleComputesTheSameResults(Guest guest) {
        byte[] metered = FuelInstrumenter.instrument(CORPUS, 0);
        Instance plain = guest.instance(CORPUS);
        Instance instrumented = guest.instance(metered);
        FuelMeter meter = FuelMeter.of(instrumented);
        for (String function : FUNCTIONS) {
            for (int input : INPUTS) {
                meter.set(Long.MAX_VALUE);
                long[] expected = plain.export(function).apply(input);
                long[] actual = instrumented.export(function).apply(input);
                assertArrayEquals(expected, actual, function + "(" + input + ")");
                assertTrue(meter.remaining() < Long.MAX_VALUE, function + " was not charged");
            }
        }
        assertArrayEquals(plain.export("swap").apply(3, 4), instrumented.export("swap").apply(3, 4));
        assertEquals(plain.global(0).getValue(), instrumented.global(0).getValue());
        int pages = plain.memory().pages();
        assertEquals(pages, instrumented.memory().pages());
        assertArrayEquals(plain.memory().readBytes(0, pages * 65_536), instrumented.memory().readBytes(0, pages * 65_536));
    }

    @Test
    void bothModesChargeTheSameFuelForEveryCall() {
        byte[] metered = FuelInstrumenter.instrument(CORPUS, 0);
        List<List<Long>> used = new ArrayList<>();
        for (Guest guest : Guest.values()) {
            Instance instance = guest.instance(metered);
            FuelMeter meter = FuelMeter.of(instance);
            List<Long> costs = new ArrayList<>();
            for (String function : FUNCTIONS) {
                for (int input : INPUTS) {
                    meter.set(1L << 40);
                    instance.export(function).apply(input);
                    costs.add((1L << 40) - meter.remaining());
                }
            }
            used.add(costs);
        }
        assertEquals(used.get(0), used.get(1));
    }

    @ParameterizedTest
    @EnumSource(Guest.class)
    void importedGlobalsAndFunctionsKeepTheirIndices(Guest guest) {
        byte[] module = Guest.wat("""
                (module
                  (import "env" "offset" (global $offset i32))
                  (import "env" "twice" (func $twice (param i32) (result i32)))
                  (global $own (mut i32) (i32.const 5))
                  (func (export "f") (param i32) (result i32)
                    local.get 0 call $twice global.get $offset i32.add global.get $own i32.add
                    global.get $own i32.const 1 i32.add global.set $own))
                """);
        Instance plain = guest.instance(module, hostImports());
        Instance instrumented = guest.instance(FuelInstrumenter.instrument(module, 0), hostImports());
        FuelMeter meter = FuelMeter.of(instrumented);
        for (int i = 0; i < 5; i++) {
            meter.set(1_000);
            assertArrayEquals(plain.export("f").apply(i), instrumented.export("f").apply(i));
        }
        // One imported and one defined global: the counter is appended as global 2.
        assertEquals(2, fuelExportIndex(instrumented.module()));
    }

    @Test
    void moduleWithoutGlobalOrExportSectionsGetsThemInOrder() {
        for (String text : List.of("(module)", "(module (func $s nop) (start $s))",
                "(module (memory 1) (func $s nop) (start $s) (data (i32.const 0) \"x\"))")) {
            byte[] metered = FuelInstrumenter.instrument(Guest.wat(text), 7);
            for (Guest guest : Guest.values()) {
                Instance instance = guest.instance(metered);
                assertEquals(7, FuelMeter.of(instance).remaining(), text);
            }
        }
    }

    @Test
    void thousandsOfFunctionsAreInstrumented() {
        int count = 5_000;
        // Function 0 threads its argument through calls to functions 1..count-1, each adding 1.
        WasmWriter types = new WasmWriter(8).writeU32(1).writeByte(0x60).writeU32(1).writeByte(0x7F)
                .writeU32(1).writeByte(0x7F);
        WasmWriter functions = new WasmWriter(count * 2).writeU32(count);
        WasmWriter bodies = new WasmWriter(count * 12).writeU32(count);
        WasmWriter first = new WasmWriter(count * 3).writeU32(0).writeByte(0x20).writeU32(0);
        for (int i = 1; i < count; i++) {
            first.writeByte(0x10).writeU32(i);
        }
        first.writeByte(0x0B);
        bodies.writeU32(first.size()).writeBytes(first);
        functions.writeU32(0);
        for (int i = 1; i < count; i++) {
            functions.writeU32(0);
            WasmWriter body = new WasmWriter(12).writeU32(0)
                    .writeByte(0x20).writeU32(0).writeByte(0x41).writeS64(1).writeByte(0x6A).writeByte(0x0B);
            bodies.writeU32(body.size()).writeBytes(body);
        }
        WasmWriter exports = new WasmWriter(8).writeU32(1).writeName("first").writeByte(0x00).writeU32(0);
        byte[] module = new WasmWriter(count * 16).writeBytes(ModuleLayout.MAGIC).writeBytes(ModuleLayout.VERSION)
                .writeSection(ModuleLayout.TYPE, types)
                .writeSection(ModuleLayout.FUNCTION, functions)
                .writeSection(ModuleLayout.EXPORT, exports)
                .writeSection(ModuleLayout.CODE, bodies)
                .toByteArray();
        Instance instance = Guest.INTERPRETER.instance(FuelInstrumenter.instrument(module, 0));
        FuelMeter meter = FuelMeter.of(instance);
        meter.set(1_000_000);
        assertEquals(count + 1, instance.export("first").apply(2)[0]);
        assertEquals(1_000_000 - 1 - (CostModel.CALL + 3L) * (count - 1), meter.remaining());
    }

    @Test
    void customSectionsAreKept() {
        byte[] module = withCustomSection(Guest.wat("(module (func (export \"f\") (result i32) i32.const 1))"),
                "plugsql.test", "payload".getBytes(StandardCharsets.UTF_8));
        WasmModule parsed = Parser.parse(FuelInstrumenter.instrument(module, 0));
        assertNotNull(parsed.customSection("plugsql.test"));
    }

    @Test
    void nameSectionIsKept() {
        byte[] module = withCustomSection(Guest.wat("(module (func (export \"f\") (result i32) i32.const 1))"),
                "name", new byte[] {1, 4, 1, 0, 1, 'f'}); // function names: {0 -> "f"}
        WasmModule parsed = Parser.parse(FuelInstrumenter.instrument(module, 0));
        assertEquals("f", parsed.nameSection().nameOfFunction(0));
    }

    private static long fuelExportIndex(WasmModule module) {
        ExportSection exports = module.exportSection();
        for (int i = 0; i < exports.exportCount(); i++) {
            Export export = exports.getExport(i);
            if (export.name().equals(FuelInstrumenter.FUEL_EXPORT)) {
                assertEquals(ExternalType.GLOBAL, export.exportType());
                return export.index();
            }
        }
        throw new AssertionError("no fuel export");
    }

    private static ImportValues hostImports() {
        return ImportValues.builder()
                .addGlobal(new ImportGlobal("env", "offset", new GlobalInstance(Value.i32(40))))
                .addFunction(new HostFunction("env", "twice",
                        FunctionType.of(List.of(ValType.I32), List.of(ValType.I32)),
                        (instance, args) -> new long[] {args[0] * 2}))
                .build();
    }

    private static byte[] withCustomSection(byte[] module, String name, byte[] payload) {
        WasmWriter section = new WasmWriter(16).writeName(name).writeBytes(payload);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(module);
        out.write(0);
        out.writeBytes(new WasmWriter(4).writeU32(section.size()).toByteArray());
        out.writeBytes(section.toByteArray());
        return out.toByteArray();
    }
}
