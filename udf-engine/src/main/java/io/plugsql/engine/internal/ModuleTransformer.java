package io.plugsql.engine.internal;

/**
 * Rewrites a validated module's bytes before compilation: the seam where instrumentation (fuel
 * metering, io.plugsql.engine.internal.fuel) plugs in. Validation sees the tenant's original module;
 * the compile cache stays keyed by the original bytes, so a transformer must be deterministic.
 */
@FunctionalInterface
public interface ModuleTransformer {
    /** Leaves the module unchanged. */
    ModuleTransformer IDENTITY = module -> module;

    byte[] transform(byte[] module);
}
