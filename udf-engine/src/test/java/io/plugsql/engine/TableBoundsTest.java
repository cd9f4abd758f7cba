package io.plugsql.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.junit.jupiter.api.Test;

/**
 * Tables are host memory too: a declared table above {@link EngineConfig#maxTableElements()} (or more
 * than {@link EngineConfig#MAX_TABLES} tables) is refused at load, naming the numbers, and
 * {@code table.grow} past the limit returns -1; one instance's growth never changes another's table.
 */
class TableBoundsTest extends EngineTestBase {
    private static final UdfType BIGINT = Wasm.type(TypeName.BIGINT);

    /** {@code grow(n)}: {@code table.grow} by n, returning the old size or -1; {@code size()} via grow(0). */
    private static final byte[] GROWER = Wasm.wat("""
            (module (table 1 funcref)
              (func (export "grow") (param $n i64) (result i64)
                (i64.extend_i32_s (table.grow (ref.null func) (i32.wrap_i64 (local.get $n))))))""");

    private static WasmFunction load(WasmEngine engine, String name, byte[] module) {
        return engine.load(Wasm.function(name, module, List.of(BIGINT), BIGINT).handler("grow").build());
    }

    private List<Object> call(InstanceLease lease, long... arguments) {
        List<Object> values = new java.util.ArrayList<>();
        for (long argument : arguments) {
            values.add(argument);
        }
        try (FieldVector in = Vectors.of(allocator, BIGINT, values);
                FieldVector out = lease.invoke(List.of(in), arguments.length, allocator)) {
            return Vectors.read(out);
        }
    }

    @Test
    void aDeclaredTableAboveTheLimitIsRefusedWithTheNumbers() {
        byte[] module = Wasm.wat("(module (table 1000000 funcref) (func (export \"grow\") (param i64) (result i64) (local.get 0)))");
        InvalidModuleException e = assertThrows(InvalidModuleException.class, () -> load(engine, "acme.huge", module));
        assertEquals(EngineErrorCode.TABLE_DECLARATION_TOO_LARGE.toErrorCode(), e.getErrorCode());
        assertEquals("function acme.huge: module declares table 0 with a minimum of 1000000 elements, above the limit of "
                + EngineConfig.DEFAULT_MAX_TABLE_ELEMENTS + " elements per table", e.getMessage());

        StringBuilder many = new StringBuilder("(module");
        for (int i = 0; i <= EngineConfig.MAX_TABLES; i++) {
            many.append(" (table 0 funcref)");
        }
        byte[] manyTables = Wasm.wat(many + " (func (export \"grow\") (param i64) (result i64) (local.get 0)))");
        InvalidModuleException tooMany = assertThrows(InvalidModuleException.class, () -> load(engine, "acme.many", manyTables));
        assertEquals(EngineErrorCode.TABLE_DECLARATION_TOO_LARGE.toErrorCode(), tooMany.getErrorCode());
        assertEquals("function acme.many: module declares 17 tables, above the limit of 16", tooMany.getMessage());

        try (WasmFunction fine = load(engine, "acme.fine", GROWER); InstanceLease lease = fine.lease()) {
            assertEquals(List.of(1L), call(lease, 0));
        }
    }

    @Test
    void tableGrowStopsAtTheLimitAndNeverChangesAnotherInstance() {
        try (WasmEngine small = new WasmEngine(EngineConfig.defaults().withMaxTableElements(100));
                WasmFunction a = load(small, "acme.grow", GROWER);
                WasmFunction b = load(small, "globex.grow", GROWER.clone())) {
            try (InstanceLease lease = a.lease()) {
                assertEquals(List.of(-1L, 1L, 99L, -1L), call(lease, 1_000_000, 98, 1, 1));
                assertEquals(List.of(-1L, 100L), call(lease, 50_000_000, 0));
            }
            try (InstanceLease other = b.lease()) {
                assertEquals(List.of(1L), call(other, 0), "another function's instance starts with the declared table");
            }
            try (InstanceLease again = a.lease()) {
                assertEquals(List.of(1L), call(again, 0), "the grown instance was not reused");
            }
        }
    }
}
