package io.plugsql.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parameters of prepared statements over tenant tables reach H2 as JDBC values (not Calcite's
 * internal day counts, millisecond counts and byte strings) in INSERT, UPDATE, DELETE and pushed-down
 * queries; VARBINARY columns read by the row path are byte strings that functions and operators accept.
 */
class JdbcParametersTest {
    private static final Date DAY = Date.valueOf("2026-01-02");
    private static final Timestamp INSTANT = Timestamp.valueOf("2026-03-04 05:06:07.891");
    private static final Time CLOCK = Time.valueOf("23:59:58");
    private static final BigDecimal AMOUNT = new BigDecimal("-12345.678");
    private static final byte[] BYTES = {1, 2, (byte) 0xff, 0};

    /** {@code idb(b VARBINARY) RETURNS VARBINARY}: returns its argument's bytes. */
    private static final String IDENTITY_BYTES = "(module (memory (export \"memory\") 1)"
            + " (func (export \"plugsql_alloc\") (param i32) (result i32) (i32.const 1024))"
            + " (func (export \"idb\") (param i32 i32) (result i64)"
            + " (i64.or (i64.shl (i64.extend_i32_u (local.get 0)) (i64.const 32)) (i64.extend_i32_u (local.get 1)))))";

    @TempDir
    Path data;

    private Connection connect(String options) throws SQLException {
        return DriverManager.getConnection("jdbc:plugsql:data=" + data + ";tenant=acme" + options);
    }

    @BeforeEach
    void createTable() throws SQLException {
        try (Connection c = connect(""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE m (k INTEGER NOT NULL, dt DATE, ts TIMESTAMP(3), tm TIME, n DECIMAL(12,3),"
                    + " bin VARBINARY(8), PRIMARY KEY (k))");
        }
    }

    @Test
    void setObjectValuesOfEveryTemporalBinaryAndDecimalTypeRoundTrip() throws SQLException {
        try (Connection c = connect("")) {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO m (k, dt, ts, tm, n, bin) VALUES (?, ?, ?, ?, ?, ?)")) {
                insert.setInt(1, 1);
                insert.setObject(2, DAY);
                insert.setObject(3, INSTANT);
                insert.setObject(4, CLOCK);
                insert.setObject(5, AMOUNT);
                insert.setObject(6, BYTES);
                assertEquals(1, insert.executeUpdate());
            }
            assertRow(c, 1, DAY, INSTANT, CLOCK, AMOUNT, BYTES);
            assertEquals(List.of("2026-01-02|2026-03-04 05:06:07.891|23:59:58|-12345.678|0102ff00"),
                    rows(c, "SELECT CAST(dt AS VARCHAR), CAST(ts AS VARCHAR), CAST(tm AS VARCHAR),"
                            + " CAST(n AS VARCHAR), bin FROM m"));
        }
    }

