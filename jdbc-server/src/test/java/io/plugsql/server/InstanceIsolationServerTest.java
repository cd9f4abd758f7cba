package io.plugsql.server;

import static io.plugsql.server.PlusFunctions.answer;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A granted function runs on its owner's instances, yet no guest state crosses statements or tenants:
 * every statement execution starts on an instance in its post-instantiation state, and keeps it for
 * its own rows only.
 */
class InstanceIsolationServerTest {
    /**
     * {@code remember(x)}: the previous argument it saw (kept in linear memory) times 1000 plus its
     * call count (a global): 1 on a fresh instance, whatever x is.
     */
    static final String CREATE_REMEMBER = "CREATE FUNCTION remember(x BIGINT) RETURNS BIGINT LANGUAGE WASM AS '"
            + "(module (memory 1) (global $calls (mut i64) (i64.const 0))"
            + " (func (export \"remember\") (param $x i64) (result i64) (local $prev i64)"
            + " (local.set $prev (i64.load (i32.const 0)))"
            + " (i64.store (i32.const 0) (local.get $x))"
            + " (global.set $calls (i64.add (global.get $calls) (i64.const 1)))"
            + " (i64.add (i64.mul (local.get $prev) (i64.const 1000)) (global.get $calls))))'";

    @TempDir
    Path data;

    @Test
    void theOwnerNeverSeesTheGranteesArgumentsAndNoStatementSeesAnother() throws SQLException {
        try (TestServer server = TestServer.start(data);
                Connection alice = server.connect("alice");
                Connection gina = server.connect("gina");
                Statement owner = alice.createStatement();
                Statement grantee = gina.createStatement()) {
            owner.execute(CREATE_REMEMBER);
            owner.execute("GRANT EXECUTE ON FUNCTION acme.remember TO globex");
            owner.execute("CREATE TABLE t (x BIGINT)");
            owner.execute("INSERT INTO t VALUES (4), (5), (6)");

            assertEquals(1, answer(grantee, "SELECT acme.remember(424242)"));
            assertEquals(1, answer(owner, "SELECT remember(7)"), "the grantee's argument leaked to the owner");
            assertEquals(1, answer(grantee, "SELECT acme.remember(9)"), "the owner's argument leaked to the grantee");
            for (int i = 0; i < 3; i++) {
                assertEquals(1, answer(owner, "SELECT remember(" + i + ")"), "statement " + i + " saw an earlier one");
            }

            // One statement's rows share its instance: the counter runs 1, 2, 3 within it, and restarts after.
            for (int run = 0; run < 2; run++) {
                assertEquals(List.of(1L, 2L, 3L), counters(owner, "SELECT remember(x) FROM t"));
                assertEquals(List.of(1L, 2L, 3L), counters(owner, "SELECT remember(x) FROM t WHERE x > 0"));
            }
            try (PreparedStatement prepared = gina.prepareStatement("SELECT acme.remember(?)")) {
                for (long x = 1; x <= 3; x++) {
                    prepared.setLong(1, x);
                    try (ResultSet rs = prepared.executeQuery()) {
                        rs.next();
                        assertEquals(1, rs.getLong(1), "execution " + x + " of one prepared statement saw the one before");
                    }
                }
            }
            assertEquals(1, answer(owner, "SELECT remember(8)"));
        }
    }

    /** The call counters (result mod 1000) the query's rows return, sorted. */
    private static List<Long> counters(Statement statement, String query) throws SQLException {
        List<Long> counters = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery(query)) {
            while (rs.next()) {
                counters.add(rs.getLong(1) % 1000);
            }
        }
        counters.sort(null);
        return counters;
    }
}
