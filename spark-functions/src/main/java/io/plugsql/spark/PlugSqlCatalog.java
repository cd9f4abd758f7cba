package io.plugsql.spark;

import io.plugsql.catalog.CatalogFunction;
import io.plugsql.catalog.CatalogStore;
import io.plugsql.catalog.FunctionEntry;
import io.plugsql.catalog.FunctionVersion;
import io.plugsql.engine.EngineConfig;
import io.plugsql.engine.SandboxLimits;
import io.plugsql.error.PlugSqlException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.catalyst.analysis.NoSuchFunctionException;
import org.apache.spark.sql.catalyst.analysis.NoSuchNamespaceException;
import org.apache.spark.sql.connector.catalog.FunctionCatalog;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.NamespaceChange;
import org.apache.spark.sql.connector.catalog.SupportsNamespaces;
import org.apache.spark.sql.connector.catalog.functions.UnboundFunction;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * Spark SQL catalog of one tenant's plugsql functions: its own and those granted to it, one Spark
 * namespace per owning schema. Read-only; each lookup sees the catalog's latest committed state, so a
 * replaced function is picked up by the next query, while a query already analysed keeps its version.
 *
 * <pre>
 * spark.sql.catalog.plugsql        = io.plugsql.spark.PlugSqlCatalog
 * spark.sql.catalog.plugsql.data   = /path/to/plugsql/data
 * spark.sql.catalog.plugsql.tenant = acme
 *
 * SELECT plugsql.acme.score(a, b) FROM t;
 * SHOW USER FUNCTIONS IN plugsql.acme;
 * </pre>
 */
public final class PlugSqlCatalog implements FunctionCatalog, SupportsNamespaces {
    private String name;
    private String tenant;
    private CatalogCopy catalog;
    private final SandboxLimits quota = EngineConfig.DEFAULT_QUOTA;

    @Override
    public void initialize(String catalogName, CaseInsensitiveStringMap options) {
        this.name = catalogName;
        String prefix = "spark.sql.catalog." + catalogName + ".";
        if (options.containsKey("url")) {
            throw new PlugSqlException(SparkErrorCode.INVALID_CONFIGURATION, prefix + "url is not supported yet: read the"
                    + " server's data directory with " + prefix + "data and " + prefix + "tenant (docs/SPARK.md)");
        }
        String data = options.get("data");
        String tenantOption = options.get("tenant");
        if (data == null || data.isBlank() || tenantOption == null || tenantOption.isBlank()) {
            throw new PlugSqlException(SparkErrorCode.INVALID_CONFIGURATION, "set " + prefix + "data (a plugsql data"
                    + " directory) and " + prefix + "tenant (whose functions are visible)");
        }
        this.tenant = tenantOption.trim().toLowerCase(Locale.ROOT);
        this.catalog = new CatalogCopy(Path.of(data));
        CatalogStore store = catalog.current();
        if (store.listTenants().stream().noneMatch(t -> t.name().equals(tenant))) {
            throw new PlugSqlException(SparkErrorCode.INVALID_CONFIGURATION, "tenant " + tenant + " is not in the catalog"
                    + " of " + store.dataDirectory().getFileName() + " copied from " + data);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Identifier[] listFunctions(String[] namespace) throws NoSuchNamespaceException {
        String schema = schemaOf(namespace);
        return visible().stream().filter(e -> e.function().schema().equals(schema))
                .map(e -> Identifier.of(namespace, e.function().name())).toArray(Identifier[]::new);
    }

    @Override
    public UnboundFunction loadFunction(Identifier ident) throws NoSuchFunctionException {
        if (ident.namespace().length != 1) {
            throw new NoSuchFunctionException(ident);
        }
        CatalogStore store = catalog.current();
        Optional<FunctionVersion> found = store.listVisibleFunctions(tenant).stream().map(FunctionEntry::current)
                .filter(v -> v.function().schema().equalsIgnoreCase(ident.namespace()[0])
                        && v.function().name().equalsIgnoreCase(ident.name()))
                .findFirst();
        if (found.isEmpty()) {
            throw new NoSuchFunctionException(ident);
        }
        FunctionVersion version = found.get();
        CatalogFunction function = store.findVersion(version.function(), version.version())
                .orElseThrow(() -> new NoSuchFunctionException(ident));
        FunctionSpec spec = new FunctionSpec(function.toDefinition(), version.moduleSha256(), version.limits().cappedBy(quota));
        JvmFunctions.load(spec); // validates and compiles on the driver: a bad module fails the query here
        return new PlugSqlFunction(spec, version.function().name());
    }

    @Override
    public String[][] listNamespaces() {
        TreeSet<String> schemas = visible().stream().map(e -> e.function().schema())
                .collect(Collectors.toCollection(TreeSet::new));
        schemas.add(tenant);
        return schemas.stream().map(s -> new String[] {s}).toArray(String[][]::new);
    }

    @Override
    public String[][] listNamespaces(String[] namespace) throws NoSuchNamespaceException {
        schemaOf(namespace);
        return new String[0][];
    }

    @Override
    public Map<String, String> loadNamespaceMetadata(String[] namespace) throws NoSuchNamespaceException {
        schemaOf(namespace);
        return Map.of();
    }

    @Override
    public void createNamespace(String[] namespace, Map<String, String> metadata) {
        throw readOnly();
    }

    @Override
    public void alterNamespace(String[] namespace, NamespaceChange... changes) {
        throw readOnly();
    }

    @Override
    public boolean dropNamespace(String[] namespace, boolean cascade) {
        throw readOnly();
    }

    private List<FunctionEntry> visible() {
        return catalog.current().listVisibleFunctions(tenant);
    }

    /** The schema a one-part namespace names, if the tenant sees it (its own, or one it holds grants in). */
    private String schemaOf(String[] namespace) throws NoSuchNamespaceException {
        if (namespace.length == 1) {
            for (String[] known : listNamespaces()) {
                if (known[0].equalsIgnoreCase(namespace[0])) {
                    return known[0];
                }
            }
        }
        throw new NoSuchNamespaceException(namespace);
    }

    private UnsupportedOperationException readOnly() {
        return new UnsupportedOperationException("catalog " + name + " is read-only: create and grant functions"
                + " through plugsql (CREATE FUNCTION ... LANGUAGE WASM, GRANT EXECUTE)");
    }
}
