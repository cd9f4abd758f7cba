package io.plugsql.engine;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Locale;

/**
 * Everything the engine needs to make a callable from a tenant's module.
 *
 * <pre>{@code
 * FunctionDefinition definition = FunctionDefinition.builder("acme.discount", wasmBytes)
 *         .signature(new Signature(List.of(UdfType.of(TypeName.BIGINT)), UdfType.of(TypeName.BIGINT)))
 *         .version(3)
 *         .build();
 * }</pre>
 *
 * @param name qualified name used in error messages, e.g. {@code acme.discount}
 * @param version catalog version of the function, used in error messages (0 when not catalogued)
 * @param handler name of the export to call (the scalar form; {@code <handler>_batch} is the batch form)
 */
public record FunctionDefinition(
        String name,
        int version,
        byte[] module,
        Signature signature,
        String handler,
        NullInputMode nullInputMode,
        SandboxLimits limits,
        boolean deterministic) {
    public FunctionDefinition {
        requireNonNull(name, "name is null");
        module = requireNonNull(module, "module is null").clone();
        requireNonNull(signature, "signature is null");
        requireNonNull(handler, "handler is null");
        requireNonNull(nullInputMode, "nullInputMode is null");
        requireNonNull(limits, "limits is null");
    }

    /** The module bytes (a copy). */
    @Override
    public byte[] module() {
        return module.clone();
    }

    /** Name and version as they appear in error messages: {@code acme.discount v3}. */
    public String displayName() {
        return version > 0 ? name + " v" + version : name;
    }

    public static Builder builder(String name, byte[] module) {
        return new Builder(name, module);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FunctionDefinition that
                && name.equals(that.name)
                && version == that.version
                && Arrays.equals(module, that.module)
                && signature.equals(that.signature)
                && handler.equals(that.handler)
                && nullInputMode == that.nullInputMode
                && limits.equals(that.limits)
                && deterministic == that.deterministic;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + version;
    }

    @Override
    public String toString() {
        return "FunctionDefinition[" + displayName() + signature + ", handler=" + handler + "]";
    }

    /** Builds a {@link FunctionDefinition}; the handler defaults to the last part of the name in lower case. */
    public static final class Builder {
        private final String name;
        private final byte[] module;
        private int version;
        private Signature signature;
        private String handler;
        private NullInputMode nullInputMode = NullInputMode.RETURN_NULL;
        private SandboxLimits limits = SandboxLimits.DEFAULT;
        private boolean deterministic = true;

        private Builder(String name, byte[] module) {
            this.name = requireNonNull(name, "name is null");
            this.module = requireNonNull(module, "module is null");
        }

        public Builder version(int value) {
            this.version = value;
            return this;
        }

        public Builder signature(Signature value) {
            this.signature = value;
            return this;
        }

        public Builder handler(String value) {
            this.handler = value;
            return this;
        }

        public Builder nullInputMode(NullInputMode value) {
            this.nullInputMode = value;
            return this;
        }

        public Builder limits(SandboxLimits value) {
            this.limits = value;
            return this;
        }

        public Builder deterministic(boolean value) {
            this.deterministic = value;
            return this;
        }

        public FunctionDefinition build() {
            String resolvedHandler = handler != null
                    ? handler
                    : name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
            return new FunctionDefinition(
                    name, version, module, signature, resolvedHandler, nullInputMode, limits, deterministic);
        }
    }
}
