package io.plugsql.bench.coldstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The cold-start harness runs its engine and SQL sequences on two repeats and writes both tables. */
class ColdStartBenchmarkSmokeTest {
    @Test
    void engineAndSqlSequencesProduceEveryRow() throws Exception {
        List<Latencies> engine = ColdStartBenchmark.measureEngine(2);
        List<Latencies> sql = ColdStartBenchmark.measureSql(2);
        assertEquals(4, engine.size());
        assertEquals(4, sql.size());
        assertEquals(2, engine.get(0).count(), "one load per repeat");
        assertEquals(2, sql.get(1).count(), "one same-bytes CREATE per repeat");
        String markdown = ColdStartBenchmark.engineSection(engine, 2) + ColdStartBenchmark.sqlSection(sql, 2);
        assertTrue(markdown.contains("| load the same bytes again (compile-cache hit) |"), markdown);
        assertTrue(markdown.contains("| first `SELECT f(3, 4)` after CREATE |"), markdown);
        assertTrue(markdown.contains("x warm query |"), markdown);
    }

    @Test
    void customSectionChangesTheBytesButNotTheModule() {
        byte[] wasm = io.plugsql.bench.engine.Kernels.wasm("mul_add");
        byte[] salted = ColdStartBenchmark.withCustomSection(wasm, "n", "x");
        // id 0, size 3, name length 1, 'n', 'x'
        assertEquals(wasm.length + 5, salted.length);
        assertEquals(0, salted[wasm.length]);
        assertEquals(3, salted[wasm.length + 1]);
    }
}
