package io.plugsql.server.internal;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Jetty's error page for requests no handler answered or that failed outside Avatica: the status
 * only, never Jetty's page with the exception and its stack.
 */
final class PlainErrorHandler extends ErrorHandler {
    PlainErrorHandler() {
        setShowStacks(false);
        setShowMessageInTitle(false);
        setShowServlet(false);
    }

    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request, HttpServletResponse response,
            int code, String message) throws IOException {
        baseRequest.setHandled(true);
        response.setContentType("text/plain;charset=utf-8");
        response.getOutputStream().write(("HTTP " + code + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
