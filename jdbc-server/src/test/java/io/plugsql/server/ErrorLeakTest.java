package io.plugsql.server;

import org.apache.calcite.avatica.AvaticaSqlException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Failing statements reach clients (Avatica's driver and plugsql's) as message + SQLSTATE + vendor
 * code only; the full failure is in the server log under the error id the message carries.
 */
class ErrorLeakTest {
    private static final List<String> FAILING = List.of(
            "SELEC 1",
            "SELECT * FROM no_such_table",
            "SELECT boom(1)",
            "CREATE FUNCTION bad1(x BIGINT) RETURNS BIGINT LANGUAGE WASM AS X'0061736D0100000001'",
            "CREATE FUNCTION bad2(x BIGINT) RETURNS BIGINT LANGUAGE WASM AS X'0061736D01000000017F'",
            "CREATE FUNCTION bad3(x BIGINT) RETURNS BIGINT LANGUAGE WASM AS X'0061736D0100000003020000'",
            "INSERT INTO narrow VALUES (NULL)",
            "INSERT INTO small VALUES (100000)");
    private static final Pattern ERROR_ID = Pattern.compile("\\(error id ([0-9a-f]{8})\\)");
    private static final Pattern CLASS_NAME = Pattern.compile("[A-Z]\\w*Exception|\\b(?:java|org|io|com)\\.[a-z]\\w*\\.");

    @TempDir
    static Path data;
    private static TestServer server;

    @BeforeAll
    static void start() throws SQLException {
        server = TestServer.start(data);
        try (Connection acme = server.connect("alice"); Statement statement = acme.createStatement()) {
            statement.execute("CREATE FUNCTION boom(x BIGINT) RETURNS BIGINT LANGUAGE WASM"
                    + " AS '(module (func (export \"boom\") (param i64) (result i64) unreachable))'");
            statement.execute("CREATE TABLE narrow (code VARCHAR(2) NOT NULL)");
            statement.execute("CREATE TABLE small (n SMALLINT)");
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void avaticaDriverSeesNoServerInternals() throws SQLException {
        try (Connection acme = server.connect("alice")) {
            checkAll(acme);
        }
    }

    @Test
    void plugSqlDriverSeesNoServerInternals() throws SQLException {
        try (Connection acme = server.connectPlugSqlDriver("alice")) {
            checkAll(acme);
        }
    }

    @Test
    void aMalformedRequestBodyGetsNoStackInTheHttp500Body() throws Exception {
        HttpURLConnection post = (HttpURLConnection) new URL("http://127.0.0.1:" + server.server().port() + "/")
                .openConnection();
        post.setRequestMethod("POST");
        post.setRequestProperty("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString(("alice:" + TestServer.PASSWORD).getBytes(StandardCharsets.UTF_8)));
        post.setDoOutput(true);
        try (OutputStream out = post.getOutputStream()) {
            out.write(new byte[] {0x0a, 0x7f, 0x01, 0x02, (byte) 0xff});
        }
        assertEquals(500, post.getResponseCode());
        String body = new String(post.getErrorStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertFalse(body.contains("\tat ") || body.contains("Exception") || body.contains(".java:"), body);
        assertTrue(ERROR_ID.matcher(body).find(), body);
    }

    private static void checkAll(Connection acme) throws SQLException {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<SQLException> failures = new ArrayList<>();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(new TeeStream(stderr, log), true, StandardCharsets.UTF_8));
        try (Statement statement = acme.createStatement()) {
            for (String sql : FAILING) {
                failures.add(assertThrows(SQLException.class, () -> statement.execute(sql), sql));
            }
        }
        finally {
            System.setErr(stderr);
        }
        String serverLog = log.toString(StandardCharsets.UTF_8);
        for (int i = 0; i < FAILING.size(); i++) {
            SQLException failure = failures.get(i);
            String sql = FAILING.get(i);
            String message = failure.getMessage();
            // The client prefixes the SQL it sent; only what follows comes from the server.
            String fromServer = message.startsWith("Error while executing SQL \"" + sql + "\": ")
                    ? message.substring(("Error while executing SQL \"" + sql + "\": ").length()) : message;
            assertNotNull(failure.getSQLState(), sql + ": " + message);
            assertNotEquals("00000", failure.getSQLState(), sql + ": " + message);
            assertTrue(failure instanceof AvaticaSqlException, sql + ": " + failure);
            assertEquals(List.of(), ((AvaticaSqlException) failure).getStackTraces(), sql);
            assertFalse(CLASS_NAME.matcher(fromServer).find(), sql + ": " + fromServer);
            assertFalse(fromServer.contains("/") || fromServer.contains("SQL statement") || fromServer.contains("\tat "),
                    sql + ": " + fromServer);
            Matcher id = ERROR_ID.matcher(fromServer);
            assertTrue(id.find(), sql + ": " + fromServer);
            assertTrue(serverLog.contains("error " + id.group(1) + " for alice"), id.group(1) + " not in the log");
        }
        try (Connection globex = server.connect("gina"); Statement statement = globex.createStatement();
                ResultSet rows = statement.executeQuery("SELECT 1")) {
            assertTrue(rows.next());
        }
    }

    /** Copies what the server logs to stderr into a buffer as well. */
    private static final class TeeStream extends OutputStream {
        private final PrintStream first;
        private final ByteArrayOutputStream second;

        TeeStream(PrintStream first, ByteArrayOutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public synchronized void write(int b) {
            first.write(b);
            second.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            first.write(b, off, len);
            second.write(b, off, len);
        }
    }
}
