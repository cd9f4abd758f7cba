package io.plugsql.sql.vectorized.internal;

import static java.util.Objects.requireNonNull;

/**
 * A scan of an {@code ArrowBatchTable} by a batch operator.
 *
 * @param table the table's name, for error messages
 * @param fields the fields the operator reads and their vector types
 */
public record ArrowScan(String table, ReadFields fields) {
    public ArrowScan {
        requireNonNull(table, "table is null");
        requireNonNull(fields, "fields is null");
    }
}
