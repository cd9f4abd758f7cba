package io.plugsql.server.internal;

import io.plugsql.server.ServerErrorCode;
import io.plugsql.server.ServerException;
import io.plugsql.server.users.User;

import java.util.Optional;
import java.util.concurrent.Callable;

/** Holds the authenticated user of the HTTP request the current thread is serving. */
final class RequestContext {
    private static final ThreadLocal<User> CURRENT = new ThreadLocal<>();

    private RequestContext() {}

    static <T> T callAs(User user, Callable<T> action) throws Exception {
        CURRENT.set(user);
        try {
            return action.call();
        }
        finally {
            CURRENT.remove();
        }
    }

    static Optional<User> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    static User require() {
        return current().orElseThrow(() -> new ServerException(ServerErrorCode.NOT_AUTHENTICATED,
                "request has no authenticated user"));
    }
}
