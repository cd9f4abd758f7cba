package io.plugsql.sql.vectorized;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wabt.Wat2Wasm;
import io.plugsql.engine.EngineConfig;
import io.plugsql.engine.FunctionDefinition;
import io.plugsql.engine.NullInputMode;
import io.plugsql.engine.Signature;
import io.plugsql.engine.UdfType;
import io.plugsql.engine.WasmEngine;
import io.plugsql.sql.TestModules;
import io.plugsql.sql.vectorized.internal.BatchAllocators;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real Wasm modules (assembled from WAT) through the vectorized and the row path, over Calcite JDBC. */
class WasmVectorizedTest {
    /** A bump allocator from address 1024 over one page, reset after each batch by the engine. */
    private static final String MODULE = """
            (module
              (memory (export "memory") 1)
            """ + TestModules.BUMP_ALLOCATOR + """

              (func (export "mul_add") (param i64 i64) (result i64)
                (i64.add (i64.mul (local.get 0) (local.get 1)) (i64.const 1)))
              (func (export "times10") (param i64) (result i64) (i64.mul (local.get 0) (i64.const 10)))
              (func (export "is_even") (param i64) (result i32) (i64.eqz (i64.rem_s (local.get 0) (i64.const 2))))
              (func (export "nvl0") (param $null i32) (param $x i64) (result i64)
                (if (result i64) (local.get $null) (then (i64.const -1)) (else (local.get $x))))
              (func (export "inverse") (param i64) (result i64) (i64.div_s (i64.const 1000) (local.get 0)))
              ;; UTF-8 code points: bytes that are not continuation bytes
              (func (export "strlen") (param $p i32) (param $n i32) (result i32)
                (local $i i32) (local $count i32)
                (block $done (loop $next
                  (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
                  (if (i32.ne (i32.and (i32.load8_u (i32.add (local.get $p) (local.get $i))) (i32.const 0xC0))
                              (i32.const 0x80))
                    (then (local.set $count (i32.add (local.get $count) (i32.const 1)))))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br $next)))
                (local.get $count))
              ;; ASCII letters upper-cased, other bytes kept, then '!'
              (func (export "shout") (param $p i32) (param $n i32) (result i64)
                (local $out i32) (local $i i32) (local $b i32)
                (local.set $out (call $alloc (i32.add (local.get $n) (i32.const 1))))
                (block $done (loop $next
                  (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
                  (local.set $b (i32.load8_u (i32.add (local.get $p) (local.get $i))))
                  (if (i32.and (i32.ge_u (local.get $b) (i32.const 97)) (i32.le_u (local.get $b) (i32.const 122)))
                    (then (local.set $b (i32.sub (local.get $b) (i32.const 32)))))
                  (i32.store8 (i32.add (local.get $out) (local.get $i)) (local.get $b))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br $next)))
                (i32.store8 (i32.add (local.get $out) (local.get $n)) (i32.const 33))
                (i64.or (i64.shl (i64.extend_i32_u (local.get $out)) (i64.const 32))
                        (i64.extend_i32_u (i32.add (local.get $n) (i32.const 1))))))
            """;

    private static final List<String> QUERIES = List.of(
            "SELECT a, b, mul_add(a, b) FROM t",
            "SELECT a FROM t WHERE mul_add(a, b) > 5",
            "SELECT SUM(mul_add(a, b)), COUNT(*) FROM t",
            "SELECT times10(n), COUNT(*) FROM t GROUP BY times10(n)",
            "SELECT u.name, mul_add(t.a, u.k) FROM t JOIN u ON t.b = u.k",
            "SELECT mul_add(times10(a), b), mul_add(times10(a) + 1, 2) FROM t",
            "SELECT shout(s), strlen(s), strlen(shout(s)) FROM t WHERE is_even(a)",
            "SELECT nvl0(a), nvl0(times10(b)), nvl0(NULL) FROM t",
            "SELECT s, COUNT(*) FROM t WHERE strlen(s) > 2 GROUP BY s",
            "SELECT CASE WHEN a <> 0 THEN inverse(a) END FROM t");

    private static WasmEngine engine;
    private static List<WasmUdf> functions;

    @BeforeAll
    static void load() {
        engine = new WasmEngine(EngineConfig.defaults());
        byte[] module = Wat2Wasm.parse(MODULE);
        functions = List.of(
                load(module, "mul_add", NullInputMode.RETURN_NULL, TestDb.BIGINT, TestDb.BIGINT, TestDb.BIGINT),
                load(module, "times10", NullInputMode.RETURN_NULL, TestDb.BIGINT, TestDb.BIGINT),
                load(module, "is_even", NullInputMode.RETURN_NULL, TestDb.BOOLEAN, TestDb.BIGINT),
                load(module, "nvl0", NullInputMode.CALL, TestDb.BIGINT, TestDb.BIGINT),
                load(module, "inverse", NullInputMode.RETURN_NULL, TestDb.BIGINT, TestDb.BIGINT),
                load(module, "strlen", NullInputMode.RETURN_NULL, TestDb.INTEGER, TestDb.VARCHAR),
                load(module, "shout", NullInputMode.RETURN_NULL, TestDb.VARCHAR, TestDb.VARCHAR));
    }

