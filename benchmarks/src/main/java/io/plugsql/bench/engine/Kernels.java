package io.plugsql.bench.engine;

import com.dylibso.chicory.wabt.Wat2Wasm;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The benchmark kernels' Wasm modules, assembled from the WAT sources under
 * {@code io/plugsql/bench/wasm/} on the classpath, so that the JMH benchmarks and the Node script
 * run the very same bytes.
 *
 * <pre>
 * java -cp ... io.plugsql.bench.engine.Kernels work/wasm    # writes mul_add.wasm, upper.wasm, ...
 * </pre>
 */
public final class Kernels {
    /** Every kernel module, by file stem. */
    public static final List<String> NAMES = List.of("mul_add", "haversine", "upper");

    private static final Map<String, byte[]> ASSEMBLED = new ConcurrentHashMap<>();

    private Kernels() {}

    /** The assembled module {@code name} (a copy). */
    public static byte[] wasm(String name) {
        return ASSEMBLED.computeIfAbsent(name, Kernels::assemble).clone();
    }

    /** Writes every kernel as {@code <name>.wasm} into the directory given as the only argument. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: Kernels OUTPUT_DIRECTORY");
        }
        Path directory = Files.createDirectories(Path.of(args[0]));
        for (String name : NAMES) {
            Files.write(directory.resolve(name + ".wasm"), wasm(name));
        }
    }

    private static byte[] assemble(String name) {
        String resource = "/io/plugsql/bench/wasm/" + name + ".wat";
        try (InputStream in = Kernels.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no kernel source " + resource + " on the classpath");
            }
            return Wat2Wasm.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
