package io.plugsql.server;

import org.apache.calcite.avatica.AvaticaClientRuntimeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Password guessing over the server: no user-name probing, backoff per user and per address, bounded hashing. */
class LoginHardeningTest {
    @TempDir
    Path data;

    @Test
    void anUnknownUserCostsTheSamePasswordWorkAsAWrongPassword() throws Exception {
        try (TestServer server = start(LoginLimits.DEFAULT.withFailures(1000, 1000))) {
            PlugSqlServer plugsql = server.server();
            long before = plugsql.passwordDerivations();
            assertThrows(Exception.class, () -> server.connect("alice", "wrong", new Properties()).close());
            long wrongPassword = plugsql.passwordDerivations() - before;
            before = plugsql.passwordDerivations();
            assertThrows(Exception.class, () -> server.connect("mallory", TestServer.PASSWORD, new Properties()).close());
            long unknownUser = plugsql.passwordDerivations() - before;
            assertTrue(wrongPassword >= 1, "a wrong password ran no PBKDF2");
            assertEquals(wrongPassword, unknownUser, "an unknown user must cost what a wrong password costs");

            ExecutorService flood = Executors.newFixedThreadPool(8);
            try {
                List<Future<Integer>> attempts = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    String user = "ghost" + i;
                    attempts.add(flood.submit(() -> status(InetAddress.getLoopbackAddress(), plugsql.port(), user, "guess")));
                }
                for (Future<Integer> attempt : attempts) {
                    int status = attempt.get();
                    assertTrue(status == 401 || status == 500, "status " + status);
                }
            }
            finally {
                flood.shutdownNow();
            }
            assertEquals(1, one(server.connect("gina")));
        }
    }

    @Test
    void aGuessedUserIsRefusedWithBackoffWhileOtherUsersLogIn() throws Exception {
        try (TestServer server = start(LoginLimits.DEFAULT.withBackoff(Duration.ofSeconds(3)))) {
            for (int i = 0; i < LoginLimits.DEFAULT.maxFailuresPerUser(); i++) {
                Exception wrong = assertThrows(Exception.class, () -> server.connect("amy", "guess", new Properties()).close());
                assertTrue(String.valueOf(wrong.getMessage()).contains("401"), wrong.toString());
            }
            long before = server.server().passwordDerivations();
            // Avatica's driver reports a refused connect as AvaticaClientRuntimeException, not SQLException.
            AvaticaClientRuntimeException refused = assertThrows(AvaticaClientRuntimeException.class,
                    () -> server.connect("amy").close());
            assertEquals("28000", refused.getSqlState(), refused.toString());
            assertTrue(refused.getMessage().contains("too many failed logins for user 'amy'; logins refused for"),
                    refused.getMessage());
            assertEquals(before, server.server().passwordDerivations(), "a refused login must not run PBKDF2");
            assertEquals(1, one(server.connect("gina")));
            assertEquals(1, one(server.connect("alice")));
            assertEquals(1, eventually(() -> one(server.connect("amy"))), "amy logs in once the backoff ended");
        }
    }

    @Test
    void aGuessingAddressIsRefusedWhileOtherAddressesLogIn() throws Exception {
        InetAddress guesser = InetAddress.getByName("127.0.0.2");
        try (TestServer server = start(LoginLimits.DEFAULT.withBackoff(Duration.ofMinutes(1)))) {
            int port = server.server().port();
            for (int i = 0; i < LoginLimits.DEFAULT.maxFailuresPerAddress(); i++) {
                assertEquals(401, status(guesser, port, "ghost" + i, "guess"));
            }
            assertEquals(429, RawHttp.status(guesser, port, "POST", "/plugsql/cancel?connection=x&statement=1", "alice",
                    TestServer.PASSWORD));
            assertEquals(1, one(server.connect("alice")));
        }
    }

    private TestServer start(LoginLimits logins) {
        return TestServer.start(ServerConfig.builder(data).port(0).demoTenants(false)
                .limits(new TenantLimits(16, 8, Duration.ofSeconds(30))).logins(logins).build());
    }

    private static int status(InetAddress from, int port, String user, String password) throws IOException {
        return RawHttp.status(from, port, "POST", "/", user, password);
    }

    private static long one(Connection connection) throws SQLException {
        try (connection; Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT 1")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Retries a login for up to 30 s (backoff periods are seconds; the machine may be slow). */
    private static long eventually(SqlCall call) throws Exception {
        RuntimeException last = null;
        for (int i = 0; i < 300; i++) {
            try {
                return call.run();
            }
            catch (SQLException e) {
                last = new IllegalStateException(e);
                Thread.sleep(100);
            }
            catch (AvaticaClientRuntimeException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw last;
    }

    /** A login attempt that may be refused. */
    @FunctionalInterface
    private interface SqlCall {
        long run() throws SQLException;
    }
}
