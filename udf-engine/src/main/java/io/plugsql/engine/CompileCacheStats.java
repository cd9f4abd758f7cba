package io.plugsql.engine;

/**
 * Counters of the compile cache.
 *
 * @param compilations modules compiled (or prepared for the interpreter) since the engine started
 * @param hits loads served by an already compiled module
 * @param entries compiled modules held now
 */
public record CompileCacheStats(long compilations, long hits, int entries) {
    public CompileCacheStats {
        if (compilations < 0 || hits < 0 || entries < 0) {
            throw new IllegalArgumentException("counters must not be negative");
        }
    }
}
