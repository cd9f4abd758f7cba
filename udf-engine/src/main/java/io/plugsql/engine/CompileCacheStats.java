package io.plugsql.engine;

/**
 * Counters of the compile cache.
 *
 * @param compilations modules compiled (or prepared for the interpreter) since the engine started, including
 *     recompilations of modules the cache had evicted
 * @param hits loads served by an already compiled module
 * @param evictions compiled modules dropped because the cache was full (least recently used first)
 * @param entries compiled modules held now (compilations still in flight are not counted)
 * @param maxEntries most modules the cache holds ({@link EngineConfig#compileCacheMaxEntries()})
 */
public record CompileCacheStats(long compilations, long hits, long evictions, int entries, int maxEntries) {
    public CompileCacheStats {
        if (compilations < 0 || hits < 0 || evictions < 0 || entries < 0) {
            throw new IllegalArgumentException("counters must not be negative");
        }
        if (maxEntries < 1 || entries > maxEntries) {
            throw new IllegalArgumentException("entries " + entries + " must be within a positive maxEntries " + maxEntries);
        }
    }
}
