package io.plugsql.catalog;

import static io.plugsql.catalog.TestFunctions.create;
import static io.plugsql.catalog.TestFunctions.module;
import static io.plugsql.catalog.TestFunctions.replace;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog survives close, reopen and a killed process, and guards its directory and layout. */
class CatalogPersistenceTest {
    private static final FunctionName ACME_F = FunctionName.of("acme", "f");

    @TempDir
    Path dataDir;

    @Test
    void everythingIsBackAfterReopeningTheDirectory() {
        long catalogVersion;
        CatalogFunction before;
        try (CatalogStore catalog = CatalogStore.open(dataDir)) {
            catalog.ensureTenant("beta");
            catalog.createFunction(create("acme", "f", "v1"));
            catalog.createFunction(replace("acme", "f", "v2"));
            catalog.createFunction(create("acme", "gone", "gone"));
            catalog.dropFunction("acme", FunctionName.of("acme", "gone"), false);
            catalog.grantExecute(ACME_F, "beta", "acme");
            catalogVersion = catalog.catalogVersion();
            before = catalog.findFunction(ACME_F).orElseThrow();
        }
        assertTrue(Files.exists(dataDir.resolve("catalog.mv.db")));

        try (CatalogStore catalog = CatalogStore.open(dataDir)) {
            assertEquals(before, catalog.findFunction(ACME_F).orElseThrow());
            assertArrayEquals(module("v1"), catalog.findVersion(ACME_F, 1).orElseThrow().module());
            assertTrue(catalog.canExecute("beta", ACME_F));
            assertTrue(catalog.findFunction(FunctionName.of("acme", "gone")).isEmpty());
            assertEquals(List.of("acme", "beta"),
                    catalog.listTenants().stream().map(TenantRecord::name).collect(Collectors.toList()));
            assertEquals(3, catalog.storedModuleCount());
            assertEquals(catalogVersion, catalog.catalogVersion());
            // Numbering continues where it stopped.
            assertEquals(3, catalog.createFunction(replace("acme", "f", "v3")).version());
            assertEquals(2, catalog.createFunction(create("acme", "gone", "again")).version());
        }
    }

    @Test
    void aChangeAcknowledgedBeforeTheProcessDiesSurvives() throws Exception {
        assertEquals("created", runChild("crash"));

        try (CatalogStore catalog = CatalogStore.open(dataDir)) {
            CatalogFunction survived = catalog.findFunction(FunctionName.of("acme", "crash")).orElseThrow();
            assertEquals(1, survived.version().version());
            assertArrayEquals(module("crash"), survived.module());
        }
    }

    @Test
    void aSecondProcessCannotOpenADirectoryInUse() throws Exception {
        try (CatalogStore catalog = CatalogStore.open(dataDir)) {
            catalog.createFunction(create("acme", "f", "f"));
            String probe = runChild("probe");
            assertTrue(probe.startsWith("STORAGE_FAILURE: the catalog in " + dataDir.toAbsolutePath()
                    + " is in use by another process"), probe);
        }
        assertEquals("opened", runChild("probe"));
    }

    @Test
    void aCatalogFromANewerLayoutIsRefused() throws SQLException {
        CatalogStore.open(dataDir).close();
        String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("catalog");
        try (Connection connection = DriverManager.getConnection(url, "plugsql", "");
                Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO schema_version VALUES (99, CURRENT_TIMESTAMP)");
        }

        CatalogException error = assertThrows(CatalogException.class, () -> CatalogStore.open(dataDir));

        assertEquals(CatalogErrorCode.UNSUPPORTED_SCHEMA_VERSION, error.catalogErrorCode());
        assertEquals("the catalog has layout version 99 but this plugsql reads at most version 1: upgrade plugsql",
                error.getMessage());
    }

    @Test
    void aDataDirectoryThatIsAFileIsAStorageFailure() throws IOException {
        Path file = Files.writeString(dataDir.resolve("not-a-directory"), "x");

        CatalogException error = assertThrows(CatalogException.class, () -> CatalogStore.open(file));

        assertEquals(CatalogErrorCode.STORAGE_FAILURE, error.catalogErrorCode());
        assertTrue(error.getMessage().startsWith("cannot create the data directory " + file), error.getMessage());
    }

    /** Runs {@link CatalogChildProcess} in a new JVM on the test class path; returns its output. */
    private String runChild(String mode) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                CatalogChildProcess.class.getName(), mode, dataDir.toString())
                .redirectErrorStream(true)
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("child JVM (" + mode + ") did not finish within 60 s");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, process.exitValue(), output);
        return output.lines().reduce((first, second) -> second).orElse("");
    }
}
