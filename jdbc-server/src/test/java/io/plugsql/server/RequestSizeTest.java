package io.plugsql.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Request bodies over the server's cap are refused before they are buffered; other clients are served. */
class RequestSizeTest {
    private static final long CAP = 1 << 20;

    @TempDir
    static Path data;
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(ServerConfig.builder(data).port(0).demoTenants(false)
                .limits(new TenantLimits(8, 8, Duration.ofSeconds(30)))
                .http(HttpLimits.DEFAULT.withMaxRequestBytes(CAP))
                .build());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aStatementOverTheCapIsRefusedWithSqlStateAndTheConnectionKeepsWorking() throws SQLException {
        String huge = "SELECT 1 /*" + "x".repeat(2 * (int) CAP) + "*/";
        try (Connection acme = server.connect("alice"); Statement statement = acme.createStatement()) {
            SQLException refused = assertThrows(SQLException.class, () -> statement.executeQuery(huge).close());
            assertEquals("54000", refused.getSQLState(), refused.toString());
            assertTrue(refused.getMessage().contains("at most " + CAP + " bytes per request (--max-request-size)"),
                    refused.getMessage());
            assertEquals(1, one(statement, "SELECT 1"));
        }
        try (Connection globex = server.connect("gina"); Statement statement = globex.createStatement()) {
            assertEquals(1, one(statement, "SELECT 1"));
        }
    }

    @Test
    void aChunkedBodyIsCutOffAtTheCap() throws IOException, SQLException {
        try (Socket socket = RawHttp.connect(InetAddress.getLoopbackAddress(), server.server().port())) {
            OutputStream out = socket.getOutputStream();
            out.write(RawHttp.head("POST", "/", "alice", TestServer.PASSWORD,
                    "Content-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n"));
            byte[] chunk = new byte[64 << 10];
            String header = Integer.toHexString(chunk.length) + "\r\n";
            String answer = "";
            try {
                for (long sent = 0; sent <= 4 * CAP; sent += chunk.length) {
                    out.write(header.getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
            }
            catch (IOException closedByTheServer) {
                // Expected once the server has answered and closed.
            }
            answer = new String(readAll(socket.getInputStream()), StandardCharsets.ISO_8859_1);
            assertTrue(answer.startsWith("HTTP/1.1 500"), answer);
            assertTrue(answer.contains("more than " + CAP + " bytes"), answer);
        }
        try (Connection globex = server.connect("gina"); Statement statement = globex.createStatement()) {
            assertEquals(1, one(statement, "SELECT 1"));
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try {
            return in.readAllBytes();
        }
        catch (IOException reset) {
            return new byte[0];
        }
    }

    private static long one(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
