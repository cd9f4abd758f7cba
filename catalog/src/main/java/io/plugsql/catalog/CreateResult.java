package io.plugsql.catalog;

import static java.util.Objects.requireNonNull;

/**
 * Outcome of {@link CatalogStore#createFunction}: the function's current version after the call and
 * what the call did.
 */
public record CreateResult(FunctionName function, int version, Status status) {
    public CreateResult {
        requireNonNull(function, "function is null");
        requireNonNull(status, "status is null");
        if (version < 1) {
            throw new IllegalArgumentException("version must be positive");
        }
    }

    /** What a create call did. */
    public enum Status {
        /** The name had no live function; {@link #version()} is its first version (or the next after a drop). */
        CREATED,
        /** A live function got a new current version. */
        REPLACED,
        /** IF NOT EXISTS found a live function; nothing changed. */
        ALREADY_EXISTS
    }

    /** Whether the catalog changed. */
    public boolean changed() {
        return status != Status.ALREADY_EXISTS;
    }
}
