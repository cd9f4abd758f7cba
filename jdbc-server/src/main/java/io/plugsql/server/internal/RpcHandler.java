package io.plugsql.server.internal;

import io.plugsql.server.ServerErrorCode;
import io.plugsql.server.ServerException;
import io.plugsql.server.users.User;
import io.plugsql.server.users.UserStore;

import org.apache.calcite.avatica.remote.Handler.HandlerResponse;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.AbstractHandler;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Serves Avatica's RPCs (in place of Avatica's own handler): reads the body only up to the request
 * size cap, then runs the call as the HTTP-authenticated user, so the {@link TenantMeta} learns the
 * user (and from it the tenant) from the server, never from the client.
 *
 * <p>Avatica's handler reads any body whole into a per-thread buffer that never shrinks; here a body
 * over the cap is refused as soon as its declared length, or the bytes read so far, pass the cap.
 */
final class RpcHandler extends AbstractHandler {
    private static final int CHUNK = 8192;

    private final RpcCodec codec;
    private final UserStore users;
    private final long maxRequestBytes;

    RpcHandler(RpcCodec codec, UserStore users, long maxRequestBytes) {
        this.codec = requireNonNull(codec, "codec is null");
        this.users = requireNonNull(users, "users is null");
        this.maxRequestBytes = maxRequestBytes;
    }

    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        baseRequest.setHandled(true);
        if (!"POST".equals(request.getMethod())) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            response.getOutputStream().write("This server expects only POST calls.".getBytes(StandardCharsets.UTF_8));
            return;
        }
        Principal principal = request.getUserPrincipal();
        Optional<User> user = principal == null ? Optional.empty() : users.find(principal.getName());
        if (user.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        HandlerResponse<byte[]> answer;
        try {
            byte[] body = readBody(request);
            answer = RequestContext.callAs(user.get(), () -> codec.apply(body));
        }
        catch (ServerException e) {
            // The rest of the body is not read: the connection cannot carry another request.
            response.setHeader(HttpHeader.CONNECTION.asString(), HttpHeaderValue.CLOSE.asString());
            answer = codec.error(e);
        }
        catch (IOException e) {
            throw e;
        }
        catch (Exception e) {
            answer = codec.error(e);
        }
        response.setContentType(codec.contentType());
        response.setStatus(answer.getStatusCode());
        response.getOutputStream().write(answer.getResponse());
    }

    private byte[] readBody(HttpServletRequest request) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxRequestBytes) {
            throw tooLarge(declared + " bytes");
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(declared > 0 ? (int) declared : CHUNK);
        byte[] chunk = new byte[CHUNK];
        try (InputStream in = request.getInputStream()) {
            for (int read = in.read(chunk); read >= 0; read = in.read(chunk)) {
                if (body.size() + (long) read > maxRequestBytes) {
                    throw tooLarge("more than " + maxRequestBytes + " bytes");
                }
                body.write(chunk, 0, read);
            }
        }
        return body.toByteArray();
    }

    private ServerException tooLarge(String size) {
        return new ServerException(ServerErrorCode.REQUEST_TOO_LARGE, "request of " + size
                + " refused: the server accepts at most " + maxRequestBytes + " bytes per request (--max-request-size)");
    }
}
