package io.plugsql.catalog;

import static io.plugsql.catalog.TestFunctions.BIGINT_BINARY;
import static io.plugsql.catalog.TestFunctions.create;
import static io.plugsql.catalog.TestFunctions.module;
import static io.plugsql.catalog.TestFunctions.replace;
import static io.plugsql.catalog.TestFunctions.request;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plugsql.engine.FunctionDefinition;
import io.plugsql.engine.NullInputMode;
import io.plugsql.engine.SandboxLimits;
import io.plugsql.engine.Signature;
import io.plugsql.engine.TypeName;
import io.plugsql.engine.UdfType;
import io.plugsql.error.ErrorType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Create, replace, drop, grants, ownership and listings of {@link CatalogStore} on a real H2 file. */
class CatalogStoreTest {
    private static final FunctionName ACME_F = FunctionName.of("acme", "f");

    @TempDir
    Path dataDir;

    private CatalogStore catalog;

    @BeforeEach
    void open() {
        catalog = CatalogStore.open(dataDir);
    }

    @AfterEach
    void close() {
        catalog.close();
    }

    @Test
    void createStoresEveryFieldAndBuildsTheEngineDefinition() {
        Signature signature = new Signature(
                List.of(UdfType.decimal(12, 2), UdfType.of(TypeName.VARCHAR), UdfType.of(TypeName.TIMESTAMP)),
                UdfType.of(TypeName.DOUBLE));
        SandboxLimits limits = new SandboxLimits(4L << 20, Duration.ofMillis(750), 12_345, 256 * 1024);
        byte[] wasm = module("discount");
        CreateResult result = catalog.createFunction(CreateFunctionRequest
                .builder("acme", FunctionName.of("acme", "Discount"), wasm, signature)
                .parameterNames(List.of("price", "", "at"))
                .handler("discount_v2")
                .nullInputMode(NullInputMode.CALL)
                .deterministic(false)
                .limits(limits)
                .build());

        assertEquals(new CreateResult(FunctionName.of("acme", "Discount"), 1, CreateResult.Status.CREATED), result);
        CatalogFunction found = catalog.findFunction(FunctionName.of("acme", "Discount")).orElseThrow();
        FunctionVersion version = found.version();
        assertEquals(1, version.version());
        assertTrue(version.current());
        assertEquals(signature, version.signature());
        assertEquals(List.of("price", "", "at"), version.parameterNames());
        assertEquals("discount_v2", version.handler());
        assertEquals(NullInputMode.CALL, version.nullInputMode());
        assertFalse(version.deterministic());
        assertEquals(limits, version.limits());
        assertEquals("acme", version.createdBy());
        assertEquals(wasm.length, version.moduleSize());
        assertArrayEquals(wasm, found.module());

        FunctionDefinition definition = found.toDefinition();
        assertEquals(FunctionDefinition.builder("acme.Discount", wasm)
                .version(1).signature(signature).handler("discount_v2").nullInputMode(NullInputMode.CALL)
                .limits(limits).deterministic(false).build(), definition);
        assertEquals("acme.Discount v1", definition.displayName());
        // The lookup is case-sensitive: the SQL layer folds identifiers before calling the catalog.
        assertTrue(catalog.findFunction(FunctionName.of("acme", "discount")).isEmpty());
    }

    @Test
    void defaultsAreTheLowerCaseHandlerReturnNullDeterministicAndDefaultLimits() {
        catalog.createFunction(request("acme", "Mask", "m").build());
        FunctionVersion version = catalog.describeFunction(FunctionName.of("acme", "Mask")).orElseThrow();
        assertEquals("mask", version.handler());
        assertEquals(NullInputMode.RETURN_NULL, version.nullInputMode());
        assertTrue(version.deterministic());
        assertEquals(SandboxLimits.DEFAULT, version.limits());
        assertEquals(List.of("", ""), version.parameterNames());
    }

    @Test
    void plainCreateOfAnExistingFunctionFailsAndChangesNothing() {
        catalog.createFunction(create("acme", "f", "one"));
        long before = catalog.catalogVersion();

        CatalogException error = assertThrows(CatalogException.class,
                () -> catalog.createFunction(create("acme", "f", "two")));

        assertEquals(CatalogErrorCode.FUNCTION_ALREADY_EXISTS, error.catalogErrorCode());
        assertEquals(ErrorType.USER_ERROR, error.getErrorCode().type());
        assertEquals(0x0200_0000, error.getErrorCode().code());
        assertEquals("function acme.f already exists (version 1); use CREATE OR REPLACE to add a version",
                error.getMessage());
        assertEquals(before, catalog.catalogVersion());
        assertArrayEquals(module("one"), catalog.findFunction(ACME_F).orElseThrow().module());
        assertEquals(1, catalog.storedModuleCount());
    }

