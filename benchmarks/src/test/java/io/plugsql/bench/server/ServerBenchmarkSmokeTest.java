package io.plugsql.bench.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The point-query harness answers correctly from one and two clients for a fraction of a second, embedded and over the server. */
class ServerBenchmarkSmokeTest {
    @Test
    void embeddedPointQueriesProduceATable(@TempDir Path data) throws Exception {
        String markdown = ServerBenchmark.embeddedSection(data, new int[] {1, 2}, Duration.ZERO, Duration.ofMillis(300));
        assertTrue(markdown.contains("| 1 | UDF `mul_add(a, b)` |"), markdown);
        assertTrue(markdown.contains("| 2 | built-in `a * b + 1` |"), markdown);
    }

    @Test
    void serverStartsAnswersAndStops(@TempDir Path data) throws Exception {
        String markdown = ServerBenchmark.serverSection(data, new int[] {2}, Duration.ZERO, Duration.ofMillis(300));
        assertTrue(markdown.contains("Server start to first answer: "), markdown);
        assertTrue(markdown.contains("| 2 | UDF `mul_add(a, b)` |"), markdown);
    }
}
