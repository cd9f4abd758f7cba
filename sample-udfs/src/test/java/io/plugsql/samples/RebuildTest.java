package io.plugsql.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rebuilds each language's modules with {@code build.sh --out} where the toolchain is installed, and
 * requires the rebuilt modules to have the ABI shape and give every expected result (byte identity is
 * reported, not required, since another toolchain version may emit other but equivalent code).
 */
class RebuildTest {
    @TempDir
    Path out;

    @TestFactory
    Stream<DynamicTest> rebuiltModulesBehaveLikeTheCommittedOnes() {
        return Stream.of("wat", "c", "rust", "assemblyscript").map(lang -> dynamicTest(lang, () -> rebuild(lang)));
    }

    private void rebuild(String language) throws IOException, InterruptedException {
        Result has = run("--has", language);
        assumeTrue(has.status == 0, "toolchain for " + language + " not installed: " + has.output.strip());
        Path dir = out.resolve(language);
        Result build = run("--out", dir.toString(), "--lang", language);
        assertEquals(0, build.status, "build.sh failed for " + language + ":\n" + build.output);
        List<SampleModule> modules = SampleModules.modules().stream().filter(m -> m.language().equals(language)).toList();
        for (SampleModule committed : modules) {
            byte[] rebuilt = Files.readAllBytes(dir.resolve(committed.file()));
            System.out.printf("rebuilt %s: %s%n", committed.file(),
                    Arrays.equals(rebuilt, committed.bytes()) ? "identical bytes" : "different bytes, checking behaviour");
            ModuleShapeTest.checkModule(rebuilt, committed.file());
            for (SampleFunction f : SampleModules.functions()) {
                if (!f.module().equals(committed)) {
                    continue;
                }
                ModuleShapeTest.checkFunction(rebuilt, f);
                List<SampleCases.Case> cases = Behaviour.casesOf(f);
                for (GuestHost.Mode mode : GuestHost.Mode.values()) {
                    cases.forEach(c -> Behaviour.checkScalar(rebuilt, c, mode));
                    if (f.batchExport().isPresent()) {
                        Behaviour.checkBatch(rebuilt, f, cases, mode);
                    }
                }
            }
        }
    }

    /** Exit status and combined output of one build.sh run. */
    private record Result(int status, String output) {}

    private Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", ManifestTest.MODULE_DIR.resolve("build.sh").toString()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(out, "build", ".log");
        Process process = new ProcessBuilder(command).directory(ManifestTest.MODULE_DIR.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        process.getOutputStream().close();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("build.sh " + String.join(" ", args) + " timed out");
        }
        return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
