package io.plugsql.sql.function;

import static java.util.Objects.requireNonNull;

import io.plugsql.catalog.CatalogStore;
import io.plugsql.catalog.FunctionEntry;
import io.plugsql.catalog.FunctionName;
import io.plugsql.catalog.FunctionVersion;
import io.plugsql.engine.EngineConfig;
import io.plugsql.engine.WasmEngine;
import io.plugsql.error.PlugSqlException;
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
    private final BufferAllocator allocator;
    private final Map<VersionKey, LoadedFunction> loaded = new ConcurrentHashMap<>();
    private final Map<String, Listing> listings = new ConcurrentHashMap<>();

    private FunctionRegistry(CatalogStore catalog, WasmEngine engine, BufferAllocator allocator) {
        this.catalog = catalog;
        this.engine = engine;
        this.allocator = allocator;
    }

    /** Opens the catalog of {@code directory} and starts an engine for it. */
    public static FunctionRegistry open(Path directory) {
        CatalogStore catalog = CatalogStore.open(directory);
        try {
            return new FunctionRegistry(catalog, new WasmEngine(EngineConfig.defaults()), new RootAllocator());
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
            return new LoadedFunction(version, engine.load(version.toDefinition(module)), allocator);
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
