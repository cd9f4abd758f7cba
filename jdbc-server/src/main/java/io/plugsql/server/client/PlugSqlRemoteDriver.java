package io.plugsql.server.client;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * JDBC driver for {@code jdbc:plugsql-remote:<Avatica remote options>}: connects through Avatica's
 * remote driver and makes {@code Statement.cancel()} and {@code setQueryTimeout} stop the statement
 * on the server (Avatica 1.28's protocol carries neither; this driver calls the server's
 * {@code /plugsql/cancel} endpoint with the same credentials).
 *
 * <pre>
 * jdbc:plugsql-remote:url=http://127.0.0.1:8765;serialization=protobuf;authentication=BASIC;avatica_user=alice;avatica_password=secret
 * </pre>
 */
public final class PlugSqlRemoteDriver implements Driver {
    /** URL prefix; the rest of the URL is exactly what Avatica's remote driver takes. */
    public static final String PREFIX = "jdbc:plugsql-remote:";
    private static final String AVATICA_PREFIX = "jdbc:avatica:remote:";

    static {
        try {
            DriverManager.registerDriver(new PlugSqlRemoteDriver());
        }
        catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Driver avatica = new org.apache.calcite.avatica.remote.Driver();

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        String options = url.substring(PREFIX.length());
        Properties properties = new Properties();
        if (info != null) {
            properties.putAll(info);
        }
        // Tools such as sqlline pass JDBC's user/password; Avatica's BASIC authentication reads avatica_*.
        copyIfAbsent(properties, "user", "avatica_user");
        copyIfAbsent(properties, "password", "avatica_password");
        Connection connection = avatica.connect(AVATICA_PREFIX + options, properties);
        Map<String, String> settings = settings(options, properties);
        String endpoint = settings.get("url");
        if (endpoint == null) {
            connection.close();
            throw new SQLException("plugsql-remote URL has no url=http(s)://HOST:PORT option: " + url);
        }
        CancelChannel channel = new CancelChannel(endpoint, settings.get("avatica_user"), settings.get("avatica_password"));
        return ClientConnection.wrap(connection, channel);
    }

    private static void copyIfAbsent(Properties properties, String from, String to) {
        if (properties.getProperty(to) == null && properties.getProperty(from) != null) {
            properties.setProperty(to, properties.getProperty(from));
        }
    }

    /** URL options (key=value;...) overlaid by the connection properties, keys in lower case. */
    private static Map<String, String> settings(String options, Properties properties) {
        Map<String, String> settings = new HashMap<>();
        for (String option : options.split(";")) {
            int equals = option.indexOf('=');
            if (equals > 0) {
                settings.put(option.substring(0, equals).trim().toLowerCase(Locale.ROOT), option.substring(equals + 1).trim());
            }
        }
        properties.stringPropertyNames().forEach(name -> settings.put(name.toLowerCase(Locale.ROOT), properties.getProperty(name)));
        return settings;
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        return avatica.getPropertyInfo(AVATICA_PREFIX + url.substring(PREFIX.length()), info);
    }

    @Override
    public int getMajorVersion() {
        return 0;
    }

    @Override
    public int getMinorVersion() {
        return 1;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("plugsql-remote logs through slf4j");
    }
}
