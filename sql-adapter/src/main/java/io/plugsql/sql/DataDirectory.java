package io.plugsql.sql;

import static java.util.Objects.requireNonNull;

import io.plugsql.sql.function.FunctionRegistry;
import io.plugsql.sql.internal.SqlAdapterErrorCode;
import io.plugsql.sql.internal.TenantDatabase;
import io.plugsql.error.PlugSqlException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The state shared by every connection to one data directory in this JVM: the H2 database of tenant
 * tables, the function catalog and the Wasm engine ({@link FunctionRegistry}). It opens with the first connection and closes
 * when the last one closes (or at JVM shutdown).
 *
 * <pre>{@code
 * DataDirectory dir = DataDirectory.acquire(Path.of("data"));
 * try {
 *     // ... dir.tenantDatabase() ...
 * } finally {
 *     dir.release();
 * }
 * }</pre>
 */
public final class DataDirectory {
    private static final Map<Path, DataDirectory> OPEN = new HashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(DataDirectory::closeAll, "plugsql-shutdown"));
    }

    private final Path path;
    private final TenantDatabase tenantDatabase;
    private final FunctionRegistry functions;
    private int references;

    private DataDirectory(Path path, TenantDatabase tenantDatabase, FunctionRegistry functions) {
        this.path = path;
        this.tenantDatabase = tenantDatabase;
        this.functions = functions;
    }

    /** Opens the directory's state, or takes another reference to it if it is already open. */
    public static DataDirectory acquire(Path directory) {
        Path path = requireNonNull(directory, "directory is null").toAbsolutePath().normalize();
        synchronized (OPEN) {
            DataDirectory state = OPEN.get(path);
            if (state == null) {
                state = open(path);
                OPEN.put(path, state);
            }
            state.references++;
            return state;
        }
    }

    private static DataDirectory open(Path path) {
        try {
            Files.createDirectories(path);
            TenantDatabase tenantDatabase = TenantDatabase.open(path);
            try {
                return new DataDirectory(path, tenantDatabase, FunctionRegistry.open(path));
            } catch (RuntimeException e) {
                tenantDatabase.close();
                throw e;
            }
        } catch (IOException | SQLException e) {
            throw new PlugSqlException(SqlAdapterErrorCode.DATA_DIRECTORY_UNAVAILABLE,
                    "Cannot open data directory " + path + ": " + e.getMessage(), e);
        }
    }

    /** Gives back a reference; the last one closes the state. */
    public void release() {
        synchronized (OPEN) {
            if (references == 0) {
                return;
            }
            if (--references == 0) {
                OPEN.remove(path);
                closeQuietly();
            }
        }
    }

    private static void closeAll() {
        synchronized (OPEN) {
            OPEN.values().forEach(state -> {
                state.references = 0;
                state.closeQuietly();
            });
            OPEN.clear();
        }
    }

    private void closeQuietly() {
        try {
            functions.close();
        } catch (RuntimeException e) {
            logCloseFailure(e);
        }
        try {
            tenantDatabase.close();
        } catch (SQLException e) {
            logCloseFailure(e);
        }
    }

    /** Closing is best effort: both H2 databases have already written every committed change. */
    private void logCloseFailure(Exception e) {
        System.getLogger(DataDirectory.class.getName()).log(System.Logger.Level.WARNING, "Closing " + path + " failed", e);
    }

    /** The absolute, normalized directory. */
    public Path path() {
        return path;
    }

    /** The function catalog, the Wasm engine and the loaded function versions. */
    public FunctionRegistry functions() {
        return functions;
    }

    /** The H2 database of tenant tables. */
    public TenantDatabase tenantDatabase() {
        return tenantDatabase;
    }
}
