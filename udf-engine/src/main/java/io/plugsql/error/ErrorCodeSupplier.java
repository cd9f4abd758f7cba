package io.plugsql.error;

/**
 * Supplies an {@link ErrorCode}; implemented by one enum per module.
 *
 * <p>Offsets: udf-engine 0x0100_0000, catalog 0x0200_0000, sql-adapter 0x0300_0000,
 * jdbc-server 0x0400_0000.
 */
public interface ErrorCodeSupplier {
    ErrorCode toErrorCode();
}
