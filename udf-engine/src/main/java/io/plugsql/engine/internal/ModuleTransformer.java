package io.plugsql.engine.internal;

import io.plugsql.engine.SandboxLimits;

/**
 * Rewrites a validated module's bytes before compilation: the seam where fuel metering
 * ({@link io.plugsql.engine.internal.fuel}) plugs in. Validation sees the tenant's original module;
 * the compile cache is keyed by the original bytes plus {@link #cacheKey}, so a transformer must be
 * deterministic in the module and that key.
 */
public interface ModuleTransformer {
    /** Leaves the module unchanged: fuel is not metered (for comparison and debugging only). */
    ModuleTransformer IDENTITY = new ModuleTransformer() {
        @Override
        public String cacheKey(SandboxLimits limits) {
            return "";
        }

        @Override
        public byte[] transform(byte[] module, SandboxLimits limits) {
            return module;
        }

        @Override
        public boolean metersFuel() {
            return false;
        }
    };

    /** Meters fuel; the start function's budget is the function's fuel per row. The engine's default. */
    ModuleTransformer FUEL = new FuelTransformer();

    /** What, besides the module's bytes, the transformed module depends on; "" when nothing. */
    String cacheKey(SandboxLimits limits);

    /** @throws InstrumentationRefused when the module uses something the transformation cannot handle */
    byte[] transform(byte[] module, SandboxLimits limits);

    /** Whether transformed modules export the fuel counter ({@link io.plugsql.engine.internal.fuel.FuelMeter}). */
    boolean metersFuel();
}
