package io.plugsql.server.internal;

import io.plugsql.server.ServerErrorCode;
import io.plugsql.server.ServerException;
import io.plugsql.samples.SampleFunction;
import io.plugsql.samples.SampleModules;
import io.plugsql.server.users.UserStore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.List;

/**
 * Creates the demo tenants {@code acme} and {@code globex} on a first start: the sample functions of
 * each, and one user each with a random password, written to an owner-only file in the data directory
 * (never logged).
 */
final class DemoTenants {
    static final String CREDENTIALS_FILE = "demo-credentials.properties";
    private static final Logger LOG = LoggerFactory.getLogger(DemoTenants.class);
    private static final List<String> TENANTS = List.of("acme", "globex");
    private static final SecureRandom RANDOM = new SecureRandom();

    private DemoTenants() {}

    /** Creates tenants, users and the credentials file; returns the file. */
    static Path create(Path dataDirectory, UserStore users, TenantConnectionFactory connections) {
        StringBuilder credentials = new StringBuilder()
                .append("# plugsql demo users, created at first start. Owner-only; delete after reading.\n")
                .append("# Connect with avatica_user=NAME;avatica_password=PASSWORD (see README).\n");
        for (String tenant : TENANTS) {
            String user = tenant + "_admin";
            char[] password = randomPassword();
            users.add(user, tenant, password);
            credentials.append(user).append('=').append(password).append('\n');
            registerSamples(connections, tenant);
            LOG.info("demo tenant '{}' created with user '{}' and {} sample functions", tenant, user,
                    SampleModules.forTenant(tenant).size());
        }
        Path file = dataDirectory.resolve(CREDENTIALS_FILE);
        try {
            Files.deleteIfExists(file);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(file, credentials, StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            throw new ServerException(ServerErrorCode.DATA_DIRECTORY_ERROR, "cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    /** Creates the tenant (its first connection) with the sample functions it gets (sample-udfs' manifest). */
    private static void registerSamples(TenantConnectionFactory connections, String tenant) {
        String current = "(connect)";
        try (Connection connection = connections.open(tenant); Statement statement = connection.createStatement()) {
            for (SampleFunction function : SampleModules.forTenant(tenant)) {
                current = function.name();
                statement.execute(function.createFunctionSql(tenant));
            }
        }
        catch (SQLException e) {
            throw new ServerException(ServerErrorCode.DATA_DIRECTORY_ERROR,
                    "cannot create demo tenant '" + tenant + "' (sample function " + current + "): " + e.getMessage(), e);
        }
    }

    private static char[] randomPassword() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).toCharArray();
    }
}
