package io.plugsql.engine.internal.fuel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.wasm.ChicoryException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Tests that instrumented modules charge the documented price and stop when the fuel runs out. */
class FuelMeteringTest {
    private static final byte[] LOOPS = Guest.wat("""
            (module
              (func (export "spin") (loop $l (br $l)))
              (func (export "add") (param i32 i32) (result i32)
                local.get 0 local.get 1 i32.add)
              (func $add (param i32 i32) (result i32)
                local.get 0 local.get 1 i32.add)
              (func (export "call_add") (param i32 i32) (result i32)
                local.get 0 local.get 1 call $add)
              (func (export "sum") (param $n i32) (result i64)
                (local $i i32) (local $acc i64)
                block $done
                  loop $next
                    local.get $i local.get $n i32.ge_u br_if $done
                    local.get $acc local.get $i i64.extend_i32_u i64.add local.set $acc
                    local.get $i i32.const 1 i32.add local.set $i
                    br $next
                  end
                end
                local.get $acc)
              (func $rec (export "rec") (param i32) (result i32)
                local.get 0 i32.const 1 i32.add call $rec)
              (func $fib (export "fib") (param i32) (result i32)
                local.get 0 i32.const 2 i32.lt_u
                if (result i32)
                  local.get 0
                else
                  local.get 0 i32.const 1 i32.sub call $fib
                  local.get 0 i32.const 2 i32.sub call $fib
                  i32.add
                end)
              (func (export "boom") (param i32) (result i32)
                local.get 0 if unreachable end
                local.get 0))
            """);
    private static final byte[] METERED = FuelInstrumenter.instrument(LOOPS, 0);

    @ParameterizedTest
    @EnumSource(Guest.class)
    void infiniteLoopStopsWhenFuelRunsOut(Guest guest) {
        Instance instance = guest.instance(METERED);
        FuelMeter meter = FuelMeter.of(instance);
        meter.set(20_000);
        assertThrows(TrapException.class, () -> instance.export("spin").apply());
        assertTrue(meter.exhausted());
        // One unit per iteration (br); the iteration that does not fit leaves the counter at -1.
        assertEquals(-1, meter.remaining());
    }

    @Test
    void interpreterAndCompilerCutOffAtTheSamePoint() {
        long[] remaining = new long[2];
        for (Guest guest : Guest.values()) {
            Instance instance = guest.instance(METERED);
            FuelMeter meter = FuelMeter.of(instance);
            meter.set(12_345);
            assertThrows(TrapException.class, () -> instance.export("fib").apply(40));
            remaining[guest.ordinal()] = meter.remaining();
            assertTrue(meter.exhausted());
        }
        assertEquals(remaining[0], remaining[1]);
    }

    @ParameterizedTest
    @EnumSource(Guest.class)
    void straightLineCodeCostsOneUnitPerInstructionAndCallsMore(Guest guest) {
        Instance instance = guest.instance(METERED);
        assertEquals(3, used(instance, "add", 2, 3));
        // local.get x2, call (5), then the callee's 3.
        assertEquals(2 + CostModel.CALL + 3, used(instance, "call_add", 2, 3));
    }

    @ParameterizedTest
    @EnumSource(Guest.class)
    void boundedLoopCostGrowsLinearlyAndResultsMatch(Guest guest) {
        Instance metered = guest.instance(METERED);
        Instance plain = guest.instance(LOOPS);
        for (int n : new int[] {0, 1, 10, 1000, 20_000}) {
            FuelMeter.of(metered).set(Long.MAX_VALUE);
            long[] result = metered.export("sum").apply(n);
            assertArrayEquals(plain.export("sum").apply(n), result);
            // 14 units per pass through the loop header (n passes plus the exiting one), 1 after.
            assertEquals(14L * (n + 1) + 1, Long.MAX_VALUE - FuelMeter.of(metered).remaining(), "n=" + n);
        }
    }

    @ParameterizedTest
    @EnumSource(Guest.class)
    void exactBudgetSucceedsAndOneUnitLessIsExhausted(Guest guest) {
        Instance instance = guest.instance(METERED);
        FuelMeter meter = FuelMeter.of(instance);
        long cost = 14L * 11 + 1;
        meter.set(cost);
        assertEquals(45, instance.export("sum").apply(10)[0]);
        assertEquals(0, meter.remaining());
        meter.set(cost - 1);
        assertThrows(TrapException.class, () -> instance.export("sum").apply(10));
        assertTrue(meter.exhausted());
    }

    @ParameterizedTest
    @EnumSource(Guest.class)
    void unboundedRecursionIsStoppedByFuelAtFunctionEntry(Guest guest) {
        Instance instance = guest.instance(METERED);
        FuelMeter meter = FuelMeter.of(instance);
        meter.set(10_000);
        assertThrows(TrapException.class, () -> instance.export("rec").apply(0));
        assertTrue(meter.exhausted());
    }

