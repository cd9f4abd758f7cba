package io.plugsql.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.junit.jupiter.api.Test;

/**
 * No guest state crosses leases: an instance goes back to its post-instantiation state (memory with
 * its data segments, mutable globals, tables, grown pages released) before it serves another lease,
 * while the invocations of one lease share their instance.
 */
class InstanceStateTest extends EngineTestBase {
    private static final UdfType BIGINT = Wasm.type(TypeName.BIGINT);

    /**
     * {@code remember(x)}: the previous argument (kept at address 0) times 1000 plus a call counter.
     * {@code scribble(x)}: overwrites the data segment byte at 16 with x, grows memory by one page, and
     * returns the old byte times 100 plus the page count. {@code retable(x)}: swaps table slot 0 to
     * function 1 and returns what slot 0 answered before (7 initially, then 8).
     */
    private static final byte[] MODULE = Wasm.wat("""
            (module (memory 1 20)
              (data (i32.const 16) "\\2a")
              (global $calls (mut i64) (i64.const 0))
              (type $k (func (result i64)))
              (table 2 2 funcref)
              (elem (i32.const 0) $seven $eight)
              (func $seven (result i64) (i64.const 7))
              (func $eight (result i64) (i64.const 8))
              (func (export "remember") (param $x i64) (result i64)
                (local $prev i64)
                (local.set $prev (i64.load (i32.const 0)))
                (i64.store (i32.const 0) (local.get $x))
                (global.set $calls (i64.add (global.get $calls) (i64.const 1)))
                (i64.add (i64.mul (local.get $prev) (i64.const 1000)) (global.get $calls)))
              (func (export "scribble") (param $x i64) (result i64)
                (local $old i64)
                (local.set $old (i64.load8_u (i32.const 16)))
                (i64.store8 (i32.const 16) (local.get $x))
                (drop (memory.grow (i32.const 1)))
                (i64.add (i64.mul (local.get $old) (i64.const 100)) (i64.extend_i32_u (memory.size))))
              (func (export "retable") (param $x i64) (result i64)
                (local $before i64)
                (local.set $before (call_indirect (type $k) (i32.const 0)))
                (table.set (i32.const 0) (table.get (i32.const 1)))
                (local.get $before)))""");

    private WasmFunction load(String export) {
        return engine.load(Wasm.function("acme." + export, MODULE, List.of(BIGINT), BIGINT).handler(export).build());
    }

    private long call(InstanceLease lease, long argument) {
        try (FieldVector in = Vectors.of(allocator, BIGINT, List.of(argument));
                FieldVector out = lease.invoke(List.of(in), 1, allocator)) {
            return (Long) Vectors.read(out).get(0);
        }
    }

    private long callAlone(WasmFunction function, long argument) {
        try (InstanceLease lease = function.lease()) {
            return call(lease, argument);
        }
    }

    @Test
    void aPlainInvocationNeverSeesAnEarlierOnesArgumentOrCounter() {
        try (WasmFunction remember = load("remember")) {
            assertEquals(1, callAlone(remember, 7));
            assertEquals(1, callAlone(remember, 9), "the argument 7 and the counter of the call before leaked");
            try (FieldVector in = Vectors.of(allocator, BIGINT, List.of(5L, 6L));
                    FieldVector out = remember.invoke(List.of(in), 2, allocator)) {
                assertEquals(List.of(1L, 5002L), Vectors.read(out), "rows of one invocation share the instance");
            }
        }
    }

    @Test
    void aLeaseKeepsStateBetweenItsInvocationsAndTheNextLeaseStartsFresh() {
        try (WasmFunction remember = load("remember")) {
            try (InstanceLease statement = remember.lease()) {
                assertEquals(1, call(statement, 7));
                assertEquals(7002, call(statement, 9));
                // another caller meanwhile gets its own initial instance
                assertEquals(1, callAlone(remember, 4));
                assertEquals(9003, call(statement, 1));
            }
            for (int i = 0; i < 3; i++) {
                assertEquals(1, callAlone(remember, 11 + i));
            }
        }
    }

    @Test
    void dataSegmentsAndGrownMemoryAreRestored() {
        try (WasmFunction scribble = load("scribble")) {
            try (InstanceLease statement = scribble.lease()) {
                assertEquals(42 * 100 + 2, call(statement, 3));
                assertEquals(3 * 100 + 3, call(statement, 4));
            }
            assertEquals(42 * 100 + 2, callAlone(scribble, 5), "the data segment byte and one page, as instantiated");
            assertEquals(42 * 100 + 2, callAlone(scribble, 6));
        }
    }

    @Test
    void tablesAreRestored() {
        try (WasmFunction retable = load("retable")) {
            try (InstanceLease statement = retable.lease()) {
                assertEquals(7, call(statement, 0));
                assertEquals(8, call(statement, 0));
            }
            assertEquals(7, callAlone(retable, 0));
            assertEquals(7, callAlone(retable, 0));
        }
    }
}
