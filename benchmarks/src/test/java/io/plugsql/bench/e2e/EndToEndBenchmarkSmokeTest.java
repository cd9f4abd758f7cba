package io.plugsql.bench.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plugsql.bench.report.ResultsReport;
import io.plugsql.bench.server.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the harness and the report writer on tiny sizes so they cannot rot; asserts answers, not speed. */
class EndToEndBenchmarkSmokeTest {
    @Test
    void everyContenderAgreesOnTheSumAndTheReportIsWritten(@TempDir Path dir) throws Exception {
        Path tsv = dir.resolve("e2e.tsv");
        EndToEndBenchmark.main(new String[] {"--rows", "5000", "--reps", "1", "--out", tsv.toString()});

        List<String> lines = Files.readAllLines(tsv);
        List<String> names = lines.stream().map(line -> Measurement.fromTsv(line).contender()).toList();
        List<String> expected = new ArrayList<>(List.of(
                "plugsql embedded (H2 table), batch path", "plugsql embedded (H2 table), row path"));
        if (ServerProcess.available()) {
            expected.add("plugsql server (loopback JDBC), batch path");
        }
        expected.addAll(List.of("plugsql in-memory row table, batch path", "plugsql in-memory row table, row path",
                "plugsql in-memory Arrow table, batch path", "plugsql in-memory Arrow table, row path",
                "H2 CREATE ALIAS", "H2 file table read over JDBC, a*b+1 in Java", "DuckDB scalar Java UDF", "DuckDB vectorized Java UDF", "SQLite Java function"));
        assertEquals(expected, names);
        lines.forEach(line -> assertEquals(5000, Measurement.fromTsv(line).rows()));

        Path results = dir.resolve("RESULTS.md");
        Path chart = dir.resolve("results.png");
        ResultsReport.main(new String[] {"--machine", "test machine", "--e2e", "JDK=" + tsv,
                "--out", results.toString(), "--chart", chart.toString()});
        String markdown = Files.readString(results);
        assertTrue(markdown.contains("| SQLite Java function | 5,000 |"), markdown);
        byte[] png = Files.readAllBytes(chart);
        assertTrue(png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "chart is a PNG");
    }

    @Test
    void datasetSumMatchesClosedFormOnSmallSizes() {
        // rows 0..2: a = 0,1,2 and b = 3,10,17 -> (0*3+1) + (1*10+1) + (2*17+1) = 47
        assertEquals(47, new Dataset(3).expectedSum());
    }
}
