package io.plugsql.sql;

import static io.plugsql.sql.TenantTablesTest.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plugsql.engine.EngineErrorCode;
import io.plugsql.sql.function.WasmScalarFunction;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-tenant quotas given to {@link DataDirectory#acquire(Path, Quotas)}: they cap each function's own limits,
 * {@code plugsql.functions} shows the effective limits, and the maximum module size refuses large modules.
 */
class QuotasSqlTest {
    /** {@code bomb(x)}: grows memory until refused, then returns the page count. */
    private static final String BOMB = """
            (module (memory 1)
              (func (export "bomb") (param i64) (result i64)
                (loop $grow (if (i32.ne (memory.grow (i32.const 1)) (i32.const -1)) (then (br $grow))))
                (i64.extend_i32_u (memory.size))))""";
    /** {@code loops(n)}: loops n times, returns n. */
    private static final String LOOPS = """
            (module (func (export "loops") (param i64) (result i64) (local i64)
              (block $done (loop $l
                (br_if $done (i64.ge_u (local.get 1) (local.get 0)))
                (local.set 1 (i64.add (local.get 1) (i64.const 1)))
                (br $l)))
              (local.get 1)))""";
    private static final String ID = "(module (func (export \"id\") (param i64) (result i64) (local.get 0)))";

    @TempDir
    Path data;

    private DataDirectory directory;

    @BeforeEach
    void openWithQuotas() {
        Quotas quotas = Quotas.DEFAULT
                .withTenant("acme", Quotas.DEFAULT.defaultQuota().withMaxMemoryBytes(1L << 20))
                .withTenant("tiny", Quotas.DEFAULT.defaultQuota().withFuelPerRow(10_000))
                .withMaxModuleBytes(200);
        directory = DataDirectory.acquire(data, quotas);
    }

    @AfterEach
    void release() {
        directory.release();
    }

    private Connection connect(String tenant) throws SQLException {
        return DriverManager.getConnection("jdbc:plugsql:data=" + data + ";tenant=" + tenant);
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static void create(Connection c, String signature, String options, String wat) throws SQLException {
        exec(c, "CREATE FUNCTION " + signature + " RETURNS BIGINT LANGUAGE WASM"
                + (options.isEmpty() ? "" : " WITH (" + options + ")") + " AS '" + wat.replace("'", "''") + "'");
    }

    @Test
    void memoryLimitAboveTheTenantQuotaIsCappedAndShown() throws SQLException {
        try (Connection acme = connect("acme"); Connection globex = connect("globex")) {
            create(acme, "bomb(x BIGINT)", "memory_limit = '8MB', deterministic = false", BOMB);
            create(globex, "bomb(x BIGINT)", "memory_limit = '2MB', deterministic = false", BOMB);
            assertEquals(List.of("16"), rows(acme, "SELECT bomb(0)"), "1 MiB quota = 16 pages");
            assertEquals(List.of("32"), rows(globex, "SELECT bomb(0)"), "globex has the default quota");
            assertEquals(List.of("8388608|1048576|2000|100000000"), rows(acme,
                    "SELECT memory_limit_bytes, effective_memory_limit_bytes, effective_timeout_ms, effective_fuel"
                            + " FROM plugsql.functions WHERE function_name = 'bomb'"));
            WasmScalarFunction bomb = directory.functions().visibleFunctions("acme").get(0);
            assertEquals(bomb.info().effectiveLimits(), directory.functions().effectiveLimits("acme",
                    bomb.version().limits()), "plugsql.functions shows what the engine runs with");
            assertEquals(List.of("2097152|2097152|100000000"), rows(globex,
                    "SELECT memory_limit_bytes, effective_memory_limit_bytes, effective_fuel"
                            + " FROM plugsql.functions WHERE function_name = 'bomb'"));
        }
    }

    @Test
    void smallFuelQuotaExhaustsWhereTheDefaultQuotaDoesNot() throws SQLException {
        try (Connection tiny = connect("tiny"); Connection globex = connect("globex")) {
            create(tiny, "loops(n BIGINT)", "fuel = 50000000", LOOPS);
            create(globex, "loops(n BIGINT)", "", LOOPS);
            assertEquals(List.of("100000"), rows(globex, "SELECT loops(100000)"));
            assertEquals(List.of("10"), rows(tiny, "SELECT loops(10)"));
            assertEquals(List.of("50000000|10000"), rows(tiny, "SELECT fuel, effective_fuel FROM plugsql.functions"));
            SQLException e = assertThrows(SQLException.class, () -> rows(tiny, "SELECT loops(100000)"));
            assertEquals("54W02", e.getSQLState(), e.getMessage());
            assertEquals(EngineErrorCode.FUEL_EXHAUSTED.toErrorCode().code(), e.getErrorCode());
            assertTrue(e.getMessage().contains("function tiny.loops v1 exhausted its fuel (10000 per row)"),
                    e.getMessage());
        }
    }

    @Test
    void moduleAboveTheMaximumSizeIsRefused() throws SQLException {
        String large = "(module (memory 1) (data (i32.const 0) \"" + "x".repeat(300) + "\")"
                + " (func (export \"big\") (param i64) (result i64) (local.get 0)))";
        try (Connection acme = connect("acme")) {
            SQLException e = assertThrows(SQLException.class, () -> create(acme, "big(x BIGINT)", "", large));
            assertEquals("54000", e.getSQLState(), e.getMessage());
            assertTrue(e.getMessage().contains("exceeds the limit of 200 bytes"), e.getMessage());
            assertEquals(List.of(), rows(acme, "SELECT function_name FROM plugsql.functions"));
            create(acme, "id(x BIGINT)", "", ID);
            assertEquals(List.of("7"), rows(acme, "SELECT id(7)"));
        }
    }

    @Test
    void theDirectoryCannotBeReopenedWithOtherQuotas() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> DataDirectory.acquire(data, Quotas.DEFAULT));
        assertTrue(e.getMessage().contains("already open with other quotas"), e.getMessage());
    }
}
