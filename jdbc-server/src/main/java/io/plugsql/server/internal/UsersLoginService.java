package io.plugsql.server.internal;

import io.plugsql.server.users.User;
import io.plugsql.server.users.UserStore;

import org.eclipse.jetty.security.DefaultIdentityService;
import org.eclipse.jetty.security.IdentityService;
import org.eclipse.jetty.security.LoginService;
import org.eclipse.jetty.server.UserIdentity;

import javax.security.auth.Subject;
import javax.servlet.ServletRequest;

import java.security.Principal;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** Jetty login service that checks HTTP credentials against the PBKDF2 hashes of the users file. */
final class UsersLoginService implements LoginService {
    /** The one role every plugsql user has; the security constraint requires it. */
    static final String ROLE = "plugsql-user";
    private static final String[] ROLES = {ROLE};

    private final UserStore users;
    private final LoginThrottle throttle;
    private IdentityService identityService = new DefaultIdentityService();

    UsersLoginService(UserStore users, LoginThrottle throttle) {
        this.users = requireNonNull(users, "users is null");
        this.throttle = requireNonNull(throttle, "throttle is null");
    }

    @Override
    public String getName() {
        return "plugsql";
    }

    /**
     * Checks the credentials; a throttled user or address and a full password checker end the request
     * with a {@link io.plugsql.server.ServerException} that {@link LoginRefusalHandler} answers.
     */
    @Override
    public UserIdentity login(String username, Object credentials, ServletRequest request) {
        if (username == null || !(credentials instanceof String)) {
            return null;
        }
        String address = request.getRemoteAddr();
        throttle.check(username, address);
        Optional<User> user = users.authenticate(username, ((String) credentials).toCharArray());
        if (user.isEmpty()) {
            throttle.failed(username, address);
            return null;
        }
        throttle.succeeded(username);
        Principal principal = new UserPrincipal(user.get().name());
        Subject subject = new Subject();
        subject.getPrincipals().add(principal);
        subject.setReadOnly();
        return identityService.newUserIdentity(subject, principal, ROLES);
    }

    @Override
    public boolean validate(UserIdentity identity) {
        return users.find(identity.getUserPrincipal().getName()).isPresent();
    }

    @Override
    public IdentityService getIdentityService() {
        return identityService;
    }

    @Override
    public void setIdentityService(IdentityService service) {
        identityService = requireNonNull(service, "service is null");
    }

    @Override
    public void logout(UserIdentity identity) {}

    /** The authenticated user's name as a JAAS principal. */
    private record UserPrincipal(String getName) implements Principal {
        UserPrincipal {
            requireNonNull(getName, "name is null");
        }
    }
}
