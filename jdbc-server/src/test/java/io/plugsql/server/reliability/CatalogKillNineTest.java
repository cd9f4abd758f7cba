package io.plugsql.server.reliability;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The function catalog survives SIGKILL during a CREATE OR REPLACE loop: after each restart every function
 * answers with its current version, no acknowledged version is missing, each function's versions are 1..n
 * without gaps, and every stored module's bytes hash to the sha256 they are stored under. Version n of a
 * function returns {@code x + n} and carries a 16 KiB data segment, so every version is a distinct module
 * stored as a LOB. Rounds and seed as in {@link KillNineDurabilityTest}.
 */
class CatalogKillNineTest {
    private static final int ROUNDS = Integer.getInteger("plugsql.reliability.rounds", 3);
    private static final long SEED = Long.getLong("plugsql.reliability.seed", 13L);
    /** Replacing clients: user and the function it replaces. */
    private static final List<List<String>> REPLACERS = List.of(
            List.of("alice", "f0"), List.of("alice", "f1"), List.of("gina", "g0"));

    @TempDir
    Path scratch;

    @Test
    void catalogIsConsistentAfterKillNineDuringReplaces() throws Exception {
        Path data = scratch.resolve("data");
        SplittableRandom random = new SplittableRandom(SEED);
        Map<String, Integer> acknowledged = new ConcurrentHashMap<>();
        int replaces = 0;
        for (int round = 0; round <= ROUNDS; round++) {
            try (ChildServer server = ChildServer.start(data)) {
                Map<String, Integer> current = assertCallable(server, acknowledged);
                if (round == ROUNDS) {
                    break;
                }
                int before = acknowledged.values().stream().mapToInt(Integer::intValue).sum();
                ExecutorService clients = Executors.newFixedThreadPool(REPLACERS.size());
                try {
                    List<Future<?>> running = new ArrayList<>();
                    for (List<String> replacer : REPLACERS) {
                        int next = current.getOrDefault(replacer.get(1), 0) + 1;
                        running.add(clients.submit(() -> replace(server, replacer.get(0), replacer.get(1), next, acknowledged)));
                    }
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (acknowledged.values().stream().mapToInt(Integer::intValue).sum() == before
                            && System.nanoTime() < deadline) {
                        Thread.sleep(5);
                    }
                    Thread.sleep(200 + random.nextInt(1200));
                    server.kill();
                    for (Future<?> client : running) {
                        client.get(60, TimeUnit.SECONDS);
                    }
                }
                finally {
                    clients.shutdownNow();
                }
                replaces += acknowledged.values().stream().mapToInt(Integer::intValue).sum() - before;
            }
            assertCatalogFile(data, acknowledged);
        }
        System.out.printf("catalog kill -9: %d rounds (seed %d), %d replaces acknowledged, catalog consistent%n",
                ROUNDS, SEED, replaces);
    }

    /** Replaces {@code name} with versions next, next + 1, ... until the server dies. */
    private static Void replace(ChildServer server, String user, String name, int next, Map<String, Integer> acknowledged) {
        try (Connection connection = server.connect(user); Statement statement = connection.createStatement()) {
            for (int version = next; ; version++) {
                statement.execute(module(name, version));
                acknowledged.put(name, version);
            }
        }
        catch (SQLException | RuntimeException e) {
            return null;
        }
    }

    private static String module(String name, int version) {
        String filler = Integer.toString(version).repeat(16_384 / Integer.toString(version).length());
        return "CREATE OR REPLACE FUNCTION " + name + "(x BIGINT) RETURNS BIGINT LANGUAGE WASM AS '(module (memory 1)"
                + " (data (i32.const 0) \"" + filler + "\")"
                + " (func (export \"" + name + "\") (param i64) (result i64) (i64.add (local.get 0) (i64.const " + version
                + "))))'";
    }

    /** Every function answers its current version, at least the last acknowledged one; returns them. */
    private static Map<String, Integer> assertCallable(ChildServer server, Map<String, Integer> acknowledged)
            throws SQLException {
        Map<String, Integer> current = new ConcurrentHashMap<>();
        for (List<String> replacer : REPLACERS) {
            String name = replacer.get(1);
            Integer last = acknowledged.get(name);
            if (last == null) {
                continue;
            }
            try (Connection connection = server.connect(replacer.get(0)); Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT " + name + "(0)")) {
                assertTrue(rows.next());
                int version = (int) rows.getLong(1);
                assertTrue(version >= last, name + " answers version " + version + " but " + last + " was acknowledged");
                current.put(name, version);
            }
        }
        return current;
    }

    /** Reads the catalog file itself while no server runs. */
    private static void assertCatalogFile(Path data, Map<String, Integer> acknowledged) throws Exception {
        try (Connection catalog = DriverManager.getConnection("jdbc:h2:file:" + data.resolve("catalog").toAbsolutePath()
                        + ";ACCESS_MODE_DATA=r", "plugsql", "");
                Statement statement = catalog.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT f.name, f.current_version, COUNT(v.version), MIN(v.version),"
                    + " MAX(v.version) FROM functions f JOIN function_versions v ON v.schema_name = f.schema_name"
                    + " AND v.name = f.name GROUP BY f.name, f.current_version")) {
                int functions = 0;
                while (rows.next()) {
                    functions++;
                    String name = rows.getString(1);
                    int currentVersion = rows.getInt(2);
                    assertEquals(1, rows.getInt(4), name + " versions start at 1");
                    assertEquals(currentVersion, rows.getInt(5), name + ": the current version is the last one");
                    assertEquals(currentVersion, rows.getInt(3), name + ": versions 1.." + currentVersion + " without gaps");
                    assertTrue(currentVersion >= acknowledged.getOrDefault(name, 0),
                            name + " lost acknowledged versions: " + currentVersion + " < " + acknowledged.get(name));
                }
                assertEquals(acknowledged.size(), functions, "every acknowledged function is in the catalog");
            }
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            try (ResultSet rows = statement.executeQuery("SELECT sha256, bytes, size_bytes FROM modules")) {
                while (rows.next()) {
                    byte[] bytes = rows.getBytes(2);
                    assertEquals(rows.getLong(3), bytes.length, "size of module " + rows.getString(1));
                    assertEquals(rows.getString(1), HexFormat.of().formatHex(sha256.digest(bytes)), "bytes of a module");
                }
            }
        }
    }
}
