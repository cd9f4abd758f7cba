package io.plugsql.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tenant tables through the embedded driver: DDL in H2, DML through Calcite, restart, isolation. */
class TenantTablesTest {
    @TempDir
    Path data;

    private Connection connect(String tenant) throws SQLException {
        return DriverManager.getConnection("jdbc:plugsql:data=" + data + ";tenant=" + tenant);
    }

    static List<String> rows(Connection connection, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    @Test
    void createInsertQueryUpdateDeleteDrop() throws SQLException {
        try (Connection c = connect("acme"); Statement s = c.createStatement()) {
            assertEquals("acme", c.getSchema());
            s.execute("CREATE TABLE orders (id BIGINT NOT NULL, customer VARCHAR(40), amount DECIMAL(12, 2),"
                    + " PRIMARY KEY (id))");
            assertEquals(2, s.executeUpdate("INSERT INTO orders VALUES (1, 'ann', 10.50), (2, 'bob', 3.25)"));
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO orders VALUES (?, ?, ?)")) {
                insert.setLong(1, 3);
                insert.setString(2, 'c' + "ée");
                insert.setBigDecimal(3, new java.math.BigDecimal("7.00"));
                assertEquals(1, insert.executeUpdate());
            }
            assertEquals(List.of("1|ann|10.50", "2|bob|3.25", "3|cée|7.00"),
                    rows(c, "SELECT id, customer, amount FROM orders ORDER BY id"));
            assertEquals(1, s.executeUpdate("UPDATE orders SET amount = amount * 2 WHERE id = 2"));
            assertEquals(1, s.executeUpdate("DELETE FROM orders WHERE customer = 'ann'"));
            assertEquals(List.of("2|6.50", "3|7.00"), rows(c, "SELECT id, amount FROM acme.orders ORDER BY id"));
            s.execute("DROP TABLE orders");
            SQLException gone = assertThrows(SQLException.class, () -> rows(c, "SELECT * FROM orders"));
            assertEquals("42P01", gone.getSQLState());
        }
    }

    @Test
    void ifExistsAndIfNotExists() throws SQLException {
        try (Connection c = connect("acme"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (a INTEGER)");
            s.execute("CREATE TABLE IF NOT EXISTS t (b INTEGER)");
            SQLException exists = assertThrows(SQLException.class, () -> s.execute("CREATE TABLE t (a INTEGER)"));
            assertEquals("42P07", exists.getSQLState());
            assertTrue(exists.getMessage().contains("Table 'T' already exists in schema 'acme'"), exists.getMessage());
            s.execute("DROP TABLE t");
            s.execute("DROP TABLE IF EXISTS t");
            SQLException missing = assertThrows(SQLException.class, () -> s.execute("DROP TABLE t"));
            assertEquals("42P01", missing.getSQLState());
        }
    }

    @Test
    void tablesSurviveARestartOfTheDataDirectory() throws SQLException {
        try (Connection c = connect("acme"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kept (k VARCHAR(10), v INTEGER)");
            s.executeUpdate("INSERT INTO kept VALUES ('x', 1)");
        }
        // The last connection closed the data directory; this one reopens it from the files.
        try (Connection c = connect("acme")) {
            assertEquals(List.of("x|1"), rows(c, "SELECT * FROM kept"));
        }
    }

    @Test
    void tenantsSeeOnlyTheirOwnTables() throws SQLException {
        try (Connection acme = connect("acme"); Connection globex = connect("globex")) {
            acme.createStatement().execute("CREATE TABLE secrets (s VARCHAR(10))");
            acme.createStatement().executeUpdate("INSERT INTO secrets VALUES ('acme')");
            globex.createStatement().execute("CREATE TABLE secrets (s VARCHAR(10))");
            assertEquals(List.of("acme"), rows(acme, "SELECT * FROM secrets"));
            assertEquals(List.of(), rows(globex, "SELECT * FROM secrets"));
            SQLException denied = assertThrows(SQLException.class, () -> rows(globex, "SELECT * FROM acme.secrets"));
            assertEquals("42P01", denied.getSQLState());
            SQLException foreign = assertThrows(SQLException.class,
                    () -> globex.createStatement().execute("CREATE TABLE acme.planted (x INTEGER)"));
            assertEquals("42501", foreign.getSQLState());
            assertTrue(foreign.getMessage().contains("Tenant 'globex' cannot create tables in schema 'acme'"));
        }
    }

    @Test
    void metadataShowsTheTenantsSchemaAndTables() throws SQLException {
        try (Connection acme = connect("acme"); Connection globex = connect("globex")) {
            acme.createStatement().execute("CREATE TABLE mine (a INTEGER)");
            DatabaseMetaData metadata = globex.getMetaData();
            List<String> schemas = new ArrayList<>();
            try (ResultSet rs = metadata.getSchemas()) {
                while (rs.next()) {
                    schemas.add(rs.getString("TABLE_SCHEM"));
                }
            }
            assertEquals(List.of("globex", "plugsql"), schemas.stream().sorted().toList());
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = acme.getMetaData().getTables(null, "acme", "%", null)) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME"));
                }
            }
            assertEquals(List.of("MINE"), tables);
        }
    }

    @Test
    void clientsCannotSetCalciteProperties() {
        for (String property : List.of("model=inline:{}", "parserFactory=x#Y", "fun=oracle", "schemaFactory=x")) {
            SQLException e = assertThrows(SQLException.class,
                    () -> DriverManager.getConnection("jdbc:plugsql:data=" + data + ";tenant=acme;" + property));
            assertEquals("08001", e.getSQLState());
            assertTrue(e.getMessage().contains("Unknown connection properties"), e.getMessage());
        }
        SQLException badTenant = assertThrows(SQLException.class,
                () -> DriverManager.getConnection("jdbc:plugsql:data=" + data + ";tenant=plugsql"));
        assertEquals("08001", badTenant.getSQLState());
        SQLException noData = assertThrows(SQLException.class,
                () -> DriverManager.getConnection("jdbc:plugsql:tenant=acme"));
        assertFalse(noData.getMessage().isEmpty());
    }
}
