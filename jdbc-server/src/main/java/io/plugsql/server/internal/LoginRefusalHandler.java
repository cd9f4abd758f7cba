package io.plugsql.server.internal;

import io.plugsql.server.ServerErrorCode;
import io.plugsql.server.ServerException;

import org.apache.calcite.avatica.remote.Handler.HandlerResponse;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.HandlerWrapper;

import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Answers logins refused by the {@link LoginThrottle} or a full password checker: Avatica requests
 * get an Avatica error (so JDBC shows the message and SQLSTATE), other requests HTTP 429.
 */
final class LoginRefusalHandler extends HandlerWrapper {
    private static final Set<ServerErrorCode> REFUSALS = Set.of(ServerErrorCode.LOGINS_THROTTLED, ServerErrorCode.LOGIN_BUSY);
    private static final int TOO_MANY_REQUESTS = 429;

    private final RpcCodec codec;

    LoginRefusalHandler(RpcCodec codec) {
        this.codec = requireNonNull(codec, "codec is null");
    }

    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        try {
            super.handle(target, baseRequest, request, response);
        }
        catch (ServerException e) {
            if (!REFUSALS.contains(ServerErrorCode.valueOf(e.getErrorCode().name())) || response.isCommitted()) {
                throw e;
            }
            baseRequest.setHandled(true);
            if ("/".equals(target) && "POST".equals(request.getMethod())) {
                HandlerResponse<byte[]> answer = codec.error(e);
                response.setStatus(answer.getStatusCode());
                response.setContentType(codec.contentType());
                response.getOutputStream().write(answer.getResponse());
                return;
            }
            response.setStatus(TOO_MANY_REQUESTS);
            response.setContentType("text/plain;charset=utf-8");
            response.getOutputStream().write((e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }
}
