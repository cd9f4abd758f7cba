package io.plugsql.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One JMH score read from a {@code -rf json} result file: the benchmark class (the kernel), the
 * method (the execution path), its parameters and the score in ns per row.
 */
record JmhResult(String runLabel, String kernel, String path, Map<String, String> params, double nsPerRow, double error) {
    /** The JMH method every kernel class defines as its baseline. */
    static final String BASELINE_PATH = "plainJava";

    static List<JmhResult> read(String runLabel, Path json) throws IOException {
        List<JmhResult> results = new ArrayList<>();
        for (JsonNode node : new ObjectMapper().readTree(json.toFile())) {
            String benchmark = node.get("benchmark").asText();
            int lastDot = benchmark.lastIndexOf('.');
            String className = benchmark.substring(0, lastDot);
            Map<String, String> params = new TreeMap<>();
            JsonNode paramsNode = node.get("params");
            if (paramsNode != null) {
                paramsNode.fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
            }
            JsonNode metric = node.get("primaryMetric");
            if (!"ns/op".equals(metric.get("scoreUnit").asText())) {
                throw new IOException(benchmark + " is not measured in ns/op: run JMH with -tu ns and mode avgt");
            }
            results.add(new JmhResult(
                    runLabel,
                    className.substring(className.lastIndexOf('.') + 1).replace("Benchmark", ""),
                    benchmark.substring(lastDot + 1),
                    params,
                    metric.get("score").asDouble(),
                    metric.get("scoreError").asDouble()));
        }
        return results;
    }

    /** The kernel name plus its parameters, e.g. {@code MulAdd rows=1048576}. */
    String group() {
        StringBuilder group = new StringBuilder(kernel);
        params.forEach((key, value) -> group.append(' ').append(key).append('=').append(value));
        return group.toString();
    }
}
