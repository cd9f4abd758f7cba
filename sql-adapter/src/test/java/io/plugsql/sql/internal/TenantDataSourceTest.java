package io.plugsql.sql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plain H2 sessions for bulk reads: they read the tenant database, idle ones are reused up to a bound and closed with it. */
class TenantDataSourceTest {
    @TempDir
    Path data;

    @Test
    void bulkReadSessionsAreReusedBoundedAndClosedWithTheDatabase() throws Exception {
        TenantDatabase database = TenantDatabase.open(data);
        TenantDataSource source = (TenantDataSource) database.jdbcSchema("acme").getDataSource();
        database.ensureSchema("acme");
        database.executeDdl("acme", "CREATE TABLE \"acme\".\"T\" (\"A\" BIGINT)");
        List<Connection> sessions = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sessions.add(source.bulkReadConnection());
        }
        try (Statement statement = sessions.get(0).createStatement();
                ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM \"acme\".\"T\"")) {
            assertTrue(rs.next());
            assertEquals(0, rs.getLong(1));
        }
        for (Connection session : sessions) {
            source.releaseBulkReadConnection(session);
        }
        assertEquals(8, sessions.stream().filter(this::isOpen).count(), "at most 8 idle sessions are kept");
        Connection reused = source.bulkReadConnection();
        assertSame(sessions.get(0), reused);

        database.close();
        assertTrue(sessions.stream().filter(session -> session != reused).noneMatch(this::isOpen));
        source.releaseBulkReadConnection(reused);
        assertFalse(isOpen(reused), "a session given back after the database closed is closed");
    }

    private boolean isOpen(Connection connection) {
        try {
            return !connection.isClosed();
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
