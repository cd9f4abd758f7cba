package io.plugsql.bench.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report takes JMH JSON, the Node TSV and Markdown sections, and computes the V8 ratios per JDK. */
class ResultsReportSmokeTest {
    @Test
    void nodeRatiosAndSectionsAppear(@TempDir Path dir) throws Exception {
        Path jmh = dir.resolve("jmh.json");
        Files.writeString(jmh, "[" + jmhEntry("MulAddBenchmark.plainJava", 0.5) + ","
                + jmhEntry("MulAddBenchmark.wasmBatch", 2.0) + "]");
        Path node = dir.resolve("node.tsv");
        Files.write(node, List.of("mul_add\t1048576\t0.250\tNode v20.0.0"));
        Path section = dir.resolve("section.md");
        Files.writeString(section, "## A section\n");
        Path results = dir.resolve("RESULTS.md");
        ResultsReport.main(new String[] {"--machine", "test machine", "--settings", "ROWS=10",
                "--jmh", "JDK 17=" + jmh, "--node", node.toString(), "--section", section.toString(),
                "--out", results.toString(), "--chart", dir.resolve("results.png").toString()});
        String markdown = Files.readString(results);
        assertTrue(markdown.contains("Sizes and settings: ROWS=10."), markdown);
        assertTrue(markdown.contains("| MulAdd | 1,048,576 | 0.250 | 2.00x | 8.00x |"), markdown);
        assertTrue(markdown.contains("## A section"), markdown);
    }

    private static String jmhEntry(String benchmark, double score) {
        return "{\"benchmark\":\"io.plugsql.bench.engine." + benchmark + "\",\"primaryMetric\":{\"score\":" + score
                + ",\"scoreError\":0.01,\"scoreUnit\":\"ns/op\"}}";
    }
}
