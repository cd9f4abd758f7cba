package io.plugsql.sql.vectorized;

import static io.plugsql.sql.TestModules.TWICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plugsql.sql.vectorized.internal.BatchAllocators;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch operator over H2 tables reads the pushed-down query's result set straight into Arrow
 * vectors ({@code input=[jdbc]} in plans): values of every readable type, NULLs, pushed-down filters,
 * joins and parameters give the same rows as the row path, error rows are numbered across batches,
 * and every JDBC resource is released however the statement ends.
 */
class JdbcColumnarInputTest {
    private static final String DIV = "(module (func (export \"div\") (param i64 i64) (result i64)"
            + " (i64.div_s (local.get 0) (local.get 1))))";

    @TempDir
    Path data;

    @BeforeEach
    void createTableAndFunctions() throws SQLException {
        try (Connection c = connect("")) {
            identity(c, "id_int", "INTEGER", "i32");
            identity(c, "id_big", "BIGINT", "i64");
            identity(c, "id_real", "REAL", "f32");
            identity(c, "id_dbl", "DOUBLE", "f64");
            identity(c, "id_dec", "DECIMAL(10,2)", "i64");
            identity(c, "id_bool", "BOOLEAN", "i32");
            exec(c, "CREATE FUNCTION twice(s VARCHAR) RETURNS VARCHAR LANGUAGE WASM AS '"
                    + TWICE.replace("'", "''") + "'");
            exec(c, "CREATE FUNCTION twice_bin(b VARBINARY) RETURNS VARBINARY LANGUAGE WASM WITH (handler = 'twice') AS '"
                    + TWICE.replace("'", "''") + "'");
            exec(c, "CREATE FUNCTION div(a BIGINT, b BIGINT) RETURNS BIGINT LANGUAGE WASM AS '" + DIV + "'");
            exec(c, "CREATE TABLE m (k INTEGER NOT NULL, i INTEGER, l BIGINT, r REAL, d DOUBLE, n DECIMAL(10,2),"
                    + " flag BOOLEAN, s VARCHAR(20), c CHAR(4), bin VARBINARY(32), dt DATE, PRIMARY KEY (k))");
            insertRandomRows(c, 60, 20261122L);
        }
    }

    @AfterEach
    void allocatorReturnsToZero() {
        assertEquals(0, BatchAllocators.root().getAllocatedMemory());
        assertTrue(BatchAllocators.root().getChildAllocators().stream()
                .noneMatch(child -> child.getName().startsWith("wasm-batch-calc")));
    }

    @Test
    void everyReadableTypeGoesFromTheResultSetToVectorsAndMatchesTheRowPath() throws SQLException {
        String sql = "SELECT k, i, l, r, d, n, flag, s, c, bin, id_int(i), id_big(l), id_real(r), id_dbl(d),"
                + " id_dec(n), id_bool(flag), twice(s), twice(c), twice_bin(bin) FROM m";
        assertSameRowsBothWays(sql);
        try (Connection c = connect("")) {
            String plan = explain(c, sql);
            assertTrue(plan.contains("batchSize=[4096], input=[jdbc])\n  JdbcToEnumerableConverter"), plan);
        }
    }

    @Test
    void literalArgumentsArePassedAsConstantsAndKeepTheColumnarInput() throws SQLException {
        String sql = "SELECT k, twice('añ'), id_big(7), id_int(k), id_bool(TRUE), id_dec(1.5), id_big(CAST(NULL AS BIGINT)),"
                + " id_dbl(2.5) FROM m";
        assertSameRowsBothWays(sql);
        try (Connection c = connect("")) {
            assertTrue(rows(c, sql).contains("0|añañ|7|0|true|1.50|null|2.5"), rows(c, sql).toString());
            String constantsOnly = explain(c, "SELECT k, twice('añ'), id_big(7), id_dec(1.5) FROM m");
            assertTrue(constantsOnly.contains("acme.twice('añ')") && constantsOnly.contains("input=[jdbc]"), constantsOnly);
        }
    }

