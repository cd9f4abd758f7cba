package io.plugsql.sql;

import static io.plugsql.sql.TenantTablesTest.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plugsql.sql.function.LoadedVersionStats;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The function versions a data directory keeps loaded are bounded ({@link Quotas#maxLoadedVersions()}):
 * replaced and dropped versions are released once no statement uses them, unused current ones beyond
 * the cap are released least recently used first, and a statement always finishes on the version it
 * was planned with, whether it stayed loaded or is loaded again.
 */
class LoadedVersionsTest {
    private static final int CAP = 3;
    private static final int ROWS = 100;

    @TempDir
    Path data;

    private DataDirectory directory;

    @BeforeEach
    void open() throws SQLException {
        directory = DataDirectory.acquire(data, Quotas.DEFAULT.withMaxLoadedVersions(CAP));
        try (Connection c = connect("")) {
            exec(c, "CREATE TABLE t (a BIGINT)");
            StringBuilder insert = new StringBuilder("INSERT INTO t VALUES (1)");
            for (int i = 2; i <= ROWS; i++) {
                insert.append(", (").append(i).append(')');
            }
            exec(c, insert.toString());
        }
    }

    @AfterEach
    void release() {
        directory.release();
    }

    private Connection connect(String options) throws SQLException {
        return DriverManager.getConnection("jdbc:plugsql:data=" + data + ";tenant=acme" + options);
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** {@code CREATE OR REPLACE FUNCTION name(x BIGINT)} computing {@code x + constant}: new bytes per constant. */
    private static void replace(Connection c, String name, long constant) throws SQLException {
        exec(c, "CREATE OR REPLACE FUNCTION " + name + "(x BIGINT) RETURNS BIGINT LANGUAGE WASM AS "
                + "'(module (func (export \"" + name + "\") (param i64) (result i64)"
                + " (i64.add (local.get 0) (i64.const " + constant + "))))'");
    }

    private LoadedVersionStats stats() {
        return directory.functions().loadedStats();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ";vectorize=false"})
    void replacingInALoopKeepsOneVersionLoaded(String path) throws SQLException {
        try (Connection c = connect(path)) {
            for (int i = 1; i <= 50; i++) {
                replace(c, "f", 1000L * i);
                assertEquals(List.of(Long.toString(1000L * i + 7)), rows(c, "SELECT f(7)"), "version " + i);
                LoadedVersionStats stats = stats();
                assertEquals(1, stats.loaded(), "the replaced versions are released: " + stats);
                assertEquals(0, stats.inUse(), stats.toString());
            }
            assertEquals(49, stats().released(), "every replaced version was closed");
        }
    }

    @Test
    void dropReleasesTheVersion() throws SQLException {
        try (Connection c = connect("")) {
            replace(c, "f", 1);
            assertEquals(List.of("8"), rows(c, "SELECT f(7)"));
            assertEquals(1, stats().loaded());
            exec(c, "DROP FUNCTION f");
            assertEquals(new LoadedVersionStats(0, 0, CAP, 1), stats());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ";vectorize=false"})
    void currentVersionsBeyondTheCapAreReleasedAndReloaded(String path) throws SQLException {
        try (Connection c = connect(path)) {
            for (int i = 0; i < 10; i++) {
                replace(c, "g" + i, 100L * i);
            }
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < 10; i++) {
                    assertEquals(List.of(Long.toString(100L * i + 5)), rows(c, "SELECT g" + i + "(5)"),
                            "g" + i + " in round " + round);
                    assertTrue(stats().loaded() <= CAP, stats().toString());
                }
            }
            assertEquals(new LoadedVersionStats(CAP, 0, CAP, 20 - CAP), stats(), "each call after the first "
                    + CAP + " loads a released version again and releases the least recently used");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {";vectorizeBatchSize=7", ";vectorize=false"})
    void openResultSetFinishesOnItsVersionAfterReplace(String path) throws SQLException {
        try (Connection reader = connect(path); Connection writer = connect("")) {
            replace(writer, "f", 1000);
            try (Statement s = reader.createStatement(); ResultSet rs = s.executeQuery("SELECT a, f(a) FROM t")) {
                int read = 0;
                for (; read < 10; read++) {
                    assertTrue(rs.next());
                    assertEquals(rs.getLong(1) + 1000, rs.getLong(2));
                }
                replace(writer, "f", 2000);
                assertEquals(List.of("2001"), rows(writer, "SELECT f(1)"));
                // Loading more versions than the cap does not release the open statement's version.
                for (int i = 0; i < CAP + 1; i++) {
                    replace(writer, "g" + i, i);
                    assertEquals(List.of(Long.toString(i + 1)), rows(writer, "SELECT g" + i + "(1)"));
                }
                assertTrue(stats().inUse() == 1 && stats().loaded() >= 2, stats().toString());
                for (; rs.next(); read++) {
                    assertEquals(rs.getLong(1) + 1000, rs.getLong(2), "row " + read + " on version 1");
                }
                assertEquals(ROWS, read);
            }
            assertEquals(0, stats().inUse());
            assertTrue(stats().loaded() <= CAP, "the closed statement's retired version is released: " + stats());
            assertEquals(List.of("2001"), rows(reader, "SELECT f(1)"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ";vectorize=false"})
    void preparedStatementRunsItsVersionAfterReplaceAndFailsAfterDrop(String path) throws SQLException {
        try (Connection c = connect(path)) {
            replace(c, "f", 1000);
            try (PreparedStatement old = c.prepareStatement("SELECT SUM(f(a)) FROM t")) {
                replace(c, "f", 2000);
                assertEquals(List.of(Long.toString(ROWS * (ROWS + 1) / 2 + ROWS * 2000L)),
                        rows(c, "SELECT SUM(f(a)) FROM t"));
                for (int run = 0; run < 2; run++) {
                    try (ResultSet rs = old.executeQuery()) {
                        assertTrue(rs.next());
                        assertEquals(ROWS * (ROWS + 1) / 2 + ROWS * 1000L, rs.getLong(1), "the version it was planned with");
                    }
                }
                exec(c, "DROP FUNCTION f");
                assertEquals(new LoadedVersionStats(1, 1, CAP, 1), stats(),
                        "version 2 is released; version 1 stays for the open statement");
                SQLException dropped = assertThrows(SQLException.class, old::executeQuery);
                assertEquals("42883", dropped.getSQLState());
                assertEquals("Function acme.f was dropped after the statement was prepared", dropped.getMessage());
            }
            assertEquals(new LoadedVersionStats(0, 0, CAP, 2), stats(), "closing the statement releases version 1");
        }
    }

    @Test
    void callsRacingReplacesGetSomeVersionsResultAndNothingLeaks() throws Exception {
        int replaces = 20;
        try (Connection writer = connect("")) {
            replace(writer, "f", 1000);
            ExecutorService readers = Executors.newFixedThreadPool(2);
            try {
                List<Future<List<Long>>> results = new ArrayList<>();
                for (String path : List.of(";vectorizeBatchSize=7", ";vectorize=false")) {
                    results.add(readers.submit(() -> {
                        List<Long> seen = new ArrayList<>();
                        try (Connection reader = connect(path)) {
                            for (int i = 0; i < replaces; i++) {
                                List<String> added = rows(reader, "SELECT DISTINCT f(a) - a FROM t");
                                assertEquals(1, added.size(), "one version per statement: " + added);
                                seen.add(Long.parseLong(added.get(0)));
                            }
                        }
                        return seen;
                    }));
                }
                for (int i = 2; i <= replaces; i++) {
                    replace(writer, "f", 1000L * i);
                }
                for (Future<List<Long>> result : results) {
                    for (long added : result.get()) {
                        assertTrue(added % 1000 == 0 && added >= 1000 && added <= 1000L * replaces,
                                "each statement runs one whole version: " + added);
                    }
                }
            } finally {
                readers.shutdown();
            }
            assertEquals(List.of(Long.toString(1000L * replaces + 1)), rows(writer, "SELECT f(1)"));
            LoadedVersionStats stats = stats();
            assertEquals(new LoadedVersionStats(1, 0, CAP, stats.released()), stats,
                    "only the current version stays loaded");
        }
    }

    @Test
    void closingTheConnectionReleasesItsOpenStatementsVersions() throws SQLException {
        Connection c = connect("");
        replace(c, "f", 1);
        PreparedStatement open = c.prepareStatement("SELECT f(a) FROM t");
        try (Connection other = connect("")) {
            replace(other, "f", 2);
            assertEquals(1, stats().inUse(), stats().toString());
            c.close();
            assertEquals(0, stats().inUse(), stats().toString());
            assertEquals(List.of("3"), rows(other, "SELECT f(1)"));
        }
    }
}
