package io.plugsql.server.internal;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.AbstractHandler;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

import static java.util.Objects.requireNonNull;

/**
 * Answers {@code GET /health} without authentication: 200 while serving, 503 while shutting down.
 * On the health connector it is the only thing answered.
 */
final class HealthHandler extends AbstractHandler {
    static final String PATH = "/health";

    private final BooleanSupplier serving;

    HealthHandler(BooleanSupplier serving) {
        this.serving = requireNonNull(serving, "serving is null");
    }

    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (!PATH.equals(target) || !"GET".equals(request.getMethod())) {
            if (HttpConnectors.HEALTH.equals(baseRequest.getHttpChannel().getConnector().getName())) {
                response.setStatus(HttpServletResponse.SC_NOT_FOUND);
                baseRequest.setHandled(true);
            }
            return;
        }
        boolean up = serving.getAsBoolean();
        response.setStatus(up ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("text/plain;charset=utf-8");
        response.getOutputStream().write((up ? "ok\n" : "shutting down\n").getBytes(StandardCharsets.UTF_8));
        baseRequest.setHandled(true);
    }
}