    @Test
    void filtersAndJoinsPushedIntoTheDatabaseFeedTheVectorsDirectly() throws SQLException {
        String filtered = "SELECT k, twice(s) FROM m WHERE i > 10 AND s IS NOT NULL";
        String joined = "SELECT x.k, y.k, id_big(y.l) FROM m x JOIN m y ON x.i = y.i";
        assertSameRowsBothWays(filtered);
        assertSameRowsBothWays(joined);
        try (Connection c = connect("")) {
            String filterPlan = explain(c, filtered);
            assertTrue(filterPlan.contains("input=[jdbc]") && filterPlan.contains("JdbcFilter"), filterPlan);
            String joinPlan = explain(c, joined);
            assertTrue(joinPlan.contains("input=[jdbc]") && joinPlan.contains("JdbcJoin"), joinPlan);
        }
    }

    @Test
    void udfFreeFilterTermsRunInTheDatabaseBeforeAnyUdfCall() throws SQLException {
        try (Connection c = connect("")) {
            exec(c, "CREATE TABLE q (k INTEGER NOT NULL, y BIGINT, x BIGINT, PRIMARY KEY (k))");
            exec(c, "INSERT INTO q VALUES (0, 100, 0), (1, 100, 50), (2, 100, 200), (3, NULL, 7)");
        }
        // div(y, 0) would trap: x <> 0 must filter row 0 out before div runs, on both paths
        String guarded = "SELECT k FROM q WHERE x <> 0 AND div(y, x) > 1";
        assertSameRowsBothWays(guarded);
        String mixed = "SELECT k, twice(s) FROM m WHERE i > 10 AND twice(s) <> '' AND k < 50";
        assertSameRowsBothWays(mixed);
        try (Connection rowPath = connect(";vectorize=false"); Connection batch = connect("")) {
            assertEquals(List.of("1"), rows(batch, guarded));
            for (Connection c : List.of(rowPath, batch)) {
                String plan = explain(c, mixed);
                assertTrue(plan.contains("JdbcFilter(condition=[AND(>($1, 10), <($0, 50))])"), plan);
                assertTrue(plan.contains("EnumerableWasmBatchCalc") == (c == batch), plan);
            }
        }
    }

    @Test
    void dynamicParametersOfThePushedDownQueryAreBound() throws SQLException {
        String sql = "SELECT SUM(id_big(l)), COUNT(*), MIN(twice_bin(bin)) FROM m WHERE i > ? AND dt < ?";
        try (Connection rowPath = connect(";vectorize=false");
                Connection batch = connect(";vectorizeBatchSize=5");
                PreparedStatement expected = rowPath.prepareStatement(sql);
                PreparedStatement actual = batch.prepareStatement(sql)) {
            assertTrue(explain(batch, sql).contains("input=[jdbc]"));
            for (int threshold : new int[] {-1, 25, 75, 1000}) {
                expected.setInt(1, threshold);
                actual.setInt(1, threshold);
                expected.setDate(2, Date.valueOf("2027-06-01"));
                actual.setDate(2, Date.valueOf("2027-06-01"));
                assertEquals(rows(expected.executeQuery()), rows(actual.executeQuery()), "i > " + threshold);
            }
        }
    }

    @Test
    void dateColumnsKeepTheRowInputAndGiveTheSameRows() throws SQLException {
        String sql = "SELECT dt, k, id_big(l) FROM m";
        assertSameRowsBothWays(sql);
        try (Connection c = connect("")) {
            String plan = explain(c, sql);
            assertTrue(plan.contains("EnumerableWasmBatchCalc") && !plan.contains("input=[jdbc]"), plan);
        }
    }

