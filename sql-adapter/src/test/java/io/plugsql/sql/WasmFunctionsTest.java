package io.plugsql.sql;

import static io.plugsql.sql.TenantTablesTest.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wabt.Wat2Wasm;
import io.plugsql.engine.EngineErrorCode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WASM functions through the embedded driver: every DDL form, versions, tenancy, expression positions, NULLs. */
class WasmFunctionsTest {
    /** {@code mul(a, b) = a * b + 1}. */
    static final String MUL = "(module (func (export \"mul\") (param i64 i64) (result i64)"
            + " (i64.add (i64.mul (local.get 0) (local.get 1)) (i64.const 1))))";
    /** {@code inc(x) = x + 1} on INTEGER. */
    static final String INC = "(module (func (export \"inc\") (param i32) (result i32)"
            + " (i32.add (local.get 0) (i32.const 1))))";
    /** {@code div(a, b) = a / b}: traps on b = 0. */
    static final String DIV = "(module (func (export \"div\") (param i64 i64) (result i64)"
            + " (i64.div_s (local.get 0) (local.get 1))))";
    /** {@code twice('ab') = 'abab'} (docs/ABI.md). */
    static final String TWICE = """
            (module
              (memory 1)
              (global $heap (mut i32) (i32.const 1024))
              (func $alloc (export "plugsql_alloc") (param $size i32) (result i32)
                (local $ptr i32)
                (local.set $ptr (global.get $heap))
                (global.set $heap (i32.and (i32.add (i32.add (local.get $ptr) (local.get $size)) (i32.const 7))
                                           (i32.const -8)))
                (local.get $ptr))
              (func (export "plugsql_reset") (global.set $heap (i32.const 1024)))
              (func (export "twice") (param $p i32) (param $n i32) (result i64)
                (local $out i32)
                (local.set $out (call $alloc (i32.shl (local.get $n) (i32.const 1))))
                (memory.copy (local.get $out) (local.get $p) (local.get $n))
                (memory.copy (i32.add (local.get $out) (local.get $n)) (local.get $p) (local.get $n))
                (i64.or (i64.shl (i64.extend_i32_u (local.get $out)) (i64.const 32))
                        (i64.extend_i32_u (i32.shl (local.get $n) (i32.const 1))))))""";
    /** on_null_input = 'call': NULL in gives -1, 0 in gives NULL, else the input (docs/ABI.md). */
    static final String NULL_AWARE = """
            (module
              (global $null (mut i32) (i32.const 0))
              (func (export "plugsql_result_is_null") (result i32) (global.get $null))
              (func (export "f") (param $isnull i32) (param $x i64) (result i64)
                (global.set $null (i32.and (i32.eqz (local.get $isnull)) (i64.eqz (local.get $x))))
                (if (result i64) (local.get $isnull) (then (i64.const -1)) (else (local.get $x)))))""";

    @TempDir
    Path data;

