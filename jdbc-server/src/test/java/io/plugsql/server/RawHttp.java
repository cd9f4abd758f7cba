package io.plugsql.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Hand-written HTTP/1.1 over a socket from a chosen loopback address, for clients that misbehave on purpose. */
final class RawHttp {
    private RawHttp() {}

    /** A socket to the server's port on 127.0.0.1 from {@code from} (any 127.x address works on Linux). */
    static Socket connect(InetAddress from, int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port, from, 0);
        socket.setSoTimeout(20_000);
        return socket;
    }

    /** The head of a request with BASIC credentials and the given extra header lines. */
    static byte[] head(String method, String path, String user, String password, String headers) {
        String credentials = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return (method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic " + credentials + "\r\n"
                + headers + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Sends a body-less request and returns the response status. */
    static int status(InetAddress from, int port, String method, String path, String user, String password)
            throws IOException {
        try (Socket socket = connect(from, port)) {
            OutputStream out = socket.getOutputStream();
            out.write(head(method, path, user, password, "Content-Length: 0\r\nConnection: close\r\n"));
            out.flush();
            return status(socket.getInputStream());
        }
    }

    /** Reads the status of the response the stream starts with. */
    static int status(InputStream in) throws IOException {
        String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
        if (head.length() < 12) {
            throw new IOException("connection closed before a status line: '" + head + "'");
        }
        return Integer.parseInt(head.substring(9, 12));
    }
}
