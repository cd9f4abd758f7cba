package io.plugsql.samples;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Registers a .wasm file as a WASM function on any plugsql JDBC connection (embedded or server):
 * reads the file, issues {@code CREATE [OR REPLACE] FUNCTION ... LANGUAGE WASM WITH (...) AS X'...'}
 * for the connection's tenant and returns the version the catalog gave it.
 *
 * <pre>{@code
 * try (Connection c = DriverManager.getConnection("jdbc:plugsql:data=/var/lib/plugsql;tenant=acme")) {
 *     int version = ModuleRegistration.register(c, RegistrationRequest.of(
 *             "mask_email", "(email VARCHAR) RETURNS VARCHAR", "mask_email", Path.of("pii_mask.wasm")));
 * }
 * }</pre>
 */
public final class ModuleRegistration {
    private static final byte[] WASM_MAGIC = {0x00, 0x61, 0x73, 0x6D};

    private ModuleRegistration() {}

    /**
     * Registers {@code request.module()} on {@code connection} and returns the function's current
     * version (1 for a new function, n+1 after a replace).
     *
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if the file is not a WebAssembly binary module
     * @throws SQLException as the server reports it: SQLSTATE 42P13 for a module that does not fit the
     *     signature, 42723 if the function exists and {@code replace} is false, 42501 for another
     *     tenant's schema, ...
     */
    public static int register(Connection connection, RegistrationRequest request) throws IOException, SQLException {
        String sql = createFunctionSql(request, read(request));
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
        return currentVersion(connection, request.name());
    }

    /** Returns the statement {@link #register} issues for {@code request} with the module {@code wasm}. */
    public static String createFunctionSql(RegistrationRequest request, byte[] wasm) {
        Map<String, String> with = new TreeMap<>(request.options());
        StringBuilder withClause = new StringBuilder("handler = ")
                .append(SqlSyntax.stringLiteral("handler", request.handler()));
        with.forEach((key, value) -> withClause.append(", ").append(key).append(" = ")
                .append(SqlSyntax.stringLiteral(key, value)));
        return "CREATE " + (request.replace() ? "OR REPLACE " : "") + "FUNCTION " + request.name() + request.signature()
                + " LANGUAGE WASM WITH (" + withClause + ") AS X'" + HexFormat.of().withUpperCase().formatHex(wasm) + "'";
    }

    private static byte[] read(RegistrationRequest request) throws IOException {
        byte[] wasm = Files.readAllBytes(request.module());
        if (wasm.length < 8 || wasm[0] != WASM_MAGIC[0] || wasm[1] != WASM_MAGIC[1] || wasm[2] != WASM_MAGIC[2]
                || wasm[3] != WASM_MAGIC[3]) {
            throw new IllegalArgumentException("file " + request.module() + " for function " + request.name()
                    + " is not a WebAssembly binary module (it does not start with \\0asm); WAT text must be assembled first");
        }
        return wasm;
    }

    /** Reads the current version back from {@code plugsql.functions}, in the connection's schema if unqualified. */
    private static int currentVersion(Connection connection, String name) throws SQLException {
        int dot = name.indexOf('.');
        String schema = dot < 0 ? connection.getSchema().toLowerCase(Locale.ROOT) : name.substring(0, dot);
        String function = name.substring(dot + 1);
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT version FROM plugsql.functions WHERE schema_name = ? AND function_name = ?")) {
            query.setString(1, schema);
            query.setString(2, function);
            try (ResultSet rs = query.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("function " + schema + "." + function
                            + " is not in plugsql.functions after its CREATE FUNCTION", "55000");
                }
                return rs.getInt(1);
            }
        }
    }
}