    private static WasmUdf load(byte[] module, String name, NullInputMode mode, UdfType result, UdfType... parameters) {
        return new WasmUdf(engine.load(FunctionDefinition.builder("S." + name.toUpperCase(java.util.Locale.ROOT), module)
                .signature(new Signature(List.of(parameters), result))
                .handler(name)
                .nullInputMode(mode)
                .build()));
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    @AfterEach
    void allocatorReturnsToZero() {
        assertEquals(0, BatchAllocators.root().getAllocatedMemory());
        assertTrue(BatchAllocators.root().getChildAllocators().stream()
                .noneMatch(child -> child.getName().startsWith("wasm-batch-calc")));
    }

    private static Connection connect(boolean vectorize, int batchSize, AtomicReference<List<Object[]>> data)
            throws SQLException {
        Properties properties = new Properties();
        properties.setProperty(VectorizeSettings.VECTORIZE, Boolean.toString(vectorize));
        properties.setProperty(VectorizeSettings.BATCH_SIZE, Integer.toString(batchSize));
        return TestDb.connect(properties, data::get, functions);
    }

    @Test
    void vectorizedAndRowPathAgreeOnRealWasm() throws SQLException {
        AtomicReference<List<Object[]>> data = new AtomicReference<>();
        try (Connection rowPath = connect(false, 4096, data);
                Connection batch = connect(true, 4096, data);
                Connection smallBatch = connect(true, 5, data)) {
            List<List<PreparedStatement>> statements = new ArrayList<>();
            for (String sql : QUERIES) {
                statements.add(List.of(rowPath.prepareStatement(sql), batch.prepareStatement(sql),
                        smallBatch.prepareStatement(sql)));
            }
            for (int size : new int[] {0, 1, 6, 400}) {
                data.set(TestDb.tRows(size, 77 + size));
                for (int q = 0; q < QUERIES.size(); q++) {
                    String what = QUERIES.get(q) + " (" + size + " rows)";
                    List<List<Object>> expected = run(statements.get(q).get(0));
                    assertEquals(expected, run(statements.get(q).get(1)), what);
                    assertEquals(expected, run(statements.get(q).get(2)), what + " batch 5");
                }
            }
        }
    }

    @Test
    void oneWasmInvocationPerBatch() throws SQLException {
        AtomicReference<List<Object[]>> data = new AtomicReference<>(TestDb.tRows(10_000, 5));
        WasmUdf mulAdd = functions.get(0);
        try (Connection batch = connect(true, 4096, data)) {
            int before = mulAdd.invocations.get();
            List<List<Object>> sum = run(batch, "SELECT SUM(mul_add(a, b)) FROM t");
            assertEquals(3, mulAdd.invocations.get() - before);
            long expected = 0;
            for (Object[] row : data.get()) {
                if (row[0] != null && row[1] != null) {
                    expected += (Long) row[0] * (Long) row[1] + 1;
                }
            }
            assertEquals(List.of(List.of(expected)), sum);
        }
    }

    @Test
    void trapsNameTheFunctionOnBothPaths() throws SQLException {
        AtomicReference<List<Object[]>> data = new AtomicReference<>(
                List.<Object[]>of(new Object[] {5L, 1L, "x", null, null, null, null, null, null, null},
                        new Object[] {0L, 1L, "y", null, null, null, null, null, null, null}));
        for (boolean vectorize : new boolean[] {true, false}) {
            try (Connection connection = connect(vectorize, 4096, data)) {
                // Calcite surfaces errors raised while a result set is read as they are; the embedded
                // driver maps them to SQLExceptions
                Exception e = assertThrows(Exception.class, () -> run(connection, "SELECT inverse(a) FROM t"));
                StringBuilder messages = new StringBuilder();
                for (Throwable t = e; t != null; t = t.getCause()) {
                    messages.append(t.getMessage()).append('\n');
                }
                assertTrue(messages.toString().contains("S.INVERSE"), messages.toString());
                if (vectorize) {
                    assertTrue(messages.toString().contains(
                            "[arguments (0)] (input row 1 of the batch operator)"), messages.toString());
                }
            }
        }
    }

    private static List<List<Object>> run(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            return run(statement);
        }
    }

    private static List<List<Object>> run(PreparedStatement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery()) {
            List<List<Object>> rows = new ArrayList<>(TestDb.rows(rs));
            rows.sort(Comparator.comparing(Object::toString));
            return rows;
        }
    }
}
