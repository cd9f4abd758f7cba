package io.plugsql.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The scalar form: every type, both null modes, strings, row counts. */
class ScalarFormTest extends EngineTestBase {
    /** A unary function per type: its Wasm type, its body over {@code $x} (or {@code $p $n}), its value for a NULL in 'call' mode. */
    record Case(UdfType type, String wasmType, String op, String nullValue, List<Object> input, List<Object> output,
            Object callNullOutput) {
        @Override
        public String toString() {
            return type.toString();
        }
    }

    static final String TWICE = """
            (func $twice (param $p i32) (param $n i32) (result i64)
              (local $out i32)
              (local.set $out (call $alloc (i32.shl (local.get $n) (i32.const 1))))
              (memory.copy (local.get $out) (local.get $p) (local.get $n))
              (memory.copy (i32.add (local.get $out) (local.get $n)) (local.get $p) (local.get $n))
              (i64.or (i64.shl (i64.extend_i32_u (local.get $out)) (i64.const 32))
                      (i64.extend_i32_u (i32.shl (local.get $n) (i32.const 1)))))
            """;

    static Stream<Case> cases() {
        return Stream.of(
                new Case(Wasm.type(TypeName.BOOLEAN), "i32", "(i32.eqz (local.get $x))", "(i32.const 1)",
                        list(true, false, null), list(false, true, null), true),
                new Case(Wasm.type(TypeName.INTEGER), "i32", "(i32.add (local.get $x) (i32.const 1))", "(i32.const -1)",
                        list(1, -5, null, Integer.MAX_VALUE), list(2, -4, null, Integer.MIN_VALUE), -1),
                new Case(Wasm.type(TypeName.BIGINT), "i64", "(i64.mul (local.get $x) (i64.const 2))", "(i64.const -1)",
                        list(3L, null, -4_000_000_000L), list(6L, null, -8_000_000_000L), -1L),
                new Case(Wasm.type(TypeName.REAL), "f32", "(f32.mul (local.get $x) (f32.const 2))", "(f32.const -1)",
                        list(1.5f, null, -0.25f), list(3f, null, -0.5f), -1f),
                new Case(Wasm.type(TypeName.DOUBLE), "f64", "(f64.add (local.get $x) (f64.const 0.5))", "(f64.const -1)",
                        list(1.0, null, -2.25), list(1.5, null, -1.75), -1.0),
                new Case(UdfType.decimal(10, 2), "i64", "(i64.add (local.get $x) (i64.const 100))", "(i64.const 0)",
                        list(new BigDecimal("1.25"), null, new BigDecimal("-3.00")),
                        list(new BigDecimal("2.25"), null, new BigDecimal("-2.00")), new BigDecimal("0.00")),
                new Case(Wasm.type(TypeName.DATE), "i32", "(i32.add (local.get $x) (i32.const 1))", "(i32.const 0)",
                        list(19_000, null, -1), list(19_001, null, 0), 0),
                new Case(Wasm.type(TypeName.TIMESTAMP), "i64", "(i64.add (local.get $x) (i64.const 1000000))",
                        "(i64.const 0)", list(1_700_000_000_000_000L, null), list(1_700_000_001_000_000L, null), 0L),
                new Case(Wasm.type(TypeName.VARCHAR), null, "(call $twice (local.get $p) (local.get $n))", "(i64.const 0)",
                        list("héllo", "日本", "", null, "😀 ok"), list("héllohéllo", "日本日本", "", null, "😀 ok😀 ok"), ""),
                new Case(Wasm.type(TypeName.VARBINARY), null, "(call $twice (local.get $p) (local.get $n))",
                        "(i64.const 0)", list("0xff00", null, "0x"), list("0xff00ff00", null, "0x"), "0x"));
    }

    static List<Object> list(Object... values) {
        return Arrays.asList(values);
    }

