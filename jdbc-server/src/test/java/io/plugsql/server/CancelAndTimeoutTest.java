package io.plugsql.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.plugsql.server.TestServer.ENDLESS;
import static io.plugsql.server.LimitsAndCancelTest.answer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code Statement.cancel()} and {@code setQueryTimeout} through plugsql's client driver stop the statement on the server. */
class CancelAndTimeoutTest {
    @TempDir
    static Path data;
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(data, new TenantLimits(8, 8, Duration.ofSeconds(60)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void cancelStopsTheRunningStatementAndTheConnectionStillWorks() throws Exception {
        try (Connection connection = server.connectPlugSqlDriver("alice"); Statement statement = connection.createStatement()) {
            CompletableFuture<SQLException> outcome = runEndless(statement);
            awaitRunning(outcome);
            statement.cancel();
            SQLException cancelled = outcome.get(30, TimeUnit.SECONDS);
            assertTrue(cancelled != null && cancelled.getMessage().contains("the client cancelled the statement"),
                    String.valueOf(cancelled));
            assertEquals(57014, Integer.parseInt(cancelled.getSQLState()));
            assertEquals(3, answer(connection, "SELECT 3"));
        }
    }

    @Test
    void queryTimeoutStopsTheRunningStatementAndTheConnectionStillWorks() throws SQLException {
        try (Connection connection = server.connectPlugSqlDriver("alice"); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(1);
            SQLTimeoutException timeout = assertThrows(SQLTimeoutException.class, () -> answer(statement, ENDLESS));
            assertTrue(timeout.getMessage().contains("query timeout of 1 s expired"), timeout.getMessage());
            statement.setQueryTimeout(0);
            assertEquals(4, answer(statement, "SELECT 4"));
        }
    }

    @Test
    void anotherUserCannotCancelTheStatement() throws Exception {
        try (Connection connection = server.connectPlugSqlDriver("alice"); Statement statement = connection.createStatement()) {
            CompletableFuture<SQLException> outcome = runEndless(statement);
            awaitRunning(outcome);
            String connectionId = connection.unwrap(org.apache.calcite.avatica.AvaticaConnection.class).id;
            int statementId = statement.unwrap(org.apache.calcite.avatica.AvaticaStatement.class).getId();
            assertEquals(404, postCancel("gina", connectionId, statementId), "gina cannot stop alice's statement");
            assertEquals(404, postCancel("amy", connectionId, statementId), "nor can another user of the same tenant");
            assertEquals(1, server.server().runningStatements());
            assertEquals(204, postCancel("alice", connectionId, statementId));
            assertTrue(outcome.get(30, TimeUnit.SECONDS).getMessage().contains("the client cancelled the statement"));
        }
    }

    private static int postCancel(String user, String connectionId, int statementId) throws Exception {
        String base = server.server().jdbcUrl().replaceAll("^.*url=([^;]+);.*$", "$1");
        HttpURLConnection http = (HttpURLConnection) new URL(base + "/plugsql/cancel?connection=" + connectionId
                + "&statement=" + statementId).openConnection();
        http.setRequestMethod("POST");
        http.setDoOutput(true);
        http.setRequestProperty("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + TestServer.PASSWORD).getBytes(StandardCharsets.UTF_8)));
        http.getOutputStream().close();
        try {
            return http.getResponseCode();
        }
        finally {
            http.disconnect();
        }
    }

    private static CompletableFuture<SQLException> runEndless(Statement statement) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                answer(statement, ENDLESS);
                return null;
            }
            catch (SQLException e) {
                return e;
            }
        });
    }

    private static void awaitRunning(CompletableFuture<SQLException> endless) throws InterruptedException {
        for (int attempt = 0; attempt < 600 && server.server().runningStatements() == 0; attempt++) {
            if (endless.isDone()) {
                throw new AssertionError("the endless statement ended early: " + endless.join());
            }
            Thread.sleep(20);
        }
        assertEquals(1, server.server().runningStatements(), "the endless statement is running");
    }
}
