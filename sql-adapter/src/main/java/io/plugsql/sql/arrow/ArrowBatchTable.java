package io.plugsql.sql.arrow;

import java.util.List;
import org.apache.calcite.schema.ScannableTable;

/**
 * A Calcite table that can hand over its rows as Arrow column batches. Queries that call Wasm UDFs
 * over it read the batches directly (the plan shows {@code input=[arrow]}); every other query reads
 * rows through {@link ScannableTable#scan}.
 *
 * <p>Field {@code i} of a batch is a vector of the class {@code ArrowTypes.vectorFor} makes for the
 * UdfType of the field's SQL type ({@code SqlTypes.columnType}): BIGINT a {@code BigIntVector}, DATE
 * a {@code DateDayVector} of days, TIMESTAMP a {@code TimeStampMicroVector}, and so on.
 */
public interface ArrowBatchTable extends ScannableTable {
    /**
     * Opens a reader of the table's rows, in batches of at most {@code maxRows} rows.
     *
     * @param fields the fields the caller reads; the reader may leave the others out
     */
    ArrowBatchReader batches(List<Integer> fields, int maxRows);
}
