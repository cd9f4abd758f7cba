package io.plugsql.samples;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the sample modules and their SQL functions from the classpath manifest
 * ({@value #RESOURCE_DIRECTORY}{@value #MANIFEST}, written by {@code sample-udfs/build.sh}).
 *
 * <pre>{@code
 * for (SampleFunction f : SampleModules.forTenant("globex")) {
 *     statement.execute(f.createFunctionSql("globex"));   // discount() gets Globex's rules
 * }
 * byte[] wasm = SampleModules.module("mul_add.wasm").bytes();
 * }</pre>
 */
public final class SampleModules {
    /** Classpath directory that holds the modules and the manifest. */
    public static final String RESOURCE_DIRECTORY = "/io/plugsql/samples/";
    /** Manifest file name: tab-separated, one line per SQL function, {@code #} comments, one header line. */
    public static final String MANIFEST = "manifest.tsv";

    private static final List<String> COLUMNS = List.of("name", "signature", "handler", "batch_export", "options",
            "tenants", "file", "sha256", "language", "source", "build");
    private static final Pattern SIGNATURE =
            Pattern.compile("(?<name>\\w+)\\s*\\((?<params>.*)\\)\\s+RETURNS\\s+(?<result>.+)", Pattern.CASE_INSENSITIVE);
    private static final String NONE = "-";

    private static volatile List<SampleFunction> functions;

    private SampleModules() {}

    /** Returns every sample function in manifest order (a name can appear once per tenant variant). */
    public static List<SampleFunction> functions() {
        List<SampleFunction> loaded = functions;
        if (loaded == null) {
            loaded = load();
            functions = loaded;
        }
        return loaded;
    }

    /** Returns the functions the demo tenant {@code tenant} gets. */
    public static List<SampleFunction> forTenant(String tenant) {
        return functions().stream().filter(f -> f.availableTo(tenant)).collect(Collectors.toUnmodifiableList());
    }

    /** Returns the function {@code name} as registered for {@code tenant}. */
    public static SampleFunction function(String name, String tenant) {
        return forTenant(tenant).stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException(
                        "no sample function " + name + " for tenant " + tenant));
    }

    /** Returns every distinct module in manifest order. */
    public static List<SampleModule> modules() {
        Map<String, SampleModule> byFile = new LinkedHashMap<>();
        functions().forEach(f -> byFile.putIfAbsent(f.module().file(), f.module()));
        return List.copyOf(byFile.values());
    }

    /** Returns the module stored in {@code file}, e.g. {@code "mul_add.wasm"}. */
    public static SampleModule module(String file) {
        return modules().stream().filter(m -> m.file().equals(file)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no sample module " + file));
    }

    private static List<SampleFunction> load() {
        List<String> lines = readLines(MANIFEST);
        Map<String, SampleModule> modules = new HashMap<>();
        List<SampleFunction> result = new ArrayList<>();
        boolean headerSeen = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            List<String> cells = Arrays.asList(line.split("\t", -1));
            if (cells.size() != COLUMNS.size()) {
                throw malformed(i, "expected " + COLUMNS.size() + " tab-separated columns, found " + cells.size());
            }
            if (!headerSeen) {
                if (!cells.equals(COLUMNS)) {
                    throw malformed(i, "header must be " + String.join(",", COLUMNS));
                }
                headerSeen = true;
                continue;
            }
            Map<String, String> row = new HashMap<>();
            for (int c = 0; c < COLUMNS.size(); c++) {
                row.put(COLUMNS.get(c), cells.get(c));
            }
            SampleModule module = modules.computeIfAbsent(row.get("file"), file -> new SampleModule(file,
                    row.get("sha256"), row.get("language"), row.get("source"), row.get("build"), readBytes(file)));
            result.add(function(row, module, i));
        }
        return List.copyOf(result);
    }

    private static SampleFunction function(Map<String, String> row, SampleModule module, int line) {
        Matcher m = SIGNATURE.matcher(row.get("signature"));
        if (!m.matches() || !m.group("name").equals(row.get("name"))) {
            throw malformed(line, "signature '" + row.get("signature") + "' must read name(params) RETURNS type");
        }
        List<SampleFunction.Parameter> params = new ArrayList<>();
        for (String param : SqlSyntax.splitTopLevel(m.group("params"))) {
            String[] parts = param.trim().split("\\s+", 2);
            if (parts.length != 2) {
                throw malformed(line, "parameter '" + param.trim() + "' must read 'name TYPE'");
            }
            params.add(new SampleFunction.Parameter(parts[0], parts[1]));
        }
        Map<String, String> options = new LinkedHashMap<>();
        if (!row.get("options").equals(NONE)) {
            for (String option : row.get("options").split(",")) {
                String[] kv = option.split("=", 2);
                if (kv.length != 2) {
                    throw malformed(line, "option '" + option + "' must read key=value");
                }
                options.put(kv[0].trim(), kv[1].trim());
            }
        }
        String batch = row.get("batch_export");
        return new SampleFunction(row.get("name"), row.get("signature"), params, m.group("result").trim(),
                row.get("handler"), batch.equals(NONE) ? Optional.empty() : Optional.of(batch), options,
                Set.of(row.get("tenants").split(",")), module);
    }

    private static List<String> readLines(String file) {
        try (InputStream in = open(file);
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, UTF_8))) {
            return reader.lines().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sample " + file, e);
        }
    }

    private static byte[] readBytes(String file) {
        try (InputStream in = open(file)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sample module " + file, e);
        }
    }

    private static InputStream open(String file) {
        InputStream in = SampleModules.class.getResourceAsStream(RESOURCE_DIRECTORY + file);
        if (in == null) {
            throw new IllegalStateException("sample resource " + RESOURCE_DIRECTORY + file + " is not on the classpath");
        }
        return in;
    }

    private static IllegalStateException malformed(int line, String problem) {
        return new IllegalStateException(RESOURCE_DIRECTORY + MANIFEST + " line " + (line + 1) + ": " + problem);
    }
}
