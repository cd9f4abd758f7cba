package io.plugsql.catalog;

import static java.util.Objects.requireNonNull;

import io.plugsql.engine.FunctionDefinition;
import java.util.Arrays;

/** One version of a function together with its module bytes: everything needed to run it. */
public record CatalogFunction(FunctionVersion version, byte[] module) {
    public CatalogFunction {
        requireNonNull(version, "version is null");
        module = requireNonNull(module, "module is null").clone();
    }

    /** The module bytes (a copy). */
    @Override
    public byte[] module() {
        return module.clone();
    }

    public FunctionName function() {
        return version.function();
    }

    /** The engine's definition: name {@code schema.name}, version, bytes, signature, handler, null mode, limits. */
    public FunctionDefinition toDefinition() {
        return version.toDefinition(module);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CatalogFunction that
                && version.equals(that.version)
                && Arrays.equals(module, that.module);
    }

    @Override
    public int hashCode() {
        return version.hashCode();
    }

    @Override
    public String toString() {
        return "CatalogFunction[" + version.displayName() + version.signature() + ", " + module.length + " bytes]";
    }
}