    @Test
    void ifNotExistsIsANoOpThatReportsTheCurrentVersion() {
        catalog.createFunction(create("acme", "f", "one"));
        catalog.createFunction(replace("acme", "f", "two"));
        long before = catalog.catalogVersion();

        CreateResult result = catalog.createFunction(
                request("acme", "f", "three").mode(CreateMode.CREATE_IF_NOT_EXISTS).build());

        assertEquals(new CreateResult(ACME_F, 2, CreateResult.Status.ALREADY_EXISTS), result);
        assertFalse(result.changed());
        assertEquals(before, catalog.catalogVersion());
        assertArrayEquals(module("two"), catalog.findFunction(ACME_F).orElseThrow().module());
        assertEquals(2, catalog.storedModuleCount());
        // On a new name IF NOT EXISTS creates.
        assertEquals(CreateResult.Status.CREATED, catalog.createFunction(
                request("acme", "g", "g").mode(CreateMode.CREATE_IF_NOT_EXISTS).build()).status());
    }

    @Test
    void replaceAddsVersionsAndKeepsOldOnesReadable() {
        assertEquals(1, catalog.createFunction(replace("acme", "f", "v1")).version());
        assertEquals(new CreateResult(ACME_F, 2, CreateResult.Status.REPLACED),
                catalog.createFunction(replace("acme", "f", "v2")));
        assertEquals(3, catalog.createFunction(replace("acme", "f", "v3")).version());

        assertEquals(3, catalog.findFunction(ACME_F).orElseThrow().version().version());
        CatalogFunction first = catalog.findVersion(ACME_F, 1).orElseThrow();
        assertFalse(first.version().current());
        assertArrayEquals(module("v1"), first.module());
        assertEquals(1, first.toDefinition().version());
        assertTrue(catalog.findVersion(ACME_F, 4).isEmpty());
        assertEquals(List.of("1:false", "2:false", "3:true"), catalog.listVersions(ACME_F).stream()
                .map(v -> v.version() + ":" + v.current()).collect(Collectors.toList()));
        // The function keeps its creation time; each version records its own.
        FunctionEntry entry = catalog.listFunctions("acme").get(0);
        assertEquals(first.version().createdAt(), entry.createdAt());
        assertEquals(3, entry.current().version());
    }

    @Test
    void dropHidesTheFunctionKeepsItsHistoryAndRecreateContinuesTheNumbering() {
        catalog.createFunction(create("acme", "f", "v1"));
        catalog.createFunction(replace("acme", "f", "v2"));

        assertEquals(OptionalInt.of(2), catalog.dropFunction("acme", ACME_F, false));

        assertTrue(catalog.findFunction(ACME_F).isEmpty());
        assertTrue(catalog.describeFunction(ACME_F).isEmpty());
        assertTrue(catalog.listFunctions("acme").isEmpty());
        assertFalse(catalog.canExecute("acme", ACME_F));
        assertArrayEquals(module("v2"), catalog.findVersion(ACME_F, 2).orElseThrow().module());
        assertTrue(catalog.listVersions(ACME_F).stream().noneMatch(FunctionVersion::current));

        CatalogException again = assertThrows(CatalogException.class,
                () -> catalog.dropFunction("acme", ACME_F, false));
        assertEquals(CatalogErrorCode.FUNCTION_NOT_FOUND, again.catalogErrorCode());
        assertEquals("function acme.f does not exist", again.getMessage());
        long before = catalog.catalogVersion();
        assertEquals(OptionalInt.empty(), catalog.dropFunction("acme", ACME_F, true));
        assertEquals(OptionalInt.empty(), catalog.dropFunction("acme", FunctionName.of("acme", "never"), true));
        assertEquals(before, catalog.catalogVersion());

        // A plain CREATE works again after the drop, and numbering never goes back.
        assertEquals(new CreateResult(ACME_F, 3, CreateResult.Status.CREATED),
                catalog.createFunction(create("acme", "f", "v3")));
        assertEquals(4, catalog.createFunction(replace("acme", "f", "v4")).version());
        assertEquals(List.of(1, 2, 3, 4), catalog.listVersions(ACME_F).stream()
                .map(FunctionVersion::version).collect(Collectors.toList()));
        assertArrayEquals(module("v4"), catalog.findFunction(ACME_F).orElseThrow().module());
    }

