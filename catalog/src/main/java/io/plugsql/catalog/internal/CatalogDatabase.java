package io.plugsql.catalog.internal;

import static java.util.Objects.requireNonNull;

import io.plugsql.catalog.CatalogErrorCode;
import io.plugsql.catalog.CatalogException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.h2.api.ErrorCode;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The catalog's H2 file database ({@code DATA_DIR/catalog.mv.db}) behind a small connection pool, with
 * the one place where transactions are run and {@link SQLException}s become {@link CatalogException}s.
 *
 * <p>Every write transaction starts by bumping the single row of {@code catalog_state}. That row lock
 * serializes catalog changes (DDL is rare, so one writer at a time costs nothing), which makes
 * "read the current version, write the next one" race-free, and the counter doubles as the catalog
 * version that SQL layers poll to notice changes. Readers never take locks (MVCC).
 */
public final class CatalogDatabase implements AutoCloseable {
    /** File name (without H2's {@code .mv.db} suffix) of the catalog database inside the data directory. */
    public static final String DATABASE_NAME = "catalog";

    private static final String USER = "plugsql";
    private static final int MAX_CONNECTIONS = 16;
    private static final int LOCK_TIMEOUT_MILLIS = 10_000;

    private final Path dataDirectory;
    private final JdbcConnectionPool pool;
    private final AtomicBoolean closed = new AtomicBoolean();

    private CatalogDatabase(Path dataDirectory, JdbcConnectionPool pool) {
        this.dataDirectory = dataDirectory;
        this.pool = pool;
    }

    /** Opens (creating or upgrading as needed) the catalog database in {@code dataDirectory}. */
    public static CatalogDatabase open(Path dataDirectory) {
        Path directory = requireNonNull(dataDirectory, "dataDirectory is null").toAbsolutePath().normalize();
        if (directory.toString().indexOf(';') >= 0) {
            throw new IllegalArgumentException("data directory must not contain ';' (H2 URL separator): " + directory);
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new CatalogException(CatalogErrorCode.STORAGE_FAILURE,
                    "cannot create the data directory " + directory + ": " + e.getMessage(), e);
        }
        JdbcConnectionPool pool = JdbcConnectionPool.create(url(directory), USER, "");
        pool.setMaxConnections(MAX_CONNECTIONS);
        CatalogDatabase database = new CatalogDatabase(directory, pool);
        try {
            database.run("opening the catalog in " + directory, CatalogSchema::migrate);
            return database;
        } catch (RuntimeException e) {
            pool.dispose();
            throw e;
        }
    }

    /**
     * The JDBC URL. WRITE_DELAY=0 writes every commit to the file before commit returns, so a catalog
     * change that was acknowledged survives a crash of the process. DB_CLOSE_ON_EXIT=FALSE leaves
     * closing to {@link #close()} (a JVM shutdown hook must not close the database under statements
     * still finishing). The default FILE_LOCK=FILE keeps a second process out: one process owns the
     * data directory, and others (e.g. a Spark job) read the catalog through that process.
     * QUERY_CACHE_SIZE covers all of the catalog's distinct statements, so pooled sessions reuse
     * their parsed plans.
     */
    private static String url(Path directory) {
        return "jdbc:h2:file:" + directory.resolve(DATABASE_NAME)
                + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;QUERY_CACHE_SIZE=64;LOCK_TIMEOUT=" + LOCK_TIMEOUT_MILLIS;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Work done on one connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs read-only {@code work} in auto-commit mode; {@code action} names it in error messages. */
    public <T> T read(String action, Work<T> work) {
        return run(action, work);
    }

    /**
     * Runs {@code work} in one transaction after taking the catalog's write lock. Commits when
     * {@code commit} accepts the result, rolls back otherwise and on any exception, so a failed or
     * no-op change leaves the catalog (and its version) untouched.
     */
    public <T> T write(String action, Work<T> work, Predicate<? super T> commit) {
        return run(action, connection -> {
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement bump = connection.prepareStatement(
                        "UPDATE catalog_state SET change_count = change_count + 1 WHERE id = 1")) {
                    bump.executeUpdate();
                }
                T result = work.run(connection);
                if (commit.test(result)) {
                    connection.commit();
                } else {
                    connection.rollback();
                }
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(connection, e);
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        });
    }

    /** The number of committed catalog changes so far; grows by one with every change. */
    public long changeCount() {
        return read("reading the catalog version", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                            "SELECT change_count FROM catalog_state WHERE id = 1");
                    ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    throw new SQLException("catalog_state has no row");
                }
                return rows.getLong(1);
            }
        });
    }

    private <T> T run(String action, Work<T> work) {
        if (closed.get()) {
            throw new CatalogException(CatalogErrorCode.STORAGE_FAILURE,
                    "the catalog in " + dataDirectory + " is closed (while " + action + ")");
        }
        try (Connection connection = pool.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw translate(action, e);
        }
    }

    private CatalogException translate(String action, SQLException e) {
        switch (e.getErrorCode()) {
            case ErrorCode.LOCK_TIMEOUT_1:
                return new CatalogException(CatalogErrorCode.CATALOG_BUSY, "timed out after "
                        + LOCK_TIMEOUT_MILLIS + " ms waiting for another catalog change while " + action, e);
            case ErrorCode.DATABASE_ALREADY_OPEN_1:
                return new CatalogException(CatalogErrorCode.STORAGE_FAILURE, "the catalog in " + dataDirectory
                        + " is in use by another process (while " + action + ")", e);
            default:
                return new CatalogException(CatalogErrorCode.STORAGE_FAILURE,
                        "catalog storage failed while " + action + ": " + e.getMessage(), e);
        }
    }

    private static void rollbackQuietly(Connection connection, Throwable failure) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
        }
    }

    /**
     * Closes idle connections; the database file closes when the last connection in use is returned.
     * Later calls fail with STORAGE_FAILURE.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            pool.dispose();
        }
    }
}
