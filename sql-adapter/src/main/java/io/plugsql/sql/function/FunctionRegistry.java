package io.plugsql.sql.function;

import static java.util.Objects.requireNonNull;

import io.plugsql.catalog.CatalogErrorCode;
import io.plugsql.catalog.CatalogException;
import io.plugsql.catalog.CatalogFunction;
import io.plugsql.catalog.CatalogStore;
import io.plugsql.catalog.FunctionEntry;
import io.plugsql.catalog.FunctionName;
import io.plugsql.catalog.FunctionVersion;
import io.plugsql.engine.FunctionDefinition;
import io.plugsql.engine.SandboxLimits;
import io.plugsql.engine.WasmEngine;
import io.plugsql.error.PlugSqlException;
import io.plugsql.sql.Quotas;
import io.plugsql.sql.internal.SqlAdapterErrorCode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The functions of one data directory as Calcite sees them: catalog listings per tenant (refreshed
 * when the catalog version changes) and function versions loaded into the Wasm engine, at most
 * {@link Quotas#maxLoadedVersions()} of them once unused (see {@link LoadedVersions}): a version
 * replaced or dropped is released when its last call ends and its last statement closes, and any
 * released version loads again from the catalog when a statement planned with it calls it.
 */
public final class FunctionRegistry implements AutoCloseable {
    private final CatalogStore catalog;
    private final WasmEngine engine;
    private final Quotas quotas;
    private final BufferAllocator allocator;
    private final LoadedVersions loaded;
    private final Map<String, Listing> listings = new ConcurrentHashMap<>();
    private final int id;
    /** The catalog version whose replaces and drops {@link #retireStale} has seen. */
    private volatile long retiredAt = -1;

    private FunctionRegistry(CatalogStore catalog, WasmEngine engine, Quotas quotas, BufferAllocator allocator) {
        this.catalog = catalog;
        this.engine = engine;
        this.quotas = quotas;
        this.allocator = allocator;
        this.loaded = new LoadedVersions(quotas.maxLoadedVersions(), this::loadVersion);
        this.id = WasmCalls.register(this);
    }

    /** Opens the catalog of {@code directory} and starts one engine for it, whose functions {@code quotas} cap. */
    public static FunctionRegistry open(Path directory, Quotas quotas) {
        requireNonNull(quotas, "quotas is null");
        CatalogStore catalog = CatalogStore.open(directory);
        try {
            return new FunctionRegistry(catalog, new WasmEngine(quotas.engineConfig()), quotas, new RootAllocator());
        } catch (RuntimeException e) {
            catalog.close();
            throw e;
        }
    }

    public CatalogStore catalog() {
        return catalog;
    }

    public WasmEngine engine() {
        return engine;
    }

    /** The quotas this directory's functions run under. */
    public Quotas quotas() {
        return quotas;
    }

    /** {@code definition} with its limits capped by the quota of {@code tenant}, the function's owner. */
    public FunctionDefinition cappedFor(String tenant, FunctionDefinition definition) {
        return new FunctionDefinition(definition.name(), definition.version(), definition.module(),
                definition.signature(), definition.handler(), definition.nullInputMode(),
                effectiveLimits(tenant, definition.limits()), definition.deterministic());
    }

    /** The limits a function of {@code tenant} declaring {@code declared} runs with (as the engine reports them). */
    public SandboxLimits effectiveLimits(String tenant, SandboxLimits declared) {
        return declared.cappedBy(quotas.quotaFor(tenant)).cappedBy(engine.config().quota());
    }

    /** Allocator for values handed to and from the engine. */
    public BufferAllocator allocator() {
        return allocator;
    }

    /**
     * Current versions of the live functions {@code tenant} may call: its own and those granted to it. While
     * a statement is planned, the versions current at its first lookup ({@link FunctionLeases#listing}).
     */
    public List<WasmScalarFunction> visibleFunctions(String tenant) {
        return FunctionLeases.listing(this, tenant, () -> currentFunctions(tenant));
    }

    private List<WasmScalarFunction> currentFunctions(String tenant) {
        long catalogVersion = catalog.catalogVersion();
        Listing listing = listings.get(tenant);
        if (listing == null || listing.catalogVersion != catalogVersion) {
            retireStale();
            List<WasmScalarFunction> functions = catalog.listVisibleFunctions(tenant).stream()
                    .map(FunctionEntry::current)
                    .map(version -> new WasmScalarFunction(version, this))
                    .toList();
            listing = new Listing(catalogVersion, functions);
            listings.put(tenant, listing);
        }
        return listing.functions;
    }

    /**
     * Checks that {@code tenant} may call {@code function} now: it still exists, and the tenant owns it
     * or holds a grant (the listing follows the catalog version, so a REVOKE or DROP counts at once).
     */
    void checkExecutable(String tenant, FunctionName function) {
        boolean visible = visibleFunctions(tenant).stream()
                .anyMatch(callable -> callable.version().function().equals(function));
        if (visible) {
            return;
        }
        if (catalog.describeFunction(function).isEmpty()) {
            throw new CatalogException(CatalogErrorCode.FUNCTION_NOT_FOUND, "Function " + function
                    + " was dropped after the statement was prepared");
        }
        throw new PlugSqlException(SqlAdapterErrorCode.PERMISSION_DENIED, "Tenant '" + tenant
                + "' no longer has EXECUTE on function " + function + " (revoked after the statement was prepared)");
    }

    /**
     * Releases the loaded versions that are no longer current (replaced or dropped since the last look
     * at the catalog) unless a call or an open statement uses them; those go when their last use ends.
     * The DDL executor calls this after each change; planning calls it when the catalog changed.
     */
    public void retireStale() {
        long catalogVersion = catalog.catalogVersion();
        if (catalogVersion == retiredAt) {
            return;
        }
        Map<FunctionName, OptionalInt> current = new HashMap<>();
        Set<VersionKey> retired = new HashSet<>();
        for (VersionKey key : loaded.keys()) {
            OptionalInt version = current.computeIfAbsent(key.function(), function -> catalog.describeFunction(function)
                    .map(found -> OptionalInt.of(found.version())).orElse(OptionalInt.empty()));
            if (version.isEmpty() || version.getAsInt() != key.version()) {
                retired.add(key);
            }
        }
        loaded.retire(retired);
        retiredAt = catalogVersion;
    }

    /** How many versions are loaded, in use and released so far. */
    public LoadedVersionStats loadedStats() {
        return loaded.stats();
    }

    /** Runs {@code body} on the loaded {@code version}, loading it if needed; it is not released meanwhile. */
    <T> T use(VersionKey version, Function<LoadedFunction, T> body) {
        return loaded.use(version, body);
    }

    /** Keeps {@code version} loaded until {@link #unlease}: a statement planned with it is open. */
    void lease(VersionKey version) {
        loaded.lease(version);
    }

    void unlease(VersionKey version) {
        loaded.unlease(version);
    }

    /** This registry's number for generated code ({@link WasmCalls}). */
    int id() {
        return id;
    }

    /** Loads a version from its catalogued bytes (the compile cache spares recompiling known modules). */
    private LoadedVersions.Loaded loadVersion(VersionKey key) {
        CatalogFunction found = catalog.findVersion(key.function(), key.version())
                .orElseThrow(() -> new PlugSqlException(SqlAdapterErrorCode.CATALOG_ERROR,
                        key.displayName() + " is missing from the catalog"));
        FunctionVersion version = found.version();
        FunctionDefinition definition = cappedFor(key.function().schema(), version.toDefinition(found.module()));
        return new LoadedVersions.Loaded(new LoadedFunction(version, engine.load(definition), allocator),
                version.current());
    }

    @Override
    public void close() {
        try {
            WasmCalls.unregister(id);
            loaded.close();
            engine.close();
            allocator.close();
        } finally {
            catalog.close();
        }
    }

    private record Listing(long catalogVersion, List<WasmScalarFunction> functions) {}
}
