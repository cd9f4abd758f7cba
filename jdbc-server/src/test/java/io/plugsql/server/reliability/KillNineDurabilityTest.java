package io.plugsql.server.reliability;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every insert acknowledged over JDBC, in auto-commit mode or by {@code commit()}, is in the tenant
 * database after the server is killed with SIGKILL at a random (seeded) moment and started again on
 * the same data directory. Rounds: {@code -Dplugsql.reliability.rounds} (3 by default), seed:
 * {@code -Dplugsql.reliability.seed}.
 */
class KillNineDurabilityTest {
    private static final int ROUNDS = Integer.getInteger("plugsql.reliability.rounds", 3);
    private static final long SEED = Long.getLong("plugsql.reliability.seed", 13L);
    private static final int WRITERS = 3;

    @TempDir
    Path scratch;

    @Test
    void acknowledgedInsertsSurviveKillNine() throws Exception {
        Path data = scratch.resolve("data");
        SplittableRandom random = new SplittableRandom(SEED);
        Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        Set<Long> attempted = ConcurrentHashMap.newKeySet();
        long inserted = 0;
        long insertNanos = 0;
        for (int round = 0; round < ROUNDS; round++) {
            try (ChildServer server = ChildServer.start(data)) {
                if (round == 0) {
                    createTables(server);
                }
                assertSurvived(server, acknowledged, attempted, round);
                long killAfterMillis = 200 + random.nextInt(1200);
                long before = acknowledged.size();
                long start = System.nanoTime();
                ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
                try {
                    List<Future<?>> running = new ArrayList<>();
                    for (int writer = 0; writer < WRITERS; writer++) {
                        long firstKey = ((long) round * WRITERS + writer) * 1_000_000_000L;
                        int id = writer;
                        running.add(writers.submit(() -> write(server, id, firstKey, acknowledged, attempted)));
                    }
                    awaitFirstAcknowledgements(acknowledged, before);
                    Thread.sleep(killAfterMillis);
                    server.kill();
                    insertNanos += System.nanoTime() - start;
                    for (Future<?> writer : running) {
                        writer.get(60, TimeUnit.SECONDS);
                    }
                }
                finally {
                    writers.shutdownNow();
                }
                inserted += acknowledged.size() - before;
            }
        }
        try (ChildServer server = ChildServer.start(data)) {
            assertSurvived(server, acknowledged, attempted, ROUNDS);
            try (Connection gina = server.connect("gina"); Statement globex = gina.createStatement();
                    ResultSet rows = globex.executeQuery("SELECT COUNT(*) FROM other")) {
                assertTrue(rows.next());
                assertEquals(3, rows.getLong(1), "the other tenant's rows are intact and it is served");
            }
        }
        System.out.printf("kill -9 durability: %d rounds (seed %d), %d inserts acknowledged, all present; %.0f acknowledged"
                + " inserts/s over %d writers%n", ROUNDS, SEED, inserted, inserted / (insertNanos / 1e9), WRITERS);
    }

    private static void createTables(ChildServer server) throws SQLException {
        try (Connection alice = server.connect("alice");
                Connection gina = server.connect("gina");
                Statement acme = alice.createStatement();
                Statement globex = gina.createStatement()) {
            acme.execute("CREATE TABLE acked (k BIGINT NOT NULL, writer INT, PRIMARY KEY (k))");
            globex.execute("CREATE TABLE other (k BIGINT NOT NULL, PRIMARY KEY (k))");
            globex.executeUpdate("INSERT INTO other VALUES (1), (2), (3)");
        }
    }

    /**
     * Inserts until the server dies. Writer 0 inserts one row per auto-commit statement; the others insert
     * three rows per explicit transaction and count them acknowledged once {@code commit()} returns.
     */
    private static Void write(ChildServer server, int writer, long firstKey, Set<Long> acknowledged, Set<Long> attempted) {
        boolean autoCommit = writer == 0;
        int perCommit = autoCommit ? 1 : 3;
        long key = firstKey;
        try (Connection connection = server.connect("alice");
                PreparedStatement insert = connection.prepareStatement("INSERT INTO acked VALUES (?, ?)")) {
            connection.setAutoCommit(autoCommit);
            while (true) {
                List<Long> keys = new ArrayList<>();
                for (int i = 0; i < perCommit; i++) {
                    keys.add(key);
                    attempted.add(key);
                    insert.setLong(1, key++);
                    insert.setInt(2, writer);
                    assertEquals(1, insert.executeUpdate());
                }
                if (!autoCommit) {
                    connection.commit();
                }
                acknowledged.addAll(keys);
            }
        }
        catch (SQLException | RuntimeException e) {
            // The server died: whatever was not acknowledged may or may not be there.
            return null;
        }
    }

    private static void awaitFirstAcknowledgements(Set<Long> acknowledged, long before) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (acknowledged.size() == before && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(acknowledged.size() > before, "the writers got no insert acknowledged");
    }

    private static void assertSurvived(ChildServer server, Set<Long> acknowledged, Set<Long> attempted, int round)
            throws SQLException {
        Set<Long> present = new HashSet<>();
        try (Connection alice = server.connect("alice"); Statement statement = alice.createStatement();
                ResultSet rows = statement.executeQuery("SELECT k FROM acked")) {
            while (rows.next()) {
                present.add(rows.getLong(1));
            }
        }
        Set<Long> lost = new TreeSet<>(acknowledged);
        lost.removeAll(present);
        assertTrue(lost.isEmpty(), "after kill " + round + ": " + lost.size() + " of " + acknowledged.size()
                + " acknowledged inserts lost, e.g. " + lost.stream().limit(5).toList());
        Set<Long> unexpected = new TreeSet<>(present);
        unexpected.removeAll(attempted);
        assertTrue(unexpected.isEmpty(), "rows nobody inserted: " + unexpected);
    }
}
