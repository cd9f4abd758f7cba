package io.plugsql.sql;

import static io.plugsql.sql.TenantTablesTest.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Arguments of another type than the parameter's: implicit widening, casts, and clear refusals, with
 * the same results on the batch path (the default) and the row path ({@code vectorize=false}).
 */
class ArgumentConversionTest {
    @TempDir
    static Path data;

    private static Connection c;
    private static Connection rowPath;

    /** The rows of {@code sql}, the same on both paths. */
    private static List<String> both(String sql) throws SQLException {
        List<String> batch = rows(c, sql);
        assertEquals(batch, rows(rowPath, sql), "row path: " + sql);
        return batch;
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String quoted(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static SQLException failure(String sql) {
        return failure(c, sql);
    }

    private static SQLException failure(Connection c, String sql) {
        return assertThrows(SQLException.class, () -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    rs.getObject(1);
                }
            }
        });
    }

    /**
     * big(x BIGINT) = x + 1, inc(x INTEGER) = x + 1, dbl(x DOUBLE) = 2x, cents(x DECIMAL(10,2)) = x + 0.01;
     * table t of several types. Shared by the tests, which only read.
     */
    @BeforeAll
    static void functionsAndTable() throws SQLException {
        c = DriverManager.getConnection("jdbc:plugsql:data=" + data + ";tenant=acme");
        exec(c, "CREATE FUNCTION big(x BIGINT) RETURNS BIGINT LANGUAGE WASM AS " + quoted(
                "(module (func (export \"big\") (param i64) (result i64) (i64.add (local.get 0) (i64.const 1))))"));
        exec(c, "CREATE FUNCTION inc(x INTEGER) RETURNS INTEGER LANGUAGE WASM AS " + quoted(
                "(module (func (export \"inc\") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1))))"));
        exec(c, "CREATE FUNCTION dbl(x DOUBLE) RETURNS DOUBLE LANGUAGE WASM AS " + quoted(
                "(module (func (export \"dbl\") (param f64) (result f64) (f64.mul (local.get 0) (f64.const 2))))"));
        exec(c, "CREATE FUNCTION cents(x DECIMAL(10, 2)) RETURNS DECIMAL(10, 2) LANGUAGE WASM AS " + quoted(
                "(module (func (export \"cents\") (param i64) (result i64) (i64.add (local.get 0) (i64.const 1))))"));
        exec(c, "CREATE TABLE t (i INTEGER, s SMALLINT, d DECIMAL(6, 3), r REAL, v VARCHAR(10), b BOOLEAN)");
        exec(c, "INSERT INTO t VALUES (7, 3, 1.125, 0.5, '12', TRUE), (-2, -1, 0.001, 2.0, 'x', FALSE)");
        rowPath = DriverManager.getConnection("jdbc:plugsql:data=" + data + ";tenant=acme;vectorize=false");
    }

    @AfterAll
    static void close() throws SQLException {
        rowPath.close();
        c.close();
    }

    @Test
    void bigintParameterWidensIntegersAndSmallints() throws SQLException {
        assertEquals(List.of("8|4", "-1|0"), both("SELECT big(i), big(s) FROM t ORDER BY i DESC"));
        assertEquals(List.of("3|4|5|6"), both("SELECT big(CAST(2 AS SMALLINT)), big(CAST(3 AS TINYINT)),"
                + " big(4), big(5000000000 - 4999999995)"));
        assertEquals(List.of("8"), both("SELECT big(i) FROM t WHERE big(s) = 4"));
    }

    @Test
    void doubleParameterWidensIntegersDecimalsAndReals() throws SQLException {
        assertEquals(List.of("14.0|2.25|1.0", "-4.0|0.002|4.0"),
                both("SELECT dbl(i), dbl(d), dbl(r) FROM t ORDER BY i DESC"));
        assertEquals(List.of("6.0|5.0|0.25"), both("SELECT dbl(3), dbl(2.5), dbl(CAST(0.125 AS DECIMAL(4, 3)))"));
    }

    @Test
    void decimalParameterTakesIntegersAndRoundsLongerScales() throws SQLException {
        assertEquals(List.of("12.01|7.01|0.51"), both("SELECT cents(12), cents(CAST(7 AS BIGINT)), cents(0.5)"));
        assertEquals(List.of("7.01|1.13", "-1.99|0.01"), both("SELECT cents(i), cents(d) FROM t ORDER BY i DESC"));
    }

    @Test
    void narrowingThatLosesDigitsFailsWithOutOfRange() throws SQLException {
        assertEquals(List.of("3|1.13|-1.11"), both("SELECT inc(2.7), cents(1.125), cents(-1.125)"),
                "truncated, as by CAST");
        SQLException batch = failure("SELECT cents(123456789.5)");
        assertEquals("22003", batch.getSQLState());
        assertTrue(batch.getMessage().contains("123456789.5 cannot be represented as a DECIMAL(10, 2)"),
                batch.getMessage());
        SQLException row = failure(rowPath, "SELECT cents(123456789.5)");
        assertEquals("22003", row.getSQLState());
        assertTrue(row.getMessage().contains("Argument 1 (x) of acme.cents v1 does not fit DECIMAL(10,2):"
                + " 123456789.50 has more than 10 digits"), row.getMessage());
        for (Connection path : List.of(c, rowPath)) {
            SQLException integer = failure(path, "SELECT inc(CAST(5000000000 AS BIGINT))");
            assertEquals("22003", integer.getSQLState());
            assertTrue(integer.getMessage().contains("5000000000 out of range"), integer.getMessage());
        }
    }

    @Test
    void parametersTakeTheParameterTypes() throws SQLException {
        for (Connection path : List.of(c, rowPath)) {
            String sql = "SELECT big(?), dbl(?), cents(?), big(? + i) FROM t WHERE i = 7";
            try (PreparedStatement ps = path.prepareStatement(sql)) {
                ps.setInt(1, 41);
                ps.setBigDecimal(2, new BigDecimal("1.25"));
                ps.setLong(3, 3);
                ps.setShort(4, (short) 1);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(42, rs.getLong(1));
                    assertEquals(2.5, rs.getDouble(2));
                    assertEquals(new BigDecimal("3.01"), rs.getBigDecimal(3));
                    assertEquals(9, rs.getLong(4));
                }
            }
        }
    }

    @Test
    void explicitCastsConvertStrings() throws SQLException {
        assertEquals(List.of("13"), both("SELECT big(CAST(v AS BIGINT)) FROM t WHERE i = 7"));
        assertEquals(List.of("43|3.0"), both("SELECT big(CAST('42' AS BIGINT)), dbl(CAST('1.5' AS DOUBLE))"));
        SQLException e = failure("SELECT big(CAST(v AS BIGINT)) FROM t");
        assertEquals("22018", e.getSQLState());
        assertTrue(e.getMessage().contains("Invalid character value for cast"), e.getMessage());
    }

    @Test
    void argumentsThatCannotBeConvertedAreRefusedNamingTheFunction() {
        for (String call : List.of("big(b)", "big(TRUE)", "dbl(DATE '2024-01-01')", "cents(X'01')", "big(1, 2)",
                "big(v)", "big('12')", "dbl('1.5')", "cents(v)")) {
            SQLException e = failure("SELECT " + call + " FROM t");
            assertEquals("42883", e.getSQLState(), call + ": " + e.getMessage());
            String name = call.substring(0, call.indexOf('('));
            assertTrue(e.getMessage().contains("No match found for function signature acme." + name + "("),
                    call + ": " + e.getMessage());
        }
    }
}
