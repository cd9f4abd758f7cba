package io.plugsql.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The batch form {@code <handler>_batch(rows, args, out)}: layouts, nulls, strings, guest errors. */
class BatchFormTest extends EngineTestBase {
    static final String MUL_BATCH = """
            (func (export "mul_batch") (param $rows i32) (param $args i32) (param $out i32) (result i32)
              (local $i i32) (local $a i32) (local $b i32) (local $o i32)
              (local.set $a (i32.load offset=4 (local.get $args)))
              (local.set $b (i32.load offset=20 (local.get $args)))
              (local.set $o (i32.load offset=4 (local.get $out)))
              (block $done (loop $loop
                (br_if $done (i32.ge_u (local.get $i) (local.get $rows)))
                (i64.store (i32.add (local.get $o) (i32.shl (local.get $i) (i32.const 3)))
                  (i64.add (i64.mul (i64.load (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 3))))
                                    (i64.load (i32.add (local.get $b) (i32.shl (local.get $i) (i32.const 3)))))
                           (i64.const 1)))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $loop)))
              (i32.const 0))
            """;

    /** Upper-cases ASCII letters into a buffer the guest allocates; passes the argument's validity through. */
    static final String UPPER_BATCH = """
            (func (export "upper_batch") (param $rows i32) (param $args i32) (param $out i32) (result i32)
              (local $len i32) (local $data i32) (local $offsets i32) (local $i i32) (local $c i32) (local $size i32)
              (local.set $len (i32.load offset=12 (local.get $args)))
              (local.set $size (i32.shl (i32.add (local.get $rows) (i32.const 1)) (i32.const 2)))
              (local.set $data (call $alloc (local.get $len)))
              (local.set $offsets (call $alloc (local.get $size)))
              (memory.copy (local.get $data) (i32.load offset=4 (local.get $args)) (local.get $len))
              (memory.copy (local.get $offsets) (i32.load offset=8 (local.get $args)) (local.get $size))
              (block $done (loop $loop
                (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
                (local.set $c (i32.load8_u (i32.add (local.get $data) (local.get $i))))
                (if (i32.and (i32.ge_u (local.get $c) (i32.const 97)) (i32.le_u (local.get $c) (i32.const 122)))
                  (then (i32.store8 (i32.add (local.get $data) (local.get $i)) (i32.sub (local.get $c) (i32.const 32)))))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $loop)))
              (i32.store offset=0 (local.get $out) (i32.load offset=0 (local.get $args)))
              (i32.store offset=4 (local.get $out) (local.get $data))
              (i32.store offset=8 (local.get $out) (local.get $offsets))
              (i32.store offset=12 (local.get $out) (local.get $len))
              (i32.const 0))
            """;

    /** Batch-form load/store instructions and byte width per fixed-width type (BOOLEAN: one byte, DECIMAL: i64). */
    static final Map<TypeName, String[]> LAYOUT = Map.of(
            TypeName.BOOLEAN, new String[] {"i32", "i32.load8_u", "i32.store8", "1"},
            TypeName.INTEGER, new String[] {"i32", "i32.load", "i32.store", "4"},
            TypeName.DATE, new String[] {"i32", "i32.load", "i32.store", "4"},
            TypeName.BIGINT, new String[] {"i64", "i64.load", "i64.store", "8"},
            TypeName.TIMESTAMP, new String[] {"i64", "i64.load", "i64.store", "8"},
            TypeName.DECIMAL, new String[] {"i64", "i64.load", "i64.store", "8"},
            TypeName.REAL, new String[] {"f32", "f32.load", "f32.store", "4"},
            TypeName.DOUBLE, new String[] {"f64", "f64.load", "f64.store", "8"});

    static Stream<ScalarFormTest.Case> fixedWidthCases() {
        return ScalarFormTest.cases().filter(c -> !c.type().name().isVariableWidth());
    }