    @Test
    void moduleBytesAreStoredOncePerHash() {
        catalog.ensureTenant("beta");
        catalog.createFunction(create("acme", "f", "shared"));
        catalog.createFunction(create("acme", "g", "shared"));
        catalog.createFunction(create("beta", "f", "shared"));
        catalog.createFunction(replace("acme", "f", "shared"));

        assertEquals(1, catalog.storedModuleCount());
        String sha = catalog.describeFunction(ACME_F).orElseThrow().moduleSha256();
        assertEquals(sha, catalog.describeFunction(FunctionName.of("beta", "f")).orElseThrow().moduleSha256());
        assertEquals(64, sha.length());
        assertArrayEquals(module("shared"), catalog.moduleBytes(sha).orElseThrow());
        assertTrue(catalog.moduleBytes("0".repeat(64)).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> catalog.moduleBytes("not-a-hash"));

        catalog.createFunction(create("acme", "h", "other"));
        assertEquals(2, catalog.storedModuleCount());
    }

    @Test
    void grantsControlVisibilityAndFollowReplaceButNotDrop() {
        catalog.ensureTenant("beta");
        catalog.ensureTenant("gamma");
        catalog.createFunction(create("acme", "f", "f"));
        catalog.createFunction(create("acme", "secret", "s"));
        catalog.createFunction(create("beta", "own", "o"));

        assertFalse(catalog.canExecute("beta", ACME_F));
        assertEquals(List.of("beta.own"), names(catalog.listVisibleFunctions("beta")));

        assertTrue(catalog.grantExecute(ACME_F, "beta", "acme"));
        assertFalse(catalog.grantExecute(ACME_F, "beta", "acme"), "a repeated grant is a no-op");

        assertTrue(catalog.canExecute("beta", ACME_F));
        assertTrue(catalog.canExecute("acme", ACME_F));
        assertFalse(catalog.canExecute("gamma", ACME_F));
        assertFalse(catalog.canExecute("beta", FunctionName.of("acme", "secret")));
        assertEquals(List.of("acme.f", "beta.own"), names(catalog.listVisibleFunctions("beta")));
        assertEquals(List.of("acme.f", "acme.secret"), names(catalog.listVisibleFunctions("acme")));
        List<GrantRecord> grants = catalog.listGrants("beta");
        assertEquals(1, grants.size());
        assertEquals(ACME_F, grants.get(0).function());
        assertEquals("beta", grants.get(0).grantee());
        assertEquals("acme", grants.get(0).grantedBy());
        assertEquals(grants, catalog.listGrants("acme"));
        assertTrue(catalog.listGrants("gamma").isEmpty());

        catalog.createFunction(replace("acme", "f", "f2"));
        assertTrue(catalog.canExecute("beta", ACME_F), "a grant covers later versions");
        assertEquals(List.of("acme.f v1", "acme.f v2", "beta.own v1"), catalog.listVisibleVersions("beta")
                .stream().map(FunctionVersion::displayName).collect(Collectors.toList()));

        catalog.revokeExecute(ACME_F, "beta", "acme");
        assertFalse(catalog.canExecute("beta", ACME_F));
        CatalogException missing = assertThrows(CatalogException.class,
                () -> catalog.revokeExecute(ACME_F, "beta", "acme"));
        assertEquals(CatalogErrorCode.GRANT_NOT_FOUND, missing.catalogErrorCode());
        assertEquals("tenant beta has no EXECUTE grant on acme.f", missing.getMessage());

        catalog.grantExecute(ACME_F, "beta", "acme");
        catalog.dropFunction("acme", ACME_F, false);
        catalog.createFunction(create("acme", "f", "f3"));
        assertFalse(catalog.canExecute("beta", ACME_F), "a drop removes the grants; a re-created function has none");
        assertTrue(catalog.listGrants("beta").isEmpty());
    }

    @Test
    void grantErrorsNameTheProblem() {
        catalog.createFunction(create("acme", "f", "f"));

        CatalogException unknownTenant = assertThrows(CatalogException.class,
                () -> catalog.grantExecute(ACME_F, "nobody", "acme"));
        assertEquals(CatalogErrorCode.TENANT_NOT_FOUND, unknownTenant.catalogErrorCode());
        assertEquals("cannot grant EXECUTE on acme.f: tenant nobody does not exist", unknownTenant.getMessage());

        catalog.ensureTenant("beta");
        CatalogException unknownFunction = assertThrows(CatalogException.class,
                () -> catalog.grantExecute(FunctionName.of("acme", "g"), "beta", "acme"));
        assertEquals(CatalogErrorCode.FUNCTION_NOT_FOUND, unknownFunction.catalogErrorCode());

        CatalogException toOwner = assertThrows(CatalogException.class,
                () -> catalog.grantExecute(ACME_F, "acme", "acme"));
        assertEquals(CatalogErrorCode.INVALID_REQUEST, toOwner.catalogErrorCode());
    }

