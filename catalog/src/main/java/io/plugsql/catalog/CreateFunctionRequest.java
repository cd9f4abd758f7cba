package io.plugsql.catalog;

import static io.plugsql.catalog.internal.Names.checkHandler;
import static io.plugsql.catalog.internal.Names.checkName;
import static java.util.Objects.requireNonNull;

import io.plugsql.engine.NullInputMode;
import io.plugsql.engine.SandboxLimits;
import io.plugsql.engine.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A request to create (or replace) a function, as a validated DDL statement produces it. The module
 * must already have passed the engine's validation; the catalog stores it as given.
 *
 * <pre>{@code
 * CreateFunctionRequest request = CreateFunctionRequest
 *         .builder("acme", FunctionName.of("acme", "discount"), wasmBytes, signature)
 *         .mode(CreateMode.CREATE_OR_REPLACE)
 *         .parameterNames(List.of("price", "tier"))
 *         .limits(SandboxLimits.DEFAULT.withFuelPerRow(1_000_000))
 *         .build();
 * }</pre>
 *
 * @param actor tenant issuing the statement; only the owner of {@code function.schema()} may create there
 * @param parameterNames one name per parameter, {@code ""} for an unnamed one
 * @param handler export to call; defaults to the function's name in lower case
 */
public record CreateFunctionRequest(
        String actor,
        FunctionName function,
        CreateMode mode,
        byte[] module,
        Signature signature,
        List<String> parameterNames,
        String handler,
        NullInputMode nullInputMode,
        boolean deterministic,
        SandboxLimits limits) {
    public CreateFunctionRequest {
        checkName("actor", actor);
        requireNonNull(function, "function is null");
        requireNonNull(mode, "mode is null");
        module = requireNonNull(module, "module is null").clone();
        if (module.length == 0) {
            throw new IllegalArgumentException("module of " + function + " is empty");
        }
        requireNonNull(signature, "signature is null");
        parameterNames = List.copyOf(requireNonNull(parameterNames, "parameterNames is null"));
        if (parameterNames.size() != signature.parameters().size()) {
            throw new IllegalArgumentException(function + " declares " + signature.parameters().size()
                    + " parameter types but " + parameterNames.size() + " parameter names");
        }
        Set<String> seen = new HashSet<>();
        for (String parameterName : parameterNames) {
            if (!parameterName.isEmpty()) {
                checkName("parameter name", parameterName);
                if (!seen.add(parameterName)) {
                    throw new IllegalArgumentException(function + " declares parameter " + parameterName + " twice");
                }
            }
        }
        checkHandler(handler);
        requireNonNull(nullInputMode, "nullInputMode is null");
        requireNonNull(limits, "limits is null");
    }

    /** The module bytes (a copy). */
    @Override
    public byte[] module() {
        return module.clone();
    }

    /** Starts a request with defaults: plain CREATE, unnamed parameters, default handler, RETURN_NULL, deterministic, default limits. */
    public static Builder builder(String actor, FunctionName function, byte[] module, Signature signature) {
        return new Builder(actor, function, module, signature);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CreateFunctionRequest that
                && actor.equals(that.actor)
                && function.equals(that.function)
                && mode == that.mode
                && Arrays.equals(module, that.module)
                && signature.equals(that.signature)
                && parameterNames.equals(that.parameterNames)
                && handler.equals(that.handler)
                && nullInputMode == that.nullInputMode
                && deterministic == that.deterministic
                && limits.equals(that.limits);
    }

    @Override
    public int hashCode() {
        return Objects.hash(actor, function, mode, Arrays.hashCode(module), signature, handler);
    }

    @Override
    public String toString() {
        return "CreateFunctionRequest[" + mode + " " + function + signature + " by " + actor + "]";
    }

    /** Builds a {@link CreateFunctionRequest}. */
    public static final class Builder {
        private final String actor;
        private final FunctionName function;
        private final byte[] module;
        private final Signature signature;
        private CreateMode mode = CreateMode.CREATE;
        private List<String> parameterNames;
        private String handler;
        private NullInputMode nullInputMode = NullInputMode.RETURN_NULL;
        private boolean deterministic = true;
        private SandboxLimits limits = SandboxLimits.DEFAULT;

        private Builder(String actor, FunctionName function, byte[] module, Signature signature) {
            this.actor = actor;
            this.function = requireNonNull(function, "function is null");
            this.module = module;
            this.signature = requireNonNull(signature, "signature is null");
        }

        public Builder mode(CreateMode value) {
            this.mode = value;
            return this;
        }

        public Builder parameterNames(List<String> value) {
            this.parameterNames = value;
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

        public Builder deterministic(boolean value) {
            this.deterministic = value;
            return this;
        }

        public Builder limits(SandboxLimits value) {
            this.limits = value;
            return this;
        }

        public CreateFunctionRequest build() {
            List<String> names = parameterNames != null
                    ? parameterNames
                    : new ArrayList<>(Collections.nCopies(signature.parameters().size(), ""));
            String resolvedHandler = handler != null ? handler : function.name().toLowerCase(Locale.ROOT);
            return new CreateFunctionRequest(actor, function, mode, module, signature, names,
                    resolvedHandler, nullInputMode, deterministic, limits);
        }
    }
}
