package io.plugsql.sql.function;

/**
 * How many function versions a {@link FunctionRegistry} holds loaded in its engine (each with its
 * compiled module and pooled instances).
 *
 * @param loaded versions loaded now
 * @param inUse loaded versions a call in flight or an open statement uses; these are never released
 * @param maxLoaded most loaded versions kept once unused (least recently used released first)
 * @param released loaded versions closed so far: replaced or dropped ones once unused, and those beyond
 *     {@code maxLoaded}
 */
public record LoadedVersionStats(int loaded, int inUse, int maxLoaded, long released) {
    public LoadedVersionStats {
        if (loaded < 0 || inUse < 0 || inUse > loaded || maxLoaded < 1 || released < 0) {
            throw new IllegalArgumentException("inconsistent counts: " + loaded + " loaded, " + inUse + " in use, "
                    + maxLoaded + " at most, " + released + " released");
        }
    }
}
