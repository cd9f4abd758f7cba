package io.plugsql.server.internal;

import io.plugsql.server.users.User;
import io.plugsql.server.users.UserStore;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.AbstractHandler;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import java.security.Principal;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Answers {@code POST /plugsql/cancel?connection=ID&statement=N} for an authenticated user: stops
 * that user's running statement. 204 when one was stopped, 404 when nothing of the caller's ran.
 */
final class CancelHandler extends AbstractHandler {
    static final String PATH = "/plugsql/cancel";

    private final UserStore users;
    private final TenantMeta meta;

    CancelHandler(UserStore users, TenantMeta meta) {
        this.users = requireNonNull(users, "users is null");
        this.meta = requireNonNull(meta, "meta is null");
    }

    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response) {
        if (!PATH.equals(target)) {
            return;
        }
        baseRequest.setHandled(true);
        Principal principal = request.getUserPrincipal();
        Optional<User> user = principal == null ? Optional.empty() : users.find(principal.getName());
        String connection = request.getParameter("connection");
        String statement = request.getParameter("statement");
        if (!"POST".equals(request.getMethod()) || connection == null || statement == null || !statement.matches("\\d{1,9}")) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return;
        }
        if (user.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        boolean cancelled = meta.cancel(user.get(), connection, Integer.parseInt(statement));
        response.setStatus(cancelled ? HttpServletResponse.SC_NO_CONTENT : HttpServletResponse.SC_NOT_FOUND);
    }
}
