package io.plugsql.sql;

import static java.util.Objects.requireNonNull;

import io.plugsql.engine.EngineConfig;
import io.plugsql.engine.SandboxLimits;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The caps a data directory puts on functions: a default quota, optional per-tenant quotas that replace
 * it for their tenant, the largest module accepted, how many compiled modules its engine keeps, how
 * many function versions stay loaded once no statement uses them and how many result bytes a function
 * returns per batch. A
 * function's effective limits are its own (from CREATE FUNCTION ... WITH) capped by the quota of the
 * tenant that owns it.
 *
 * <pre>{@code
 * Quotas quotas = Quotas.DEFAULT.withTenant("acme", Quotas.DEFAULT.defaultQuota().withFuelPerRow(1_000_000));
 * }</pre>
 *
 * @param defaultQuota quota of every tenant without its own
 * @param tenantQuotas quotas by tenant (schema) name, in lower case
 * @param maxModuleBytes largest module CREATE FUNCTION accepts
 * @param compileCacheMaxEntries most compiled modules the engine's compile cache keeps (shared by all tenants)
 * @param maxLoadedVersions most function versions kept loaded (compiled module, pooled instances) once no
 *     call or open statement uses them, least recently used released first; versions in use are never
 *     released, and replaced or dropped ones are released as soon as they are unused
 * @param maxResultBytes most VARCHAR/VARBINARY bytes one function returns per batch
 *     ({@link EngineConfig#maxResultBytes()})
 * @param statementLimits bounds on each statement's size, nesting and WASM function calls
 */
public record Quotas(SandboxLimits defaultQuota, Map<String, SandboxLimits> tenantQuotas, long maxModuleBytes,
        int compileCacheMaxEntries, int maxLoadedVersions, long maxResultBytes,
        StatementLimits statementLimits) {
    /** Default of {@link #maxLoadedVersions()}. */
    public static final int DEFAULT_MAX_LOADED_VERSIONS = 64;

    /**
     * The engine's defaults: {@link EngineConfig#DEFAULT_QUOTA} for everyone, 8 MiB modules,
     * {@link EngineConfig#DEFAULT_COMPILE_CACHE_MAX_ENTRIES} cached compiled modules,
     * {@link #DEFAULT_MAX_LOADED_VERSIONS} loaded versions and {@link EngineConfig#DEFAULT_MAX_RESULT_BYTES} result
     * bytes per batch and {@link StatementLimits#DEFAULT}.
     */
    public static final Quotas DEFAULT = new Quotas(EngineConfig.DEFAULT_QUOTA, Map.of(),
            EngineConfig.DEFAULT_MAX_MODULE_BYTES, EngineConfig.DEFAULT_COMPILE_CACHE_MAX_ENTRIES,
            DEFAULT_MAX_LOADED_VERSIONS, EngineConfig.DEFAULT_MAX_RESULT_BYTES, StatementLimits.DEFAULT);

    public Quotas {
        requireNonNull(defaultQuota, "defaultQuota is null");
        requireNonNull(statementLimits, "statementLimits is null");
        tenantQuotas = Map.copyOf(requireNonNull(tenantQuotas, "tenantQuotas is null"));
        if (maxModuleBytes < 8) {
            throw new IllegalArgumentException("the maximum module size must be at least 8 bytes (a module header)");
        }
        if (compileCacheMaxEntries < 1) {
            throw new IllegalArgumentException("the compile cache must hold at least 1 module, not " + compileCacheMaxEntries);
        }
        if (maxLoadedVersions < 1) {
            throw new IllegalArgumentException("at least 1 loaded function version must be allowed, not "
                    + maxLoadedVersions);
        }
        if (maxResultBytes < 0) {
            throw new IllegalArgumentException("the result bytes per batch must not be negative, not " + maxResultBytes);
        }
    }

    /** The quota of {@code tenant}: its own, or the default. */
    public SandboxLimits quotaFor(String tenant) {
        return tenantQuotas.getOrDefault(tenant, defaultQuota);
    }

    public Quotas withTenant(String tenant, SandboxLimits quota) {
        Map<String, SandboxLimits> quotas = new HashMap<>(tenantQuotas);
        quotas.put(requireNonNull(tenant, "tenant is null"), requireNonNull(quota, "quota is null"));
        return new Quotas(defaultQuota, quotas, maxModuleBytes, compileCacheMaxEntries, maxLoadedVersions, maxResultBytes, statementLimits);
    }

    public Quotas withMaxModuleBytes(long bytes) {
        return new Quotas(defaultQuota, tenantQuotas, bytes, compileCacheMaxEntries, maxLoadedVersions, maxResultBytes, statementLimits);
    }

    public Quotas withCompileCacheMaxEntries(int entries) {
        return new Quotas(defaultQuota, tenantQuotas, maxModuleBytes, entries, maxLoadedVersions, maxResultBytes, statementLimits);
    }

    public Quotas withMaxLoadedVersions(int versions) {
        return new Quotas(defaultQuota, tenantQuotas, maxModuleBytes, compileCacheMaxEntries, versions, maxResultBytes, statementLimits);
    }

    public Quotas withMaxResultBytes(long bytes) {
        return new Quotas(defaultQuota, tenantQuotas, maxModuleBytes, compileCacheMaxEntries, maxLoadedVersions, bytes, statementLimits);
    }

    public Quotas withStatementLimits(StatementLimits limits) {
        return new Quotas(defaultQuota, tenantQuotas, maxModuleBytes, compileCacheMaxEntries, maxLoadedVersions,
                maxResultBytes, limits);
    }

    /**
     * The engine's settings: its quota is the largest of all quotas (each tenant's own cap is applied
     * where its functions are defined), so one engine and its compile cache serve every tenant.
     */
    public EngineConfig engineConfig() {
        SandboxLimits envelope = defaultQuota;
        for (SandboxLimits quota : tenantQuotas.values()) {
            envelope = new SandboxLimits(
                    Math.max(envelope.maxMemoryBytes(), quota.maxMemoryBytes()),
                    max(envelope.timeout(), quota.timeout()),
                    Math.max(envelope.fuelPerRow(), quota.fuelPerRow()),
                    Math.max(envelope.stackBytes(), quota.stackBytes()));
        }
        return EngineConfig.defaults().withQuota(envelope).withMaxModuleBytes(maxModuleBytes)
                .withCompileCacheMaxEntries(compileCacheMaxEntries).withMaxResultBytes(maxResultBytes);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