    static byte[] module(Case c, boolean callOnNull) {
        String params = c.wasmType() == null ? "(param $p i32) (param $n i32)" : "(param $x " + c.wasmType() + ")";
        String result = c.wasmType() == null ? "i64" : c.wasmType();
        String body = callOnNull
                ? "(if (result " + result + ") (local.get $null) (then " + c.nullValue() + ") (else " + c.op() + "))"
                : c.op();
        return Wasm.withAllocator(TWICE + "(func (export \"f\") " + (callOnNull ? "(param $null i32) " : "") + params
                + " (result " + result + ") " + body + ")");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void returnNullMode(Case c) {
        assertEquals(c.output(), call(c, NullInputMode.RETURN_NULL));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void callMode(Case c) {
        List<Object> expected = new ArrayList<>(c.output());
        expected.replaceAll(v -> v == null ? c.callNullOutput() : v);
        assertEquals(expected, call(c, NullInputMode.CALL));
    }

    private List<Object> call(Case c, NullInputMode mode) {
        FunctionDefinition definition = Wasm.function("t.f_" + c.type().name(), module(c, mode == NullInputMode.CALL),
                List.of(c.type()), c.type()).handler("f").nullInputMode(mode).build();
        try (WasmFunction f = engine.load(definition);
                FieldVector in = Vectors.of(allocator, c.type(), c.input());
                FieldVector out = f.invoke(List.of(in), c.input().size(), allocator)) {
            assertEquals(AbiForm.SCALAR, f.info().form());
            assertTrue(ArrowTypes.matches(c.type(), out));
            return Vectors.read(out);
        }
    }

    @Test
    void returnNullModeNeverCallsTheGuestForNullRows() {
        // The guest traps on 0, and a NULL's value slot holds 0: a call for the NULL row would trap.
        byte[] module = Wasm.wat("""
                (module (func (export "inv") (param i64) (result i64)
                  (if (i64.eqz (local.get 0)) (then unreachable))
                  (i64.div_s (i64.const 100) (local.get 0))))""");
        UdfType bigint = Wasm.type(TypeName.BIGINT);
        try (WasmFunction f = engine.load(Wasm.function("t.inv", module, List.of(bigint), bigint).build());
                FieldVector in = Vectors.of(allocator, bigint, list(5L, null, 20L));
                FieldVector out = f.invoke(List.of(in), 3, allocator)) {
            assertEquals(list(20L, null, 5L), Vectors.read(out));
        }
    }

    @Test
    void resultIsNullExportMakesNullResults() {
        byte[] module = Wasm.wat("""
                (module
                  (global $null (mut i32) (i32.const 0))
                  (func (export "plugsql_result_is_null") (result i32) (global.get $null))
                  (func (export "half") (param $isnull i32) (param $x i64) (result i64)
                    (global.set $null (i32.or (local.get $isnull) (i64.eqz (local.get $x))))
                    (i64.div_s (local.get $x) (i64.const 2))))""");
        UdfType bigint = Wasm.type(TypeName.BIGINT);
        FunctionDefinition definition = Wasm.function("t.half", module, List.of(bigint), bigint)
                .nullInputMode(NullInputMode.CALL).build();
        try (WasmFunction f = engine.load(definition);
                FieldVector in = Vectors.of(allocator, bigint, list(10L, null, 0L, 7L));
                FieldVector out = f.invoke(List.of(in), 4, allocator)) {
            assertEquals(list(5L, null, null, 3L), Vectors.read(out));
        }
    }

    @Test
    void mixedParametersInCallModeEachGetTheirFlag() {
        // pick(b BOOLEAN, s VARCHAR, d DOUBLE): s when b is TRUE and d > 0, else ''; any NULL argument gives '-'.
        byte[] module = Wasm.withAllocator("""
                (data (i32.const 8) "-")
                (func (export "pick") (param $bn i32) (param $b i32) (param $sn i32) (param $p i32) (param $n i32)
                    (param $dn i32) (param $d f64) (result i64)
                  (if (result i64) (i32.or (i32.or (local.get $bn) (local.get $sn)) (local.get $dn))
                    (then (i64.const 0x0000000800000001))
                    (else (if (result i64) (i32.and (local.get $b) (f64.gt (local.get $d) (f64.const 0)))
                      (then (i64.or (i64.shl (i64.extend_i32_u (local.get $p)) (i64.const 32)) (i64.extend_i32_u (local.get $n))))
                      (else (i64.const 0))))))""");
        UdfType varchar = Wasm.type(TypeName.VARCHAR);
        FunctionDefinition definition = Wasm.function("t.pick", module,
                List.of(Wasm.type(TypeName.BOOLEAN), varchar, Wasm.type(TypeName.DOUBLE)), varchar)
                .nullInputMode(NullInputMode.CALL).build();
        try (WasmFunction f = engine.load(definition);
                FieldVector b = Vectors.of(allocator, Wasm.type(TypeName.BOOLEAN), list(true, false, true, null, true));
                FieldVector s = Vectors.of(allocator, varchar, list("grüß", "no", "neg", "x", null));
                FieldVector d = Vectors.of(allocator, Wasm.type(TypeName.DOUBLE), list(1.0, 1.0, -1.0, 1.0, 1.0));
                FieldVector out = f.invoke(List.of(b, s, d), 5, allocator)) {
            assertEquals(list("grüß", "", "", "-", "-"), Vectors.read(out));
        }
    }

    @Test
    void stringArgumentsAndLengthsAreBytesOfUtf8() {
        byte[] module = Wasm.withAllocator("""
                (func (export "len") (param $p i32) (param $n i32) (param $q i32) (param $m i32) (result i32)
                  (i32.add (local.get $n) (local.get $m)))""");
        UdfType varchar = Wasm.type(TypeName.VARCHAR);
        FunctionDefinition definition = Wasm.function("t.len", module, List.of(varchar, varchar),
                Wasm.type(TypeName.INTEGER)).build();
        try (WasmFunction f = engine.load(definition);
                FieldVector a = Vectors.of(allocator, varchar, list("ä", "€", "", "😀", null));
                FieldVector b = Vectors.of(allocator, varchar, list("a", "b", "", "", "x"));
                FieldVector out = f.invoke(List.of(a, b), 5, allocator)) {
            assertEquals(list(3, 4, 0, 4, null), Vectors.read(out));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4096, 100_000})
    void bigintAtEveryBatchSize(int rows) {
        byte[] module = Wasm.wat("(module (func (export \"mul\") (param i64 i64) (result i64)"
                + " (i64.add (i64.mul (local.get 0) (local.get 1)) (i64.const 1))))");
        UdfType bigint = Wasm.type(TypeName.BIGINT);
        List<Object> a = new ArrayList<>();
        List<Object> b = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            a.add(i % 10 == 3 ? null : (long) i);
            b.add((long) (i % 7) - 3);
        }
        try (WasmFunction f = engine.load(Wasm.function("t.mul", module, List.of(bigint, bigint), bigint).build());
                FieldVector va = Vectors.of(allocator, bigint, a);
                FieldVector vb = Vectors.of(allocator, bigint, b);
                BigIntVector out = (BigIntVector) f.invoke(List.of(va, vb), rows, allocator)) {
            assertEquals(rows, out.getValueCount());
            for (int i = 0; i < rows; i++) {
                if (a.get(i) == null) {
                    assertTrue(out.isNull(i), "row " + i);
                } else {
                    assertEquals((long) a.get(i) * (long) b.get(i) + 1, out.get(i), "row " + i);
                }
            }
        }
    }

    @Test
    void manyStringsSpanSeveralChunksOfGuestMemory() {
        int rows = 100_000;
        UdfType varchar = Wasm.type(TypeName.VARCHAR);
        List<Object> input = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            input.add(i % 1000 == 0 ? null : "ключ-" + i + "-ü");
        }
        FunctionDefinition definition = Wasm.function("t.twice",
                Wasm.withAllocator(TWICE + "(func (export \"twice\") (param i32 i32) (result i64) (call $twice (local.get 0) (local.get 1)))"),
                List.of(varchar), varchar).build();
        try (WasmFunction f = engine.load(definition);
                FieldVector in = Vectors.of(allocator, varchar, input);
                FieldVector out = f.invoke(List.of(in), rows, allocator)) {
            List<Object> result = Vectors.read(out);
            for (int i = 0; i < rows; i++) {
                assertEquals(input.get(i) == null ? null : (String) input.get(i) + input.get(i), result.get(i), "row " + i);
            }
        }
    }

