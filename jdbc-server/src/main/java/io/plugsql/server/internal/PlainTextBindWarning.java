package io.plugsql.server.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * The warning a server prints when it listens beyond this machine without TLS: Basic authentication
 * then sends every user's password, and every result, in clear text over the network.
 */
public final class PlainTextBindWarning {
    private PlainTextBindWarning() {}

    /** The warning for listening on {@code bindAddress}, or empty when it is loopback or TLS is on. */
    public static Optional<String> forBind(String bindAddress, boolean tls) {
        if (tls || isLoopback(bindAddress)) {
            return Optional.empty();
        }
        return Optional.of("WARNING: listening on " + bindAddress + " without TLS: passwords and results cross the"
                + " network in clear text; give --keystore PATH (docs/OPERATIONS.md, \"TLS\")");
    }

    private static boolean isLoopback(String bindAddress) {
        try {
            return InetAddress.getByName(bindAddress).isLoopbackAddress();
        }
        catch (UnknownHostException e) {
            // An address that does not resolve here is not known to be loopback: warn.
            return false;
        }
    }
}