    @Test
    void typedSettersAndNullsRoundTrip() throws SQLException {
        try (Connection c = connect("")) {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO m VALUES (?, ?, ?, ?, ?, ?)")) {
                insert.setInt(1, 1);
                insert.setDate(2, DAY);
                insert.setTimestamp(3, INSTANT);
                insert.setTime(4, CLOCK);
                insert.setBigDecimal(5, AMOUNT);
                insert.setBytes(6, BYTES);
                insert.addBatch();
                insert.setInt(1, 2);
                insert.setNull(2, Types.DATE);
                insert.setNull(3, Types.TIMESTAMP);
                insert.setNull(4, Types.TIME);
                insert.setNull(5, Types.DECIMAL);
                insert.setNull(6, Types.VARBINARY);
                insert.addBatch();
                insert.setInt(1, 3);
                insert.setObject(2, null);
                insert.setObject(3, null);
                insert.setObject(4, null);
                insert.setObject(5, null);
                insert.setObject(6, null);
                insert.addBatch();
                insert.executeBatch();
            }
            assertRow(c, 1, DAY, INSTANT, CLOCK, AMOUNT, BYTES);
            assertRow(c, 2, null, null, null, null, null);
            assertRow(c, 3, null, null, null, null, null);
        }
    }

    @Test
    void datesBeforeTheEpochAndEmptyBytesRoundTrip() throws SQLException {
        Date old = Date.valueOf("1901-12-13");
        Timestamp beforeEpoch = Timestamp.valueOf("1969-12-31 23:59:59.999");
        try (Connection c = connect("")) {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO m VALUES (?, ?, ?, ?, ?, ?)")) {
                insert.setInt(1, 1);
                insert.setDate(2, old);
                insert.setTimestamp(3, beforeEpoch);
                insert.setTime(4, Time.valueOf("00:00:00"));
                insert.setBigDecimal(5, new BigDecimal("0.001"));
                insert.setBytes(6, new byte[0]);
                assertEquals(1, insert.executeUpdate());
            }
            assertRow(c, 1, old, beforeEpoch, Time.valueOf("00:00:00"), new BigDecimal("0.001"), new byte[0]);
        }
    }

    @Test
    void updateSetAndWhereParameters() throws SQLException {
        try (Connection c = connect("")) {
            insertRows(c);
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE m SET dt = ?, ts = ?, tm = ?, n = ?, bin = ? WHERE dt = ? AND bin = ?")) {
                update.setDate(1, Date.valueOf("2030-06-07"));
                update.setTimestamp(2, Timestamp.valueOf("2030-06-07 08:09:10.5"));
                update.setTime(3, Time.valueOf("08:09:10"));
                update.setBigDecimal(4, new BigDecimal("1.5"));
                update.setBytes(5, new byte[] {9});
                update.setDate(6, DAY);
                update.setBytes(7, BYTES);
                assertEquals(1, update.executeUpdate());
            }
            assertRow(c, 1, Date.valueOf("2030-06-07"), Timestamp.valueOf("2030-06-07 08:09:10.5"),
                    Time.valueOf("08:09:10"), new BigDecimal("1.500"), new byte[] {9});
            try (PreparedStatement update = c.prepareStatement("UPDATE m SET n = n + 1 WHERE ts = ? OR tm = ? OR n = ?")) {
                update.setTimestamp(1, Timestamp.valueOf("2027-01-01 00:00:00"));
                update.setTime(2, Time.valueOf("00:00:01"));
                update.setBigDecimal(3, new BigDecimal("1.5"));
                assertEquals(3, update.executeUpdate());
            }
            assertEquals(List.of("1|2.500", "2|8.250", "3|4.000"), rows(c, "SELECT k, n FROM m ORDER BY k"));
        }
    }

    @Test
    void deleteWhereParameters() throws SQLException {
        try (Connection c = connect("")) {
            insertRows(c);
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM m WHERE bin = ? OR dt = ?")) {
                delete.setBytes(1, new byte[] {3, 4});
                delete.setDate(2, DAY);
                assertEquals(2, delete.executeUpdate());
            }
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM m WHERE ts = ? AND tm = ?")) {
                delete.setTimestamp(1, Timestamp.valueOf("2027-01-01 00:00:00"));
                delete.setTime(2, Time.valueOf("12:00:00"));
                assertEquals(0, delete.executeUpdate());
            }
            assertEquals(List.of("3"), rows(c, "SELECT k FROM m"));
        }
    }

    @Test
    void queryParametersPushedToTheDatabase() throws SQLException {
        String sql = "SELECT k FROM m WHERE dt = ? AND ts = ? AND tm = ? AND n = ? AND bin = ?";
        try (Connection c = connect("")) {
            insertRows(c);
            try (PreparedStatement explain = c.prepareStatement("EXPLAIN PLAN FOR " + sql)) {
                explain.setDate(1, DAY);
                explain.setTimestamp(2, INSTANT);
                explain.setTime(3, CLOCK);
                explain.setBigDecimal(4, AMOUNT);
                explain.setBytes(5, BYTES);
                String plan = String.join("\n", rows(explain));
                assertTrue(plan.contains("JdbcFilter(condition=[AND(=($1, ?0)"), plan);
            }
            try (PreparedStatement query = c.prepareStatement(sql)) {
                query.setDate(1, Date.valueOf("2026-12-31"));
                query.setTimestamp(2, Timestamp.valueOf("2027-01-01 00:00:00"));
                query.setTime(3, Time.valueOf("12:00:00"));
                query.setBigDecimal(4, new BigDecimal("7.25"));
                query.setBytes(5, new byte[] {3, 4});
                assertEquals(List.of("2"), rows(query));
                query.setBytes(5, new byte[] {3});
                assertEquals(List.of(), rows(query));
            }
            try (PreparedStatement query = c.prepareStatement("SELECT k FROM m WHERE dt > ? ORDER BY k")) {
                query.setObject(1, DAY);
                assertEquals(List.of("2", "3"), rows(query));
                query.setObject(1, Date.valueOf("2026-12-31"));
                assertEquals(List.of("3"), rows(query));
            }
        }
    }

    @Test
    void binaryColumnsReachFunctionsOnTheRowPath() throws SQLException {
        try (Connection c = connect(";vectorize=false"); Statement s = c.createStatement()) {
            s.execute("CREATE FUNCTION idb(b VARBINARY) RETURNS VARBINARY LANGUAGE WASM AS '" + IDENTITY_BYTES + "'");
            insertRows(c);
            s.execute("INSERT INTO m (k) VALUES (4)");
            assertEquals(List.of("1|0102ff00", "2|0304", "3|", "4|null"), rows(c, "SELECT k, idb(bin) FROM m ORDER BY k"));
            assertEquals(List.of("0102ff000102ff00", "03040304"),
                    rows(c, "SELECT bin || bin FROM m WHERE k < 3 ORDER BY k"));
            assertEquals(List.of("2|0304"), rows(c, "SELECT k, bin FROM m WHERE bin = X'0304'"));
            assertEquals(List.of("2|0304"), rows(c, "SELECT k, idb(bin) FROM m WHERE idb(bin) = X'0304'"));
            try (ResultSet rs = s.executeQuery("SELECT idb(bin), bin FROM m WHERE k = 1")) {
                assertTrue(rs.next());
                assertArrayEquals(BYTES, rs.getBytes(1));
                assertArrayEquals(BYTES, rs.getBytes(2));
            }
        }
    }

    @Test
    void otherColumnTypesAsParameters() throws SQLException {
        try (Connection c = connect(""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE o (k INTEGER, b BOOLEAN, t TINYINT, sm SMALLINT, l BIGINT, r REAL, d DOUBLE,"
                    + " ch CHAR(3), v VARCHAR(9), bi BINARY(2), tm TIME(3), ts TIMESTAMP(6))");
            Object[] values = {true, (byte) -7, (short) 300, 1L << 40, 1.5f, -2.25d, "ab", "h\u00e9llo",
                    new byte[] {1, 2}, Time.valueOf("01:02:03"), Timestamp.valueOf("2026-01-02 03:04:05.123456")};
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO o VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < values.length; i++) {
                    insert.setObject(i + 1, values[i]);
                }
                assertEquals(1, insert.executeUpdate());
            }
            // TIMESTAMP parameters carry milliseconds (Avatica's representation): the micros are dropped
            assertEquals(List.of("true|-7|300|1099511627776|1.5|-2.25|ab |h\u00e9llo|0102|01:02:03.000|2026-01-02 03:04:05.123"),
                    rows(c, "SELECT b, t, sm, l, r, d, ch, v, bi, tm, ts FROM o"));
            try (PreparedStatement query = c.prepareStatement("SELECT k FROM o WHERE b = ? AND t = ? AND sm = ? AND l = ?"
                    + " AND r = ? AND d = ? AND ch = ? AND v = ? AND bi = ? AND tm = ? AND ts = ?")) {
                values[10] = Timestamp.valueOf("2026-01-02 03:04:05.123");
                for (int i = 0; i < values.length; i++) {
                    query.setObject(i + 1, values[i]);
                }
                assertEquals(List.of("1"), rows(query));
            }
        }
    }

    /** H2's TIMESTAMP WITH TIME ZONE is Calcite's ANY: a Timestamp parameter arrives as a number; a string works. */
    @Test
    void timestampWithTimeZoneParametersMustBeStrings() throws SQLException {
        try (Connection c = connect(""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE z (k INTEGER, v TIMESTAMP WITH TIME ZONE)");
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO z VALUES (?, ?)")) {
                insert.setInt(1, 1);
                insert.setTimestamp(2, INSTANT);
                SQLException refused = assertThrows(SQLException.class, insert::executeUpdate);
                assertEquals("22018", refused.getSQLState());
                assertTrue(refused.getMessage().contains("Data conversion error"), refused.getMessage());
                insert.setString(2, "2026-01-02 03:04:05+02");
                assertEquals(1, insert.executeUpdate());
            }
            assertEquals(List.of("1|2026-01-02 03:04:05+02"), rows(c, "SELECT k, CAST(v AS VARCHAR) FROM z"));
        }
    }

    /** Rows 1..3: dates 2026-01-02, 2026-12-31, 2027-06-30; bytes 0102ff00, 0304, empty. */
    private static void insertRows(Connection c) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO m VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setInt(1, 1);
            insert.setDate(2, DAY);
            insert.setTimestamp(3, INSTANT);
            insert.setTime(4, CLOCK);
            insert.setBigDecimal(5, AMOUNT);
            insert.setBytes(6, BYTES);
            insert.executeUpdate();
            insert.setInt(1, 2);
            insert.setDate(2, Date.valueOf("2026-12-31"));
            insert.setTimestamp(3, Timestamp.valueOf("2027-01-01 00:00:00"));
            insert.setTime(4, Time.valueOf("12:00:00"));
            insert.setBigDecimal(5, new BigDecimal("7.25"));
            insert.setBytes(6, new byte[] {3, 4});
            insert.executeUpdate();
            insert.setInt(1, 3);
            insert.setDate(2, Date.valueOf("2027-06-30"));
            insert.setTimestamp(3, Timestamp.valueOf("2027-06-30 00:00:00.001"));
            insert.setTime(4, Time.valueOf("00:00:01"));
            insert.setBigDecimal(5, new BigDecimal("3"));
            insert.setBytes(6, new byte[0]);
            insert.executeUpdate();
        }
    }

    private static void assertRow(Connection c, int k, Date dt, Timestamp ts, Time tm, BigDecimal n, byte[] bin)
            throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT dt, ts, tm, n, bin FROM m WHERE k = ?")) {
            query.setInt(1, k);
            try (ResultSet rs = query.executeQuery()) {
                assertTrue(rs.next(), "row " + k);
                assertEquals(dt, rs.getDate(1));
                assertEquals(ts, rs.getTimestamp(2));
                assertEquals(tm, rs.getTime(3));
                assertEquals(n, rs.getBigDecimal(4));
                if (bin == null) {
                    assertNull(rs.getBytes(5));
                } else {
                    assertArrayEquals(bin, rs.getBytes(5));
                }
            }
        }
    }

    private static List<String> rows(Connection c, String sql) throws SQLException {
        try (Statement statement = c.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            return rows(rs);
        }
    }

    private static List<String> rows(PreparedStatement query) throws SQLException {
        try (ResultSet rs = query.executeQuery()) {
            return rows(rs);
        }
    }

    private static List<String> rows(ResultSet rs) throws SQLException {
        List<String> rows = new ArrayList<>();
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= columns; i++) {
                row.append(i > 1 ? "|" : "").append(rs.getString(i));
            }
            rows.add(row.toString());
        }
        return rows;
    }
}
