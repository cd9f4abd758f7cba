package io.plugsql.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** {@code plugsql serve} run in process over a data directory, for tests of its options. */
final class ServeCommand {
    /** What the command returned and printed on stderr. */
    record Result(int status, String err) {}

    private ServeCommand() {}

    /** Runs {@code serve --data DATA --port 0 FLAGS...}. */
    static Result run(Path data, String... flags) {
        String[] args = new String[flags.length + 5];
        args[0] = "serve";
        args[1] = "--data";
        args[2] = data.toString();
        args[3] = "--port";
        args[4] = "0";
        System.arraycopy(flags, 0, args, 5, flags.length);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, err.toString(StandardCharsets.UTF_8));
    }

    /** Asserts that {@code serve} refuses the flags as a usage error (status 2) printing {@code expected} and {@code usage}. */
    static void assertUsageError(Path data, String expected, String usage, String... flags) {
        Result result = run(data, flags);
        assertEquals(2, result.status(), result.err());
        assertTrue(result.err().contains("plugsql: " + expected), result.err());
        assertTrue(result.err().contains(usage), result.err());
    }
}
