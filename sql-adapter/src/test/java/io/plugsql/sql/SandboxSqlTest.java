package io.plugsql.sql;

import static io.plugsql.sql.TenantTablesTest.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plugsql.engine.EngineErrorCode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sandbox failures through the embedded driver: each reaches the client as a SQLException with the
 * SQLSTATE of docs/SQL.md, the engine's error code, and a message naming the function, its
 * version, the row and the kind of failure; the next statement on the same connection works.
 */
class SandboxSqlTest {
    /** {@code spin(x)}: loops forever when x = 3, else returns x. */
    private static final String SPIN = """
            (module (func (export "spin") (param i64) (result i64)
              (if (i64.eq (local.get 0) (i64.const 3)) (then (loop $l (br $l))))
              (local.get 0)))""";
    /** {@code bomb(x)}: grows memory until refused; then traps when x = 1, else returns the page count. */
    private static final String BOMB = """
            (module (memory 1)
              (func (export "bomb") (param i64) (result i64)
                (loop $grow (if (i32.ne (memory.grow (i32.const 1)) (i32.const -1)) (then (br $grow))))
                (if (i64.eq (local.get 0) (i64.const 1)) (then unreachable))
                (i64.extend_i32_u (memory.size))))""";
    /** {@code down(n)}: recursion n deep, returns n. */
    private static final String DOWN = """
            (module (func $down (export "down") (param i64) (result i64)
              (if (result i64) (i64.eqz (local.get 0))
                (then (i64.const 0))
                (else (i64.add (i64.const 1) (call $down (i64.sub (local.get 0) (i64.const 1))))))))""";
    /** {@code t(1)} unreachable, {@code t(2)} divides by zero, {@code t(3)} loads out of bounds, else 10 * x. */
    private static final String TRAPS = """
            (module (memory 1)
              (func (export "t") (param i64) (result i64)
                (if (i64.eq (local.get 0) (i64.const 1)) (then unreachable))
                (if (i64.eq (local.get 0) (i64.const 2)) (then (drop (i64.div_u (i64.const 1) (i64.const 0)))))
                (if (i64.eq (local.get 0) (i64.const 3)) (then (drop (i64.load (i32.const 65536)))))
                (i64.mul (local.get 0) (i64.const 10))))""";
    /** {@code calls(x)}: counts its calls in a global; traps when x = 0. */
    private static final String CALLS = """
            (module (global $calls (mut i64) (i64.const 0))
              (func (export "calls") (param i64) (result i64)
                (global.set $calls (i64.add (global.get $calls) (i64.const 1)))
                (if (i64.eqz (local.get 0)) (then unreachable))
                (global.get $calls)))""";
    private static final String START_LOOP = "(module (func $start (loop $l (br $l))) (start $start)"
            + " (func (export \"s\") (param i64) (result i64) (local.get 0)))";
    private static final String ID = "(module (func (export \"id\") (param i64) (result i64) (local.get 0)))";

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

    private static void create(Connection c, String signature, String options, String wat) throws SQLException {
        exec(c, "CREATE FUNCTION " + signature + " RETURNS BIGINT LANGUAGE WASM"
                + (options.isEmpty() ? "" : " WITH (" + options + ")") + " AS " + quoted(wat));
    }

