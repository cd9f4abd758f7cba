package io.plugsql.server;

import io.plugsql.samples.SampleModules;
import io.plugsql.server.users.UserStore;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.plugsql.server.TestServer.ENDLESS;
import static io.plugsql.server.LimitsAndCancelTest.answer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** First start, command line, health, graceful shutdown and restart on the same data directory. */
class LifecycleTest {
    @TempDir
    Path data;

    @Test
    void firstStartCreatesDemoTenantsWithPrivateCredentials() throws Exception {
        try (PlugSqlServer server = PlugSqlServer.start(ServerConfig.builder(data.resolve("fresh")).port(0).build())) {
            Path credentials = server.demoCredentials().orElseThrow();
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials)));
            Properties demo = new Properties();
            try (var reader = Files.newBufferedReader(credentials)) {
                demo.load(reader);
            }
            String password = demo.getProperty("acme_admin");
            assertTrue(password != null && password.length() >= 20);
            String users = Files.readString(data.resolve("fresh/users.properties"));
            assertFalse(users.contains(password), "the users file holds hashes only");
            assertTrue(users.contains("pbkdf2-sha256"));
            Properties login = new Properties();
            login.setProperty("avatica_user", "acme_admin");
            login.setProperty("avatica_password", password);
            try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), login)) {
                long samples = SampleModules.forTenant("acme").size();
                assertTrue(samples > 0);
                assertEquals(samples, answer(connection, "SELECT COUNT(*) FROM plugsql.functions WHERE schema_name = 'acme'"),
                        "the demo tenant has the sample functions");
            }
        }
        try (PlugSqlServer again = PlugSqlServer.start(ServerConfig.builder(data.resolve("fresh")).port(0).build())) {
            assertTrue(again.demoCredentials().isEmpty(), "demo data is created on the first start only");
        }
    }

    @Test
    void jsonSerializationServesTheSameQueries() throws SQLException {
        UserStore.open(data.resolve("users.properties"), 1_000).add("alice", "acme", TestServer.PASSWORD.toCharArray());
        try (PlugSqlServer server = PlugSqlServer.start(ServerConfig.builder(data).port(0)
                .serialization(org.apache.calcite.avatica.remote.Driver.Serialization.JSON).build())) {
            assertTrue(server.jdbcUrl().contains("serialization=json"), server.jdbcUrl());
            Properties login = new Properties();
            login.setProperty("avatica_user", "alice");
            login.setProperty("avatica_password", TestServer.PASSWORD);
            try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), login)) {
                assertEquals(9, answer(connection, "SELECT 4 + 5"));
            }
        }
    }

    @Test
    void tlsServesHttpsWithTheKeystore() throws Exception {
        Path keystore = data.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "plugsql", "-keyalg", "EC", "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass", "tls-secret", "-keypass", "tls-secret", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1")
                .redirectErrorStream(true).start();
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, "keytool made a keystore");
        UserStore.open(data.resolve("users.properties"), 1_000).add("alice", "acme", TestServer.PASSWORD.toCharArray());
        try (PlugSqlServer server = PlugSqlServer.start(ServerConfig.builder(data).port(0).tls(keystore, "tls-secret").build())) {
            assertTrue(server.jdbcUrl().contains("url=https://127.0.0.1:"), server.jdbcUrl());
            Properties login = new Properties();
            login.setProperty("avatica_user", "alice");
            login.setProperty("avatica_password", TestServer.PASSWORD);
            login.setProperty("truststore", keystore.toString());
            login.setProperty("truststore_password", "tls-secret");
            try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), login)) {
                assertEquals(2, answer(connection, "SELECT 1 + 1"));
            }
        }
    }

    @Test
    void reservedAndMalformedTenantNamesAreRefused() {
        Path users = data.resolve("users.properties");
        Result reserved = cli("pw\n", "users", "add", "x", "--tenant", "plugsql", "--users", users.toString());
        assertEquals(1, reserved.status);
        assertTrue(reserved.err.contains("tenant name 'plugsql' is reserved"), reserved.err);
        assertEquals(1, cli("pw\n", "users", "add", "x", "--tenant", "Acme", "--users", users.toString()).status);
        assertEquals(1, cli("pw\n", "users", "add", "x:y", "--tenant", "acme", "--users", users.toString()).status);
    }

    @Test
    void usersCommandsManageTheHashedUsersFile() {
        Path users = data.resolve("users.properties");
        assertEquals(0, cli(null, "users", "add", "bob", "--tenant", "acme", "--users", users.toString()).status);
        assertEquals(0, cli("s3cret-pass\n", "users", "add", "carol", "--tenant", "globex", "--users", users.toString()).status);
        Result list = cli(null, "users", "list", "--users", users.toString());
        assertEquals("bob\tacme\ncarol\tglobex\n", list.out);
        Result duplicate = cli("x\n", "users", "add", "bob", "--tenant", "acme", "--users", users.toString());
        assertEquals(1, duplicate.status);
        assertTrue(duplicate.err.contains("user 'bob' already exists"), duplicate.err);
        assertEquals(2, cli("", "users", "add", "dave", "--tenant", "acme", "--users", users.toString()).status,
                "an empty password is refused");
        assertEquals(0, cli(null, "users", "remove", "bob", "--users", users.toString()).status);
        assertEquals("carol\tglobex\n", cli(null, "users", "list", "--users", users.toString()).out);
        assertEquals(2, cli(null, "users", "add", "eve", "--users", users.toString()).status, "--tenant is required");
    }

    @Test
    void healthCommandAndGracefulShutdownThenRestartWithDataIntact() throws Exception {
        TestServer server = TestServer.start(data, TenantLimits.DEFAULT, Duration.ofSeconds(1));
        int port = server.server().port();
        try (Connection connection = server.connect("alice"); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE kept (id INTEGER)");
            statement.execute("INSERT INTO kept VALUES (1), (2)");
        }
        assertEquals(0, cli(null, "health", "--port", Integer.toString(port)).status);

        Connection busy = server.connect("gina");
        Statement endless = busy.createStatement();
        CompletableFuture<Exception> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                answer(endless, ENDLESS);
                return null;
            }
            catch (Exception e) {
                return e;
            }
        });
        for (int attempt = 0; attempt < 600 && server.server().runningStatements() == 0; attempt++) {
            Thread.sleep(20);
        }
        server.close();
        assertTrue(outcome.get(30, TimeUnit.SECONDS) != null, "the running statement ended with an error");
        assertEquals(0, server.server().runningStatements());
        assertEquals(0, server.server().openConnections());
        assertEquals(1, cli(null, "health", "--port", Integer.toString(port)).status);
        assertThrows(Exception.class, () -> server.connect("alice").close());

        try (TestServer restarted = TestServer.start(data); Connection connection = restarted.connect("alice")) {
            assertEquals(2, answer(connection, "SELECT COUNT(*) FROM kept"));
        }
    }

    private static Result cli(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        byte[] input = (stdin == null ? "pw-" + args.length + "-ok\n" : stdin).getBytes(StandardCharsets.UTF_8);
        int status = Main.run(args, new ByteArrayInputStream(input), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** What a command printed and returned. */
    private record Result(int status, String out, String err) {}

}
