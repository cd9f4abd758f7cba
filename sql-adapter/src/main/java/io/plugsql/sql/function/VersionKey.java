package io.plugsql.sql.function;

import static java.util.Objects.requireNonNull;

import io.plugsql.catalog.FunctionName;
import io.plugsql.catalog.FunctionVersion;

/** Identity of one catalogued function version: what a planned call is bound to. */
record VersionKey(FunctionName function, int version) {
    VersionKey {
        requireNonNull(function, "function is null");
        if (version < 1) {
            throw new IllegalArgumentException("version must be positive");
        }
    }

    static VersionKey of(FunctionVersion version) {
        return new VersionKey(version.function(), version.version());
    }

    /** Name and version as error messages show them: {@code acme.discount v3}. */
    String displayName() {
        return function + " v" + version;
    }
}
