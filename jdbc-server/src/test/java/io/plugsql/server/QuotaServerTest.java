package io.plugsql.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plugsql.engine.EngineConfig;
import io.plugsql.engine.SandboxLimits;
import io.plugsql.sql.Quotas;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve}'s function quota flags and quotas file, and a served quota enforced over the wire. */
class QuotaServerTest {
    /** {@code loops(n)}: loops n times, returns n. */
    private static final String CREATE_LOOPS = "CREATE FUNCTION loops(n BIGINT) RETURNS BIGINT LANGUAGE WASM AS '"
            + "(module (func (export \"loops\") (param i64) (result i64) (local i64)"
            + " (block $done (loop $l (br_if $done (i64.ge_u (local.get 1) (local.get 0)))"
            + " (local.set 1 (i64.add (local.get 1) (i64.const 1))) (br $l))) (local.get 1)))'";

    @TempDir
    Path data;

    @Test
    void flagsAndTheQuotasFileSetTheQuotas() throws Exception {
        Path file = data.resolve("quotas.properties");
        Files.writeString(file, "acme.memory=32MB\nacme.timeout=5s\nglobex.fuel=1000\n");
        ServerConfig config = Main.serveConfig(new String[] {"serve", "--data", data.toString(),
                "--quota-memory", "64MB", "--quota-timeout", "30s", "--quota-fuel", "5000000",
                "--max-module-size", "1MB", "--quotas", file.toString()});
        Quotas quotas = config.quotas();
        SandboxLimits base = new SandboxLimits(64L << 20, Duration.ofSeconds(30), 5_000_000, 16L << 20);
        assertEquals(base, quotas.defaultQuota());
        assertEquals(1L << 20, quotas.maxModuleBytes());
        assertEquals(base.withMaxMemoryBytes(32L << 20).withTimeout(Duration.ofSeconds(5)), quotas.quotaFor("acme"));
        assertEquals(base.withFuelPerRow(1000), quotas.quotaFor("globex"));
        assertEquals(base, quotas.quotaFor("initech"));

        Quotas defaults = Main.serveConfig(new String[] {"serve", "--data", data.toString()}).quotas();
        assertEquals(EngineConfig.DEFAULT_QUOTA, defaults.defaultQuota());
        assertEquals(EngineConfig.DEFAULT_MAX_MODULE_BYTES, defaults.maxModuleBytes());
    }

    @Test
    void badQuotaValuesGiveAUsageError() throws Exception {
        assertUsageError("--quota-memory must be a size such as '16MB' or '512KB' between 64KB and 4GB, not 'lots'",
                "--quota-memory", "lots");
        assertUsageError("--quota-timeout must be a positive duration such as '2s', '500ms' or '1m', not '0s'",
                "--quota-timeout", "0s");
        assertUsageError("--quota-fuel must be a positive integer, not '-5'", "--quota-fuel", "-5");
        assertUsageError("--max-module-size must be a size such as", "--max-module-size", "8 parsecs");

        Path file = data.resolve("bad.properties");
        Files.writeString(file, "acme.memroy=32MB\n");
        ServeCommand.Result typo = serve("--quotas", file.toString());
        assertEquals(1, typo.status());
        assertTrue(typo.err().contains("key 'acme.memroy' must be TENANT.memory, TENANT.timeout or TENANT.fuel"), typo.err());
        Files.writeString(file, "acme.fuel=many\n");
        ServeCommand.Result value = serve("--quotas", file.toString());
        assertEquals(1, value.status());
        assertTrue(value.err().contains("tenant acme: fuel must be a positive integer, not 'many'"), value.err());
    }

    @Test
    void aSmallFuelQuotaIsEnforcedOverTheWire() throws SQLException {
        ServerConfig config = Main.serveConfig(new String[] {"serve", "--data", data.toString(), "--bind", "127.0.0.1",
                "--port", "0", "--no-demo", "--quota-fuel", "10000"});
        try (TestServer server = TestServer.start(config);
                Connection connection = server.connect("alice");
                Statement statement = connection.createStatement()) {
            statement.execute(CREATE_LOOPS);
            try (ResultSet rs = statement.executeQuery("SELECT loops(10), effective_fuel FROM plugsql.functions"
                    + " WHERE function_name = 'loops'")) {
                assertTrue(rs.next());
                assertEquals(10, rs.getLong(1));
                assertEquals(10_000, rs.getLong(2));
            }
            SQLException e = assertThrows(SQLException.class, () -> {
                try (ResultSet rs = statement.executeQuery("SELECT loops(100000)")) {
                    rs.next();
                }
            });
            assertEquals("54W02", e.getSQLState(), e.getMessage());
            assertTrue(e.getMessage().contains("function acme.loops v1 exhausted its fuel (10000 per row)"), e.getMessage());
        }
    }

    private void assertUsageError(String expected, String... flags) {
        ServeCommand.assertUsageError(data, expected, "usage:", flags);
    }

    private ServeCommand.Result serve(String... flags) {
        return ServeCommand.run(data, flags);
    }
}
