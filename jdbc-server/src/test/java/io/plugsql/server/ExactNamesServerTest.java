package io.plugsql.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Names are exact, never LIKE patterns: tenants {@code a_c}, {@code abc} and {@code a1c} (whose names
 * {@code a_c} matches as a pattern) with tables {@code A_B}, {@code AXB} and {@code T}, over the server.
 */
class ExactNamesServerTest {
    @TempDir
    static Path data;
    private static TestServer server;

    @BeforeAll
    static void start() throws SQLException {
        server = TestServer.start(data);
        server.addUser("ann", "a_c");
        server.addUser("bob", "abc");
        server.addUser("cat", "a1c");
        try (Connection a_c = server.connect("ann"); Statement s = a_c.createStatement()) {
            s.execute("CREATE TABLE a_b (x INTEGER)");
            s.execute("CREATE TABLE axb (wrong VARCHAR(10))");
            s.execute("INSERT INTO a_b VALUES (1)");
            s.execute("INSERT INTO axb VALUES ('axb')");
            s.execute(PlusFunctions.plus("f_1", 1));
        }
        try (Connection abc = server.connect("bob"); Statement s = abc.createStatement()) {
            s.execute("CREATE TABLE secret (abc_only VARCHAR(20))");
            s.execute("INSERT INTO secret VALUES ('abc-secret')");
            s.execute("CREATE TABLE a_b (abc_column INTEGER)");
            s.execute("INSERT INTO a_b VALUES (20)");
            s.execute("CREATE TABLE t (abc_t INTEGER)");
            s.execute(PlusFunctions.plus("fx1", 2));
            s.execute(PlusFunctions.plus("hidden", 3));
            s.execute("GRANT EXECUTE ON FUNCTION fx1 TO a_c");
        }
        try (Connection a1c = server.connect("cat"); Statement s = a1c.createStatement()) {
            s.execute("CREATE TABLE t (t1 INTEGER)");
            s.execute("INSERT INTO t VALUES (7)");
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void sqlBindsTheTableOfExactlyThatNameInTheTenantsSchema() throws SQLException {
        try (Connection a_c = server.connect("ann"); Statement s = a_c.createStatement()) {
            try (ResultSet rows = s.executeQuery("SELECT * FROM a_b")) {
                assertEquals(List.of("X"), columns(rows.getMetaData()));
                assertTrue(rows.next());
                assertEquals(1, rows.getInt(1));
                assertFalse(rows.next());
            }
            assertEquals(1, PlusFunctions.answer(s, "SELECT COUNT(*) FROM axb WHERE wrong = 'axb'"));
            // abc's table is not a table of a_c: not even its columns reach the client.
            SQLException missing = assertThrows(SQLException.class, () -> a_c.prepareStatement("SELECT * FROM secret"));
            assertFalse(missing.getMessage().toUpperCase().contains("ABC_ONLY"), missing.getMessage());
            assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM t"));
            assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM abc.secret"));
            assertEquals(3, PlusFunctions.answer(s, "SELECT abc.fx1(x) FROM a_b"));
        }
    }

    @Test
    void metadataNeverShowsAnotherTenantsObjectsWhateverThePattern() throws SQLException {
        try (Connection a_c = server.connect("ann")) {
            DatabaseMetaData metaData = a_c.getMetaData();
            assertEquals("\\", metaData.getSearchStringEscape());
            assertEquals(Set.of("a_c.A_B", "a_c.AXB"), tables(metaData, "a_c", "%"));
            assertEquals(Set.of("a_c.A_B"), tables(metaData, "a_c", "A_B"));
            for (String schema : new String[] {null, "%", "a%", "a_c", "abc", "a1c", "a\\_c"}) {
                Set<String> tables = tables(metaData, schema, "%");
                assertTrue(Set.of("a_c.A_B", "a_c.AXB").containsAll(tables), schema + ": " + tables);
            }
            assertEquals(List.of("X"), columnNames(metaData, "a_c", "A_B", "%"));
            assertEquals(List.of("X"), columnNames(metaData, "a_c", "A_B", null));
            List<String> everyColumn = columnNames(metaData, "%", "%", "%");
            assertEquals(Set.of("X", "WRONG"), Set.copyOf(everyColumn), everyColumn.toString());
            Set<String> schemas = new TreeSet<>();
            try (ResultSet rows = metaData.getSchemas(null, "%")) {
                while (rows.next()) {
                    schemas.add(rows.getString("TABLE_SCHEM"));
                }
            }
            // abc shows only as the schema of the function it granted, without tables; a1c not at all.
            assertFalse(schemas.contains("a1c"), schemas.toString());
            try (ResultSet rows = metaData.getSchemas(null, "a_c")) {
                assertTrue(rows.next());
                assertEquals("a_c", rows.getString("TABLE_SCHEM"));
                assertFalse(rows.next());
            }
        }
    }

    @Test
    void functionMetadataMatchesNamesExactly() throws SQLException {
        try (Connection a_c = server.connectPlugSqlDriver("ann")) {
            DatabaseMetaData metaData = a_c.getMetaData();
            assertEquals(Set.of("a_c.f_1"), functions(metaData, "a_c", "%"));
            assertEquals(Set.of("a_c.f_1"), functions(metaData, "a_c", "f_1"));
            assertEquals(Set.of("a_c.f_1", "abc.fx1"), functions(metaData, "%", "%"));
            assertEquals(Set.of("a_c.f_1"), functions(metaData, "a\\_c", "f\\_1"));
            assertEquals(Set.of(), functions(metaData, "%", "hidden"));
            List<String> parameters = new ArrayList<>();
            try (ResultSet rows = metaData.getFunctionColumns(null, "a_c", "f_1", "%")) {
                while (rows.next()) {
                    parameters.add(rows.getString("FUNCTION_SCHEM") + "." + rows.getString("FUNCTION_NAME")
                            + ":" + rows.getString("COLUMN_NAME"));
                }
            }
            assertEquals(List.of("a_c.f_1:", "a_c.f_1:x"), parameters);
        }
    }

    @Test
    void theOtherTenantsKeepTheirOwnTables() throws SQLException {
        try (Connection abc = server.connect("bob"); Statement s = abc.createStatement()) {
            try (ResultSet rows = s.executeQuery("SELECT * FROM secret")) {
                assertTrue(rows.next());
                assertEquals("abc-secret", rows.getString(1));
            }
            try (ResultSet rows = s.executeQuery("SELECT * FROM a_b")) {
                assertEquals(List.of("ABC_COLUMN"), columns(rows.getMetaData()));
                assertTrue(rows.next());
                assertEquals(20, rows.getInt(1));
            }
            assertEquals(Set.of("abc.A_B", "abc.SECRET", "abc.T"), tables(abc.getMetaData(), "%", "%"));
        }
        try (Connection a1c = server.connect("cat"); Statement s = a1c.createStatement()) {
            assertEquals(7, PlusFunctions.answer(s, "SELECT t1 FROM t"));
            assertEquals(List.of("T1"), columnNames(a1c.getMetaData(), "a1c", "T", "%"));
            assertThrows(SQLException.class, () -> s.executeQuery("SELECT abc.fx1(t1) FROM t"));
        }
    }

    private static Set<String> tables(DatabaseMetaData metaData, String schema, String table) throws SQLException {
        Set<String> tables = new TreeSet<>();
        try (ResultSet rows = metaData.getTables(null, schema, table, null)) {
            while (rows.next()) {
                if (!rows.getString("TABLE_SCHEM").equals("plugsql") && !rows.getString("TABLE_SCHEM").equals("metadata")) {
                    tables.add(rows.getString("TABLE_SCHEM") + "." + rows.getString("TABLE_NAME"));
                }
            }
        }
        return tables;
    }

    private static List<String> columnNames(DatabaseMetaData metaData, String schema, String table, String column)
            throws SQLException {
        List<String> columns = new ArrayList<>();
        try (ResultSet rows = metaData.getColumns(null, schema, table, column)) {
            while (rows.next()) {
                String schemaName = rows.getString("TABLE_SCHEM");
                if (!schemaName.equals("plugsql") && !schemaName.equals("metadata")) {
                    columns.add(rows.getString("COLUMN_NAME"));
                }
            }
        }
        return columns;
    }

    private static Set<String> functions(DatabaseMetaData metaData, String schema, String name) throws SQLException {
        Set<String> functions = new TreeSet<>();
        try (ResultSet rows = metaData.getFunctions(null, schema, name)) {
            while (rows.next()) {
                functions.add(rows.getString("FUNCTION_SCHEM") + "." + rows.getString("FUNCTION_NAME"));
            }
        }
        return functions;
    }

    private static List<String> columns(ResultSetMetaData metaData) throws SQLException {
        List<String> columns = new ArrayList<>();
        for (int i = 1; i <= metaData.getColumnCount(); i++) {
            columns.add(metaData.getColumnName(i));
        }
        return columns;
    }
}
