package io.plugsql.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every call of a function in one statement runs one version of it, while another connection replaces
 * the function in a loop with versions returning distinct constants: all batches, both paths, every call
 * site (several per statement, so that a statement whose call sites were bound to different versions shows
 * as MIN != MAX), plain and prepared statements re-executed across replaces. Another tenant's statements
 * run meanwhile.
 */
class OneVersionPerStatementTest {
    private static final int ROWS = 3_000;
    private static final int REPLACES = 60;
    /** Several call sites of f: a statement bound to two versions returns two constants. */
    private static final String QUERY = "SELECT MIN(f(id)), MAX(f(id)), MIN(f(id + 1)), MAX(f(id + 1)),"
            + " MIN(f(id + 2)), MAX(f(id + 2)), MIN(f(id + 3)), MAX(f(id + 3)), COUNT(*) FROM t";

    @TempDir
    Path data;

    private DataDirectory directory;

    @BeforeEach
    void open() throws SQLException {
        directory = DataDirectory.acquire(data);
        try (Connection acme = connect("acme", ""); Statement statement = acme.createStatement()) {
            statement.execute("CREATE TABLE t (id BIGINT)");
            for (int from = 0; from < ROWS; from += 500) {
                StringBuilder insert = new StringBuilder("INSERT INTO t VALUES (" + from + ")");
                for (int id = from + 1; id < from + 500; id++) {
                    insert.append(", (").append(id).append(')');
                }
                statement.executeUpdate(insert.toString());
            }
            replace(statement, 1);
        }
        try (Connection globex = connect("globex", ""); Statement statement = globex.createStatement()) {
            statement.execute("CREATE FUNCTION g(x BIGINT) RETURNS BIGINT LANGUAGE WASM AS"
                    + " '(module (func (export \"g\") (param i64) (result i64) (i64.add (local.get 0) (i64.const 5))))'");
        }
    }

    @AfterEach
    void release() {
        directory.release();
    }

    private Connection connect(String tenant, String options) throws SQLException {
        return DriverManager.getConnection("jdbc:plugsql:data=" + data + ";tenant=" + tenant + options);
    }

    /** Version n returns the constant n for every row. */
    private static void replace(Statement statement, int n) throws SQLException {
        statement.execute("CREATE OR REPLACE FUNCTION f(x BIGINT) RETURNS BIGINT LANGUAGE WASM AS"
                + " '(module (func (export \"f\") (param i64) (result i64) (i64.const " + n + ")))'");
    }

    @Test
    void everyCallOfAStatementRunsOneVersion() throws Exception {
        List<String> paths = List.of(";vectorizeBatchSize=256", ";vectorize=false");
        AtomicBoolean replacing = new AtomicBoolean(true);
        ExecutorService readers = Executors.newFixedThreadPool(2 * paths.size() + 1);
        try {
            List<Future<Integer>> statements = new ArrayList<>();
            for (String path : paths) {
                statements.add(readers.submit(() -> readPlain(path, replacing)));
                statements.add(readers.submit(() -> readPrepared(path, replacing)));
            }
            Future<Integer> otherTenant = readers.submit(() -> readOtherTenant(replacing));
            try (Connection writer = connect("acme", ""); Statement statement = writer.createStatement()) {
                for (int n = 2; n <= REPLACES; n++) {
                    replace(statement, n);
                }
            } finally {
                replacing.set(false);
            }
            int total = 0;
            for (Future<Integer> reader : statements) {
                total += reader.get(120, TimeUnit.SECONDS);
            }
            assertTrue(total > 0);
            assertTrue(otherTenant.get(120, TimeUnit.SECONDS) > 0, "the other tenant was served meanwhile");
        } finally {
            readers.shutdownNow();
        }
        try (Connection acme = connect("acme", ""); Statement statement = acme.createStatement()) {
            assertOneVersion(statement.executeQuery(QUERY), REPLACES);
        }
    }

    private int readPlain(String path, AtomicBoolean replacing) throws SQLException {
        int statements = 0;
        try (Connection reader = connect("acme", path); Statement statement = reader.createStatement()) {
            do {
                assertOneVersion(statement.executeQuery(QUERY), -1);
                statements++;
            } while (replacing.get());
        }
        return statements;
    }

    /** A prepared statement keeps the version it was prepared with: each execution sees that one, and only it. */
    private int readPrepared(String path, AtomicBoolean replacing) throws SQLException {
        int statements = 0;
        try (Connection reader = connect("acme", path)) {
            do {
                try (PreparedStatement prepared = reader.prepareStatement(QUERY)) {
                    long version = -1;
                    for (int run = 0; run < 3; run++) {
                        long seen = assertOneVersion(prepared.executeQuery(), version);
                        version = seen;
                        statements++;
                    }
                }
            } while (replacing.get());
        }
        return statements;
    }

    private int readOtherTenant(AtomicBoolean replacing) throws SQLException {
        int statements = 0;
        try (Connection globex = connect("globex", ""); Statement statement = globex.createStatement()) {
            do {
                try (ResultSet rows = statement.executeQuery("SELECT g(1)")) {
                    assertTrue(rows.next());
                    assertEquals(6, rows.getLong(1));
                }
                statements++;
            } while (replacing.get());
        }
        return statements;
    }

    /** The statement saw one version on every row and call site ({@code expected} when not -1); returns it. */
    private static long assertOneVersion(ResultSet rows, long expected) throws SQLException {
        try (rows) {
            assertTrue(rows.next());
            long version = rows.getLong(1);
            List<Long> seen = new ArrayList<>();
            for (int column = 1; column <= 8; column++) {
                seen.add(rows.getLong(column));
            }
            assertTrue(seen.stream().allMatch(v -> v == version), "one statement saw versions " + seen);
            assertEquals(ROWS, rows.getLong(9));
            if (expected != -1) {
                assertEquals(expected, version, "a re-executed prepared statement runs the version it was prepared with");
            }
            return version;
        }
    }
}