    static byte[] unaryBatch(ScalarFormTest.Case c) {
        String[] layout = LAYOUT.get(c.type().name());
        String address = "(i32.add (local.get $%s) (i32.mul (local.get $i) (i32.const " + layout[3] + ")))";
        return Wasm.withAllocator("""
                (func (export "f_batch") (param $rows i32) (param $args i32) (param $out i32) (result i32)
                  (local $i i32) (local $in i32) (local $o i32) (local $x %s)
                  (local.set $in (i32.load offset=4 (local.get $args)))
                  (local.set $o (i32.load offset=4 (local.get $out)))
                  (block $done (loop $loop
                    (br_if $done (i32.ge_u (local.get $i) (local.get $rows)))
                    (local.set $x (%s %s))
                    (%s %s %s)
                    (local.set $i (i32.add (local.get $i) (i32.const 1)))
                    (br $loop)))
                  (i32.const 0))
                """.formatted(layout[0], layout[1], address.formatted("in"), layout[2], address.formatted("o"), c.op()));
    }

    @ParameterizedTest
    @MethodSource("fixedWidthCases")
    void everyFixedWidthTypeInReturnNullMode(ScalarFormTest.Case c) {
        FunctionDefinition definition = Wasm.function("t.f", unaryBatch(c), List.of(c.type()), c.type()).build();
        try (WasmFunction f = engine.load(definition);
                FieldVector in = Vectors.of(allocator, c.type(), c.input());
                FieldVector out = f.invoke(List.of(in), c.input().size(), allocator)) {
            assertEquals(AbiForm.BATCH, f.info().form());
            assertEquals(c.output(), Vectors.read(out));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4096, 100_000})
    void bigintAtEveryBatchSize(int rows) {
        UdfType bigint = Wasm.type(TypeName.BIGINT);
        List<Object> a = new ArrayList<>();
        List<Object> b = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            a.add((long) i);
            b.add(i % 13 == 5 ? null : (long) (i % 5) - 2);
        }
        FunctionDefinition definition =
                Wasm.function("t.mul", Wasm.withAllocator(MUL_BATCH), List.of(bigint, bigint), bigint).build();
        try (WasmFunction f = engine.load(definition);
                FieldVector va = Vectors.of(allocator, bigint, a);
                FieldVector vb = Vectors.of(allocator, bigint, b);
                BigIntVector out = (BigIntVector) f.invoke(List.of(va, vb), rows, allocator)) {
            assertEquals(rows, out.getValueCount());
            for (int i = 0; i < rows; i++) {
                if (b.get(i) == null) {
                    assertTrue(out.isNull(i), "row " + i);
                } else {
                    assertEquals((long) a.get(i) * (long) b.get(i) + 1, out.get(i), "row " + i);
                }
            }
        }
    }

    @Test
    void callModeLetsTheGuestDecideNulls() {
        // The guest passes the argument's validity bitmap through as the result's.
        UdfType bigint = Wasm.type(TypeName.BIGINT);
        byte[] module = Wasm.withAllocator("""
                (func (export "twice_batch") (param $rows i32) (param $args i32) (param $out i32) (result i32)
                  (local $i i32) (local $in i32) (local $o i32)
                  (local.set $in (i32.load offset=4 (local.get $args)))
                  (local.set $o (i32.load offset=4 (local.get $out)))
                  (i32.store (local.get $out) (i32.load (local.get $args)))
                  (block $done (loop $loop
                    (br_if $done (i32.ge_u (local.get $i) (local.get $rows)))
                    (i64.store (i32.add (local.get $o) (i32.shl (local.get $i) (i32.const 3)))
                      (i64.mul (i64.load (i32.add (local.get $in) (i32.shl (local.get $i) (i32.const 3)))) (i64.const 2)))
                    (local.set $i (i32.add (local.get $i) (i32.const 1)))
                    (br $loop)))
                  (i32.const 0))""");
        FunctionDefinition definition = Wasm.function("t.twice", module, List.of(bigint), bigint)
                .nullInputMode(NullInputMode.CALL).build();
        try (WasmFunction f = engine.load(definition);
                FieldVector withNulls = Vectors.of(allocator, bigint, ScalarFormTest.list(1L, null, 3L));
                FieldVector noNulls = Vectors.of(allocator, bigint, ScalarFormTest.list(4L, 5L));
                FieldVector out1 = f.invoke(List.of(withNulls), 3, allocator);
                FieldVector out2 = f.invoke(List.of(noNulls), 2, allocator)) {
            assertEquals(ScalarFormTest.list(2L, null, 6L), Vectors.read(out1));
            assertEquals(ScalarFormTest.list(8L, 10L), Vectors.read(out2));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {5, 100_000})
    void stringsWrittenByTheGuest(int rows) {
        UdfType varchar = Wasm.type(TypeName.VARCHAR);
        List<Object> input = new ArrayList<>();
        List<Object> expected = new ArrayList<>();
        String[] samples = {"straße", "日本語 text", "", "émoji 😀 ok", "mixed ĳ case"};
        for (int i = 0; i < rows; i++) {
            String s = i % 7 == 6 ? null : samples[i % samples.length] + i;
            input.add(s);
            expected.add(s == null ? null : s.replace("straße", "STRAßE").replace("text", "TEXT").replace("émoji", "éMOJI")
                    .replace("ok", "OK").replace("mixed ĳ case", "MIXED ĳ CASE"));
        }
        FunctionDefinition definition =
                Wasm.function("t.upper", Wasm.withAllocator(UPPER_BATCH), List.of(varchar), varchar).build();
        try (WasmFunction f = engine.load(definition);
                FieldVector in = Vectors.of(allocator, varchar, input);
                FieldVector out = f.invoke(List.of(in), rows, allocator)) {
            assertEquals(expected, Vectors.read(out));
        }
    }

    @Test
    void binaryValuesAreNotCheckedAsText() {
        UdfType varbinary = Wasm.type(TypeName.VARBINARY);
        FunctionDefinition definition =
                Wasm.function("t.upper", Wasm.withAllocator(UPPER_BATCH), List.of(varbinary), varbinary).build();
        try (WasmFunction f = engine.load(definition);
                FieldVector in = Vectors.of(allocator, varbinary, ScalarFormTest.list("0x61ff00", null, "0x"));
                FieldVector out = f.invoke(List.of(in), 3, allocator)) {
            assertEquals(ScalarFormTest.list("0x41ff00", null, "0x"), Vectors.read(out));
        }
    }

    @Test
    void guestErrorMessageReachesTheCaller() {
        byte[] module = Wasm.withAllocator("""
                (data (i32.const 16) "negative input at row 2")
                (func (export "plugsql_error") (result i64) (i64.or (i64.shl (i64.const 16) (i64.const 32)) (i64.const 23)))
                (func (export "check_batch") (param i32 i32 i32) (result i32) (i32.const 7))""");
        UdfType bigint = Wasm.type(TypeName.BIGINT);
        FunctionDefinition definition = Wasm.function("acme.check", module, List.of(bigint), bigint).version(4).build();
        try (WasmFunction f = engine.load(definition);
                FieldVector in = Vectors.of(allocator, bigint, ScalarFormTest.list(1L, 2L, -3L))) {
            GuestTrapException e = assertThrows(GuestTrapException.class, () -> f.invoke(List.of(in), 3, allocator));
            assertEquals(EngineErrorCode.GUEST_ERROR.toErrorCode(), e.getErrorCode());
            assertEquals("function acme.check v4 failed in rows 0..2: returned 7: negative input at row 2", e.getMessage());
            assertEquals("acme.check v4", e.functionName());
            assertEquals(OptionalLong.empty(), e.row());
        }
    }

    @Test
    void missingOffsetsInAStringResultIsAnInvalidResult() {
        byte[] module = Wasm.withAllocator("(func (export \"bad_batch\") (param i32 i32 i32) (result i32) (i32.const 0))");
        UdfType varchar = Wasm.type(TypeName.VARCHAR);
        try (WasmFunction f = engine.load(Wasm.function("t.bad", module, List.of(varchar), varchar).build());
                FieldVector in = Vectors.of(allocator, varchar, ScalarFormTest.list("a"))) {
            GuestTrapException e = assertThrows(GuestTrapException.class, () -> f.invoke(List.of(in), 1, allocator));
            assertEquals(EngineErrorCode.INVALID_RESULT.toErrorCode(), e.getErrorCode());
            assertTrue(e.getMessage().startsWith("function t.bad returned an invalid result in rows 0..0: out.offsets_ptr 0"),
                    e.getMessage());
        }
    }
}
