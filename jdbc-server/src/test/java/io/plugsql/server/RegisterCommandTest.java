package io.plugsql.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code plugsql register} against a real server: register, query, replace, and refusals. */
class RegisterCommandTest {
    private static final String BIGINT_PAIR = "(a BIGINT, b BIGINT) RETURNS BIGINT";
    private static final String TOTAL = "(total_cents BIGINT) RETURNS BIGINT";

    @TempDir
    static Path data;
    @TempDir
    static Path files;
    private static TestServer server;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start(data);
        for (String module : new String[] {"mul_add.wasm", "discount.wasm"}) {
            try (InputStream in = RegisterCommandTest.class.getResourceAsStream("/io/plugsql/samples/" + module)) {
                Files.write(files.resolve(module), in.readAllBytes());
            }
        }
        Files.writeString(files.resolve("mul_add.wat"), "(module (func (export \"f\")))");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void registersAQueryableFunction() throws SQLException {
        Result result = register("mul_add.wasm", "--name", "calc", "--signature", BIGINT_PAIR, "--handler", "mul_add");
        assertEquals(0, result.status, result.err);
        assertEquals("registered acme.calc version 1\n", result.out);
        try (Connection acme = server.connect("alice")) {
            assertEquals(43L, queryLong(acme, "SELECT calc(6, 7)"));
        }
    }

    @Test
    void replaceIsVisibleOnAnOpenConnectionWithoutRestart() throws SQLException {
        Result first = register("discount.wasm", "--name", "price_cut", "--signature", TOTAL,
                "--handler", "discount_acme");
        assertEquals("registered acme.price_cut version 1\n", first.out, first.err);
        try (Connection acme = server.connect("alice")) {
            assertEquals(6_000L, queryLong(acme, "SELECT price_cut(60000)"), "acme: 10% from 500.00");
            Result second = register("discount.wasm", "--name", "acme.price_cut", "--signature", TOTAL,
                    "--handler", "discount_globex", "--option", "timeout=500ms",
                    "--option", "on_null_input=return_null");
            assertEquals(0, second.status, second.err);
            assertEquals("registered acme.price_cut version 2\n", second.out);
            assertEquals(4_200L, queryLong(acme, "SELECT price_cut(60000)"), "globex: 7% from 250.00");
        }
    }

    @Test
    void missingFileIsRefusedBeforeConnecting() {
        Result result = register("nowhere.wasm", "--name", "f", "--signature", TOTAL);
        assertEquals(1, result.status);
        assertTrue(result.err.contains("no such file " + files.resolve("nowhere.wasm")), result.err);
    }

    @Test
    void textFileIsNotWasm() {
        Result result = register("mul_add.wat", "--name", "f", "--signature", TOTAL);
        assertEquals(1, result.status);
        assertTrue(result.err.contains("is not a WebAssembly binary module"), result.err);
    }

    @Test
    void serverRefusalCarriesSqlStateAndMessage() {
        Result missingExport = register("mul_add.wasm", "--name", "bad_export", "--signature", BIGINT_PAIR,
                "--handler", "no_such_export");
        assertEquals(1, missingExport.status);
        assertTrue(missingExport.err.contains("refused bad_export (SQLSTATE 42P13)"), missingExport.err);
        assertTrue(missingExport.err.contains("no_such_export"), missingExport.err);

        Result first = register("mul_add.wasm", "--name", "once", "--signature", BIGINT_PAIR, "--handler", "mul_add");
        assertEquals(0, first.status, first.err);
        Result again = register("mul_add.wasm", "--name", "once", "--signature", BIGINT_PAIR, "--handler", "mul_add",
                "--no-replace");
        assertEquals(1, again.status);
        assertTrue(again.err.contains("(SQLSTATE 42723)"), again.err);
        assertTrue(again.err.contains("function acme.once already exists (version 1)"), again.err);
        assertTrue(again.err.contains("AS X'...'"), "the module's hex is left out: " + again.err);

        Result otherTenant = register("mul_add.wasm", "--name", "globex.sneaky", "--signature", BIGINT_PAIR,
                "--handler", "mul_add");
        assertEquals(1, otherTenant.status);
        assertTrue(otherTenant.err.contains("(SQLSTATE 42501)"), otherTenant.err);
    }

    @Test
    void wrongPasswordIsRefused() {
        Result result = run("wrong\n", "register", files.resolve("mul_add.wasm").toString(), "--name", "f",
                "--signature", BIGINT_PAIR, "--user", "alice", "--url", url());
        assertEquals(1, result.status);
        assertTrue(result.err.contains("cannot connect to " + url() + " as alice"), result.err);
        assertTrue(result.err.contains("401"), result.err);
    }

    @Test
    void noServerIsAClearError() {
        Result result = run(TestServer.PASSWORD + "\n", "register", files.resolve("mul_add.wasm").toString(),
                "--name", "f", "--signature", BIGINT_PAIR, "--user", "alice", "--url", "http://127.0.0.1:1");
        assertEquals(1, result.status);
        assertTrue(result.err.contains("cannot connect to http://127.0.0.1:1 as alice"), result.err);
    }

    @Test
    void badArgumentsPrintUsage() {
        Result noName = run("", "register", files.resolve("mul_add.wasm").toString(), "--signature", BIGINT_PAIR,
                "--user", "alice");
        assertEquals(2, noName.status);
        assertTrue(noName.err.contains("register needs --name, --signature and --user"), noName.err);
        Result badType = register("mul_add.wasm", "--name", "f", "--signature", "(a LONG) RETURNS BIGINT");
        assertEquals(2, badType.status);
        assertTrue(badType.err.contains("LONG"), badType.err);
        Result badOption = register("mul_add.wasm", "--name", "f", "--signature", BIGINT_PAIR, "--option", "timeout");
        assertEquals(2, badOption.status);
        assertTrue(badOption.err.contains("--option must be KEY=VALUE, not 'timeout'"), badOption.err);
    }

    private static long queryLong(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getLong(1);
        }
    }

    private static String url() {
        return "http://127.0.0.1:" + server.server().port();
    }

    /** Runs {@code plugsql register FILE ARGS --user alice --url ...} with the password on stdin. */
    private static Result register(String file, String... args) {
        List<String> command = new ArrayList<>(List.of("register", files.resolve(file).toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--user", "alice", "--url", url()));
        return run(TestServer.PASSWORD + "\n", command.toArray(new String[0]));
    }

    private static Result run(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** What one command run returned and printed. */
    private record Result(int status, String out, String err) {}
}
