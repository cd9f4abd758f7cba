package io.plugsql.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Clients over the wire (Avatica remote driver, protobuf, BASIC) against one real server. */
class ServerWireTest {
    @TempDir
    static Path data;
    private static TestServer server;

    @BeforeAll
    static void start() throws SQLException {
        server = TestServer.start(data);
        try (Connection acme = server.connect("alice"); Statement statement = acme.createStatement()) {
            statement.execute("CREATE TABLE orders (id INTEGER, amount BIGINT)");
            statement.execute("INSERT INTO orders VALUES (1, 10), (2, 20), (3, 30)");
        }
        try (Connection globex = server.connect("gina"); Statement statement = globex.createStatement()) {
            statement.execute("CREATE TABLE secrets (id INTEGER, code VARCHAR(20))");
            statement.execute("INSERT INTO secrets VALUES (1, 'globex-only')");
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void wrongPasswordUnknownUserAndNoCredentialsAreRefused() {
        Exception wrong = assertThrows(Exception.class, () -> server.connect("alice", "wrong", new Properties()).close());
        assertTrue(String.valueOf(wrong.getMessage()).contains("401"), wrong.toString());
        Exception unknown = assertThrows(Exception.class, () -> server.connect("mallory", TestServer.PASSWORD, new Properties()).close());
        assertTrue(String.valueOf(unknown.getMessage()).contains("401"), unknown.toString());
        Exception none = assertThrows(Exception.class,
                () -> java.sql.DriverManager.getConnection(server.server().jdbcUrl().replace(";authentication=BASIC", "")).close());
        assertTrue(String.valueOf(none.getMessage()).contains("401"), none.toString());
    }

    @Test
    void queriesRunInTheUsersTenant() throws SQLException {
        try (Connection acme = server.connect("amy");
                Statement statement = acme.createStatement();
                ResultSet rows = statement.executeQuery("SELECT SUM(amount) FROM orders")) {
            assertTrue(rows.next());
            assertEquals(60, rows.getLong(1));
        }
        try (Connection globex = server.connect("gina");
                Statement statement = globex.createStatement();
                ResultSet rows = statement.executeQuery("SELECT code FROM secrets")) {
            assertTrue(rows.next());
            assertEquals("globex-only", rows.getString(1));
        }
    }

    @Test
    void aTenantCannotSeeOrReachAnotherTenantsTables() throws SQLException {
        try (Connection globex = server.connect("gina"); Statement statement = globex.createStatement()) {
            assertThrows(SQLException.class, () -> statement.executeQuery("SELECT * FROM orders"));
            assertThrows(SQLException.class, () -> statement.executeQuery("SELECT * FROM acme.orders"));
        }
    }

    @Test
    void switchingSchemaIsRefused() throws SQLException {
        try (Connection globex = server.connect("gina")) {
            // Avatica syncs connection properties lazily, so the refusal arrives with the next statement.
            Exception denied = assertThrows(Exception.class, () -> {
                globex.setSchema("acme");
                globex.createStatement().executeQuery("SELECT * FROM orders").close();
            });
            assertTrue(denied.getMessage().contains("cannot switch to schema 'acme'"), denied.getMessage());
        }
        Properties schema = new Properties();
        schema.setProperty("schema", "acme");
        try (Connection globex = server.connect("gina", TestServer.PASSWORD, schema); Statement s = globex.createStatement()) {
            // The Avatica driver keeps 'schema' to itself: the session stays in the user's tenant.
            assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM orders"));
            try (ResultSet rows = s.executeQuery("SELECT code FROM secrets")) {
                assertTrue(rows.next());
            }
        }
        for (String property : List.of("tenant", "model", "parserFactory", "data", "fun")) {
            Properties extra = new Properties();
            extra.setProperty(property, "acme");
            Exception refused = assertThrows(Exception.class, () -> {
                try (Connection c = server.connect("gina", TestServer.PASSWORD, extra); Statement s = c.createStatement()) {
                    s.executeQuery("SELECT * FROM orders").close();
                }
            });
            assertTrue(refused.getMessage().contains("connection property '" + property + "' is set by the server"),
                    refused.getMessage());
        }
    }

    @Test
    void functionsAreCreatedCalledAndListedOverTheWire() throws SQLException {
        try (Connection acme = server.connect("alice"); Statement statement = acme.createStatement()) {
            statement.execute("CREATE OR REPLACE FUNCTION add_one(x BIGINT) RETURNS BIGINT LANGUAGE WASM"
                    + " AS '(module (func (export \"add_one\") (param i64) (result i64) local.get 0 i64.const 1 i64.add))'");
            try (ResultSet rows = statement.executeQuery("SELECT SUM(add_one(amount)) FROM orders")) {
                assertTrue(rows.next());
                assertEquals(63, rows.getLong(1));
            }
            try (PreparedStatement prepared = acme.prepareStatement("SELECT add_one(?)")) {
                for (long value : new long[] {41, -1}) {
                    prepared.setLong(1, value);
                    try (ResultSet rows = prepared.executeQuery()) {
                        assertTrue(rows.next());
                        assertEquals(value + 1, rows.getLong(1), "the parameter flows into the UDF");
                    }
                }
            }
            try (PreparedStatement prepared = acme.prepareStatement("SELECT id FROM orders WHERE add_one(amount) > ? ORDER BY id")) {
                prepared.setLong(1, 21);
                try (ResultSet rows = prepared.executeQuery()) {
                    assertTrue(rows.next());
                    assertEquals(3, rows.getInt(1));
                    assertFalse(rows.next());
                }
            }
        }
        // Avatica's protocol has no getFunctions request; the plugsql driver answers from plugsql.functions.
        try (Connection acme = server.connectPlugSqlDriver("alice")) {
            DatabaseMetaData metaData = acme.getMetaData();
            try (ResultSet functions = metaData.getFunctions(null, null, "%")) {
                List<String> names = new ArrayList<>();
                while (functions.next()) {
                    names.add(functions.getString("FUNCTION_SCHEM") + "." + functions.getString("FUNCTION_NAME"));
                }
                assertTrue(names.contains("acme.add_one"), names.toString());
                assertTrue(names.stream().noneMatch(name -> name.startsWith("globex.")), names.toString());
            }
            try (ResultSet columns = metaData.getFunctionColumns(null, "acme", "add_one", "%")) {
                List<String> described = new ArrayList<>();
                while (columns.next()) {
                    described.add(columns.getShort("COLUMN_TYPE") + ":" + columns.getString("COLUMN_NAME") + ":"
                            + columns.getString("TYPE_NAME") + ":" + columns.getInt("DATA_TYPE"));
                }
                assertEquals(List.of("4::BIGINT:-5", "1:x:BIGINT:-5"), described);
            }
        }
        try (Connection globex = server.connectPlugSqlDriver("gina"); Statement statement = globex.createStatement()) {
            assertThrows(SQLException.class, () -> statement.executeQuery("SELECT add_one(1)"));
            assertThrows(SQLException.class, () -> statement.executeQuery("SELECT acme.add_one(1)"));
            assertThrows(SQLException.class, () -> statement.execute("DROP FUNCTION acme.add_one"));
            try (ResultSet functions = globex.getMetaData().getFunctions(null, null, "%")) {
                while (functions.next()) {
                    assertFalse(functions.getString("FUNCTION_NAME").equalsIgnoreCase("add_one"));
                }
            }
        }
    }

    @Test
    void largeResultsStreamInFrames() throws SQLException {
        String digits = "(VALUES 0, 1, 2, 3, 4, 5, 6, 7, 8, 9)";
        String sql = "SELECT a.d * 1000 + b.d * 100 + c.d * 10 + e.d FROM " + digits + " AS a(d), " + digits + " AS b(d), "
                + digits + " AS c(d), " + digits + " AS e(d)";
        try (Connection acme = server.connect("alice"); Statement statement = acme.createStatement()) {
            statement.setFetchSize(500);
            long count = 0;
            long sum = 0;
            try (ResultSet rows = statement.executeQuery(sql)) {
                while (rows.next()) {
                    count++;
                    sum += rows.getLong(1);
                }
            }
            assertEquals(10_000, count);
            assertEquals(9_999L * 10_000 / 2, sum);
        }
    }

    /** DATE, TIMESTAMP, TIME, DECIMAL and VARBINARY parameters of DML and queries arrive in H2 as the client's values. */
    @Test
    void temporalDecimalAndBinaryParametersRoundTripOverTheWire() throws SQLException {
        Date day = Date.valueOf("2026-01-02");
        Timestamp instant = Timestamp.valueOf("2026-03-04 05:06:07.891");
        Time clock = Time.valueOf("23:59:58");
        BigDecimal amount = new BigDecimal("-12345.678");
        byte[] bytes = {1, 2, (byte) 0xff, 0};
        try (Connection acme = server.connect("alice"); Statement statement = acme.createStatement()) {
            statement.execute("CREATE TABLE typed (k INTEGER, dt DATE, ts TIMESTAMP(3), tm TIME, n DECIMAL(12,3), bin VARBINARY(8))");
            try (PreparedStatement insert = acme.prepareStatement("INSERT INTO typed VALUES (?, ?, ?, ?, ?, ?)")) {
                insert.setInt(1, 1);
                insert.setDate(2, day);
                insert.setTimestamp(3, instant);
                insert.setTime(4, clock);
                insert.setBigDecimal(5, amount);
                insert.setBytes(6, bytes);
                assertEquals(1, insert.executeUpdate());
                insert.setInt(1, 2);
                for (int i = 2; i <= 6; i++) {
                    insert.setObject(i, null);
                }
                assertEquals(1, insert.executeUpdate());
            }
            try (PreparedStatement update = acme.prepareStatement("UPDATE typed SET n = ? WHERE dt = ? AND bin = ?")) {
                update.setBigDecimal(1, new BigDecimal("0.125"));
                update.setDate(2, day);
                update.setBytes(3, bytes);
                assertEquals(1, update.executeUpdate());
            }
            try (PreparedStatement query = acme.prepareStatement(
                    "SELECT k, dt, ts, tm, n, bin FROM typed WHERE dt = ? AND ts = ? AND tm = ? AND bin = ?")) {
                query.setDate(1, day);
                query.setTimestamp(2, instant);
                query.setTime(3, clock);
                query.setBytes(4, bytes);
                try (ResultSet rows = query.executeQuery()) {
                    assertTrue(rows.next());
                    assertEquals(1, rows.getInt(1));
                    assertEquals(day, rows.getDate(2));
                    assertEquals(instant, rows.getTimestamp(3));
                    assertEquals(clock, rows.getTime(4));
                    assertEquals(new BigDecimal("0.125"), rows.getBigDecimal(5));
                    assertArrayEquals(bytes, rows.getBytes(6));
                    assertFalse(rows.next());
                }
            }
            try (ResultSet rows = statement.executeQuery("SELECT dt, ts, tm, n, bin FROM typed WHERE k = 2")) {
                assertTrue(rows.next());
                for (int i = 1; i <= 5; i++) {
                    assertNull(rows.getObject(i), "column " + i);
                }
            }
        }
    }

    @Test
    void preparedStatementWithParameters() throws SQLException {
        try (Connection acme = server.connect("alice");
                PreparedStatement statement = acme.prepareStatement("SELECT id FROM orders WHERE amount > ? ORDER BY id")) {
            statement.setLong(1, 15);
            List<Integer> ids = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getInt(1));
                }
            }
            assertEquals(List.of(2, 3), ids);
            statement.setLong(1, 25);
            try (ResultSet rows = statement.executeQuery()) {
                assertTrue(rows.next());
                assertEquals(3, rows.getInt(1));
                assertFalse(rows.next());
            }
        }
    }

    @Test
    void metadataShowsOnlyTheTenantsObjects() throws SQLException {
        try (Connection acme = server.connect("alice")) {
            DatabaseMetaData metaData = acme.getMetaData();
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = metaData.getTables(null, null, "%", null)) {
                while (rows.next()) {
                    tables.add(rows.getString("TABLE_NAME").toLowerCase(java.util.Locale.ROOT));
                }
            }
            assertTrue(tables.contains("orders"), tables.toString());
            assertFalse(tables.contains("secrets"), tables.toString());
            List<String> columns = new ArrayList<>();
            try (ResultSet rows = metaData.getColumns(null, null, "ORDERS", "%")) {
                while (rows.next()) {
                    columns.add(rows.getString("COLUMN_NAME").toLowerCase(java.util.Locale.ROOT));
                }
            }
            assertEquals(List.of("id", "amount"), columns);
            try (ResultSet rows = metaData.getSchemas()) {
                List<String> schemas = new ArrayList<>();
                while (rows.next()) {
                    schemas.add(rows.getString("TABLE_SCHEM").toLowerCase(java.util.Locale.ROOT));
                }
                assertTrue(schemas.contains("acme"), schemas.toString());
                assertFalse(schemas.contains("globex"), schemas.toString());
            }
        }
    }

    @Test
    void sixteenConcurrentClientsGetTheirOwnResults() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Long>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String user = i % 2 == 0 ? "alice" : "gina";
                String sql = i % 2 == 0 ? "SELECT SUM(amount) + " + i + " FROM orders" : "SELECT COUNT(*) + " + i + " FROM secrets";
                results.add(pool.submit(() -> {
                    long last = -1;
                    for (int round = 0; round < 3; round++) {
                        try (Connection c = server.connect(user); Statement s = c.createStatement(); ResultSet rows = s.executeQuery(sql)) {
                            rows.next();
                            last = rows.getLong(1);
                        }
                    }
                    return last;
                }));
            }
            for (int i = 0; i < 16; i++) {
                assertEquals(i % 2 == 0 ? 60 + i : 1 + i, results.get(i).get(30, TimeUnit.SECONDS));
            }
        }
        finally {
            pool.shutdownNow();
        }
    }
}