    @Test
    void onlyTheOwnerMayChangeItsSchema() {
        catalog.ensureTenant("beta");
        catalog.createFunction(create("acme", "f", "f"));
        long before = catalog.catalogVersion();

        assertNotOwner("tenant beta cannot create acme.g: only its owner acme can",
                () -> catalog.createFunction(CreateFunctionRequest.builder(
                        "beta", FunctionName.of("acme", "g"), module("g"), BIGINT_BINARY).build()));
        assertNotOwner("tenant beta cannot create acme.f: only its owner acme can",
                () -> catalog.createFunction(CreateFunctionRequest.builder("beta", ACME_F, module("x"), BIGINT_BINARY)
                        .mode(CreateMode.CREATE_OR_REPLACE).build()));
        assertNotOwner("tenant beta cannot drop acme.f: only its owner acme can",
                () -> catalog.dropFunction("beta", ACME_F, true));
        assertNotOwner("tenant beta cannot grant EXECUTE on acme.f: only its owner acme can",
                () -> catalog.grantExecute(ACME_F, "beta", "beta"));
        catalog.grantExecute(ACME_F, "beta", "acme");
        long afterGrant = catalog.catalogVersion();
        assertNotOwner("tenant beta cannot revoke EXECUTE on acme.f: only its owner acme can",
                () -> catalog.revokeExecute(ACME_F, "beta", "beta"));

        assertEquals(before + 1, afterGrant);
        assertEquals(afterGrant, catalog.catalogVersion());
        assertEquals(1, catalog.findFunction(ACME_F).orElseThrow().version().version());
        assertTrue(catalog.canExecute("beta", ACME_F));
    }

    @Test
    void catalogVersionGrowsWithEveryChangeOnly() {
        long start = catalog.catalogVersion();
        catalog.createFunction(create("acme", "f", "f"));
        assertEquals(start + 1, catalog.catalogVersion());
        catalog.createFunction(replace("acme", "f", "f2"));
        assertTrue(catalog.ensureTenant("beta"));
        assertFalse(catalog.ensureTenant("beta"));
        catalog.grantExecute(ACME_F, "beta", "acme");
        catalog.revokeExecute(ACME_F, "beta", "acme");
        catalog.dropFunction("acme", ACME_F, false);
        assertEquals(start + 6, catalog.catalogVersion());
        catalog.listVisibleFunctions("beta");
        catalog.findVersion(ACME_F, 1);
        assertEquals(start + 6, catalog.catalogVersion());
    }

    @Test
    void tenantsAreRegisteredByTheirFirstFunctionOrExplicitly() {
        catalog.createFunction(create("acme", "f", "f"));
        assertTrue(catalog.ensureTenant("beta"));
        assertEquals(List.of("acme", "beta"), catalog.listTenants().stream()
                .map(TenantRecord::name).collect(Collectors.toList()));
    }

    @Test
    void invalidRequestsAreRefusedBeforeTouchingStorage() {
        assertThrows(IllegalArgumentException.class, () -> FunctionName.of("acme", " "));
        assertThrows(IllegalArgumentException.class, () -> FunctionName.of("a".repeat(129), "f"));
        assertThrows(IllegalArgumentException.class, () -> CreateFunctionRequest.builder(
                "acme", ACME_F, new byte[0], BIGINT_BINARY).build());
        IllegalArgumentException names = assertThrows(IllegalArgumentException.class,
                () -> request("acme", "f", "f").parameterNames(List.of("a")).build());
        assertEquals("acme.f declares 2 parameter types but 1 parameter names", names.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> request("acme", "f", "f").parameterNames(List.of("a", "a")).build());
        assertEquals("acme.f declares parameter a twice", twice.getMessage());
        assertThrows(IllegalArgumentException.class, () -> catalog.ensureTenant("bad\nname"));
    }

    @Test
    void closedCatalogRefusesCalls() {
        catalog.close();
        CatalogException error = assertThrows(CatalogException.class, () -> catalog.listTenants());
        assertEquals(CatalogErrorCode.STORAGE_FAILURE, error.catalogErrorCode());
        assertTrue(error.getMessage().contains("is closed"), error.getMessage());
    }

    private static List<String> names(List<FunctionEntry> entries) {
        return entries.stream().map(entry -> entry.function().toString()).collect(Collectors.toList());
    }

    private static void assertNotOwner(String message, Executable call) {
        CatalogException error = assertThrows(CatalogException.class, call);
        assertEquals(CatalogErrorCode.NOT_OWNER, error.catalogErrorCode());
        assertEquals(message, error.getMessage());
    }
}
