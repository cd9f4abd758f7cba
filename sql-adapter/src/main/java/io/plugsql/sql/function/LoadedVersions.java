package io.plugsql.sql.function;

import static java.util.Objects.requireNonNull;

import io.plugsql.error.PlugSqlException;
import io.plugsql.sql.internal.SqlAdapterErrorCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The function versions of one registry loaded into the engine, bounded. A version is in use while a
 * call runs it ({@link #use}) or an open statement planned with it holds a lease ({@link #lease}); a
 * version in use is never closed. A retired version (replaced or dropped) is closed as soon as it is
 * not in use; beyond {@code maxLoaded} loaded versions, the least recently used ones not in use are
 * closed. A closed version loads again (catalog bytes, compile cache) on its next use, so a statement
 * always finishes on the version it was planned with.
 */
final class LoadedVersions {
    /** Loads a version: its catalogued bytes compiled and instantiated, and whether it is still current. */
    interface Loader {
        Loaded load(VersionKey key);
    }

    /** A freshly loaded version and whether the catalog still calls it current. */
    record Loaded(LoadedFunction function, boolean current) {
        Loaded {
            requireNonNull(function, "function is null");
        }
    }

    private final int maxLoaded;
    private final Loader loader;
    /** Guarded by {@code this}, like every field of {@link Entry} except {@code function}. */
    private final Map<VersionKey, Entry> entries = new HashMap<>();
    private long clock;
    private int loadedCount;
    private long released;
    private boolean closed;

    LoadedVersions(int maxLoaded, Loader loader) {
        if (maxLoaded < 1) {
            throw new IllegalArgumentException("at least 1 loaded version must be allowed, not " + maxLoaded);
        }
        this.maxLoaded = maxLoaded;
        this.loader = requireNonNull(loader, "loader is null");
    }

    /** Runs {@code body} on the loaded version, loading it first if needed; it stays loaded meanwhile. */
    <T> T use(VersionKey key, Function<LoadedFunction, T> body) {
        Entry entry;
        synchronized (this) {
            checkOpen(key);
            entry = entries.computeIfAbsent(key, Entry::new);
            entry.pins++;
            entry.lastUse = ++clock;
        }
        try {
            return body.apply(loaded(entry));
        } finally {
            List<LoadedFunction> closing;
            synchronized (this) {
                entry.pins--;
                closing = releaseIfUnused(entry);
            }
            closing.forEach(LoadedFunction::close);
        }
    }

    /** Keeps {@code key} loaded, once loaded, until {@link #unlease}: an open statement planned with it. */
    synchronized void lease(VersionKey key) {
        if (!closed) {
            entries.computeIfAbsent(key, Entry::new).leases++;
        }
    }

    /** Gives back one {@link #lease}; a retired version no longer in use is closed. */
    void unlease(VersionKey key) {
        List<LoadedFunction> closing;
        synchronized (this) {
            Entry entry = entries.get(key);
            if (closed || entry == null || entry.leases == 0) {
                return;
            }
            entry.leases--;
            closing = releaseIfUnused(entry);
        }
        closing.forEach(LoadedFunction::close);
    }

    /** The versions held now (loaded, or leased before their first call). */
    synchronized Set<VersionKey> keys() {
        return Set.copyOf(entries.keySet());
    }

    /** Marks versions retired (no longer current); those not in use are closed at once. */
    void retire(Set<VersionKey> retired) {
        List<LoadedFunction> closing = new ArrayList<>();
        synchronized (this) {
            for (VersionKey key : retired) {
                Entry entry = entries.get(key);
                if (entry != null) {
                    entry.retired = true;
                    closing.addAll(releaseIfUnused(entry));
                }
            }
        }
        closing.forEach(LoadedFunction::close);
    }

    synchronized LoadedVersionStats stats() {
        int inUse = (int) entries.values().stream().filter(e -> e.function != null && e.inUse()).count();
        return new LoadedVersionStats(loadedCount, inUse, maxLoaded, released);
    }

    /** Closes every loaded version, in use or not: the engine is closing. */
    void close() {
        List<LoadedFunction> closing = new ArrayList<>();
        synchronized (this) {
            closed = true;
            entries.values().stream().filter(e -> e.function != null).forEach(e -> closing.add(e.function));
            entries.clear();
            loadedCount = 0;
        }
        closing.forEach(LoadedFunction::close);
    }

    /** The entry's function, loaded by the first caller that needs it; then versions beyond the cap are closed. */
    private LoadedFunction loaded(Entry entry) {
        LoadedFunction function = entry.function;
        if (function != null) {
            return function;
        }
        List<LoadedFunction> closing;
        synchronized (entry.loading) {
            if (entry.function != null) {
                return entry.function;
            }
            Loaded loaded = loader.load(entry.key);
            synchronized (this) {
                if (closed) {
                    loaded.function().close();
                    throw unavailable(entry.key);
                }
                entry.function = loaded.function();
                entry.retired |= !loaded.current();
                loadedCount++;
                closing = overCap();
            }
        }
        closing.forEach(LoadedFunction::close);
        return entry.function;
    }

    /** Closes the least recently used loaded versions not in use while more than {@code maxLoaded} are loaded. */
    private List<LoadedFunction> overCap() {
        List<LoadedFunction> closing = new ArrayList<>();
        while (loadedCount > maxLoaded) {
            Entry oldest = null;
            for (Entry entry : entries.values()) {
                if (entry.function != null && !entry.inUse() && (oldest == null || entry.lastUse < oldest.lastUse)) {
                    oldest = entry;
                }
            }
            if (oldest == null) {
                break;
            }
            closing.add(remove(oldest));
        }
        return closing;
    }

    /** An unused entry leaves: closed if retired, dropped if never loaded; else kept for reuse. */
    private List<LoadedFunction> releaseIfUnused(Entry entry) {
        if (entry.inUse() || entries.get(entry.key) != entry) {
            return List.of();
        }
        if (entry.function == null) {
            entries.remove(entry.key);
            return List.of();
        }
        return entry.retired ? List.of(remove(entry)) : List.of();
    }

    private LoadedFunction remove(Entry entry) {
        entries.remove(entry.key);
        loadedCount--;
        released++;
        return entry.function;
    }

    private void checkOpen(VersionKey key) {
        if (closed) {
            throw unavailable(key);
        }
    }

    private static PlugSqlException unavailable(VersionKey key) {
        return new PlugSqlException(SqlAdapterErrorCode.FUNCTION_UNAVAILABLE, "Function " + key.displayName()
                + " is no longer available: its data directory closed");
    }

    /** One version: loaded or not yet, its users, recency and whether it is retired. */
    private static final class Entry {
        final VersionKey key;
        final Object loading = new Object();
        volatile LoadedFunction function;
        int pins;
        int leases;
        long lastUse;
        boolean retired;

        Entry(VersionKey key) {
            this.key = key;
        }

        boolean inUse() {
            return pins > 0 || leases > 0;
        }
    }
}