    private Connection connect(String tenant) throws SQLException {
        return DriverManager.getConnection("jdbc:plugsql:data=" + data + ";tenant=" + tenant);
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String quoted(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static String addConst(String name, long constant) {
        return "(module (func (export \"" + name + "\") (param i64) (result i64)"
                + " (i64.add (local.get 0) (i64.const " + constant + "))))";
    }

    private static SQLException failure(Connection c, String sql) {
        return assertThrows(SQLException.class, () -> {
            try (Statement s = c.createStatement()) {
                if (s.execute(sql)) {
                    try (ResultSet rs = s.getResultSet()) {
                        while (rs.next()) {
                            rs.getObject(1);
                        }
                    }
                }
            }
        });
    }

    @Test
    void createFromWatHexAndBase64() throws SQLException {
        byte[] inc = Wat2Wasm.parse(INC);
        try (Connection c = connect("acme")) {
            exec(c, "CREATE FUNCTION mul(a BIGINT, b BIGINT) RETURNS BIGINT LANGUAGE WASM AS " + quoted(MUL));
            exec(c, "CREATE FUNCTION inc(INTEGER) RETURNS INTEGER LANGUAGE WASM AS X'"
                    + HexFormat.of().formatHex(inc) + "'");
            exec(c, "CREATE FUNCTION acme.times(a BIGINT, b BIGINT) RETURNS BIGINT LANGUAGE WASM"
                    + " WITH (handler = 'mul', memory_limit = '1MB', timeout = '500ms', fuel = 1000000)"
                    + " AS '" + Base64.getEncoder().encodeToString(Wat2Wasm.parse(MUL)) + "'");
            assertEquals(List.of("43|42|13"), rows(c, "SELECT mul(6, 7), inc(41), acme.times(3, 4)"));
            assertEquals(List.of("inc|1|INTEGER|INTEGER|inc", "mul|1|a BIGINT, b BIGINT|BIGINT|mul",
                            "times|1|a BIGINT, b BIGINT|BIGINT|mul"),
                    rows(c, "SELECT function_name, version, parameters, return_type, handler FROM plugsql.functions"
                            + " ORDER BY function_name"));
            assertEquals(List.of("times|1048576|500|1000000"), rows(c,
                    "SELECT function_name, memory_limit_bytes, timeout_ms, fuel FROM plugsql.functions"
                            + " WHERE function_name = 'times'"));
        }
    }

    @Test
    void showFunctionsListsTheTenantsFunctions() throws SQLException {
        try (Connection c = connect("acme")) {
            exec(c, "CREATE FUNCTION mul(a BIGINT, b BIGINT) RETURNS BIGINT LANGUAGE WASM AS " + quoted(MUL));
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW FUNCTIONS")) {
                assertTrue(rs.next());
                assertEquals("acme", rs.getString("schema_name"));
                assertEquals("mul", rs.getString("function_name"));
                assertEquals(1, rs.getInt("version"));
                assertEquals("acme", rs.getString("owner"));
                assertEquals(64, rs.getString("module_sha256").length());
                assertTrue(rs.getTimestamp("created_at") != null);
                assertTrue(!rs.next());
            }
        }
    }

    @Test
    void replaceMakesANewVersionAndAPlannedStatementKeepsItsVersion() throws SQLException {
        try (Connection c = connect("acme")) {
            exec(c, "CREATE FUNCTION f(x BIGINT) RETURNS BIGINT LANGUAGE WASM AS " + quoted(addConst("f", 1)));
            try (PreparedStatement planned = c.prepareStatement("SELECT f(10)")) {
                exec(c, "CREATE OR REPLACE FUNCTION f(x BIGINT) RETURNS BIGINT LANGUAGE WASM AS "
                        + quoted(addConst("f", 100)));
                try (ResultSet rs = planned.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(11, rs.getLong(1), "planned on version 1, runs version 1");
                }
            }
            assertEquals(List.of("110"), rows(c, "SELECT f(10)"));
            assertEquals(List.of("1|false", "2|true"),
                    rows(c, "SELECT version, is_current FROM plugsql.function_versions WHERE function_name = 'f'"
                            + " ORDER BY version"));
            assertEquals(List.of("f|2"), rows(c, "SELECT function_name, version FROM plugsql.functions"));
        }
    }

    @Test
    void dropAndIfExistsAndIfNotExists() throws SQLException {
        try (Connection c = connect("acme")) {
            exec(c, "CREATE FUNCTION f(x BIGINT) RETURNS BIGINT LANGUAGE WASM AS " + quoted(addConst("f", 1)));
            exec(c, "CREATE FUNCTION IF NOT EXISTS f(x BIGINT) RETURNS BIGINT LANGUAGE WASM AS "
                    + quoted(addConst("f", 5)));
            assertEquals(List.of("2"), rows(c, "SELECT f(1)"));
            SQLException exists = failure(c,
                    "CREATE FUNCTION f(x BIGINT) RETURNS BIGINT LANGUAGE WASM AS " + quoted(addConst("f", 5)));
            assertEquals("42723", exists.getSQLState());
            assertTrue(exists.getMessage().contains("acme.f already exists (version 1)"), exists.getMessage());
            exec(c, "DROP FUNCTION f");
            assertEquals("42883", failure(c, "SELECT f(1)").getSQLState());
            exec(c, "DROP FUNCTION IF EXISTS f");
            SQLException missing = failure(c, "DROP FUNCTION acme.f");
            assertEquals("42883", missing.getSQLState());
            assertEquals(List.of(), rows(c, "SHOW FUNCTIONS"));
        }
    }

    @Test
    void functionsAndTablesSurviveARestart() throws SQLException {
        try (Connection c = connect("acme")) {
            exec(c, "CREATE FUNCTION mul(a BIGINT, b BIGINT) RETURNS BIGINT LANGUAGE WASM AS " + quoted(MUL));
            exec(c, "CREATE OR REPLACE FUNCTION twice(s VARCHAR) RETURNS VARCHAR LANGUAGE WASM AS " + quoted(TWICE));
            exec(c, "CREATE TABLE t (a BIGINT, s VARCHAR(20))");
            exec(c, "INSERT INTO t VALUES (3, 'ab'), (4, 'é')");
        }
        try (Connection c = connect("acme")) {
            assertEquals(List.of("7|abab", "9|éé"), rows(c, "SELECT mul(a, 2), twice(s) FROM t ORDER BY a"));
        }
    }

    @Test
    void tenantsAreIsolatedUnlessGranted() throws SQLException {
        try (Connection acme = connect("acme"); Connection globex = connect("globex")) {
            exec(acme, "CREATE FUNCTION f(x BIGINT) RETURNS BIGINT LANGUAGE WASM AS " + quoted(addConst("f", 1)));
            exec(globex, "CREATE FUNCTION f(x BIGINT) RETURNS BIGINT LANGUAGE WASM AS " + quoted(addConst("f", 1000)));
            assertEquals(List.of("2"), rows(acme, "SELECT f(1)"));
            assertEquals(List.of("1001"), rows(globex, "SELECT f(1)"));
            assertEquals(List.of("globex|f"), rows(globex, "SELECT schema_name, function_name FROM plugsql.functions"));
            assertEquals("42883", failure(globex, "SELECT acme.f(1)").getSQLState());
            SQLException notOwner = failure(globex, "DROP FUNCTION acme.f");
            assertEquals("42501", notOwner.getSQLState());
            assertEquals("42501", failure(globex, "GRANT EXECUTE ON FUNCTION acme.f TO globex").getSQLState());
            assertEquals("42501", failure(globex, "CREATE OR REPLACE FUNCTION acme.f(x BIGINT) RETURNS BIGINT"
                    + " LANGUAGE WASM AS " + quoted(addConst("f", 7))).getSQLState());

            exec(acme, "GRANT EXECUTE ON FUNCTION acme.f TO globex");
            assertEquals(List.of("2"), rows(globex, "SELECT acme.f(1)"));
            assertEquals(List.of("1001"), rows(globex, "SELECT f(1)"));
            assertEquals(List.of("acme|f|globex|acme"),
                    rows(acme, "SELECT schema_name, function_name, grantee, granted_by FROM plugsql.grants"));
            exec(acme, "REVOKE EXECUTE ON FUNCTION f FROM globex");
            assertEquals("42883", failure(globex, "SELECT acme.f(1)").getSQLState());
            assertEquals("42704", failure(acme, "REVOKE EXECUTE ON FUNCTION f FROM globex").getSQLState());
        }
    }

    @Test
    void rejectedFunctionsLeaveTheCatalogUnchanged() throws SQLException {
        try (Connection c = connect("acme")) {
            exec(c, "CREATE FUNCTION mul(a BIGINT, b BIGINT) RETURNS BIGINT LANGUAGE WASM AS " + quoted(MUL));
            List<String> before = rows(c, "SELECT * FROM plugsql.function_versions");

            SQLException mismatch = failure(c, "CREATE OR REPLACE FUNCTION mul(a INTEGER, b BIGINT) RETURNS BIGINT"
                    + " LANGUAGE WASM AS " + quoted(MUL));
            assertEquals("42P13", mismatch.getSQLState());
            assertTrue(mismatch.getMessage().contains("acme.mul"), mismatch.getMessage());

            SQLException type = failure(c, "CREATE FUNCTION g(a TIME) RETURNS BIGINT LANGUAGE WASM AS " + quoted(MUL));
            assertEquals("42P13", type.getSQLState());
            assertTrue(type.getMessage().contains("Type TIME of parameter 1 (a) of acme.g is not supported"),
                    type.getMessage());

            SQLException imports = failure(c, "CREATE FUNCTION h(a BIGINT) RETURNS BIGINT LANGUAGE WASM AS "
                    + quoted("(module (import \"wasi\" \"clock\" (func)) (func (export \"h\") (param i64)"
                            + " (result i64) (local.get 0)))"));
            assertEquals("42P13", imports.getSQLState());
            assertTrue(imports.getMessage().contains("wasi"), imports.getMessage());

            SQLException body = failure(c, "CREATE FUNCTION h(a BIGINT) RETURNS BIGINT LANGUAGE WASM AS 'not base64!'");
            assertEquals("42P13", body.getSQLState());
            SQLException wat = failure(c, "CREATE FUNCTION h(a BIGINT) RETURNS BIGINT LANGUAGE WASM AS '(module (oops))'");
            assertEquals("42P13", wat.getSQLState());
            SQLException option = failure(c, "CREATE FUNCTION h(a BIGINT) RETURNS BIGINT LANGUAGE WASM"
                    + " WITH (speed = 'fast') AS " + quoted(MUL));
            assertEquals("42601", option.getSQLState());
            assertTrue(option.getMessage().contains("Unknown option 'speed'"), option.getMessage());

            assertEquals(before, rows(c, "SELECT * FROM plugsql.function_versions"));
            assertEquals(List.of("43"), rows(c, "SELECT mul(6, 7)"));
        }
    }

    @Test
    void callsWorkInEveryExpressionPosition() throws SQLException {
        try (Connection c = connect("acme")) {
            exec(c, "CREATE FUNCTION mul(a BIGINT, b BIGINT) RETURNS BIGINT LANGUAGE WASM AS " + quoted(MUL));
            exec(c, "CREATE FUNCTION inc(x INTEGER) RETURNS INTEGER LANGUAGE WASM AS " + quoted(INC));
            exec(c, "CREATE TABLE t (a BIGINT, b INTEGER, g VARCHAR(5))");
            exec(c, "INSERT INTO t VALUES (1, 2, 'x'), (2, 3, 'x'), (3, 4, 'y'), (4, 5, 'y')");
            assertEquals(List.of("1|3", "2|7", "3|13", "4|21"), rows(c, "SELECT a, mul(a, b) FROM t ORDER BY a"));
            assertEquals(List.of("3", "4"), rows(c, "SELECT a FROM t WHERE mul(a, b) > 10 ORDER BY a"));
            assertEquals(List.of("1|4"), rows(c, "SELECT mul(a, 0), COUNT(*) FROM t GROUP BY mul(a, 0)"));
            assertEquals(List.of("y|7"),
                    rows(c, "SELECT g, SUM(a) FROM t GROUP BY g HAVING mul(SUM(a), 1) > 5"));
            assertEquals(List.of("4", "3", "2", "1"), rows(c, "SELECT a FROM t ORDER BY mul(a, -1)"));
            assertEquals(List.of("1|2", "2|3", "3|4"),
                    rows(c, "SELECT x.a, y.a FROM t x JOIN t y ON mul(x.a, 1) = y.a ORDER BY x.a"));
            assertEquals(List.of("1|13"), rows(c,
                    "SELECT a, mul(mul(a, 2), inc(b + 1)) FROM t WHERE a = 1"));
            assertEquals(List.of("13|4|3"), rows(c,
                    "SELECT mul(CAST('3' AS BIGINT), 4), inc(CAST(3.2 AS INTEGER)), mul(inc(1), 1)"));
            assertEquals(List.of("37"), rows(c, "SELECT SUM(mul(a, b)) - 7 FROM t"));
        }
    }

    @Test
    void stringsAndNullsInBothModes() throws SQLException {
        try (Connection c = connect("acme")) {
            exec(c, "CREATE FUNCTION mul(a BIGINT, b BIGINT) RETURNS BIGINT LANGUAGE WASM AS " + quoted(MUL));
            exec(c, "CREATE FUNCTION twice(s VARCHAR) RETURNS VARCHAR LANGUAGE WASM AS " + quoted(TWICE));
            exec(c, "CREATE FUNCTION f(x BIGINT) RETURNS BIGINT LANGUAGE WASM WITH (on_null_input = call) AS "
                    + quoted(NULL_AWARE));
            exec(c, "CREATE TABLE n (x BIGINT, s VARCHAR(10))");
            exec(c, "INSERT INTO n VALUES (5, 'añ€'), (0, ''), (NULL, NULL)");
            assertEquals(List.of("null|null|añ€añ€"), rows(c,
                    "SELECT mul(2, CAST(NULL AS BIGINT)), twice(CAST(NULL AS VARCHAR)), twice('añ€')"));
            assertEquals(List.of("0|1||null", "5|11|añ€añ€|5", "null|null|null|-1"),
                    rows(c, "SELECT x, mul(x, 2), twice(s), f(x) FROM n ORDER BY COALESCE(x, 99)"));
            assertEquals(List.of("0"), rows(c, "SELECT x FROM n WHERE f(x) IS NULL"));
        }
    }

    @Test
    void everySupportedTypeRoundTrips() throws SQLException {
        try (Connection c = connect("acme")) {
            exec(c, "CREATE FUNCTION nay(b BOOLEAN) RETURNS BOOLEAN LANGUAGE WASM AS "
                    + quoted("(module (func (export \"nay\") (param i32) (result i32) (i32.eqz (local.get 0))))"));
            exec(c, "CREATE FUNCTION half(x REAL) RETURNS REAL LANGUAGE WASM AS "
                    + quoted("(module (func (export \"half\") (param f32) (result f32)"
                            + " (f32.mul (local.get 0) (f32.const 0.5))))"));
            exec(c, "CREATE FUNCTION dbl(x DOUBLE) RETURNS DOUBLE LANGUAGE WASM AS "
                    + quoted("(module (func (export \"dbl\") (param f64) (result f64)"
                            + " (f64.mul (local.get 0) (f64.const 2))))"));
            exec(c, "CREATE FUNCTION plus_one(x DECIMAL(10, 2)) RETURNS DECIMAL(10, 2) LANGUAGE WASM AS "
                    + quoted(addConst("plus_one", 100)));
            exec(c, "CREATE FUNCTION next_day(d DATE) RETURNS DATE LANGUAGE WASM AS "
                    + quoted("(module (func (export \"next_day\") (param i32) (result i32)"
                            + " (i32.add (local.get 0) (i32.const 1))))"));
            exec(c, "CREATE FUNCTION plus_second(t TIMESTAMP) RETURNS TIMESTAMP LANGUAGE WASM AS "
                    + quoted(addConst("plus_second", 1_000_000)));
            exec(c, "CREATE FUNCTION twice_bytes(b VARBINARY) RETURNS VARBINARY LANGUAGE WASM"
                    + " WITH (handler = 'twice') AS " + quoted(TWICE));
            assertEquals(List.of("false|true|1.25|5.0|13.45|2024-03-01|2024-02-29 23:59:59.123|61626162"), rows(c,
                    "SELECT nay(TRUE), nay(FALSE), half(2.5), dbl(2.5), plus_one(12.45),"
                            + " next_day(DATE '2024-02-29'), plus_second(TIMESTAMP '2024-02-29 23:59:58.123'),"
                            + " twice_bytes(X'6162')"));
            assertEquals(List.of("null|null|null|null|null|null|null"), rows(c,
                    "SELECT nay(CAST(NULL AS BOOLEAN)), half(CAST(NULL AS REAL)), dbl(CAST(NULL AS DOUBLE)),"
                            + " plus_one(CAST(NULL AS DECIMAL(10, 2))), next_day(CAST(NULL AS DATE)),"
                            + " plus_second(CAST(NULL AS TIMESTAMP)), twice_bytes(CAST(NULL AS VARBINARY))"));
        }
    }

    @Test
    void connectionsShareTheDirectoryAndCallConcurrently() throws Exception {
        try (Connection first = connect("acme")) {
            exec(first, "CREATE FUNCTION mul(a BIGINT, b BIGINT) RETURNS BIGINT LANGUAGE WASM AS " + quoted(MUL));
            Connection second = connect("acme");
            first.close();
            // The state stays open while any connection to the directory is open.
            assertEquals(List.of("43"), rows(second, "SELECT mul(6, 7)"));
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<List<String>>> results = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    long base = t * 100L;
                    results.add(pool.submit(() -> {
                        try (Connection c = connect("acme")) {
                            List<String> values = new ArrayList<>();
                            for (long i = 0; i < 10; i++) {
                                values.addAll(rows(c, "SELECT mul(" + (base + i) + ", 2)"));
                            }
                            return values;
                        }
                    }));
                }
                for (int t = 0; t < 4; t++) {
                    List<String> expected = new ArrayList<>();
                    for (long i = 0; i < 10; i++) {
                        expected.add(String.valueOf((t * 100L + i) * 2 + 1));
                    }
                    assertEquals(expected, results.get(t).get(60, TimeUnit.SECONDS));
                }
            } finally {
                pool.shutdownNow();
                second.close();
            }
        }
    }

    @Test
    void trapsReportFunctionVersionAndSqlState() throws SQLException {
        try (Connection c = connect("acme")) {
            exec(c, "CREATE FUNCTION div(a BIGINT, b BIGINT) RETURNS BIGINT LANGUAGE WASM AS " + quoted(DIV));
            assertEquals(List.of("3"), rows(c, "SELECT div(7, 2)"));
            SQLException trap = failure(c, "SELECT div(7, 0)");
            assertEquals("22012", trap.getSQLState());
            assertTrue(trap.getMessage().contains("acme.div v1"), trap.getMessage());
            assertTrue(trap.getMessage().contains("[arguments (7, 0)]"), trap.getMessage());
            assertEquals(EngineErrorCode.TRAP_DIVIDE_BY_ZERO.toErrorCode().code(), trap.getErrorCode());
            assertEquals(List.of("4"), rows(c, "SELECT div(8, 2)"));
        }
    }
}
