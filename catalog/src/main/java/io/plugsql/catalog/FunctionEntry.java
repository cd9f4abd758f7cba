package io.plugsql.catalog;

import static io.plugsql.catalog.internal.Names.checkName;
import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A live function as listings show it: its current version plus who created the function and when.
 *
 * @param createdBy tenant whose CREATE started the function's current life (after a drop, the re-creator)
 * @param createdAt time of that CREATE; {@code current.createdAt()} is the time of the last replace
 */
public record FunctionEntry(FunctionVersion current, String createdBy, Instant createdAt) {
    public FunctionEntry {
        requireNonNull(current, "current is null");
        checkName("createdBy", createdBy);
        requireNonNull(createdAt, "createdAt is null");
    }

    public FunctionName function() {
        return current.function();
    }
}
