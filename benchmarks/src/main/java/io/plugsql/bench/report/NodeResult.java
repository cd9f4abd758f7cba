package io.plugsql.bench.report;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One line of {@code benchmarks/node/wasm-ceiling.mjs}'s output: a kernel's batch export run by V8,
 * in ns per row.
 */
record NodeResult(String kernel, long rows, double nsPerRow, String runtime) {
    NodeResult {
        requireNonNull(kernel, "kernel is null");
        requireNonNull(runtime, "runtime is null");
    }

    /** The JMH benchmark class stem of the same kernel: {@code mul_add} -> {@code MulAdd}. */
    String jmhKernel() {
        StringBuilder camel = new StringBuilder();
        for (String part : kernel.split("_")) {
            camel.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
        }
        return camel.toString();
    }

    static List<NodeResult> read(Path tsv) throws IOException {
        List<NodeResult> results = new ArrayList<>();
        for (String line : Files.readAllLines(tsv)) {
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split("\t");
            if (fields.length != 4) {
                throw new IOException("expected kernel, rows, ns/row, runtime in " + tsv + ": " + line);
            }
            results.add(new NodeResult(fields[0], Long.parseLong(fields[1]), Double.parseDouble(fields[2]), fields[3]));
        }
        return results;
    }
}
