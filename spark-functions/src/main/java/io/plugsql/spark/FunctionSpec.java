package io.plugsql.spark;

import static java.util.Objects.requireNonNull;

import io.plugsql.engine.FunctionDefinition;
import io.plugsql.engine.NullInputMode;
import io.plugsql.engine.SandboxLimits;
import io.plugsql.engine.Signature;
import io.plugsql.engine.UdfType;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Everything an executor needs to run one function version, fixed when the query was analysed:
 * module bytes (identified by their SHA-256), signature, handler, null-input mode and effective
 * limits. Serializable, so tasks carry it; executors never read a catalog.
 */
final class FunctionSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final int version;
    private final String moduleSha256;
    private final byte[] module;
    private final List<String> parameterTypes;
    private final String resultType;
    private final String handler;
    private final NullInputMode nullInputMode;
    private final boolean deterministic;
    private final long maxMemoryBytes;
    private final long timeoutNanos;
    private final long fuelPerRow;
    private final long stackBytes;
    private transient FunctionDefinition definition;

    /** @param limits the effective limits (already capped by the quota) */
    FunctionSpec(FunctionDefinition definition, String moduleSha256, SandboxLimits limits) {
        this.name = definition.name();
        this.version = definition.version();
        this.moduleSha256 = requireNonNull(moduleSha256, "moduleSha256 is null");
        this.module = definition.module();
        this.parameterTypes = definition.signature().parameters().stream().map(UdfType::toString)
                .collect(Collectors.toUnmodifiableList());
        this.resultType = definition.signature().result().toString();
        this.handler = definition.handler();
        this.nullInputMode = definition.nullInputMode();
        this.deterministic = definition.deterministic();
        this.maxMemoryBytes = limits.maxMemoryBytes();
        this.timeoutNanos = limits.timeout().toNanos();
        this.fuelPerRow = limits.fuelPerRow();
        this.stackBytes = limits.stackBytes();
    }

    /** The engine's definition of this version, with the effective limits. */
    FunctionDefinition definition() {
        FunctionDefinition built = definition;
        if (built == null) {
            Signature signature = new Signature(parameterTypes.stream().map(UdfType::parse).collect(Collectors.toList()),
                    UdfType.parse(resultType));
            built = new FunctionDefinition(name, version, module, signature, handler, nullInputMode,
                    new SandboxLimits(maxMemoryBytes, Duration.ofNanos(timeoutNanos), fuelPerRow, stackBytes), deterministic);
            definition = built;
        }
        return built;
    }

    /** Identifies the version and its limits: the key of loaded functions and of callers. */
    String key() {
        return name + " v" + version + " " + moduleSha256 + " " + handler + " " + maxMemoryBytes + "/" + timeoutNanos
                + "/" + fuelPerRow + "/" + stackBytes;
    }

    String displayName() {
        return definition().displayName();
    }
}
