package io.plugsql.server;

/**
 * Caps on what one HTTP client can hold of the server, whoever it authenticates as.
 *
 * @param maxRequestBytes largest request body accepted; 0 derives it from the largest module
 *     ({@link #defaultMaxRequestBytes(long)})
 */
public record HttpLimits(long maxRequestBytes) {
    /** Room for the SQL text around a module given as base64. */
    private static final long STATEMENT_ROOM = 4L << 20;

    public static final HttpLimits DEFAULT = new HttpLimits(0);

    public HttpLimits {
        if (maxRequestBytes < 0) {
            throw new ServerException(ServerErrorCode.INVALID_CONFIGURATION, "max request size must not be negative");
        }
    }

    /** A module of {@code maxModuleBytes} as base64, plus 4 MiB for the rest of the statement. */
    public static long defaultMaxRequestBytes(long maxModuleBytes) {
        return (maxModuleBytes + 2) / 3 * 4 + STATEMENT_ROOM;
    }

    /** The request body cap in effect with modules of at most {@code maxModuleBytes}. */
    public long effectiveMaxRequestBytes(long maxModuleBytes) {
        return maxRequestBytes > 0 ? maxRequestBytes : defaultMaxRequestBytes(maxModuleBytes);
    }

    public HttpLimits withMaxRequestBytes(long bytes) {
        return new HttpLimits(bytes);
    }
}
