package io.plugsql.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Tiny distinct WASM functions ({@code x + k}) for tests that need many modules, and their answers. */
final class PlusFunctions {
    private PlusFunctions() {}

    /** {@code CREATE FUNCTION name(x) = x + k}, the export named like the function. */
    static String plus(String name, int k) {
        return "CREATE FUNCTION " + name + "(x BIGINT) RETURNS BIGINT LANGUAGE WASM AS '(module (func (export \"" + name
                + "\") (param i64) (result i64) (i64.add (local.get 0) (i64.const " + k + "))))'";
    }

    /** The single BIGINT a one-row query returns. */
    static long answer(Statement statement, String query) throws SQLException {
        try (ResultSet rs = statement.executeQuery(query)) {
            assertTrue(rs.next(), query);
            return rs.getLong(1);
        }
    }
}
