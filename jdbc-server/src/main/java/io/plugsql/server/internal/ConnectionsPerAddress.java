package io.plugsql.server.internal;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Connector listener that closes a client's connection at once when its IP address already holds
 * the maximum number of open connections, so one client cannot take every worker thread.
 */
final class ConnectionsPerAddress implements Connection.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionsPerAddress.class);

    private final int max;
    private final Map<InetAddress, Integer> open = new ConcurrentHashMap<>();

    ConnectionsPerAddress(int max) {
        this.max = max;
    }

    @Override
    public void onOpened(Connection connection) {
        InetAddress address = address(connection.getEndPoint());
        if (address == null) {
            return;
        }
        int count = open.merge(address, 1, Integer::sum);
        if (count > max) {
            LOG.debug("closing a connection of {}: it holds {} (max {})", address, count - 1, max);
            connection.getEndPoint().close();
        }
    }

    @Override
    public void onClosed(Connection connection) {
        InetAddress address = address(connection.getEndPoint());
        if (address != null) {
            open.computeIfPresent(address, (key, count) -> count == 1 ? null : count - 1);
        }
    }

    /** Open connections of one address, for tests and diagnostics. */
    int openConnections(InetAddress address) {
        return open.getOrDefault(address, 0);
    }

    private static InetAddress address(EndPoint endPoint) {
        return endPoint.getRemoteAddress() instanceof InetSocketAddress
                ? ((InetSocketAddress) endPoint.getRemoteAddress()).getAddress() : null;
    }
}
