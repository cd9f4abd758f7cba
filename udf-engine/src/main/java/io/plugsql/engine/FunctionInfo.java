package io.plugsql.engine;

import static java.util.Objects.requireNonNull;

/**
 * What the engine made of a function: the module's digest, how it runs, which ABI form it uses and
 * the limits that apply after the engine's quota.
 */
public record FunctionInfo(String moduleSha256, ExecutionMode mode, AbiForm form, SandboxLimits effectiveLimits) {
    public FunctionInfo {
        requireNonNull(moduleSha256, "moduleSha256 is null");
        requireNonNull(mode, "mode is null");
        requireNonNull(form, "form is null");
        requireNonNull(effectiveLimits, "effectiveLimits is null");
    }
}
