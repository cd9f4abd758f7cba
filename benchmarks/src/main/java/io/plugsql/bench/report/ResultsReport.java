package io.plugsql.bench.report;

import io.plugsql.bench.e2e.Measurement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes {@code RESULTS.md} and a PNG chart from the JMH JSON files and end-to-end TSV files of one
 * benchmark run; every figure is shown with its ratio to a baseline measured in the same run.
 *
 * <pre>
 * java -cp ... io.plugsql.bench.report.ResultsReport --machine "2 cores, ..." \
 *     [--settings "ROWS=1000000 ..."] --jmh "JDK 17=jmh-17.json" --jmh "JDK 25=jmh-25.json" \
 *     --node node.tsv --e2e "JDK 25=e2e.tsv" --section coldstart.md --section server.md [--notes notes.md] \
 *     --out RESULTS.md --chart results.png
 * </pre>
 */
public final class ResultsReport {
    private ResultsReport() {}

    public static void main(String[] args) throws IOException {
        String machine = "unknown machine";
        String settings = null;
        List<JmhResult> jmh = new ArrayList<>();
        Map<String, List<Measurement>> endToEnd = new LinkedHashMap<>();
        List<NodeResult> node = new ArrayList<>();
        List<Path> sections = new ArrayList<>();
        List<Path> notes = new ArrayList<>();
        Path out = Path.of("RESULTS.md");
        Path chart = Path.of("results.png");
        for (int i = 0; i + 1 < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--machine" -> machine = value;
                case "--settings" -> settings = value;
                case "--jmh" -> jmh.addAll(JmhResult.read(label(value), file(value)));
                case "--e2e" -> endToEnd.put(label(value), readMeasurements(file(value)));
                case "--node" -> node.addAll(NodeResult.read(Path.of(value)));
                case "--section" -> sections.add(Path.of(value));
                case "--notes" -> notes.add(Path.of(value));
                case "--out" -> out = Path.of(value);
                case "--chart" -> chart = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        StringBuilder md = new StringBuilder();
        md.append("# plugsql benchmark results\n\n")
                .append("Measured ").append(LocalDate.now()).append(" on ").append(machine).append(".\n")
                .append(settings == null ? "" : "Sizes and settings: " + settings + ".\n")
                .append("Every ratio compares figures measured in the same run. Regenerate with `benchmarks/run.sh`.\n\n")
                .append("![ns per row](").append(chart.getFileName()).append(")\n\n");
        List<BarChart.Bar> bars = new ArrayList<>();
        appendJmh(md, jmh, bars);
        appendNode(md, node, jmh, bars);
        appendEndToEnd(md, endToEnd, bars);
        for (Path section : sections) {
            md.append(Files.readString(section)).append('\n');
        }
        for (Path note : notes) {
            md.append(Files.readString(note)).append('\n');
        }
        Files.writeString(out, md.toString());
        BarChart.write("plugsql: cost per row (lower is better)", "ns per row", bars, chart);
    }

    private static void appendJmh(StringBuilder md, List<JmhResult> results, List<BarChart.Bar> bars) {
        if (results.isEmpty()) {
            return;
        }
        Set<String> runs = new LinkedHashSet<>();
        Set<String> groups = new LinkedHashSet<>();
        results.forEach(r -> {
            runs.add(r.runLabel());
            groups.add(r.group());
        });
        md.append("## Engine (JMH): ns per row, and ratio to plain Java on the same JDK\n\n");
        md.append("| kernel | path |");
        runs.forEach(run -> md.append(' ').append(run).append(" ns/row | x plain Java |"));
        md.append("\n|---|---|").append("---:|---:|".repeat(runs.size())).append('\n');
        for (String group : groups) {
            Set<String> paths = new LinkedHashSet<>();
            results.stream().filter(r -> r.group().equals(group)).forEach(r -> paths.add(r.path()));
            for (String path : paths) {
                md.append("| ").append(group).append(" | ").append(path).append(" |");
                for (String run : runs) {
                    Optional<JmhResult> result = find(results, run, group, path);
                    Optional<JmhResult> baseline = find(results, run, group, JmhResult.BASELINE_PATH);
                    md.append(' ').append(result.map(r -> format(r.nsPerRow()) + (Double.isNaN(r.error()) ? "" : " ± " + format(r.error()))).orElse("-"))
                            .append(" | ")
                            .append(result.flatMap(r -> baseline.map(b -> format(r.nsPerRow() / b.nsPerRow()) + "x"))
                                    .orElse("-"))
                            .append(" |");
                    result.ifPresent(r -> bars.add(new BarChart.Bar(
                            group.split(" ")[0] + " " + path + " (" + run + ")", r.nsPerRow(), 0)));
                }
                md.append('\n');
            }
        }
        md.append('\n');
    }

    /** V8 running the same batch exports: each figure against plain Java and Chicory's batch path per JDK. */
    private static void appendNode(StringBuilder md, List<NodeResult> node, List<JmhResult> jmh, List<BarChart.Bar> bars) {
        if (node.isEmpty()) {
            return;
        }
        Set<String> runs = new LinkedHashSet<>();
        jmh.forEach(r -> runs.add(r.runLabel()));
        md.append("## Wasm ceiling: the same .wasm batch export in Node's V8 (").append(node.get(0).runtime())
                .append(")\n\n")
                .append("The kernel call alone over data already in linear memory (median of 15 calls after 10). "
                        + "Ratios: plain Java / V8 (below 1: Java is faster) and Chicory batch path / V8, per JDK.\n\n")
                .append("| kernel | rows | V8 ns/row |");
        runs.forEach(run -> md.append(" plain Java / V8 (").append(run).append(") | Chicory batch / V8 (")
                .append(run).append(") |"));
        md.append("\n|---|---:|---:|").append("---:|---:|".repeat(runs.size())).append('\n');
        for (NodeResult result : node) {
            md.append("| ").append(result.jmhKernel()).append(" | ")
                    .append(String.format(Locale.ROOT, "%,d", result.rows())).append(" | ")
                    .append(format(result.nsPerRow())).append(" |");
            for (String run : runs) {
                md.append(' ').append(ratio(jmh, run, result, JmhResult.BASELINE_PATH)).append(" | ")
                        .append(ratio(jmh, run, result, "wasmBatch")).append(" |");
            }
            md.append('\n');
            bars.add(new BarChart.Bar(result.jmhKernel() + " V8 batch (" + result.runtime() + ")", result.nsPerRow(), 2));
        }
        md.append('\n');
    }

    private static String ratio(List<JmhResult> jmh, String run, NodeResult node, String path) {
        return jmh.stream()
                .filter(r -> r.runLabel().equals(run) && r.kernel().equals(node.jmhKernel()) && r.path().equals(path))
                .findFirst()
                .map(r -> format(r.nsPerRow() / node.nsPerRow()) + "x")
                .orElse("-");
    }

    private static void appendEndToEnd(StringBuilder md, Map<String, List<Measurement>> runs, List<BarChart.Bar> bars) {
        runs.forEach((run, measurements) -> {
            if (measurements.isEmpty()) {
                return;
            }
            md.append("## End to end (").append(run).append("): `SELECT SUM(f(a, b)) FROM t`, f = a*b+1\n\n")
                    .append("Median of repeated runs after a warm-up; each system's UDF query is compared with the "
                            + "same query using its own built-in expression `SUM(a * b + 1)`.\n\n")
                    .append("| system | rows | UDF query (s) | built-in query (s) | UDF ns/row | added ns/row | UDF / built-in |\n")
                    .append("|---|---:|---:|---:|---:|---:|---:|\n");
            for (Measurement m : measurements) {
                md.append("| ").append(m.contender())
                        .append(" | ").append(String.format(Locale.ROOT, "%,d", m.rows()))
                        .append(" | ").append(format(m.udfNanos() / 1e9))
                        .append(" | ").append(format(m.builtinNanos() / 1e9))
                        .append(" | ").append(format(m.udfNsPerRow()))
                        .append(" | ").append(format(m.addedNsPerRow()))
                        .append(" | ").append(format((double) m.udfNanos() / m.builtinNanos())).append("x |\n");
                bars.add(new BarChart.Bar("e2e " + m.contender() + " (" + run + ")", m.udfNsPerRow(), 1));
            }
            md.append('\n');
        });
    }

    private static Optional<JmhResult> find(List<JmhResult> results, String run, String group, String path) {
        return results.stream()
                .filter(r -> r.runLabel().equals(run) && r.group().equals(group) && r.path().equals(path))
                .findFirst();
    }

    private static List<Measurement> readMeasurements(Path tsv) throws IOException {
        List<Measurement> measurements = new ArrayList<>();
        for (String line : Files.readAllLines(tsv)) {
            if (!line.isBlank()) {
                measurements.add(Measurement.fromTsv(line));
            }
        }
        return measurements;
    }

    private static String label(String labelledFile) {
        int eq = labelledFile.indexOf('=');
        if (eq < 0) {
            throw new IllegalArgumentException("expected LABEL=FILE, got " + labelledFile);
        }
        return labelledFile.substring(0, eq);
    }

    private static Path file(String labelledFile) {
        return Path.of(labelledFile.substring(labelledFile.indexOf('=') + 1));
    }

    private static String format(double value) {
        return BarChart.formatValue(value);
    }
}
