package io.plugsql.server;

import static io.plugsql.server.PlusFunctions.answer;
import static io.plugsql.server.PlusFunctions.plus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plugsql.engine.CompileCacheStats;
import io.plugsql.engine.EngineConfig;
import io.plugsql.sql.DataDirectory;

import java.nio.file.Path;
import java.sql.Connection;
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
        ServeCommand.assertUsageError(data, "--compile-cache-entries must be at least 1, not 0",
                "[--compile-cache-entries N]", "--compile-cache-entries", "0");
        ServeCommand.assertUsageError(data, "--compile-cache-entries must be a whole number, not 'lots'",
                "[--compile-cache-entries N]", "--compile-cache-entries", "lots");
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
}