    @Test
    void fewerRowsThanTheVectorsHoldUsesThePrefix() {
        UdfType bigint = Wasm.type(TypeName.BIGINT);
        byte[] module = Wasm.wat("(module (func (export \"neg\") (param i64) (result i64) (i64.sub (i64.const 0) (local.get 0))))");
        try (WasmFunction f = engine.load(Wasm.function("t.neg", module, List.of(bigint), bigint).build());
                FieldVector in = Vectors.of(allocator, bigint, list(1L, 2L, 3L));
                FieldVector out = f.invoke(List.of(in), 2, allocator)) {
            assertEquals(list(-1L, -2L), Vectors.read(out));
        }
    }

    @Test
    void wrongArgumentVectorsAreRefusedBeforeTheGuestRuns() {
        UdfType bigint = Wasm.type(TypeName.BIGINT);
        byte[] module = Wasm.wat("(module (func (export \"neg\") (param i64) (result i64) (local.get 0)))");
        try (WasmFunction f = engine.load(Wasm.function("t.neg", module, List.of(bigint), bigint).build());
                FieldVector in = Vectors.of(allocator, Wasm.type(TypeName.INTEGER), list(1))) {
            UdfException e = assertThrows(UdfException.class, () -> f.invoke(List.of(in), 1, allocator));
            assertEquals(EngineErrorCode.INVALID_ARGUMENTS.toErrorCode(), e.getErrorCode());
            assertTrue(e.getMessage().startsWith("function t.neg: argument 1 must be a vector of Int(64, true)"),
                    e.getMessage());
        }
    }
}
