package io.plugsql.server;

import io.plugsql.engine.SandboxLimits;
import io.plugsql.sql.Quotas;
import io.plugsql.sql.parser.WasmFunctionOptions;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Reads the function quotas of {@code plugsql serve}: the default quota and the maximum module size from
 * flags, and per-tenant overrides from a properties file ({@code acme.memory=32MB}, {@code acme.timeout=5s},
 * {@code acme.fuel=1000000}); sizes and durations are spelled as in CREATE FUNCTION ... WITH.
 */
public final class QuotaSettings {
    private static final Set<String> SETTINGS = Set.of("memory", "timeout", "fuel");

    private QuotaSettings() {}

    /**
     * The default quota: {@code base} with each given value (null = keep) replaced.
     *
     * @throws IllegalArgumentException naming the setting and what it expects
     */
    public static SandboxLimits quota(SandboxLimits base, String memory, String timeout, String fuel) {
        SandboxLimits quota = base;
        if (memory != null) {
            quota = quota.withMaxMemoryBytes(parse("memory", memory, WasmFunctionOptions::parseSize));
        }
        if (timeout != null) {
            quota = quota.withTimeout(parse("timeout", timeout, WasmFunctionOptions::parseDuration));
        }
        if (fuel != null) {
            quota = quota.withFuelPerRow(parse("fuel", fuel, WasmFunctionOptions::parseFuel));
        }
        return quota;
    }

    /**
     * The per-tenant quotas of {@code file}, each starting from {@code defaults.defaultQuota()}.
     *
     * @throws ServerException (INVALID_CONFIGURATION) naming the file and the bad entry
     */
    public static Quotas withTenantFile(Quotas defaults, Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        catch (IOException e) {
            throw new ServerException(ServerErrorCode.INVALID_CONFIGURATION,
                    "cannot read the quotas file " + file + ": " + e.getMessage(), e);
        }
        Map<String, Map<String, String>> byTenant = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            int dot = key.lastIndexOf('.');
            String setting = dot < 0 ? "" : key.substring(dot + 1);
            if (dot < 1 || !SETTINGS.contains(setting)) {
                throw new ServerException(ServerErrorCode.INVALID_CONFIGURATION, "quotas file " + file + ": key '" + key
                        + "' must be TENANT.memory, TENANT.timeout or TENANT.fuel");
            }
            byTenant.computeIfAbsent(key.substring(0, dot).toLowerCase(Locale.ROOT), tenant -> new TreeMap<>())
                    .put(setting, properties.getProperty(key));
        }
        Quotas quotas = defaults;
        for (Map.Entry<String, Map<String, String>> tenant : byTenant.entrySet()) {
            Map<String, String> settings = tenant.getValue();
            try {
                quotas = quotas.withTenant(tenant.getKey(), quota(defaults.defaultQuota(),
                        settings.get("memory"), settings.get("timeout"), settings.get("fuel")));
            }
            catch (IllegalArgumentException e) {
                throw new ServerException(ServerErrorCode.INVALID_CONFIGURATION,
                        "quotas file " + file + ": tenant " + tenant.getKey() + ": " + e.getMessage());
            }
        }
        return quotas;
    }

    private static <T> T parse(String setting, String value, Function<String, T> parser) {
        try {
            return parser.apply(value);
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + " must be " + e.getMessage() + ", not '" + value + "'", e);
        }
    }
}
