package io.plugsql.server;

import static io.plugsql.server.PlusFunctions.answer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plugsql.sql.Quotas;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The VARCHAR bytes a function returns per batch are bounded ({@code --max-result-bytes}): past it the
 * statement fails with SQLSTATE 54000 naming the function and row, before the bytes are copied; the
 * other tenant is served meanwhile.
 */
class ResultBytesServerTest {
    /** {@code blow(n)}: n bytes of its 4 MiB memory (zeros, valid UTF-8) as a VARCHAR. */
    private static final String CREATE_BLOW = "CREATE FUNCTION blow(n BIGINT) RETURNS VARCHAR LANGUAGE WASM AS '"
            + "(module (memory (export \"memory\") 64) (func (export \"blow\") (param i64) (result i64) (local.get 0)))'";

    @TempDir
    Path data;

    @Test
    void resultsPastTheLimitFailTheStatementNamingFunctionAndRow() throws SQLException {
        ServerConfig config = ServerConfig.builder(data).port(0).demoTenants(false)
                .limits(new TenantLimits(24, 16, Duration.ofSeconds(30)))
                .quotas(Quotas.DEFAULT.withMaxResultBytes(1L << 20)).build();
        try (TestServer server = TestServer.start(config);
                Connection alice = server.connect("alice");
                Connection gina = server.connect("gina");
                Statement acme = alice.createStatement();
                Statement globex = gina.createStatement()) {
            acme.execute(CREATE_BLOW);
            globex.execute(PlusFunctions.plus("plus1", 1));
            acme.execute("CREATE TABLE t (n BIGINT)");
            acme.execute("INSERT INTO t VALUES (300000), (300000), (300000), (300000)");

            SQLException single = assertThrows(SQLException.class, () -> acme.executeQuery("SELECT blow(2000000)").next());
            assertEquals("54000", single.getSQLState(), single.getMessage());
            assertTrue(single.getMessage().contains("function acme.blow v1 returned too much data at row 0: its results in"
                    + " this batch reach 2000000 bytes, above the limit of 1048576 bytes per batch"), single.getMessage());

            // One batch of four 300,000-byte values: the fourth passes 1 MiB.
            SQLException batch = assertThrows(SQLException.class, () -> {
                try (ResultSet rs = acme.executeQuery("SELECT blow(n) FROM t")) {
                    while (rs.next()) {
                        rs.getString(1);
                    }
                }
            });
            assertEquals("54000", batch.getSQLState(), batch.getMessage());
            assertTrue(batch.getMessage().contains("function acme.blow v1 returned too much data at row 3: its results in"
                    + " this batch reach 1200000 bytes, above the limit of 1048576 bytes per batch"), batch.getMessage());

            assertEquals(42, answer(globex, "SELECT plus1(41)"));
            try (ResultSet rs = acme.executeQuery("SELECT CHAR_LENGTH(blow(1000000))")) {
                rs.next();
                assertEquals(1_000_000, rs.getInt(1));
            }
        }
    }
}
