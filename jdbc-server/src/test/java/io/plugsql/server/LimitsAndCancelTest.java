package io.plugsql.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.plugsql.server.TestServer.ENDLESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Per-tenant caps, the server's statement timeout, and cancellation of a running statement. */
class LimitsAndCancelTest {

    @TempDir
    Path data;

    @Test
    void connectionCapIsPerTenantAndNamed() throws SQLException {
        try (TestServer server = TestServer.start(data, new TenantLimits(2, 4, Duration.ofSeconds(30)));
                Connection first = server.connect("alice");
                Connection second = server.connect("amy")) {
            // The Avatica driver reports a refused open as an unchecked exception.
            Exception refused = assertThrows(Exception.class, () -> server.connect("alice").close());
            assertTrue(refused.getMessage().contains("tenant 'acme' already has 2 open connections (max-connections-per-tenant)"),
                    refused.getMessage());
            try (Connection globex = server.connect("gina")) {
                assertEquals(1, answer(globex, "SELECT 1"));
            }
            second.close();
            try (Connection again = server.connect("alice")) {
                assertEquals(1, answer(again, "SELECT 1"));
            }
            assertEquals(1, answer(first, "SELECT 1"));
        }
    }

    @Test
    void statementTimeoutStopsARunawayQueryAndTheConnectionStillWorks() throws SQLException {
        try (TestServer server = TestServer.start(data, new TenantLimits(4, 4, Duration.ofSeconds(2)));
                Connection acme = server.connect("alice")) {
            SQLException timeout = assertThrows(SQLException.class, () -> answer(acme, ENDLESS));
            assertTrue(timeout.getMessage().contains("statement timeout of 2000 ms"), timeout.getMessage());
            assertEquals("57014", timeout.getSQLState());
            assertEquals(42, answer(acme, "SELECT 42"));
        }
    }

    @Test
    void closingTheConnectionCancelsItsRunningStatementAndTheStatementCapIsNamed() throws Exception {
        try (TestServer server = TestServer.start(data, new TenantLimits(4, 1, Duration.ofSeconds(60)));
                Connection other = server.connect("amy")) {
            Connection running = server.connect("alice");
            Statement endless = running.createStatement();
            CompletableFuture<SQLException> outcome = CompletableFuture.supplyAsync(() -> {
                try {
                    answer(endless, ENDLESS);
                    return null;
                }
                catch (SQLException e) {
                    return e;
                }
            });
            awaitRunning(server, outcome);
            SQLException capped = assertThrows(SQLException.class, () -> answer(other, "SELECT 1"));
            assertTrue(capped.getMessage().contains("tenant 'acme' already runs 1 statements concurrently (max-statements-per-tenant)"),
                    capped.getMessage());
            try (Connection globex = server.connect("gina")) {
                assertEquals(7, answer(globex, "SELECT 7"), "another tenant is not capped");
            }
            // The stock Avatica client sends nothing on Statement.cancel() and holds the statement's
            // lock while executing; closing the connection from another thread does reach the server.
            running.close();
            SQLException cancelled = outcome.get(30, TimeUnit.SECONDS);
            assertTrue(cancelled != null && cancelled.getMessage().contains("its connection was closed"),
                    String.valueOf(cancelled));
            assertEquals(6, answer(other, "SELECT 6"));
        }
    }

    /** Waits (bounded) until the endless statement is executing on the server. */
    private static void awaitRunning(TestServer server, CompletableFuture<SQLException> endless) throws InterruptedException {
        for (int attempt = 0; attempt < 600; attempt++) {
            if (endless.isDone()) {
                throw new AssertionError("the endless statement ended early: " + endless.join());
            }
            if (server.server().runningStatements() == 1) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the endless statement never started");
    }

    static long answer(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            return answer(statement, sql);
        }
    }

    static long answer(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            assertTrue(rows.next());
            return rows.getLong(1);
        }
    }
}