    @Test
    void aTrapNamesTheInputRowCountedAcrossBatches() throws SQLException {
        try (Connection c = connect(";vectorizeBatchSize=3")) {
            exec(c, "CREATE TABLE q (k INTEGER NOT NULL, y BIGINT, x BIGINT, PRIMARY KEY (k))");
            for (int k = 0; k < 10; k++) {
                exec(c, "INSERT INTO q VALUES (" + k + ", 100, " + (k == 8 ? 0 : k + 1) + ")");
            }
            assertTrue(explain(c, "SELECT k, div(y, x) FROM q").contains("input=[jdbc]"));
            SQLException e = assertThrows(SQLException.class, () -> rows(c, "SELECT k, div(y, x) FROM q"));
            assertEquals("22012", e.getSQLState(), e.getMessage());
            assertTrue(e.getMessage().contains("[arguments (100, 0)] (input row 8 of the batch operator)"),
                    e.getMessage());
        }
    }

    @Test
    void statementsClosedEarlyReturnTheirDatabaseConnections() {
        // More early-closed statements than the tenant database's pool has connections (64).
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            try (Connection c = connect(";vectorizeBatchSize=2")) {
                for (int i = 0; i < 100; i++) {
                    try (Statement statement = c.createStatement();
                            ResultSet rs = statement.executeQuery("SELECT id_big(l) FROM m")) {
                        assertTrue(rs.next());
                    }
                }
                assertEquals(List.of("60"), rows(c, "SELECT COUNT(id_big(k)) FROM m"));
            }
        });
    }

    private void identity(Connection c, String name, String sqlType, String wasmType) throws SQLException {
        exec(c, "CREATE FUNCTION " + name + "(x " + sqlType + ") RETURNS " + sqlType + " LANGUAGE WASM AS "
                + "'(module (func (export \"" + name + "\") (param " + wasmType + ") (result " + wasmType
                + ") (local.get 0)))'");
    }

    private static void insertRandomRows(Connection c, int count, long seed) throws SQLException {
        Random random = new Random(seed);
        String[] words = {"x", "añ€", "日本語", "", "mixed Case", "😀"};
        String[] shortWords = {"ab", "ñ", "", "日本"};
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO m VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int k = 0; k < count; k++) {
                boolean nulls = random.nextInt(6) == 0;
                insert.setInt(1, k);
                insert.setObject(2, nulls ? null : random.nextInt(100));
                insert.setObject(3, nulls ? null : random.nextLong());
                insert.setObject(4, nulls ? null : random.nextFloat() * 1000 - 500);
                insert.setObject(5, nulls ? null : random.nextDouble() * 1e6 - 5e5);
                insert.setObject(6, nulls ? null : BigDecimal.valueOf(random.nextInt(2_000_000) - 1_000_000, 2));
                insert.setObject(7, nulls ? null : random.nextBoolean());
                insert.setObject(8, nulls ? null : words[random.nextInt(words.length)]);
                insert.setObject(9, nulls ? null : shortWords[random.nextInt(shortWords.length)]);
                insert.setObject(10, nulls ? null : words[random.nextInt(words.length)].getBytes(StandardCharsets.UTF_8));
                insert.setObject(11, nulls ? null : Date.valueOf(LocalDate.of(2026, 1, 1).plusDays(k * 37L)));
                insert.executeUpdate();
            }
        }
    }

    private void assertSameRowsBothWays(String sql) throws SQLException {
        try (Connection rowPath = connect(";vectorize=false");
                Connection batch = connect("");
                Connection smallBatch = connect(";vectorizeBatchSize=7")) {
            List<String> expected = rows(rowPath, sql);
            assertFalse(expected.isEmpty(), sql);
            assertEquals(expected, rows(batch, sql), sql);
            assertEquals(expected, rows(smallBatch, sql), sql + " (batch 7)");
        }
    }

    private Connection connect(String properties) throws SQLException {
        return DriverManager.getConnection("jdbc:plugsql:data=" + data + ";tenant=acme" + properties);
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static List<String> rows(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            return rows(statement.executeQuery(sql));
        }
    }

    /** Every row as text, sorted; closes the result set. */
    private static List<String> rows(ResultSet rs) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (rs) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    Object value = rs.getObject(i);
                    row.append(i > 1 ? "|" : "").append(value instanceof byte[] bytes
                            ? HexFormat.of().formatHex(bytes) : String.valueOf(value));
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
