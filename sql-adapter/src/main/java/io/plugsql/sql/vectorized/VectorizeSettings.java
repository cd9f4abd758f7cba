package io.plugsql.sql.vectorized;

import io.plugsql.error.PlugSqlException;
import java.util.Locale;
import java.util.Properties;

/**
 * Per-connection settings of vectorized UDF execution, read from the JDBC connection properties.
 *
 * <pre>{@code
 * jdbc:plugsql:data=/var/plugsql;tenant=acme;vectorize=false
 * jdbc:plugsql:data=/var/plugsql;tenant=acme;vectorizeBatchSize=1024
 * }</pre>
 *
 * @param enabled whether UDF calls are moved into {@link EnumerableWasmBatchCalc}; {@code false} keeps
 *     Calcite's row-at-a-time path
 * @param batchSize rows gathered per Arrow batch (one Wasm invocation per UDF per batch)
 */
public record VectorizeSettings(boolean enabled, int batchSize) {
    /** Connection property: {@code true} (default) or {@code false}. */
    public static final String VECTORIZE = "vectorize";

    /** Connection property: rows per batch, 1 to {@value #MAX_BATCH_SIZE}, default {@value #DEFAULT_BATCH_SIZE}. */
    public static final String BATCH_SIZE = "vectorizeBatchSize";

    public static final int DEFAULT_BATCH_SIZE = 4096;

    /** Largest batch accepted; bounds the Arrow memory one operator holds at a time. */
    public static final int MAX_BATCH_SIZE = 1 << 20;

    /** Vectorization on with batches of {@value #DEFAULT_BATCH_SIZE} rows. */
    public static final VectorizeSettings DEFAULT = new VectorizeSettings(true, DEFAULT_BATCH_SIZE);

    public VectorizeSettings {
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new PlugSqlException(VectorizedErrorCode.INVALID_PROPERTY,
                    BATCH_SIZE + " must be between 1 and " + MAX_BATCH_SIZE + ", got " + batchSize);
        }
    }

    /**
     * Reads the settings from connection properties; absent properties take their defaults.
     *
     * @throws PlugSqlException {@link VectorizedErrorCode#INVALID_PROPERTY} naming the property and value
     */
    public static VectorizeSettings fromProperties(Properties properties) {
        String vectorize = properties.getProperty(VECTORIZE);
        String batchSize = properties.getProperty(BATCH_SIZE);
        return new VectorizeSettings(
                vectorize == null || parseBoolean(vectorize),
                batchSize == null ? DEFAULT_BATCH_SIZE : parseBatchSize(batchSize));
    }

    private static boolean parseBoolean(String value) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw new PlugSqlException(VectorizedErrorCode.INVALID_PROPERTY,
                        VECTORIZE + " must be true or false, got '" + value + "'");
        }
    }

    private static int parseBatchSize(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new PlugSqlException(VectorizedErrorCode.INVALID_PROPERTY,
                    BATCH_SIZE + " must be an integer, got '" + value + "'", e);
        }
    }
}
