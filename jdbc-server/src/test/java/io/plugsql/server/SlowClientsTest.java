package io.plugsql.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Slowloris over the server: connections that send a partial body and hold. Other clients' queries
 * and {@code /health} are answered while they hold; the server drops them by itself.
 */
class SlowClientsTest {
    /** Far below the default idle timeout (30 s), far above a query's time on a loaded machine. */
    private static final long SERVED_WITHIN_SECONDS = 20;
    private static final InetAddress ATTACKER = address("127.0.0.2");

    @TempDir
    Path data;

    @Test
    void partialBodiesFromOneAddressCannotStarveOtherClients() throws Exception {
        try (TestServer server = start(HttpLimits.DEFAULT);
                Holders holders = Holders.open(server, 250, "alice", TestServer.PASSWORD)) {
            assertTrue(holders.openCount() <= HttpLimits.DEFAULT.maxConnectionsPerAddress(),
                    holders.openCount() + " held connections of one address are open");
            assertServed(server, server.server().port());
        }
    }

    @Test
    void partialBodiesWithAWrongPasswordCannotStarveOtherClients() throws Exception {
        try (TestServer server = start(HttpLimits.DEFAULT);
                Holders holders = Holders.open(server, 250, "mallory", "guess")) {
            assertServed(server, server.server().port());
        }
    }

    @Test
    void silentAndTricklingBodiesAreCutOffByTheServer() throws Exception {
        try (TestServer server = start(HttpLimits.DEFAULT.withIdleTimeout(Duration.ofSeconds(2)));
                Holders holders = Holders.open(server, 20, "alice", TestServer.PASSWORD);
                Socket trickle = RawHttp.connect(ATTACKER, server.server().port())) {
            trickle.getOutputStream().write(RawHttp.head("POST", "/", "alice", TestServer.PASSWORD,
                    "Content-Length: 100000\r\n"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SERVED_WITHIN_SECONDS);
            boolean cut = false;
            while (!cut && System.nanoTime() < deadline) {
                try {
                    trickle.getOutputStream().write('x');
                    trickle.getOutputStream().flush();
                    Thread.sleep(200);
                }
                catch (IOException closed) {
                    cut = true;
                }
                cut = cut || trickle.getInputStream().available() > 0;
            }
            assertTrue(cut, "a body trickling at 5 bytes/s was not cut off");
            assertEquals(0, holders.awaitAllClosedByServer(deadline), "held connections still open");
            assertServed(server, server.server().port());
        }
    }

    @Test
    void healthHasThreadsOfItsOwn() throws Exception {
        HttpLimits limits = HttpLimits.DEFAULT.withMaxThreads(16).withHealthPort(0);
        try (TestServer server = start(limits); Holders holders = Holders.open(server, 40, "alice", TestServer.PASSWORD)) {
            int healthPort = server.server().healthPort().orElseThrow();
            assertEquals(200, CompletableFuture.supplyAsync(() -> get(healthPort, "/health"))
                    .get(SERVED_WITHIN_SECONDS, TimeUnit.SECONDS));
            assertEquals(404, get(healthPort, "/"));
        }
    }

    private TestServer start(HttpLimits limits) {
        return TestServer.start(ServerConfig.builder(data).port(0).demoTenants(false)
                .limits(new TenantLimits(16, 8, Duration.ofSeconds(60))).http(limits).build());
    }

    /** Another tenant's query and {@code /health}, from 127.0.0.1, complete while the holders hold. */
    private static void assertServed(TestServer server, int port) throws Exception {
        CompletableFuture<Long> query = CompletableFuture.supplyAsync(() -> {
            try (Connection globex = server.connect("gina"); Statement statement = globex.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT 41 + 1")) {
                rows.next();
                return rows.getLong(1);
            }
            catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        CompletableFuture<Integer> health = CompletableFuture.supplyAsync(() -> get(port, "/health"));
        assertEquals(42, query.get(SERVED_WITHIN_SECONDS, TimeUnit.SECONDS));
        assertEquals(200, health.get(SERVED_WITHIN_SECONDS, TimeUnit.SECONDS));
    }

    private static int get(int port, String path) {
        try {
            HttpURLConnection connection = (HttpURLConnection) new URL("http://127.0.0.1:" + port + path).openConnection();
            connection.setConnectTimeout(5_000);
            connection.setReadTimeout((int) TimeUnit.SECONDS.toMillis(SERVED_WITHIN_SECONDS + 5));
            int status = connection.getResponseCode();
            connection.disconnect();
            return status;
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InetAddress address(String name) {
        try {
            return InetAddress.getByName(name);
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Connections from {@link #ATTACKER} that each sent headers and 100 of 1,000,000 body bytes; all closed at the end. */
    private static final class Holders implements AutoCloseable {
        private final List<Socket> sockets = new ArrayList<>();

        static Holders open(TestServer server, int count, String user, String password) throws InterruptedException {
            Holders holders = new Holders();
            byte[] head = RawHttp.head("POST", "/", user, password, "Content-Type: application/octet-stream\r\n"
                    + "Content-Length: 1000000\r\n");
            byte[] start = "x".repeat(100).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < count; i++) {
                try {
                    Socket socket = RawHttp.connect(ATTACKER, server.server().port());
                    holders.sockets.add(socket);
                    socket.getOutputStream().write(head);
                    socket.getOutputStream().write(start);
                    socket.getOutputStream().flush();
                }
                catch (IOException refused) {
                    // The server may close or refuse a connection over the per-address cap.
                }
            }
            Thread.sleep(500);
            return holders;
        }

        /** Connections the server has not closed (a closed one reads EOF or a reset at once). */
        int openCount() throws IOException {
            int open = 0;
            for (Socket socket : sockets) {
                if (!socket.isClosed() && isOpen(socket, 50)) {
                    open++;
                }
            }
            return open;
        }

        /** Waits until the server closed every held connection or the deadline passed; returns those still open. */
        int awaitAllClosedByServer(long deadline) throws IOException {
            int open = openCount();
            while (open > 0 && System.nanoTime() < deadline) {
                open = openCount();
            }
            return open;
        }

        private static boolean isOpen(Socket socket, int waitMillis) throws IOException {
            socket.setSoTimeout(waitMillis);
            try {
                InputStream in = socket.getInputStream();
                // Anything the server sends here is its refusal, after which it closes.
                return in.read() >= 0 && false;
            }
            catch (SocketTimeoutException stillOpen) {
                return true;
            }
            catch (IOException reset) {
                return false;
            }
        }

        @Override
        public void close() {
            for (Socket socket : sockets) {
                try {
                    socket.close();
                }
                catch (IOException e) {
                    // Already closed by the server.
                }
            }
        }
    }
}
