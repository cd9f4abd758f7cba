package io.plugsql.sql.vectorized;

import static io.plugsql.sql.TestModules.TWICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plugsql.sql.vectorized.internal.BatchAllocators;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through the embedded driver ({@code jdbc:plugsql:}), with functions created by DDL and tables in
 * H2: every UDF query gives identical results with vectorization on (two batch sizes) and off, over
 * seeded random rows with NULLs and multi-byte strings.
 */
class EmbeddedDriverVectorizedTest {
    private static final String MUL = "(module (func (export \"mul\") (param i64 i64) (result i64)"
            + " (i64.add (i64.mul (local.get 0) (local.get 1)) (i64.const 1))))";
    private static final String INC = "(module (func (export \"inc\") (param i32) (result i32)"
            + " (i32.add (local.get 0) (i32.const 1))))";
    /** on_null_input = call: NULL gives -1, 0 gives NULL, else x. */
    private static final String NULL_AWARE = """
            (module
              (global $null (mut i32) (i32.const 0))
              (func (export "plugsql_result_is_null") (result i32) (global.get $null))
              (func (export "f") (param $isnull i32) (param $x i64) (result i64)
                (global.set $null (i32.and (i32.eqz (local.get $isnull)) (i64.eqz (local.get $x))))
                (if (result i64) (local.get $isnull) (then (i64.const -1)) (else (local.get $x)))))""";

    private static final List<String> QUERIES = List.of(
            "SELECT a, mul(a, b) FROM t",
            "SELECT a FROM t WHERE mul(a, b) > 10",
            "SELECT mul(a, 0), COUNT(*) FROM t GROUP BY mul(a, 0)",
            "SELECT g, SUM(a) FROM t GROUP BY g HAVING mul(SUM(a), 1) > 5",
            "SELECT a FROM t ORDER BY mul(a, -1), a",
            "SELECT x.a, y.a FROM t x JOIN t y ON mul(x.a, 1) = y.a",
            "SELECT a, mul(mul(a, 2), inc(b + 1)) FROM t WHERE a > 1",
            "SELECT SUM(mul(a, b)) - 7, COUNT(mul(a, b)) FROM t",
            "SELECT x, mul(x, 2), twice(s), f(x) FROM t",
            "SELECT x FROM t WHERE f(x) IS NULL",
            "SELECT twice(twice(g)), twice(CAST(NULL AS VARCHAR)), mul(2, CAST(NULL AS BIGINT)) FROM t",
            "SELECT inc(b), f(mul(x, a)) FROM t WHERE twice(s) <> ''",
            "SELECT CASE WHEN a > 2 THEN mul(a, a) ELSE f(x) END FROM t");

    @TempDir
    Path data;

    @AfterEach
    void allocatorReturnsToZero() {
        assertEquals(0, BatchAllocators.root().getAllocatedMemory());
        assertTrue(BatchAllocators.root().getChildAllocators().stream()
                .noneMatch(child -> child.getName().startsWith("wasm-batch-calc")));
    }

    private Connection connect(String properties) throws SQLException {
        return DriverManager.getConnection("jdbc:plugsql:data=" + data + ";tenant=acme" + properties);
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Test
    void everyQueryGivesTheSameResultsWithAndWithoutVectorization() throws SQLException {
        try (Connection setup = connect("")) {
            exec(setup, "CREATE FUNCTION mul(a BIGINT, b BIGINT) RETURNS BIGINT LANGUAGE WASM AS '" + MUL + "'");
            exec(setup, "CREATE FUNCTION inc(x INTEGER) RETURNS INTEGER LANGUAGE WASM AS '" + INC + "'");
            exec(setup, "CREATE FUNCTION twice(s VARCHAR) RETURNS VARCHAR LANGUAGE WASM AS '"
                    + TWICE.replace("'", "''") + "'");
            exec(setup, "CREATE FUNCTION f(x BIGINT) RETURNS BIGINT LANGUAGE WASM WITH (on_null_input = call) AS '"
                    + NULL_AWARE + "'");
            exec(setup, "CREATE TABLE t (a BIGINT, b INTEGER, g VARCHAR(20), x BIGINT, s VARCHAR(20))");
            insertRandomRows(setup, 300, 20261122L);
        }
        try (Connection rowPath = connect(";vectorize=false");
                Connection batch = connect("");
                Connection smallBatch = connect(";vectorizeBatchSize=7")) {
            for (String sql : QUERIES) {
                List<String> expected = sorted(rowPath, sql);
                assertEquals(expected, sorted(batch, sql), sql);
                assertEquals(expected, sorted(smallBatch, sql), sql + " (batch 7)");
            }
            String vectorized = explain(smallBatch, "SELECT SUM(mul(a, b)) FROM t");
            assertEquals("EnumerableAggregate(group=[{}], EXPR$0=[SUM($0)])\n"
                    + "  EnumerableWasmBatchCalc(passThrough=[[]], udfs=[[acme.mul($0, $1)]], batchSize=[7])\n"
                    + "    EnumerableCalc(expr#0..4=[{inputs}], expr#5=[CAST($t1):BIGINT], A=[$t0], $arg0=[$t5])\n"
                    + "      JdbcToEnumerableConverter\n"
                    + "        JdbcTableScan(table=[[acme, T]])\n", vectorized);
            String rows = explain(rowPath, "SELECT SUM(mul(a, b)) FROM t");
            assertTrue(!rows.contains("EnumerableWasmBatchCalc"), rows);
        }
    }

    private static void insertRandomRows(Connection c, int count, long seed) throws SQLException {
        Random random = new Random(seed);
        String[] words = {"x", "añ€", "日本語", "", "mixed Case", "😀"};
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO t VALUES (?, ?, ?, ?, ?)")) {
            for (int i = 0; i < count; i++) {
                insert.setObject(1, random.nextInt(8) == 0 ? null : (long) random.nextInt(40) - 10);
                insert.setObject(2, random.nextInt(8) == 0 ? null : random.nextInt(100));
                insert.setObject(3, random.nextInt(8) == 0 ? null : words[random.nextInt(words.length)]);
                insert.setObject(4, random.nextInt(5) == 0 ? null : (long) random.nextInt(3));
                insert.setObject(5, random.nextInt(8) == 0 ? null : words[random.nextInt(words.length)]);
                insert.executeUpdate();
            }
        }
    }

    @Test
    void invalidVectorizationPropertiesAreRefusedAtConnect() {
        SQLException e = assertThrows(SQLException.class, () -> connect(";vectorizeBatchSize=0").close());
        assertTrue(e.getMessage().contains("vectorizeBatchSize must be between 1 and 1048576, got 0"), e.getMessage());
        e = assertThrows(SQLException.class, () -> connect(";vectorize=maybe").close());
        assertTrue(e.getMessage().contains("vectorize must be true or false, got 'maybe'"), e.getMessage());
    }

    private static List<String> sorted(Connection connection, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
        rows.sort(null);
        return rows;
    }

    private static String explain(Connection connection, String sql) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("EXPLAIN PLAN FOR " + sql)) {
            while (rs.next()) {
                plan.append(rs.getString(1));
            }
        }
        return plan.toString();
    }
}
