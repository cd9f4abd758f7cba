package io.plugsql.sql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.h2.api.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sessions that run a tenant's SQL belong to its own non-admin H2 user: direct H2 SQL on them
 * (as if something got through unchecked) cannot reach H2's host-facing features or another schema.
 */
class TenantUserRightsTest {
    @TempDir
    Path data;
    private TenantDatabase database;

    @BeforeEach
    void open() throws Exception {
        database = TenantDatabase.open(data);
        for (String tenant : List.of("acme", "globex")) {
            database.ensureSchema(tenant);
            database.executeDdl(tenant, "CREATE TABLE \"" + tenant + "\".\"T\" (\"A\" BIGINT)");
        }
        try (Connection globex = tenantConnection("globex"); Statement statement = globex.createStatement()) {
            statement.execute("INSERT INTO \"globex\".\"T\" VALUES (42)");
        }
        Files.writeString(data.resolve("host-file.csv"), "A\nhost secret\n");
    }

    @AfterEach
    void close() throws SQLException {
        database.close();
    }

    private Connection tenantConnection(String tenant) throws SQLException {
        return database.jdbcSchema(tenant).getDataSource().getConnection();
    }

    @Test
    void pooledAndBulkReadSessionsCannotReachAdminFeaturesOrOtherSchemas() throws SQLException {
        TenantDataSource acme = (TenantDataSource) database.jdbcSchema("acme").getDataSource();
        try (Connection pooled = acme.getConnection()) {
            assertConfined(pooled);
        }
        Connection bulk = acme.bulkReadConnection();
        try {
            assertConfined(bulk);
        } finally {
            bulk.close();
        }
        try (Connection globex = tenantConnection("globex"); Statement statement = globex.createStatement();
                ResultSet rows = statement.executeQuery("SELECT \"A\" FROM \"globex\".\"T\"")) {
            assertTrue(rows.next());
            assertEquals(42, rows.getLong(1), "the other tenant's row is intact and still served");
            assertFalse(rows.next());
        }
    }

    private void assertConfined(Connection session) throws SQLException {
        String file = data.resolve("host-file.csv").toString().replace("'", "''");
        String written = data.resolve("written-by-tenant").toString().replace("'", "''");
        List<String> attacks = List.of(
                "SELECT FILE_READ('" + file + "')",
                "SELECT FILE_WRITE(X'00', '" + written + "')",
                "SELECT * FROM CSVREAD('" + file + "')",
                "CALL CSVWRITE('" + written + "', 'SELECT 1')",
                "SELECT * FROM LINK_SCHEMA('L', '', 'jdbc:h2:mem:x', 'sa', '', 'PUBLIC')",
                "CREATE ALIAS GET_PROPERTY FOR 'java.lang.System.getProperty'",
                "CREATE LINKED TABLE \"acme\".\"L\"('', 'jdbc:h2:mem:x', 'sa', '', 'T')",
                "CREATE TRIGGER \"acme\".\"TR\" BEFORE INSERT ON \"acme\".\"T\" CALL 'java.lang.Object'",
                "SCRIPT TO '" + written + "'",
                "RUNSCRIPT FROM '" + file + "'",
                "BACKUP TO '" + written + "'",
                "SELECT * FROM \"globex\".\"T\"",
                "INSERT INTO \"globex\".\"T\" VALUES (1)",
                "DELETE FROM \"globex\".\"T\"",
                "DROP TABLE \"globex\".\"T\"",
                "CREATE TABLE \"acme\".\"X\" (\"A\" INT)",
                "CREATE TABLE PUBLIC.X (A INT)",
                "CREATE SCHEMA EVIL",
                "CREATE USER EVIL PASSWORD 'x' ADMIN",
                "ALTER USER \"" + TenantDatabase.userOf("acme") + "\" ADMIN TRUE",
                "GRANT SELECT ON SCHEMA \"globex\" TO \"" + TenantDatabase.userOf("acme") + "\"",
                "ALTER USER " + TenantDatabase.ADMIN + " SET PASSWORD ''",
                "SET EXCLUSIVE 1",
                "SHUTDOWN");
        try (Statement statement = session.createStatement()) {
            for (String attack : attacks) {
                SQLException refused = assertThrows(SQLException.class, () -> runFully(statement, attack), attack);
                assertTrue(refused.getErrorCode() == ErrorCode.ADMIN_RIGHTS_REQUIRED
                        || refused.getErrorCode() == ErrorCode.NOT_ENOUGH_RIGHTS_FOR_1, attack + ": " + refused);
            }
            // Its own schema's rows it may read and write.
            assertEquals(1, statement.executeUpdate("INSERT INTO \"acme\".\"T\" VALUES (7)"));
            assertEquals(1, statement.executeUpdate("DELETE FROM \"acme\".\"T\" WHERE \"A\" = 7"));
        }
        assertFalse(Files.exists(data.resolve("written-by-tenant")));
    }

    /** Runs {@code sql} and reads its whole result: sessions are lazy, so a query's functions run on {@code next()}. */
    private static void runFully(Statement statement, String sql) throws SQLException {
        if (statement.execute(sql)) {
            try (ResultSet rows = statement.getResultSet()) {
                while (rows.next()) {
                    rows.getObject(1);
                }
            }
        }
    }
}
