package io.plugsql.catalog;

import static io.plugsql.catalog.internal.Names.checkName;
import static java.util.Objects.requireNonNull;

import io.plugsql.catalog.internal.CatalogDatabase;
import io.plugsql.catalog.internal.CatalogReads;
import io.plugsql.catalog.internal.CatalogWrites;
import io.plugsql.catalog.internal.CatalogWrites.FunctionState;
import io.plugsql.catalog.internal.Jdbc;
import io.plugsql.catalog.internal.Sha256;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * The durable function catalog of one data directory: tenants, functions, their immutable versions,
 * module bytes stored once per SHA-256, and execute grants, in the H2 file {@code DATA_DIR/catalog.mv.db}.
 *
 * <p>Thread-safe: one instance serves every connection and thread of a process. Each change is one
 * transaction that commits completely or leaves nothing behind; changes are serialized, and each one
 * increments {@link #catalogVersion()}. Only the owner of a schema (the tenant of the same name) may
 * create, replace, drop, grant or revoke there; other tenants are refused with
 * {@link CatalogErrorCode#NOT_OWNER}.
 *
 * <pre>{@code
 * try (CatalogStore catalog = CatalogStore.open(Path.of("data"))) {
 *     FunctionName discount = FunctionName.of("acme", "discount");
 *     catalog.createFunction(CreateFunctionRequest.builder("acme", discount, wasm, signature)
 *             .mode(CreateMode.CREATE_OR_REPLACE).build());                      // version 1, then 2, ...
 *     catalog.ensureTenant("beta");
 *     catalog.grantExecute(discount, "beta", "acme");
 *     FunctionDefinition definition = catalog.findFunction(discount).orElseThrow().toDefinition();
 * }
 * }</pre>
 */
public final class CatalogStore implements AutoCloseable {
    private final CatalogDatabase database;
    private final Consumer<String> checkpoint;

    private CatalogStore(CatalogDatabase database, Consumer<String> checkpoint) {
        this.database = database;
        this.checkpoint = checkpoint;
    }

    /** Opens the catalog in {@code dataDirectory}, creating the directory and the tables on first use. */
    public static CatalogStore open(Path dataDirectory) {
        return open(dataDirectory, step -> {});
    }

    /**
     * Opens with a hook called at named points inside write transactions ("version-inserted",
     * "function-dropped"), so tests can make a change fail midway and check that it left nothing behind.
     */
    static CatalogStore open(Path dataDirectory, Consumer<String> checkpoint) {
        return new CatalogStore(CatalogDatabase.open(dataDirectory), requireNonNull(checkpoint, "checkpoint is null"));
    }

    /** The absolute data directory this catalog lives in. */
    public Path dataDirectory() {
        return database.dataDirectory();
    }

    /**
     * A number that grows with every committed change (by any thread or connection of this process);
     * a SQL layer compares it with the value it last saw to decide whether to refresh its schema.
     * Costs one indexed single-row read.
     */
    public long catalogVersion() {
        return database.changeCount();
    }

    /** Registers a tenant (and so its schema) unless known; returns whether it was new. */
    public boolean ensureTenant(String tenant) {
        checkName("tenant", tenant);
        return database.write("registering tenant " + tenant,
                connection -> CatalogWrites.insertTenantIfAbsent(connection, tenant, Jdbc.now()),
                Boolean::booleanValue);
    }

    public List<TenantRecord> listTenants() {
        return database.read("listing tenants", CatalogReads::tenants);
    }

    /**
     * Creates a function, or a new version of it, per the request's {@link CreateMode}. The owner's
     * tenant is registered if new. Versions of a name only grow: a replace makes n+1, and a CREATE
     * after a DROP continues from the dropped function's last version.
     *
     * @throws CatalogException NOT_OWNER when the actor does not own the schema; FUNCTION_ALREADY_EXISTS
     *     for a plain CREATE of a live function
     */
    public CreateResult createFunction(CreateFunctionRequest request) {
        requireNonNull(request, "request is null");
        FunctionName function = request.function();
        requireOwner(request.actor(), function, "create");
        byte[] module = request.module();
        String sha256 = Sha256.hex(module);
        return database.write("creating " + function, connection -> {
            Instant now = Jdbc.now();
            CatalogWrites.insertTenantIfAbsent(connection, function.schema(), now);
            Optional<FunctionState> state = CatalogWrites.lockFunction(connection, function);
            int version;
            CreateResult.Status status;
            if (state.isEmpty()) {
                version = 1;
                status = CreateResult.Status.CREATED;
                CatalogWrites.insertFunction(connection, function, version, request.actor(), now);
            } else if (state.get().dropped()) {
                version = state.get().currentVersion() + 1;
                status = CreateResult.Status.CREATED;
                CatalogWrites.recreateFunction(connection, function, version, request.actor(), now);
            } else {
                int current = state.get().currentVersion();
                switch (request.mode()) {
                    case CREATE:
                        throw new CatalogException(CatalogErrorCode.FUNCTION_ALREADY_EXISTS,
                                "function " + function + " already exists (version " + current
                                        + "); use CREATE OR REPLACE to add a version");
                    case CREATE_IF_NOT_EXISTS:
                        return new CreateResult(function, current, CreateResult.Status.ALREADY_EXISTS);
                    case CREATE_OR_REPLACE:
                        version = current + 1;
                        status = CreateResult.Status.REPLACED;
                        CatalogWrites.setCurrentVersion(connection, function, version);
                        break;
                    default:
                        throw new IllegalStateException("unknown mode " + request.mode());
                }
            }
            CatalogWrites.insertModuleIfAbsent(connection, sha256, module, now);
            CatalogWrites.insertVersion(connection, request, version, sha256, now);
            checkpoint.accept("version-inserted");
            return new CreateResult(function, version, status);
        }, CreateResult::changed);
    }

    /**
     * Drops a live function: calls stop resolving to it and its grants are removed. Its version rows
     * and module bytes are kept (audit, statements still running an old version), and the name keeps
     * its version counter.
     *
     * @return the version that was current when dropped; empty when {@code ifExists} found nothing
     * @throws CatalogException NOT_OWNER, or FUNCTION_NOT_FOUND without {@code ifExists}
     */
    public OptionalInt dropFunction(String actor, FunctionName function, boolean ifExists) {
        requireNonNull(function, "function is null");
        requireOwner(actor, function, "drop");
        return database.write("dropping " + function, connection -> {
            Optional<FunctionState> state = CatalogWrites.lockFunction(connection, function);
            if (state.isEmpty() || state.get().dropped()) {
                if (ifExists) {
                    return OptionalInt.empty();
                }
                throw notFound(function);
            }
            CatalogWrites.deleteGrants(connection, function);
            CatalogWrites.markDropped(connection, function, actor, Jdbc.now());
            checkpoint.accept("function-dropped");
            return OptionalInt.of(state.get().currentVersion());
        }, OptionalInt::isPresent);
    }

    /**
     * Lets {@code grantee} call the owner's {@code function} (every version, including later replaces,
     * until revoked or dropped).
     *
     * @return whether the grant is new (false when it already existed)
     * @throws CatalogException NOT_OWNER, FUNCTION_NOT_FOUND, TENANT_NOT_FOUND, or INVALID_REQUEST when
     *     the grantee is the owner
     */
    public boolean grantExecute(FunctionName function, String grantee, String grantedBy) {
        requireNonNull(function, "function is null");
        checkName("grantee", grantee);
        requireOwner(grantedBy, function, "grant EXECUTE on");
        if (grantee.equals(function.schema())) {
            throw new CatalogException(CatalogErrorCode.INVALID_REQUEST,
                    "tenant " + grantee + " owns " + function + " and needs no grant to call it");
        }
        return database.write("granting EXECUTE on " + function + " to " + grantee, connection -> {
            requireLive(connection, function);
            if (!CatalogReads.tenantExists(connection, grantee)) {
                throw new CatalogException(CatalogErrorCode.TENANT_NOT_FOUND,
                        "cannot grant EXECUTE on " + function + ": tenant " + grantee + " does not exist");
            }
            return CatalogWrites.insertGrantIfAbsent(connection, function, grantee, grantedBy, Jdbc.now());
        }, Boolean::booleanValue);
    }

    /**
     * Withdraws a grant.
     *
     * @throws CatalogException NOT_OWNER, FUNCTION_NOT_FOUND, or GRANT_NOT_FOUND
     */
    public void revokeExecute(FunctionName function, String grantee, String revokedBy) {
        requireNonNull(function, "function is null");
        checkName("grantee", grantee);
        requireOwner(revokedBy, function, "revoke EXECUTE on");
        database.write("revoking EXECUTE on " + function + " from " + grantee, connection -> {
            requireLive(connection, function);
            if (!CatalogWrites.deleteGrant(connection, function, grantee)) {
                throw new CatalogException(CatalogErrorCode.GRANT_NOT_FOUND,
                        "tenant " + grantee + " has no EXECUTE grant on " + function);
            }
            return Boolean.TRUE;
        }, Boolean::booleanValue);
    }

    /** The current version of a live function with its module bytes; empty when absent or dropped. */
    public Optional<CatalogFunction> findFunction(FunctionName function) {
        requireNonNull(function, "function is null");
        return describeFunction(function).map(this::withModule);
    }

    /** The current version of a live function without its module bytes (cheap: for planning and listing). */
    public Optional<FunctionVersion> describeFunction(FunctionName function) {
        requireNonNull(function, "function is null");
        return database.read("looking up " + function,
                connection -> CatalogReads.currentVersion(connection, function));
    }

    /**
     * One version with its module bytes, whether current, replaced or dropped: a statement that
     * started on a version finishes on it.
     */
    public Optional<CatalogFunction> findVersion(FunctionName function, int version) {
        requireNonNull(function, "function is null");
        return database.read("looking up " + function + " v" + version,
                connection -> CatalogReads.version(connection, function, version)).map(this::withModule);
    }

    /** Live functions in {@code schema}, by name. */
    public List<FunctionEntry> listFunctions(String schema) {
        checkName("schema", schema);
        return database.read("listing functions of " + schema,
                connection -> CatalogReads.functionsIn(connection, schema));
    }

    /** Live functions {@code tenant} may call: its own and those granted to it, by schema and name. */
    public List<FunctionEntry> listVisibleFunctions(String tenant) {
        checkName("tenant", tenant);
        return database.read("listing functions visible to " + tenant,
                connection -> CatalogReads.functionsVisibleTo(connection, tenant));
    }

    /** Every version ever made under a name (including those of dropped lives), oldest first. */
    public List<FunctionVersion> listVersions(FunctionName function) {
        requireNonNull(function, "function is null");
        return database.read("listing versions of " + function,
                connection -> CatalogReads.allVersions(connection, function));
    }

    /**
     * The rows of a {@code function_versions} catalog table as {@code tenant} sees it: every version
     * under its own schema (including dropped functions) and every version of live functions granted to it.
     */
    public List<FunctionVersion> listVisibleVersions(String tenant) {
        checkName("tenant", tenant);
        return database.read("listing versions visible to " + tenant,
                connection -> CatalogReads.versionsVisibleTo(connection, tenant));
    }

    /** Grants that {@code tenant} gave (as owner) or received (as grantee). */
    public List<GrantRecord> listGrants(String tenant) {
        checkName("tenant", tenant);
        return database.read("listing grants of " + tenant, connection -> CatalogReads.grantsOf(connection, tenant));
    }

    /** Whether {@code tenant} may call {@code function}: it is live and the tenant owns it or holds a grant. */
    public boolean canExecute(String tenant, FunctionName function) {
        checkName("tenant", tenant);
        requireNonNull(function, "function is null");
        return database.read("checking EXECUTE on " + function + " for " + tenant,
                connection -> CatalogReads.canExecute(connection, tenant, function));
    }

    /**
     * The bytes stored under a SHA-256 (64 lower-case hex digits), verified against the hash.
     *
     * @throws CatalogException STORAGE_FAILURE when the stored bytes no longer match their hash
     */
    public Optional<byte[]> moduleBytes(String sha256) {
        requireNonNull(sha256, "sha256 is null");
        if (!Sha256.isHex(sha256)) {
            throw new IllegalArgumentException("not a lower-case hex SHA-256: " + sha256);
        }
        Optional<byte[]> bytes = database.read("reading module " + sha256,
                connection -> CatalogReads.moduleBytes(connection, sha256));
        bytes.ifPresent(stored -> {
            String actual = Sha256.hex(stored);
            if (!actual.equals(sha256)) {
                throw new CatalogException(CatalogErrorCode.STORAGE_FAILURE,
                        "module " + sha256 + " is corrupt in " + dataDirectory() + ": its bytes hash to " + actual);
            }
        });
        return bytes;
    }

    /** How many distinct modules are stored (each once, however many functions and versions use it). */
    public long storedModuleCount() {
        return database.read("counting modules", CatalogReads::moduleCount);
    }

    /** Releases the database; the file closes once no call is still using it. */
    @Override
    public void close() {
        database.close();
    }

    private CatalogFunction withModule(FunctionVersion version) {
        byte[] module = moduleBytes(version.moduleSha256()).orElseThrow(() -> new CatalogException(
                CatalogErrorCode.STORAGE_FAILURE, "module " + version.moduleSha256() + " of "
                        + version.displayName() + " is missing from " + dataDirectory()));
        return new CatalogFunction(version, module);
    }

    private static void requireOwner(String actor, FunctionName function, String action) {
        checkName("actor", actor);
        if (!actor.equals(function.schema())) {
            throw new CatalogException(CatalogErrorCode.NOT_OWNER, "tenant " + actor + " cannot " + action + " "
                    + function + ": only its owner " + function.schema() + " can");
        }
    }

    private static void requireLive(Connection connection, FunctionName function)
            throws SQLException {
        if (!CatalogReads.isLive(connection, function)) {
            throw notFound(function);
        }
    }

    private static CatalogException notFound(FunctionName function) {
        return new CatalogException(CatalogErrorCode.FUNCTION_NOT_FOUND, "function " + function + " does not exist");
    }
}
