package io.plugsql.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.plugsql.server.LimitsAndCancelTest.answer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cancels, query timeouts and connection closes fired at random (seeded) moments into one tenant's
 * writes, DDL and UDF queries never reach H2's files: every stopped statement fails with 57014 and
 * nothing else, a write is either whole or absent, another tenant is served throughout, and the data
 * directory reopens clean. Before the fix the server interrupted the request thread, which closed the
 * shared {@code tenants.mv.db} ("The database has been closed [90098]").
 */
class CancelStormServerTest {
    private static final int SOURCE_ROWS = 50_000;
    private static final int ATTACKS = 200;
    private static final long SEED = 19L;
    private static final String ADD_ONE = "CREATE OR REPLACE FUNCTION add_one(x BIGINT) RETURNS BIGINT LANGUAGE WASM"
            + " AS '(module (func (export \"add_one\") (param i64) (result i64) (i64.add (local.get 0) (i64.const 1))))'";
    private static final String[] STATEMENTS = {
        "INSERT INTO dst SELECT a FROM src",
        "DELETE FROM dst",
        "CREATE TABLE t%d (a BIGINT)",
        ADD_ONE,
        "SELECT SUM(add_one(a)) FROM src",
    };

    @TempDir
    Path data;

    @Test
    void randomCancelsNeverCloseTheDatabaseAndOtherTenantsAreServed() throws Exception {
        Random random = new Random(SEED);
        List<String> failures = new ArrayList<>();
        int stopped = 0;
        try (TestServer server = TestServer.start(data, new TenantLimits(16, 8, Duration.ofSeconds(60)))) {
            populate(server);
            AtomicBoolean storming = new AtomicBoolean(true);
            CompletableFuture<Integer> globex = CompletableFuture.supplyAsync(() -> otherTenantLoop(server, storming));
            ExecutorService client = Executors.newSingleThreadExecutor();
            try {
                Connection acme = server.connectPlugSqlDriver("alice");
                for (int attack = 0; attack < ATTACKS; attack++) {
                    String sql = String.format(STATEMENTS[random.nextInt(STATEMENTS.length)], attack);
                    int how = random.nextInt(10);
                    Statement statement = acme.createStatement();
                    if (how == 0) {
                        statement.setQueryTimeout(1);
                        sql = "INSERT INTO dst SELECT a FROM src";
                    }
                    String executed = sql;
                    Future<SQLException> outcome = client.submit(() -> execute(statement, executed));
                    if (how != 0) {
                        Thread.sleep(random.nextInt(150));
                    }
                    if (how == 1) {
                        acme.close();
                    }
                    else if (how != 0) {
                        statement.cancel();
                    }
                    SQLException failure = outcome.get(60, TimeUnit.SECONDS);
                    if (failure != null) {
                        stopped++;
                        if (!isCancellation(failure)) {
                            failures.add(sql + " -> " + failure.getSQLState() + " " + failure.getMessage());
                        }
                    }
                    if (how == 1) {
                        acme = server.connectPlugSqlDriver("alice");
                    }
                    else {
                        statement.close();
                    }
                }
                acme.close();
            }
            finally {
                storming.set(false);
                client.shutdownNow();
            }
            assertTrue(globex.get(60, TimeUnit.SECONDS) > 0, "globex was served during the attack");
            assertTrue(failures.isEmpty(), "every stopped statement fails as cancelled: " + failures);
            assertTrue(stopped > ATTACKS / 4, "the attack stopped statements mid-way: " + stopped);
            assertServed(server);
        }
        try (TestServer reopened = TestServer.start(data, new TenantLimits(16, 8, Duration.ofSeconds(60)))) {
            assertServed(reopened);
        }
    }

    private static void populate(TestServer server) throws SQLException {
        try (Connection acme = server.connect("alice"); Statement statement = acme.createStatement()) {
            statement.execute("CREATE TABLE src (a BIGINT)");
            statement.execute("CREATE TABLE dst (a BIGINT)");
            statement.execute(ADD_ONE);
            statement.execute("INSERT INTO src VALUES (1), (2), (3), (4), (5), (6), (7), (8), (9), (10)");
            for (long rows = 10; rows < SOURCE_ROWS; rows *= 2) {
                statement.execute("INSERT INTO src SELECT a + " + rows + " FROM src WHERE a <= " + (SOURCE_ROWS - rows));
            }
            assertEquals(SOURCE_ROWS, answer(acme, "SELECT COUNT(*) FROM src"));
        }
    }

    /** The other tenant writes and reads in a loop; returns how many rounds it completed. */
    private static int otherTenantLoop(TestServer server, AtomicBoolean storming) {
        int rounds = 0;
        try (Connection globex = server.connect("gina"); Statement statement = globex.createStatement()) {
            statement.execute("CREATE TABLE notes (n BIGINT)");
            while (storming.get() && rounds < 10_000) {
                statement.execute("INSERT INTO notes VALUES (" + rounds + ")");
                assertEquals(rounds + 1, answer(globex, "SELECT COUNT(*) FROM notes"));
                rounds++;
            }
        }
        catch (SQLException e) {
            throw new AssertionError("globex failed during the attack: " + e.getSQLState() + " " + e.getMessage(), e);
        }
        return rounds;
    }

    /** Both tenants read and write; acme's copies are whole (INSERT ... SELECT is one H2 statement). */
    private static void assertServed(TestServer server) throws SQLException {
        try (Connection acme = server.connect("alice"); Statement statement = acme.createStatement()) {
            assertEquals(SOURCE_ROWS, answer(acme, "SELECT COUNT(*) FROM src"));
            long copied = answer(acme, "SELECT COUNT(*) FROM dst");
            assertEquals(0, copied % SOURCE_ROWS, "a stopped INSERT ... SELECT left no partial copy: " + copied);
            statement.execute("INSERT INTO dst VALUES (-1)");
            assertEquals(copied + 1, answer(acme, "SELECT COUNT(*) FROM dst"));
            statement.execute("DELETE FROM dst WHERE a = -1");
            statement.execute("CREATE TABLE after_attack (a BIGINT)");
            assertEquals((long) SOURCE_ROWS * (SOURCE_ROWS + 1) / 2 + SOURCE_ROWS,
                    answer(acme, "SELECT SUM(add_one(a)) FROM src"));
            statement.execute("DROP TABLE after_attack");
        }
        try (Connection globex = server.connect("gina"); Statement statement = globex.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS notes (n BIGINT)");
            long notes = answer(globex, "SELECT COUNT(*) FROM notes");
            statement.execute("INSERT INTO notes VALUES (-1)");
            assertEquals(notes + 1, answer(globex, "SELECT COUNT(*) FROM notes"));
        }
    }

    private static SQLException execute(Statement statement, String sql) {
        try {
            statement.execute(sql);
            return null;
        }
        catch (SQLException e) {
            return e;
        }
    }

    /** A cancel, a query timeout or a closed connection, and nothing else (no closed database). */
    private static boolean isCancellation(SQLException failure) {
        String message = String.valueOf(failure.getMessage());
        return (failure instanceof SQLTimeoutException || "57014".equals(failure.getSQLState())
                || message.contains("Connection not found") || message.contains("connection is closed")
                || message.contains("Connection is closed"))
                && !message.contains("90098") && !message.contains("has been closed");
    }
}
