package io.plugsql.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Over the server, a tenant's SQL cannot reach H2's host-facing features or another tenant's schema:
 * each attempt fails with a clean SQLSTATE and one-line message, text meant as H2 SQL stays data,
 * and the other tenant is served throughout.
 */
class H2PrivilegesServerTest {
    @TempDir
    static Path data;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(data);
        Files.writeString(data.resolve("host-file.csv"), "A\nhost secret\n");
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
    void h2FeaturesAndOtherSchemasAreOutOfReach() throws SQLException {
        String file = data.resolve("host-file.csv").toString();
        String written = data.resolve("written-by-tenant").toString();
        List<String> attacks = List.of(
                "SELECT FILE_READ('" + file + "')",
                "SELECT FILE_WRITE(X'00', '" + written + "')",
                "SELECT * FROM CSVREAD('" + file + "')",
                "SELECT * FROM TABLE(CSVREAD('" + file + "'))",
                "CALL CSVWRITE('" + written + "', 'SELECT 1')",
                "SELECT * FROM TABLE(LINK_SCHEMA('L', '', 'jdbc:h2:mem:x', 'sa', '', 'PUBLIC'))",
                "CREATE ALIAS GET_PROPERTY FOR 'java.lang.System.getProperty'",
                "CREATE LINKED TABLE l('', 'jdbc:h2:mem:x', 'sa', '', 'T')",
                "SCRIPT TO '" + written + "'",
                "RUNSCRIPT FROM '" + file + "'",
                "SELECT * FROM globex.secrets",
                "SELECT * FROM \"globex\".\"SECRETS\"",
                "INSERT INTO globex.secrets VALUES (2, 'acme')",
                "CREATE TABLE globex.planted (a INTEGER)",
                "DROP TABLE globex.secrets",
                "SELECT * FROM INFORMATION_SCHEMA.USERS",
                "SELECT * FROM \"PUBLIC\".\"T\"",
                // A column type is written into the H2 DDL: it must stay one quoted name.
                "CREATE TABLE evil (a \"INT) AS SELECT FILE_READ('" + file + "') --\")",
                // Column values computed by H2 are not part of the grammar.
                "CREATE TABLE evil2 (a INTEGER DEFAULT FILE_READ('" + file + "'))",
                "CREATE TABLE evil3 (a VARCHAR(99) GENERATED ALWAYS AS (FILE_READ('" + file + "')) VIRTUAL)",
                "CREATE TABLE evil4 (a INTEGER, CONSTRAINT c CHECK (FILE_READ('" + file + "') IS NULL))");
        try (Connection acme = server.connect("alice"); Statement statement = acme.createStatement()) {
            for (String attack : attacks) {
                SQLException refused = assertThrows(SQLException.class, () -> runFully(statement, attack), attack);
                assertClean(attack, refused);
            }
            try (ResultSet rows = acme.getMetaData().getTables(null, "acme", "EVIL%", null)) {
                assertFalse(rows.next(), "no refused CREATE TABLE left a table behind");
            }
            statement.execute("CREATE TABLE keys (a INTEGER NOT NULL, b INTEGER, PRIMARY KEY (a))");
            statement.execute("INSERT INTO keys VALUES (1, 1)");
            SQLException duplicate = assertThrows(SQLException.class, () -> statement.execute("INSERT INTO keys VALUES (1, 2)"));
            assertTrue(duplicate.getSQLState().startsWith("23"), duplicate.getSQLState() + " " + duplicate.getMessage());
        }
        assertFalse(Files.exists(data.resolve("written-by-tenant")));
        assertGlobexServed();
    }

    @Test
    void textMeantAsH2SqlStaysData() throws SQLException {
        String payload = "x'); SELECT FILE_READ('/etc/passwd'); --\"\\";
        try (Connection acme = server.connect("alice"); Statement statement = acme.createStatement()) {
            statement.execute("CREATE TABLE notes (txt VARCHAR(200))");
            try (PreparedStatement insert = acme.prepareStatement("INSERT INTO notes VALUES (?)")) {
                insert.setString(1, payload);
                assertEquals(1, insert.executeUpdate());
            }
            assertEquals(1, statement.executeUpdate("INSERT INTO notes VALUES ('" + payload.replace("'", "''") + "')"));
            try (ResultSet rows = statement.executeQuery(
                    "SELECT txt FROM notes WHERE txt = '" + payload.replace("'", "''") + "'")) {
                assertTrue(rows.next());
                assertEquals(payload, rows.getString(1));
                assertTrue(rows.next());
                assertEquals(payload, rows.getString(1));
                assertFalse(rows.next());
            }
        }
        assertGlobexServed();
    }

    private static void assertClean(String attack, SQLException refused) {
        String state = refused.getSQLState();
        assertNotNull(state, attack);
        assertTrue(state.startsWith("42") || state.startsWith("0A"), attack + ": " + state + " " + refused.getMessage());
        String message = String.valueOf(refused.getMessage());
        assertFalse(message.contains("\n\tat ") || message.contains("org.h2.") || message.contains("host secret"),
                attack + ": " + message);
    }

    private static void assertGlobexServed() throws SQLException {
        try (Connection globex = server.connect("gina"); Statement statement = globex.createStatement();
                ResultSet rows = statement.executeQuery("SELECT code FROM secrets")) {
            assertTrue(rows.next());
            assertEquals("globex-only", rows.getString(1));
            assertFalse(rows.next());
        }
    }

    private static void runFully(Statement statement, String sql) throws SQLException {
        if (statement.execute(sql)) {
            try (ResultSet rows = statement.getResultSet()) {
                while (rows.next()) {
                    rows.getObject(1);
                }
            }
        }
    }
}
