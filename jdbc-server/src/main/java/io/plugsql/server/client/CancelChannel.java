package io.plugsql.server.client;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static java.util.Objects.requireNonNull;

/** Sends {@code POST /plugsql/cancel} to the server with the connection's BASIC credentials. */
final class CancelChannel {
    private final String endpoint;
    private final String authorization;

    CancelChannel(String endpoint, String user, String password) {
        this.endpoint = requireNonNull(endpoint, "endpoint is null").replaceAll("/+$", "");
        this.authorization = user == null ? null
                : "Basic " + Base64.getEncoder().encodeToString((user + ":" + (password == null ? "" : password))
                        .getBytes(StandardCharsets.UTF_8));
    }

    /** Asks the server to stop the statement; returns whether it was running there. */
    boolean cancel(String connectionId, int statementId) throws IOException {
        URL url = new URL(endpoint + "/plugsql/cancel?connection=" + URLEncoder.encode(connectionId, StandardCharsets.UTF_8)
                + "&statement=" + statementId);
        HttpURLConnection http = (HttpURLConnection) url.openConnection();
        try {
            http.setRequestMethod("POST");
            http.setConnectTimeout(5_000);
            http.setReadTimeout(10_000);
            http.setDoOutput(true);
            if (authorization != null) {
                http.setRequestProperty("Authorization", authorization);
            }
            http.getOutputStream().close();
            int status = http.getResponseCode();
            if (status != HttpURLConnection.HTTP_NO_CONTENT && status != HttpURLConnection.HTTP_NOT_FOUND) {
                throw new IOException("cancel request to " + endpoint + " answered HTTP " + status);
            }
            return status == HttpURLConnection.HTTP_NO_CONTENT;
        }
        finally {
            http.disconnect();
        }
    }
}