    /** Runs {@code sql} to the end and returns its failure, checking SQLSTATE, vendor code and message parts. */
    private static SQLException fails(Connection c, String sql, String sqlState, EngineErrorCode code, String... parts) {
        SQLException e = assertThrows(SQLException.class, () -> {
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
        assertEquals(sqlState, e.getSQLState(), e.getMessage());
        assertEquals(code.toErrorCode().code(), e.getErrorCode(), e.getMessage());
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
        }
        return e;
    }

    @Test
    void infiniteLoopRunsOutOfFuelThenTheConnectionWorks() throws SQLException {
        try (Connection c = connect("acme")) {
            create(c, "spin(x BIGINT)", "fuel = '10000'", SPIN);
            exec(c, "CREATE TABLE t (a BIGINT)");
            exec(c, "INSERT INTO t VALUES (1), (2), (3), (4)");
            fails(c, "SELECT a, spin(a) FROM t ORDER BY a", "54W02", EngineErrorCode.FUEL_EXHAUSTED,
                    "function acme.spin v1 exhausted its fuel (10000 per row) at row 2", "[arguments (3)]",
                    "(input row 2 of the batch operator)");
            assertEquals(List.of("1|1", "2|2", "4|4"), rows(c, "SELECT a, spin(a) FROM t WHERE a <> 3 ORDER BY a"));
        }
    }

    @Test
    void infiniteLoopWithAmpleFuelHitsTheTimeout() throws SQLException {
        try (Connection c = connect("acme")) {
            create(c, "spin(x BIGINT)", "timeout = '300ms', fuel = '9223372036854775807'", SPIN);
            fails(c, "SELECT spin(3)", "54W01", EngineErrorCode.TIMEOUT,
                    "function acme.spin v1 exceeded its timeout of 300ms at row 0", "[arguments (3)]");
            assertEquals(List.of("5"), rows(c, "SELECT spin(5)"));
        }
    }

    @Test
    void memoryBombIsCappedAndATrapAfterARefusedGrowIsOutOfMemory() throws SQLException {
        try (Connection c = connect("acme")) {
            create(c, "bomb(x BIGINT)", "memory_limit = '1MB', deterministic = false", BOMB);
            assertEquals(List.of("16"), rows(c, "SELECT bomb(0)"));
            fails(c, "SELECT bomb(1)", "53200", EngineErrorCode.MEMORY_EXHAUSTED,
                    "function acme.bomb v1 ran out of memory at row 0: memory.grow was refused (memory limit 1 MiB),"
                            + " then the guest trapped: unreachable executed");
            assertEquals(List.of("16"), rows(c, "SELECT bomb(0)"));
        }
    }

    @Test
    void deepRecursionExhaustsTheStack() throws SQLException {
        try (Connection c = connect("acme")) {
            create(c, "down(n BIGINT)", "", DOWN);
            fails(c, "SELECT down(100000000)", "54001", EngineErrorCode.STACK_EXHAUSTED,
                    "function acme.down v1 exhausted its call stack (1024 KiB) at row 0");
            assertEquals(List.of("100"), rows(c, "SELECT down(100)"));
        }
    }

    @Test
    void guestTrapsKeepTheirKind() throws SQLException {
        try (Connection c = connect("acme")) {
            create(c, "t(x BIGINT)", "", TRAPS);
            fails(c, "SELECT t(1)", "22W01", EngineErrorCode.TRAP_UNREACHABLE,
                    "function acme.t v1 trapped at row 0: unreachable executed", "[arguments (1)]");
            fails(c, "SELECT t(2)", "22012", EngineErrorCode.TRAP_DIVIDE_BY_ZERO,
                    "function acme.t v1 trapped at row 0: integer divide by zero");
            fails(c, "SELECT t(3)", "22W01", EngineErrorCode.TRAP_OUT_OF_BOUNDS,
                    "function acme.t v1 trapped at row 0: out of bounds memory access");
            assertEquals(List.of("50"), rows(c, "SELECT t(5)"));
        }
    }

    @Test
    void startFunctionLimitsAreCheckedAtCreate() throws SQLException {
        try (Connection c = connect("acme")) {
            fails(c, "CREATE FUNCTION s(x BIGINT) RETURNS BIGINT LANGUAGE WASM WITH (fuel = '10000') AS "
                    + quoted(START_LOOP), "54W02", EngineErrorCode.FUEL_EXHAUSTED,
                    "function acme.s exhausted its fuel (10000 per row) while instantiating the module");
            fails(c, "CREATE FUNCTION s(x BIGINT) RETURNS BIGINT LANGUAGE WASM"
                    + " WITH (timeout = '300ms', fuel = '9223372036854775807') AS " + quoted(START_LOOP),
                    "54W01", EngineErrorCode.TIMEOUT,
                    "function acme.s exceeded its timeout of 300ms while instantiating the module");
            assertEquals(List.of(), rows(c, "SELECT function_name FROM plugsql.functions"));
            create(c, "id(x BIGINT)", "", ID);
            assertEquals(List.of("7"), rows(c, "SELECT id(7)"));
        }
    }

    @Test
    void hostileModulesAreRefusedAtCreate() throws SQLException {
        try (Connection c = connect("acme")) {
            fails(c, "CREATE FUNCTION w(x BIGINT) RETURNS BIGINT LANGUAGE WASM AS " + quoted("""
                    (module (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
                      (func (export "w") (param i64) (result i64) (local.get 0)))"""),
                    "42P13", EngineErrorCode.IMPORT_NOT_ALLOWED,
                    "function acme.w: module imports wasi_snapshot_preview1.fd_write (function)");
            fails(c, "CREATE FUNCTION m(x BIGINT) RETURNS BIGINT LANGUAGE WASM AS X'0061736d0100000001'",
                    "42P13", EngineErrorCode.MALFORMED_MODULE, "function acme.m: invalid WebAssembly module");
            fails(c, "CREATE FUNCTION d(x BIGINT) RETURNS BIGINT LANGUAGE WASM AS " + quoted(
                    "(module (memory 1) (data (i32.const 65530) \"0123456789\")"
                            + " (func (export \"d\") (param i64) (result i64) (local.get 0)))"),
                    "42P13", EngineErrorCode.INSTANTIATION_FAILED,
                    "function acme.d cannot be instantiated: out of bounds memory access");
            fails(c, "CREATE FUNCTION v(x BIGINT) RETURNS BIGINT LANGUAGE WASM AS " + quoted(
                    "(module (func (export \"v\") (param i64) (result i64)"
                            + " (i64x2.extract_lane 0 (i64x2.splat (local.get 0)))))"),
                    "42P13", EngineErrorCode.UNSUPPORTED_FEATURE, "function acme.v: module cannot be metered for fuel");
            fails(c, "CREATE FUNCTION g(x BIGINT) RETURNS BIGINT LANGUAGE WASM WITH (memory_limit = '4MB') AS "
                    + quoted("(module (memory 100) (func (export \"g\") (param i64) (result i64) (local.get 0)))"),
                    "42P13", EngineErrorCode.MEMORY_DECLARATION_TOO_LARGE,
                    "function acme.g: module declares a minimum memory of 100 pages");
            create(c, "id(x BIGINT)", "", ID);
            assertEquals(List.of("7"), rows(c, "SELECT id(7)"));
        }
    }

    @Test
    void tenantsWithTheSameModuleBytesNeverShareState() throws SQLException {
        // Guest state lives for one statement execution: its rows count 1, 2, 3; the next starts at 1 again.
        try (Connection acme = connect("acme"); Connection globex = connect("globex")) {
            create(acme, "calls(x BIGINT)", "deterministic = false", CALLS);
            create(globex, "calls(x BIGINT)", "deterministic = false", CALLS);
            exec(acme, "CREATE TABLE three (x BIGINT)");
            exec(acme, "INSERT INTO three VALUES (1), (2), (3)");
            assertEquals(List.of("1", "2", "3"), sorted(rows(acme, "SELECT calls(x) FROM three")));
            assertEquals(List.of("1"), rows(acme, "SELECT calls(1)"));
            assertEquals(List.of("1"), rows(globex, "SELECT calls(1)"));
            assertEquals(List.of("1", "2", "3"), sorted(rows(acme, "SELECT calls(x) FROM three")));
            fails(acme, "SELECT calls(0)", "22W01", EngineErrorCode.TRAP_UNREACHABLE,
                    "function acme.calls v1 trapped at row 0: unreachable executed");
            assertEquals(List.of("1"), rows(acme, "SELECT calls(1)"));
            assertEquals(List.of("1"), rows(globex, "SELECT calls(1)"));
        }
    }

    private static List<String> sorted(List<String> values) {
        return values.stream().sorted().toList();
    }
    @Test
    void cancelStopsARunningGuestCall() throws Exception {
        try (Connection c = connect("acme")) {
            create(c, "spin(x BIGINT)", "timeout = '60s', fuel = '9223372036854775807'", SPIN);
            exec(c, "CREATE TABLE t (a BIGINT)");
            exec(c, "INSERT INTO t VALUES (3)");
            try (Statement statement = c.createStatement()) {
                AtomicReference<Throwable> thrown = new AtomicReference<>();
                Thread runner = new Thread(() -> {
                    try (ResultSet rs = statement.executeQuery("SELECT spin(a) FROM t")) {
                        rs.next();
                    } catch (Throwable t) {
                        thrown.set(t);
                    }
                });
                runner.start();
                // Cancel once the guest runs: a cancel before that is Calcite's own (Statement cancelled, 57014).
                for (int i = 0; i < 200 && runner.isAlive() && !inGuestCall(runner); i++) {
                    Thread.sleep(50);
                }
                statement.cancel();
                runner.join(10_000);
                assertTrue(thrown.get() instanceof SQLException, String.valueOf(thrown.get()));
                SQLException e = (SQLException) thrown.get();
                assertEquals("57014", e.getSQLState(), e.getMessage());
                assertEquals(EngineErrorCode.CANCELLED.toErrorCode().code(), e.getErrorCode());
                assertTrue(e.getMessage().contains("function acme.spin v1 was cancelled at row 0 [arguments (3)]"),
                        e.getMessage());
            }
            assertEquals(List.of("5"), rows(c, "SELECT spin(5)"));
        }
    }

    /** Whether the thread waits for a guest call in the engine. */
    private static boolean inGuestCall(Thread thread) {
        for (StackTraceElement frame : thread.getStackTrace()) {
            if (frame.getClassName().equals("io.plugsql.engine.internal.GuestExecutor$Task")) {
                return true;
            }
        }
        return false;
    }

    @Test
    void cancelBeforeTheGuestRunsIsStillACancel() throws SQLException {
        try (Connection c = connect("acme")) {
            create(c, "spin(x BIGINT)", "timeout = '60s', fuel = '9223372036854775807'", SPIN);
            try (Statement statement = c.createStatement(); ResultSet rs = statement.executeQuery("SELECT 1")) {
                statement.cancel();
                SQLException e = assertThrows(SQLException.class, rs::next);
                assertEquals("57014", e.getSQLState(), e.getMessage());
            }
            assertEquals(List.of("5"), rows(c, "SELECT spin(5)"));
        }
    }

    @Test
    void queryTimeoutStopsARunningGuestCall() throws SQLException {
        try (Connection c = connect("acme")) {
            create(c, "spin(x BIGINT)", "timeout = '60s', fuel = '9223372036854775807'", SPIN);
            try (Statement statement = c.createStatement()) {
                statement.setQueryTimeout(1);
                SQLException e = assertThrows(SQLException.class, () -> {
                    try (ResultSet rs = statement.executeQuery("SELECT spin(3)")) {
                        rs.next();
                    }
                });
                assertEquals("57014", e.getSQLState(), e.getMessage());
                assertTrue(e.getMessage().contains("function acme.spin v1 was cancelled at row 0"), e.getMessage());
            }
            assertEquals(List.of("5"), rows(c, "SELECT spin(5)"));
        }
    }
}
