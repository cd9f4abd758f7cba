package io.plugsql.catalog;

import static io.plugsql.catalog.TestFunctions.create;
import static io.plugsql.catalog.TestFunctions.module;
import static io.plugsql.catalog.TestFunctions.replace;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A change that fails midway, after some of its rows were written, must leave the catalog as it was. */
class CatalogAtomicityTest {
    private static final FunctionName ACME_F = FunctionName.of("acme", "f");

    @TempDir
    Path dataDir;

    /** The checkpoint at which the next write fails; null for none. */
    private final AtomicReference<String> failAt = new AtomicReference<>();
    private CatalogStore catalog;

    @BeforeEach
    void open() {
        catalog = CatalogStore.open(dataDir, step -> {
            if (step.equals(failAt.get())) {
                throw new IllegalStateException("injected failure at " + step);
            }
        });
    }

    @AfterEach
    void close() {
        catalog.close();
    }

    @Test
    void failedFirstCreateLeavesNoTenantFunctionVersionOrModule() {
        long before = catalog.catalogVersion();
        failAt.set("version-inserted");

        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> catalog.createFunction(create("acme", "f", "new-module")));

        assertEquals("injected failure at version-inserted", error.getMessage());
        assertTrue(catalog.findFunction(ACME_F).isEmpty());
        assertTrue(catalog.listVersions(ACME_F).isEmpty());
        assertTrue(catalog.listTenants().isEmpty());
        assertEquals(0, catalog.storedModuleCount());
        assertEquals(before, catalog.catalogVersion());

        failAt.set(null);
        assertEquals(1, catalog.createFunction(create("acme", "f", "new-module")).version());
    }

    @Test
    void failedReplaceKeepsTheCurrentVersionAndAddsNoModule() {
        catalog.createFunction(create("acme", "f", "v1"));
        long before = catalog.catalogVersion();
        failAt.set("version-inserted");

        assertThrows(IllegalStateException.class, () -> catalog.createFunction(replace("acme", "f", "v2")));

        CatalogFunction current = catalog.findFunction(ACME_F).orElseThrow();
        assertEquals(1, current.version().version());
        assertArrayEquals(module("v1"), current.module());
        assertEquals(List.of(1), versions());
        assertEquals(1, catalog.storedModuleCount());
        assertEquals(before, catalog.catalogVersion());

        failAt.set(null);
        assertEquals(2, catalog.createFunction(replace("acme", "f", "v2")).version(), "the failed version is not skipped");
    }

    @Test
    void failedRecreateAfterDropLeavesTheFunctionDropped() {
        catalog.createFunction(create("acme", "f", "v1"));
        catalog.dropFunction("acme", ACME_F, false);
        failAt.set("version-inserted");

        assertThrows(IllegalStateException.class, () -> catalog.createFunction(create("acme", "f", "v2")));

        assertTrue(catalog.findFunction(ACME_F).isEmpty());
        assertEquals(List.of(1), versions());
    }

    @Test
    void failedDropKeepsTheFunctionAndItsGrants() {
        catalog.ensureTenant("beta");
        catalog.createFunction(create("acme", "f", "v1"));
        catalog.grantExecute(ACME_F, "beta", "acme");
        long before = catalog.catalogVersion();
        failAt.set("function-dropped");

        assertThrows(IllegalStateException.class, () -> catalog.dropFunction("acme", ACME_F, false));

        assertTrue(catalog.findFunction(ACME_F).isPresent());
        assertTrue(catalog.canExecute("beta", ACME_F));
        assertEquals(before, catalog.catalogVersion());
    }

    private List<Integer> versions() {
        return catalog.listVersions(ACME_F).stream().map(FunctionVersion::version).collect(Collectors.toList());
    }
}
