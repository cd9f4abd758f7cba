package io.plugsql.sql;

import static io.plugsql.sql.TenantTablesTest.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two functions with the same simple name (a granted {@code acme.f} and the tenant's own {@code f})
 * called in one statement each give their own result, wherever the calls are.
 */
class SameNameFunctionsTest {
    @TempDir
    Path data;

    private Connection connect(String tenant) throws SQLException {
        return DriverManager.getConnection("jdbc:plugsql:data=" + data + ";tenant=" + tenant);
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String addConst(long constant) {
        return "'(module (func (export \"f\") (param i64) (result i64)"
                + " (i64.add (local.get 0) (i64.const " + constant + "))))'";
    }

    /** acme.f(x) = x + 1000, granted to globex; globex.f(x) = x + 1; globex has a table t. */
    @BeforeEach
    void twoFunctionsNamedF() throws SQLException {
        try (Connection acme = connect("acme"); Connection globex = connect("globex")) {
            exec(acme, "CREATE FUNCTION f(x BIGINT) RETURNS BIGINT LANGUAGE WASM AS " + addConst(1000));
            exec(globex, "CREATE FUNCTION f(x BIGINT) RETURNS BIGINT LANGUAGE WASM AS " + addConst(1));
            exec(acme, "GRANT EXECUTE ON FUNCTION acme.f TO globex");
            exec(globex, "CREATE TABLE t (a BIGINT, g VARCHAR(5))");
            exec(globex, "INSERT INTO t VALUES (1, 'x'), (2, 'x'), (3, 'y')");
        }
    }

    @Test
    void selectListCallsEachFunction() throws SQLException {
        try (Connection c = connect("globex")) {
            assertEquals(List.of("1001|2|2|1001"), rows(c, "SELECT acme.f(1), f(1), globex.f(1), ACME.F(1)"));
            assertEquals(List.of("1|1001|2", "2|1002|3", "3|1003|4"),
                    rows(c, "SELECT a, acme.f(a), f(a) FROM t ORDER BY a"));
            assertEquals(List.of("1002|3"), rows(c, "SELECT acme.f(f(1)), f(f(1))"));
        }
    }

    @Test
    void whereCallsEachFunction() throws SQLException {
        try (Connection c = connect("globex")) {
            assertEquals(List.of("2"), rows(c, "SELECT a FROM t WHERE acme.f(a) = 1002 AND f(a) = 3"));
            assertEquals(List.of(), rows(c, "SELECT a FROM t WHERE acme.f(a) = f(a)"));
            assertEquals(List.of("1|1001|2"), rows(c, "SELECT a, acme.f(a), f(a) FROM t WHERE f(a) < 3"));
        }
    }

    @Test
    void groupByCallsEachFunction() throws SQLException {
        try (Connection c = connect("globex")) {
            assertEquals(List.of("1001|2|1", "1002|3|1", "1003|4|1"), rows(c,
                    "SELECT acme.f(a), f(a), COUNT(*) FROM t GROUP BY acme.f(a), f(a) ORDER BY 1"));
            assertEquals(List.of("3006|9"), rows(c, "SELECT SUM(acme.f(a)), SUM(f(a)) FROM t"));
            assertEquals(List.of("x|2003|5", "y|1003|4"), rows(c,
                    "SELECT g, SUM(acme.f(a)), SUM(f(a)) FROM t GROUP BY g HAVING acme.f(COUNT(*)) > f(0) ORDER BY g"));
        }
    }

    @Test
    void explainNamesEachFunctionBySchema() throws SQLException {
        try (Connection c = connect("globex")) {
            String plan = String.join("\n", rows(c, "EXPLAIN PLAN FOR SELECT acme.f(a), f(a) FROM t"));
            assertTrue(plan.contains("udfs=[[acme.f($0), globex.f($0)]]"), plan);
        }
    }
}
