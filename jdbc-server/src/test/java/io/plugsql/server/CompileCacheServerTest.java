package io.plugsql.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plugsql.engine.CompileCacheStats;
import io.plugsql.engine.EngineConfig;
import io.plugsql.sql.DataDirectory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve --compile-cache-entries}: parsed, validated, and the size of the served engine's compile cache. */
class CompileCacheServerTest {
    @TempDir
    Path data;

    @Test
    void theFlagSetsTheEnginesCompileCacheSize() {
        ServerConfig config = Main.serveConfig(new String[] {"serve", "--data", data.toString(),
                "--compile-cache-entries", "3"});
        assertEquals(3, config.quotas().compileCacheMaxEntries());
        assertEquals(3, config.quotas().engineConfig().compileCacheMaxEntries());

        ServerConfig defaults = Main.serveConfig(new String[] {"serve", "--data", data.toString()});
        assertEquals(EngineConfig.DEFAULT_COMPILE_CACHE_MAX_ENTRIES, defaults.quotas().engineConfig().compileCacheMaxEntries());
    }

    @Test
    void badValuesGiveAUsageError() {
        assertUsageError("--compile-cache-entries must be at least 1, not 0", "0");
        assertUsageError("--compile-cache-entries must be a whole number, not 'lots'", "lots");
    }

    @Test
    void aServedEngineWithRoomForOneModuleEvictsAndKeepsAnswering() throws SQLException {
        ServerConfig config = Main.serveConfig(new String[] {"serve", "--data", data.toString(), "--bind", "127.0.0.1",
                "--port", "0", "--no-demo", "--compile-cache-entries", "1"});
        try (TestServer server = TestServer.start(config);
                Connection connection = server.connect("alice");
                Statement statement = connection.createStatement()) {
            statement.execute(plus("plus_one", 1));
            statement.execute(plus("plus_two", 2));
            assertEquals(42, answer(statement, "SELECT plus_two(40)"));
            assertEquals(41, answer(statement, "SELECT plus_one(40)"));
            statement.execute("CREATE OR REPLACE FUNCTION plus_one(x BIGINT) RETURNS BIGINT LANGUAGE WASM AS '"
                    + "(module (func (export \"plus_one\") (param i64) (result i64)"
                    + " (i64.add (i64.const 1) (local.get 0))))'");
            assertEquals(41, answer(statement, "SELECT plus_one(40)"));
            assertEquals(42, answer(statement, "SELECT plus_two(40)"));

            // The server's own engine, reached through its open data directory.
            DataDirectory directory = DataDirectory.acquire(data);
            try {
                CompileCacheStats stats = directory.functions().engine().cacheStats();
                assertEquals(1, stats.maxEntries(), stats.toString());
                assertEquals(1, stats.entries(), stats.toString());
                assertTrue(stats.evictions() >= 3, stats.toString()); // spin, plus_one, plus_two and plus_one v2 are distinct modules
                assertTrue(stats.compilations() >= 4, stats.toString());
            }
            finally {
                directory.release();
            }
        }
    }

    /** {@code name(x) = x + k}, the export named like the function. */
    private static String plus(String name, int k) {
        return "CREATE FUNCTION " + name + "(x BIGINT) RETURNS BIGINT LANGUAGE WASM AS '(module (func (export \"" + name
                + "\") (param i64) (result i64) (i64.add (local.get 0) (i64.const " + k + "))))'";
    }

    private static long answer(Statement statement, String query) throws SQLException {
        try (ResultSet rs = statement.executeQuery(query)) {
            assertTrue(rs.next(), query);
            return rs.getLong(1);
        }
    }

    private void assertUsageError(String expected, String value) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(new String[] {"serve", "--data", data.toString(), "--port", "0",
                "--compile-cache-entries", value}, new ByteArrayInputStream(new byte[0]), new PrintStream(
                        new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new PrintStream(err, true,
                        StandardCharsets.UTF_8));
        String printed = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, status, printed);
        assertTrue(printed.contains("plugsql: " + expected), printed);
        assertTrue(printed.contains("[--compile-cache-entries N]"), printed);
    }
}
