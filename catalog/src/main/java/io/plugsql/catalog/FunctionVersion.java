package io.plugsql.catalog;

import static io.plugsql.catalog.internal.Names.checkHandler;
import static io.plugsql.catalog.internal.Names.checkName;
import static java.util.Objects.requireNonNull;

import io.plugsql.engine.FunctionDefinition;
import io.plugsql.engine.NullInputMode;
import io.plugsql.engine.SandboxLimits;
import io.plugsql.engine.Signature;
import java.time.Instant;
import java.util.List;

/**
 * One immutable version of a function, without its module bytes. Once written, a version never
 * changes and is never deleted, so it can be read at any later time (queries that started on it
 * finish on it).
 *
 * @param current whether this is the version calls resolve to now (false for older versions and for
 *     every version of a dropped function)
 * @param moduleSha256 lower-case hex SHA-256 of the module bytes; the key of {@link CatalogStore#moduleBytes}
 * @param parameterNames one name per parameter, {@code ""} for an unnamed one
 */
public record FunctionVersion(
        FunctionName function,
        int version,
        boolean current,
        String moduleSha256,
        long moduleSize,
        Signature signature,
        List<String> parameterNames,
        String handler,
        NullInputMode nullInputMode,
        boolean deterministic,
        SandboxLimits limits,
        String createdBy,
        Instant createdAt) {
    public FunctionVersion {
        requireNonNull(function, "function is null");
        if (version < 1) {
            throw new IllegalArgumentException("version must be positive");
        }
        requireNonNull(moduleSha256, "moduleSha256 is null");
        requireNonNull(signature, "signature is null");
        parameterNames = List.copyOf(requireNonNull(parameterNames, "parameterNames is null"));
        if (parameterNames.size() != signature.parameters().size()) {
            throw new IllegalArgumentException("parameter names and types differ in number");
        }
        checkHandler(handler);
        requireNonNull(nullInputMode, "nullInputMode is null");
        requireNonNull(limits, "limits is null");
        checkName("createdBy", createdBy);
        requireNonNull(createdAt, "createdAt is null");
    }

    /** Name and version as error messages show them: {@code acme.discount v3}. */
    public String displayName() {
        return function + " v" + version;
    }

    /** The engine's definition of this version, given its module bytes (see {@link CatalogStore#moduleBytes}). */
    public FunctionDefinition toDefinition(byte[] module) {
        return new FunctionDefinition(function.toString(), version, module, signature, handler,
                nullInputMode, limits, deterministic);
    }
}
