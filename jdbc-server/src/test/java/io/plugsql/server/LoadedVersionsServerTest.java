package io.plugsql.server;

import static io.plugsql.server.PlusFunctions.answer;
import static io.plugsql.server.PlusFunctions.plus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plugsql.sql.DataDirectory;
import io.plugsql.sql.Quotas;
import io.plugsql.sql.function.LoadedVersionStats;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve --loaded-versions}: parsed, validated, and the bound of the served registry's loaded versions. */
class LoadedVersionsServerTest {
    @TempDir
    Path data;

    @Test
    void theFlagSetsTheMostLoadedVersions() {
        ServerConfig config = Main.serveConfig(new String[] {"serve", "--data", data.toString(),
                "--loaded-versions", "3"});
        assertEquals(3, config.quotas().maxLoadedVersions());

        ServerConfig defaults = Main.serveConfig(new String[] {"serve", "--data", data.toString()});
        assertEquals(Quotas.DEFAULT_MAX_LOADED_VERSIONS, defaults.quotas().maxLoadedVersions());
    }

    @Test
    void badValuesGiveAUsageError() {
        ServeCommand.assertUsageError(data, "--loaded-versions must be at least 1, not 0",
                "[--loaded-versions N]", "--loaded-versions", "0");
        ServeCommand.assertUsageError(data, "--loaded-versions must be a whole number, not 'many'",
                "[--loaded-versions N]", "--loaded-versions", "many");
    }

    @Test
    void aServedRegistryWithRoomForOneVersionReleasesAndKeepsAnswering() throws SQLException {
        ServerConfig config = Main.serveConfig(new String[] {"serve", "--data", data.toString(), "--bind", "127.0.0.1",
                "--port", "0", "--no-demo", "--loaded-versions", "1"});
        try (TestServer server = TestServer.start(config);
                Connection connection = server.connect("alice");
                Statement statement = connection.createStatement()) {
            // The server's own registry, reached through its open data directory.
            DataDirectory directory = DataDirectory.acquire(data);
            try {
                statement.execute(plus("plus_two", 2));
                for (int i = 1; i <= 5; i++) {
                    statement.execute("CREATE OR REPLACE " + plus("plus_one", i).substring("CREATE ".length()));
                    assertEquals(40 + i, answer(statement, "SELECT plus_one(40)"), "plus_one v" + i);
                    assertEquals(42, answer(statement, "SELECT plus_two(40)"));
                    LoadedVersionStats stats = directory.functions().loadedStats();
                    assertEquals(1, stats.loaded(), stats.toString());
                    assertEquals(1, stats.maxLoaded(), stats.toString());
                }
                assertTrue(directory.functions().loadedStats().released() >= 9,
                        "each call loads the other function again: " + directory.functions().loadedStats());
            }
            finally {
                directory.release();
            }
        }
    }
}
