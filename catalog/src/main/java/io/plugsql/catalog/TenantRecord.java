package io.plugsql.catalog;

import static io.plugsql.catalog.internal.Names.checkName;
import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** A tenant known to the catalog; it owns the schema of the same name. */
public record TenantRecord(String name, Instant createdAt) {
    public TenantRecord {
        checkName("tenant", name);
        requireNonNull(createdAt, "createdAt is null");
    }
}
