package io.plugsql.sql.internal;

import static java.util.Objects.requireNonNull;

import io.plugsql.error.PlugSqlException;
import io.plugsql.sql.vectorized.VectorizeSettings;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.calcite.avatica.ConnectStringParser;

/**
 * The checked contents of a {@code jdbc:plugsql:data=DIR;tenant=T} URL plus its Properties. Only
 * {@code data}, {@code tenant}, {@code user} and {@code password} are accepted: a client never sets
 * Calcite's own properties (model, parserFactory, fun, schemaFactory, ...).
 *
 * @param dataDirectory where the catalog and the tenant tables live
 * @param tenant the connection's tenant, lower case
 * @param vectorize whether and in which batch size UDF calls run vectorized
 */
public record ConnectionSpec(Path dataDirectory, String tenant, VectorizeSettings vectorize) {
    private static final Set<String> ALLOWED = Set.of("data", "tenant", "user", "password",
            VectorizeSettings.VECTORIZE, VectorizeSettings.BATCH_SIZE);
    private static final Pattern TENANT = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    /** Schema names a tenant cannot take. */
    private static final Set<String> RESERVED = Set.of("plugsql", "metadata", "information_schema");

    public ConnectionSpec {
        requireNonNull(dataDirectory, "dataDirectory is null");
        requireNonNull(tenant, "tenant is null");
        requireNonNull(vectorize, "vectorize is null");
    }

    /** Parses the part of the URL after {@code prefix}, merged with {@code info}. */
    public static ConnectionSpec parse(String url, String prefix, Properties info) {
        Properties properties;
        try {
            properties = ConnectStringParser.parse(url.substring(prefix.length()), info);
        } catch (java.sql.SQLException e) {
            throw invalid("Malformed URL " + url + ": " + e.getMessage());
        }
        Set<String> unknown = new TreeSet<>(properties.stringPropertyNames());
        unknown.removeAll(ALLOWED);
        if (!unknown.isEmpty()) {
            throw invalid("Unknown connection properties " + unknown
                    + "; a plugsql connection accepts only data, tenant, user, password, "
                    + VectorizeSettings.VECTORIZE + " and " + VectorizeSettings.BATCH_SIZE);
        }
        String data = properties.getProperty("data");
        if (data == null || data.isBlank()) {
            throw invalid("Missing connection property 'data' (the data directory), as in "
                    + prefix + "data=/var/lib/plugsql;tenant=acme");
        }
        String tenant = properties.getProperty("tenant", "").trim().toLowerCase(Locale.ROOT);
        if (!TENANT.matcher(tenant).matches() || RESERVED.contains(tenant)) {
            throw invalid("Invalid tenant '" + properties.getProperty("tenant", "")
                    + "': a tenant is a name of letters, digits and '_' starting with a letter,"
                    + " at most 63 characters, not one of " + RESERVED);
        }
        return new ConnectionSpec(Path.of(data.trim()), tenant, VectorizeSettings.fromProperties(properties));
    }

    private static PlugSqlException invalid(String message) {
        return new PlugSqlException(SqlAdapterErrorCode.INVALID_CONNECTION_PROPERTY, message);
    }
}
