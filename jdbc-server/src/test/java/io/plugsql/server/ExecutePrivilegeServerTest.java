package io.plugsql.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * EXECUTE is checked when a prepared statement runs, not only when it was prepared: after REVOKE or
 * DROP, the grantee's already-prepared statement fails on its next execution; a new GRANT lets it run
 * again; the owner is not affected.
 */
class ExecutePrivilegeServerTest {
    @TempDir
    static Path data;
    private static TestServer server;

    @BeforeAll
    static void start() throws SQLException {
        server = TestServer.start(data);
        for (String user : new String[] {"alice", "gina"}) {
            try (Connection connection = server.connect(user); Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE nums (x BIGINT)");
                statement.execute("INSERT INTO nums VALUES (1)");
            }
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void revokeAndDropStopLaterExecutionsOfPreparedStatements() throws SQLException {
        try (Connection acme = server.connect("alice"); Statement owner = acme.createStatement();
                Connection globex = server.connect("gina")) {
            owner.execute(PlusFunctions.plus("shared", 10));
            owner.execute(PlusFunctions.plus("mine", 100));
            owner.execute("GRANT EXECUTE ON FUNCTION shared TO globex");
            try (PreparedStatement ownCall = acme.prepareStatement("SELECT shared(x) FROM nums")) {
                try (PreparedStatement grantee = globex.prepareStatement("SELECT acme.shared(x) FROM nums WHERE x = ?")) {
                    assertEquals(11, run(grantee, 1));

                    owner.execute("REVOKE EXECUTE ON FUNCTION shared FROM globex");
                    SQLException revoked = assertThrows(SQLException.class, () -> run(grantee, 1));
                    assertEquals("42501", revoked.getSQLState(), revoked.getMessage());
                    assertTrue(revoked.getMessage().contains("acme.shared"), revoked.getMessage());
                    assertTrue(revoked.getMessage().contains("'globex'"), revoked.getMessage());
                    assertEquals(11, single(ownCall), "the owner's prepared statement still runs");

                    owner.execute("GRANT EXECUTE ON FUNCTION shared TO globex");
                    assertEquals(11, run(grantee, 1), "a new grant lets the prepared statement run again");

                    owner.execute("DROP FUNCTION shared");
                    SQLException dropped = assertThrows(SQLException.class, () -> run(grantee, 1));
                    assertEquals("42883", dropped.getSQLState(), dropped.getMessage());
                    assertTrue(dropped.getMessage().contains("acme.shared"), dropped.getMessage());
                    SQLException ownDropped = assertThrows(SQLException.class, () -> single(ownCall));
                    assertEquals("42883", ownDropped.getSQLState(), ownDropped.getMessage());
                }
            }
            assertEquals(101, PlusFunctions.answer(owner, "SELECT mine(x) FROM nums"), "the owner is served");
            try (Statement grantee = globex.createStatement()) {
                assertEquals(1, PlusFunctions.answer(grantee, "SELECT x FROM nums"), "the grantee is served");
            }
        }
    }

    private static long run(PreparedStatement statement, long x) throws SQLException {
        statement.setLong(1, x);
        return single(statement);
    }

    private static long single(PreparedStatement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            assertTrue(rows.next());
            return rows.getLong(1);
        }
    }
}
