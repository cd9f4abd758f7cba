package io.plugsql.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.h2.api.ErrorCode;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data directory whose tenant database was created before per-tenant H2 users (admin {@code plugsql}
 * with an empty password) migrates on open: its admin gets the random password stored owner-only,
 * the empty password stops working, and the tenant's tables are served as before.
 */
class AdminPasswordMigrationTest {
    private static final String OLD_URL_OPTIONS = ";DB_CLOSE_ON_EXIT=FALSE;LAZY_QUERY_EXECUTION=TRUE";

    @TempDir
    Path data;

    private Connection openLikeTheOldCode(String password) throws SQLException {
        JdbcDataSource source = new JdbcDataSource();
        source.setURL("jdbc:h2:file:" + data.resolve("tenants").toAbsolutePath() + OLD_URL_OPTIONS);
        source.setUser("plugsql");
        source.setPassword(password);
        return source.getConnection();
    }

    private Connection connect(String tenant) throws SQLException {
        return new PlugSqlDriver().connect("jdbc:plugsql:data=" + data + ";tenant=" + tenant, null);
    }

    @Test
    void anOldDirectoryMigratesOnOpenAndKeepsItsTables() throws Exception {
        try (Connection old = openLikeTheOldCode(""); Statement statement = old.createStatement()) {
            statement.execute("CREATE SCHEMA \"acme\"");
            statement.execute("CREATE TABLE \"acme\".\"ORDERS\" (\"ID\" BIGINT NOT NULL, \"AMOUNT\" BIGINT, PRIMARY KEY (\"ID\"))");
            statement.execute("INSERT INTO \"acme\".\"ORDERS\" VALUES (1, 10), (2, 32)");
        }
        for (int open = 0; open < 2; open++) {
            try (Connection acme = connect("acme"); Statement statement = acme.createStatement()) {
                assertEquals(List.of("42"), TenantTablesTest.rows(acme, "SELECT SUM(amount) FROM orders"));
                assertEquals(1, statement.executeUpdate("INSERT INTO orders VALUES (" + (3 + open) + ", 0)"));
            }
            try (Connection globex = connect("globex"); Statement statement = globex.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS t (a INTEGER)");
                assertEquals(List.of("0"), TenantTablesTest.rows(globex, "SELECT COUNT(*) FROM t"));
            }
        }
        Path secrets = data.resolve("secrets");
        Path password = secrets.resolve("tenants-admin.password");
        assertTrue(Files.readString(password).matches("[0-9a-f]{64}"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(password)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets)));
        SQLException refused = assertThrows(SQLException.class, () -> openLikeTheOldCode("").close());
        assertEquals(ErrorCode.WRONG_USER_OR_PASSWORD, refused.getErrorCode());
        try (Connection admin = openLikeTheOldCode(Files.readString(password)); Statement statement = admin.createStatement()) {
            assertTrue(statement.execute("SELECT COUNT(*) FROM \"acme\".\"ORDERS\""));
        }
    }
}
