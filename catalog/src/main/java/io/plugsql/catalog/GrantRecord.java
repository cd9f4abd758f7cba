package io.plugsql.catalog;

import static io.plugsql.catalog.internal.Names.checkName;
import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** Permission for {@code grantee} to call {@code function}, which another tenant owns. */
public record GrantRecord(FunctionName function, String grantee, String grantedBy, Instant grantedAt) {
    public GrantRecord {
        requireNonNull(function, "function is null");
        checkName("grantee", grantee);
        checkName("grantedBy", grantedBy);
        requireNonNull(grantedAt, "grantedAt is null");
    }
}
