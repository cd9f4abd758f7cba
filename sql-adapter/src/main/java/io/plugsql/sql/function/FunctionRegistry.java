package io.plugsql.sql.function;

import static java.util.Objects.requireNonNull;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The functions of one data directory as Calcite sees them: catalog listings per tenant (refreshed
 * when the catalog version changes) and function versions loaded into the Wasm engine (kept for the
 * directory's life, since a (schema, name, version) never changes).
 */
public final class FunctionRegistry implements AutoCloseable {
    private final CatalogStore catalog;
    private final WasmEngine engine;
    private final Quotas quotas;
    private final BufferAllocator allocator;
    private final Map<VersionKey, LoadedFunction> loaded = new ConcurrentHashMap<>();
    private final Map<String, Listing> listings = new ConcurrentHashMap<>();

    private FunctionRegistry(CatalogStore catalog, WasmEngine engine, Quotas quotas, BufferAllocator allocator) {
        this.catalog = catalog;
        this.engine = engine;
        this.quotas = quotas;
        this.allocator = allocator;
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

    /** Current versions of the live functions {@code tenant} may call: its own and those granted to it. */
    public List<WasmScalarFunction> visibleFunctions(String tenant) {
        long catalogVersion = catalog.catalogVersion();
        Listing listing = listings.get(tenant);
        if (listing == null || listing.catalogVersion != catalogVersion) {
            List<WasmScalarFunction> functions = catalog.listVisibleFunctions(tenant).stream()
                    .map(FunctionEntry::current)
                    .map(version -> new WasmScalarFunction(version, this))
                    .toList();
            listing = new Listing(catalogVersion, functions);
            listings.put(tenant, listing);
        }
        return listing.functions;
    }

    /** The loaded function of a version, loading it (module bytes from the catalog) on first use. */
    LoadedFunction load(FunctionVersion version) {
        return loaded.computeIfAbsent(new VersionKey(version.function(), version.version()), key -> {
            byte[] module = catalog.findVersion(key.function, key.version)
                    .orElseThrow(() -> new PlugSqlException(SqlAdapterErrorCode.CATALOG_ERROR,
                            version.displayName() + " is missing from the catalog"))
                    .module();
            FunctionDefinition definition = cappedFor(version.function().schema(), version.toDefinition(module));
            return new LoadedFunction(version, engine.load(definition), allocator);
        });
    }

    @Override
    public void close() {
        try {
            loaded.values().forEach(LoadedFunction::close);
            loaded.clear();
            engine.close();
            allocator.close();
        } finally {
            catalog.close();
        }
    }

    private record VersionKey(FunctionName function, int version) {
        VersionKey {
            requireNonNull(function, "function is null");
        }
    }

    private record Listing(long catalogVersion, List<WasmScalarFunction> functions) {}
}
