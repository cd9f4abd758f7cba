package io.plugsql.engine.internal;

import io.plugsql.engine.SandboxLimits;
import io.plugsql.engine.internal.fuel.FuelInstrumenter;

/**
 * Rewrites modules with {@link FuelInstrumenter}. The counter's initial value, which is all the
 * start function gets, is the function's fuel per row, so the start function is metered like one row.
 */
final class FuelTransformer implements ModuleTransformer {
    @Override
    public String cacheKey(SandboxLimits limits) {
        return "fuel:" + limits.fuelPerRow();
    }

    @Override
    public byte[] transform(byte[] module, SandboxLimits limits) {
        try {
            return FuelInstrumenter.instrument(module, limits.fuelPerRow());
        } catch (IllegalArgumentException e) {
            throw new InstrumentationRefused(e.getMessage(), e);
        }
    }

    @Override
    public boolean metersFuel() {
        return true;
    }
}
