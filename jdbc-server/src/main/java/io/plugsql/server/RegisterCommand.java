package io.plugsql.server;

import static java.util.Objects.requireNonNull;

import io.plugsql.samples.ModuleRegistration;
import io.plugsql.samples.RegistrationRequest;
import io.plugsql.server.client.PlugSqlRemoteDriver;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Command {@code plugsql register}: registers a .wasm file as a function of the user's tenant on a
 * running server, through the plugsql-remote driver and {@link ModuleRegistration}.
 *
 * <pre>
 * PLUGSQL_PASSWORD=... bin/plugsql register mul_add.wasm --name mul_add \
 *     --signature '(a BIGINT, b BIGINT) RETURNS BIGINT' --user alice
 * registered acme.mul_add version 1
 * </pre>
 */
final class RegisterCommand {
    /** The module's hex literal, which the server's message quotes in full with the statement. */
    private static final Pattern MODULE_LITERAL = Pattern.compile("X'[0-9A-Fa-f]*'");

    private final RegistrationRequest request;
    private final String serverUrl;
    private final String user;

    /** A registration of {@code request} at {@code serverUrl} ({@code http[s]://host:port}) as {@code user}. */
    RegisterCommand(RegistrationRequest request, String serverUrl, String user) {
        this.request = requireNonNull(request, "request is null");
        this.serverUrl = requireNonNull(serverUrl, "serverUrl is null");
        this.user = requireNonNull(user, "user is null");
    }

    /** Fails before any password prompt or connection when the module file is not there to read. */
    void checkModuleFile() {
        if (!Files.isRegularFile(request.module())) {
            throw new RegisterException("cannot register " + request.name() + ": no such file " + request.module());
        }
    }

    /** Registers the module, prints {@code registered SCHEMA.NAME version N} and returns the version. */
    int run(char[] password, PrintStream out) {
        try (Connection connection = connect(password)) {
            int version = ModuleRegistration.register(connection, request);
            out.println("registered " + qualifiedName(connection) + " version " + version);
            return version;
        }
        catch (NoSuchFileException e) {
            throw new RegisterException("cannot register " + request.name() + ": no such file " + request.module());
        }
        catch (IOException e) {
            throw new RegisterException("cannot register " + request.name() + ": cannot read " + request.module()
                    + ": " + e.getMessage());
        }
        catch (IllegalArgumentException e) {
            throw new RegisterException("cannot register " + request.name() + ": " + e.getMessage());
        }
        catch (SQLException e) {
            throw new RegisterException("server at " + serverUrl + " refused " + request.name()
                    + (e.getSQLState() == null ? "" : " (SQLSTATE " + e.getSQLState() + ")") + ": "
                    + MODULE_LITERAL.matcher(String.valueOf(e.getMessage())).replaceAll("X'...'"));
        }
    }

    private Connection connect(char[] password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("avatica_user", user);
        properties.setProperty("avatica_password", new String(password));
        String url = PlugSqlRemoteDriver.PREFIX + "url=" + serverUrl + ";serialization=protobuf;authentication=BASIC";
        try {
            return DriverManager.getConnection(url, properties);
        }
        catch (RuntimeException e) {
            // Avatica reports HTTP failures (401, connection refused) as unchecked exceptions.
            throw new RegisterException("cannot connect to " + serverUrl + " as " + user + ": " + e.getMessage());
        }
    }

    private String qualifiedName(Connection connection) throws SQLException {
        return request.name().indexOf('.') >= 0 ? request.name()
                : connection.getSchema().toLowerCase(Locale.ROOT) + "." + request.name();
    }

    /** A registration that did not happen; its message says why, for the command line. */
    static final class RegisterException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RegisterException(String message) {
            super(message);
        }
    }
}
