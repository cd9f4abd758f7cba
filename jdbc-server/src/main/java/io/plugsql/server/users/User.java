package io.plugsql.server.users;

import io.plugsql.server.ServerErrorCode;
import io.plugsql.server.ServerException;

import java.util.Set;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/** A server user and the tenant whose schema every one of its sessions is bound to. */
public record User(String name, String tenant) {
    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");
    private static final Pattern TENANT_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    /** Schema names the SQL layer keeps for itself. */
    private static final Set<String> RESERVED_TENANTS = Set.of("plugsql", "metadata", "information_schema");

    public User {
        requireNonNull(name, "name is null");
        requireNonNull(tenant, "tenant is null");
        checkUserName(name);
        checkTenantName(tenant);
    }

    /** Rejects a user name that could not travel in an HTTP BASIC header or a properties file. */
    public static void checkUserName(String name) {
        if (!USER_NAME.matcher(name).matches()) {
            throw new ServerException(ServerErrorCode.INVALID_NAME,
                    "invalid user name '" + name + "': use 1-64 of A-Z a-z 0-9 _ . @ -");
        }
    }

    /** Rejects a tenant name that is not a plain lower-case SQL identifier. */
    public static void checkTenantName(String tenant) {
        if (RESERVED_TENANTS.contains(tenant)) {
            throw new ServerException(ServerErrorCode.INVALID_NAME, "tenant name '" + tenant + "' is reserved");
        }
        if (!TENANT_NAME.matcher(tenant).matches()) {
            throw new ServerException(ServerErrorCode.INVALID_NAME,
                    "invalid tenant name '" + tenant + "': use a lower-case letter, then up to 62 of a-z 0-9 _");
        }
    }
}
