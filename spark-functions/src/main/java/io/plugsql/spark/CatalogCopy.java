package io.plugsql.spark;

import io.plugsql.catalog.CatalogStore;
import io.plugsql.catalog.internal.CatalogDatabase;
import io.plugsql.error.PlugSqlException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Reads the catalog of a data directory that a running plugsql server may hold open: H2 locks its
 * file for one process, so each read goes to a private copy of {@code catalog.mv.db}, taken again
 * whenever the file's size or modification time changed (every committed change rewrites it:
 * WRITE_DELAY=0). H2's store is append-only with checksummed chunks, so a copy taken during a write
 * opens at the last complete commit; a copy that does not open is taken again, up to {@value #ATTEMPTS}
 * times. The data directory itself is only read, never locked.
 */
final class CatalogCopy implements AutoCloseable {
    private static final int ATTEMPTS = 3;

    private final Path source;
    private CatalogStore store;
    private Path copyDirectory;
    private long copiedSize = -1;
    private long copiedModified = -1;

    CatalogCopy(Path dataDirectory) {
        this.source = dataDirectory.toAbsolutePath().resolve(CatalogDatabase.DATABASE_NAME + ".mv.db");
        if (!Files.isRegularFile(source)) {
            throw new PlugSqlException(SparkErrorCode.INVALID_CONFIGURATION, "no plugsql catalog in "
                    + dataDirectory.toAbsolutePath() + ": " + source.getFileName() + " is missing"
                    + " (spark.sql.catalog.<name>.data must name a plugsql data directory)");
        }
    }

    /** The catalog as of the last change to the file. */
    synchronized CatalogStore current() {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(source, BasicFileAttributes.class);
        } catch (IOException e) {
            throw new PlugSqlException(SparkErrorCode.CATALOG_UNREADABLE, "cannot read " + source + ": " + e.getMessage(), e);
        }
        long size = attributes.size();
        long modified = attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS);
        if (store != null && size == copiedSize && modified == copiedModified) {
            return store;
        }
        RuntimeException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Path directory = null;
            try {
                directory = Files.createTempDirectory("plugsql-catalog-copy-");
                Files.copy(source, directory.resolve(source.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
                CatalogStore opened = CatalogStore.open(directory);
                close();
                store = opened;
                copyDirectory = directory;
                copiedSize = size;
                copiedModified = modified;
                return store;
            } catch (IOException | RuntimeException e) {
                last = e instanceof IOException ? new UncheckedIOException((IOException) e) : (RuntimeException) e;
                delete(directory);
            }
        }
        throw new PlugSqlException(SparkErrorCode.CATALOG_UNREADABLE, "cannot read a consistent copy of " + source
                + " after " + ATTEMPTS + " attempts: " + last.getMessage(), last);
    }

    @Override
    public synchronized void close() {
        if (store != null) {
            store.close();
            store = null;
        }
        delete(copyDirectory);
        copyDirectory = null;
    }

    private static void delete(Path directory) {
        if (directory == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary copy is harmless; the next read makes a new one.
        }
    }
}