    @ParameterizedTest
    @EnumSource(Guest.class)
    void recursionIsMeteredAndResultsMatch(Guest guest) {
        Instance metered = guest.instance(METERED);
        Instance plain = guest.instance(LOOPS);
        List<Long> costs = new ArrayList<>();
        for (int n = 0; n <= 15; n++) {
            FuelMeter.of(metered).set(Long.MAX_VALUE);
            assertEquals(plain.export("fib").apply(n)[0], metered.export("fib").apply(n)[0]);
            costs.add(Long.MAX_VALUE - FuelMeter.of(metered).remaining());
        }
        // Cost follows the number of calls: cost(n) = cost(n-1) + cost(n-2) + a constant.
        long step = costs.get(2) - costs.get(1) - costs.get(0);
        for (int n = 2; n < costs.size(); n++) {
            assertEquals(costs.get(n - 1) + costs.get(n - 2) + step, costs.get(n), "n=" + n);
        }
    }

    @ParameterizedTest
    @EnumSource(Guest.class)
    void guestTrapIsNotFuelExhaustion(Guest guest) {
        Instance instance = guest.instance(METERED);
        FuelMeter meter = FuelMeter.of(instance);
        meter.set(1_000);
        assertEquals(0, instance.export("boom").apply(0)[0]);
        assertThrows(TrapException.class, () -> instance.export("boom").apply(1));
        assertFalse(meter.exhausted());
        assertTrue(meter.remaining() >= 0);
    }

    @ParameterizedTest
    @EnumSource(Guest.class)
    void bulkMemoryPaysPerSixteenBytesAndGrowPerPage(Guest guest) {
        byte[] module = FuelInstrumenter.instrument(Guest.wat("""
                (module
                  (memory 1 3)
                  (func (export "fill") (param i32)
                    i32.const 0 i32.const 7 local.get 0 memory.fill)
                  (func (export "grow") (param i32) (result i32)
                    local.get 0 memory.grow))
                """), 0);
        Instance instance = guest.instance(module);
        long empty = used(instance, "fill", 0);
        assertEquals(3 + CostModel.BULK, empty);
        assertEquals(empty + 1000, used(instance, "fill", 16_000));
        assertEquals(empty + 1000, used(instance, "fill", 16_015));
        long growNone = used(instance, "grow", 0);
        assertEquals(1 + CostModel.BULK, growNone);
        assertEquals(growNone + 2 * 4096, used(instance, "grow", 2));
        Instance fresh = guest.instance(module);
        FuelMeter.of(fresh).set(1 + CostModel.BULK + 4096 - 1);
        assertThrows(TrapException.class, () -> fresh.export("grow").apply(1));
        assertEquals(1, fresh.memory().pages(), "grow must not happen once fuel is out");
    }

    @ParameterizedTest
    @EnumSource(Guest.class)
    void startFunctionRunsOnTheInitialFuel(Guest guest) {
        byte[] spinning = FuelInstrumenter.instrument(Guest.wat("""
                (module (func $start (loop $l (br $l))) (start $start))
                """), 5_000);
        Instance instance = guest.instanceUninitialized(spinning, ImportValues.empty());
        ChicoryException failure = assertThrows(ChicoryException.class, () -> instance.initialize(false));
        assertTrue(failure instanceof TrapException || failure.getCause() instanceof TrapException, failure::toString);
        assertEquals(-1, FuelMeter.of(instance).remaining());

        byte[] counting = FuelInstrumenter.instrument(Guest.wat("""
                (module
                  (global $g (mut i32) (i32.const 0))
                  (func $start
                    loop $l
                      global.get $g i32.const 1 i32.add global.set $g
                      global.get $g i32.const 10 i32.lt_u br_if $l
                    end)
                  (start $start)
                  (func (export "get") (result i32) global.get $g))
                """), 5_000);
        Instance started = guest.instance(counting);
        // Ten passes through the loop header at 8 units each.
        assertEquals(5_000 - 10 * 8, FuelMeter.of(started).remaining());
        assertEquals(10, started.export("get").apply()[0]);
    }

    @ParameterizedTest
    @EnumSource(Guest.class)
    void everyWayOutOfAFunctionStoresTheCount(Guest guest) {
        Instance instance = guest.instance(FuelInstrumenter.instrument(Guest.wat("""
                (module
                  (func (export "br_if_out") (param i32) (result i32)
                    block
                      local.get 0 local.get 0 br_if 1
                      drop
                    end
                    i32.const 7)
                  (func (export "br_table_out") (param i32) (result i32)
                    block (result i32)
                      i32.const 9 local.get 0 br_table 0 1
                    end
                    drop i32.const 7)
                  (func (export "return_in_loop") (param $n i32) (result i32)
                    loop $l
                      local.get $n i32.eqz if i32.const 5 return end
                      local.get $n i32.const 1 i32.sub local.set $n
                      br $l
                    end
                    unreachable))
                """), 0));
        // block(0) local.get local.get br_if, then either the branch or drop end(0) i32.const: 5.
        assertEquals(5, used(instance, "br_if_out", 1));
        assertEquals(5, used(instance, "br_if_out", 0));
        // block(0) i32.const local.get br_table end(0) drop i32.const: 5.
        assertEquals(5, used(instance, "br_table_out", 1));
        assertEquals(5, used(instance, "br_table_out", 0));
        // 10 units per pass through the loop header (local.get eqz if i32.const return local.get
        // i32.const sub local.set br), 3 passes for n = 2.
        assertEquals(30, used(instance, "return_in_loop", 2));
    }

    private static long used(Instance instance, String function, long... args) {
        FuelMeter meter = FuelMeter.of(instance);
        meter.set(1_000_000);
        instance.export(function).apply(args);
        return 1_000_000 - meter.remaining();
    }
}
