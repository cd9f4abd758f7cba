package io.plugsql.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wabt.Wat2Wasm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Checks the manifest against the committed files and the coverage issue 7 asks for. */
class ManifestTest {
    static final Path MODULE_DIR = Path.of("").toAbsolutePath();
    static final Path RESOURCES = MODULE_DIR.resolve("src/main/resources/io/plugsql/samples");

    @Test
    void sha256OfEveryModuleMatchesTheManifest() throws NoSuchAlgorithmException {
        for (SampleModule m : SampleModules.modules()) {
            String actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(m.bytes()));
            assertEquals(m.sha256(), actual, m.file());
        }
    }

    @Test
    void manifestListsExactlyTheCommittedModulesAndTheirSources() throws IOException {
        Set<String> committed;
        try (Stream<Path> files = Files.list(RESOURCES)) {
            committed = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".wasm"))
                    .collect(Collectors.toSet());
        }
        assertEquals(committed, SampleModules.modules().stream().map(SampleModule::file).collect(Collectors.toSet()));
        for (SampleModule m : SampleModules.modules()) {
            assertTrue(Files.isRegularFile(MODULE_DIR.resolve(m.source())), m.source() + " missing");
            assertTrue(m.buildCommand().contains(m.source()), m.file() + " command does not build " + m.source());
            assertTrue(m.buildCommand().contains(" -o OUT"), m.file() + " command has no OUT placeholder");
        }
    }

    @Test
    void samplesCoverEveryLanguageBatchFormAndStrings() {
        assertEquals(Set.of("wat", "c", "rust", "assemblyscript"),
                SampleModules.modules().stream().map(SampleModule::language).collect(Collectors.toSet()));
        assertTrue(SampleModules.functions().stream().filter(f -> f.batchExport().isPresent()).count() >= 3);
        long strings = SampleModules.functions().stream()
                .filter(f -> f.parameterTypes().contains("VARCHAR") || f.returnType().equals("VARCHAR")).count();
        assertTrue(strings >= 2, "string functions: " + strings);
    }

    @Test
    void typedEntriesCarrySignatureHandlerAndOptions() {
        SampleFunction calibrate = SampleModules.function("calibrate_f", "acme");
        assertEquals(List.of("DOUBLE", "DOUBLE", "DOUBLE"), calibrate.parameterTypes());
        assertEquals("raw_celsius", calibrate.parameters().get(0).name());
        assertEquals("DOUBLE", calibrate.returnType());
        assertEquals("call", calibrate.onNullInput());
        assertEquals("sensor.wasm", calibrate.module().file());
        assertEquals("c", calibrate.module().language());

        SampleFunction mask = SampleModules.function("mask_email", "globex");
        assertEquals("return_null", mask.onNullInput());
        assertTrue(mask.batchExport().isEmpty());
        assertEquals("discount_globex", SampleModules.function("discount", "globex").handler());
        assertEquals("discount_acme", SampleModules.function("discount", "acme").handler());
        assertThrows(java.util.NoSuchElementException.class, () -> SampleModules.function("discount", "initech"));
        assertTrue(SampleModules.forTenant("initech").stream().noneMatch(f -> f.name().equals("discount")));
    }

    @Test
    void createFunctionSqlInlinesTheModuleWithHandlerAndOptions() {
        SampleFunction calibrate = SampleModules.function("calibrate_f", "acme");
        String sql = calibrate.createFunctionSql("acme");
        assertTrue(sql.startsWith("CREATE OR REPLACE FUNCTION acme.calibrate_f(raw_celsius DOUBLE, "
                + "offset_celsius DOUBLE, gain DOUBLE) RETURNS DOUBLE LANGUAGE WASM "
                + "WITH (handler = 'calibrate_f', on_null_input = 'call') AS X'0061736D"), sql);
        assertTrue(sql.endsWith(calibrate.module().hex() + "'"));
        assertEquals(2 * calibrate.module().bytes().length, calibrate.module().hex().length());
    }

    @Test
    void watSourcesCanGoVerbatimIntoCreateFunction() throws IOException {
        for (SampleModule m : SampleModules.modules()) {
            if (m.language().equals("wat")) {
                String text = Files.readString(MODULE_DIR.resolve(m.source()));
                assertTrue(text.startsWith("(module"), m.source() + " must start with (module");
                assertTrue(text.indexOf('\'') < 0, m.source() + " must not contain a quote");
                // What a CREATE FUNCTION ... AS '<WAT>' goes through: Chicory's pure-Java wat2wasm.
                byte[] assembled = Wat2Wasm.parse(text);
                assertArrayEquals(m.bytes(), assembled, m.source() + " assembles to other bytes in Chicory's wabt");
            }
        }
    }
}
