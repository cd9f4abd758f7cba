package io.plugsql.server.internal;

import io.plugsql.server.users.User;
import io.plugsql.server.users.UserStore;

import org.apache.calcite.avatica.remote.AuthenticationType;
import org.apache.calcite.avatica.server.AvaticaServerConfiguration;
import org.apache.calcite.avatica.server.RemoteUserDisallowedException;
import org.apache.calcite.avatica.server.RemoteUserExtractionException;
import org.apache.calcite.avatica.server.RemoteUserExtractor;

import java.security.Principal;
import java.util.concurrent.Callable;

import static java.util.Objects.requireNonNull;

/**
 * Avatica configuration that runs every RPC "as" the HTTP-authenticated user, so the
 * {@link TenantMeta} learns the user (and from it the tenant) from the server, never from the client.
 */
final class TenantAuthConfiguration implements AvaticaServerConfiguration {
    private final UserStore users;

    TenantAuthConfiguration(UserStore users) {
        this.users = requireNonNull(users, "users is null");
    }

    @Override
    public AuthenticationType getAuthenticationType() {
        return AuthenticationType.CUSTOM;
    }

    @Override
    public boolean supportsImpersonation() {
        return true;
    }

    @Override
    public <T> T doAsRemoteUser(String remoteUserName, String remoteAddress, Callable<T> action) throws Exception {
        User user = users.find(remoteUserName)
                .orElseThrow(() -> new RemoteUserDisallowedException("user '" + remoteUserName + "' no longer exists"));
        return RequestContext.callAs(user, action);
    }

    @Override
    public RemoteUserExtractor getRemoteUserExtractor() {
        return request -> {
            Principal principal = request.getUserPrincipal();
            if (principal == null) {
                throw new RemoteUserExtractionException("request is not authenticated");
            }
            return principal.getName();
        };
    }

    @Override
    public String[] getAllowedRoles() {
        return new String[] {UsersLoginService.ROLE};
    }

    @Override
    public String getKerberosRealm() {
        return null;
    }

    @Override
    public String getKerberosServiceName() {
        return null;
    }

    @Override
    public String getKerberosHostName() {
        return null;
    }

    @Override
    public String getKerberosPrincipal() {
        return null;
    }

    @Override
    public String getHashLoginServiceRealm() {
        return null;
    }

    @Override
    public String getHashLoginServiceProperties() {
        return null;
    }
}
