package io.plugsql.sql.vectorized.internal;

import io.plugsql.engine.UdfType;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/**
 * The input of one operator execution, read a batch at a time: rows gathered from the child
 * operator ({@link RowBatchInput}), a JDBC result set read straight into vectors
 * ({@link JdbcBatchInput}) or the batches of an Arrow table ({@link ArrowTableBatchInput}). Vectors and values of a batch stay valid until the next call to
 * {@link #next} or {@link #close}.
 */
interface BatchInput extends AutoCloseable {
    /**
     * Reads the next batch into memory of {@code allocator}, releasing the previous one.
     *
     * @return the batch's row count, at most {@code maxRows}; 0 at the end
     */
    int next(int maxRows, BufferAllocator allocator);

    /**
     * Input field {@code field} of the current batch as a vector of {@code type}, owned by this input.
     *
     * @param step and {@code argument} (0-based) name the value in a conversion error
     */
    FieldVector column(int field, UdfType type, BatchPlan.Step step, int argument);

    /** Input field {@code field} of row {@code row} of the current batch, in Calcite's internal representation. */
    Object value(int row, int field);

    /** Input rows read before the current batch: the operator-wide number of the batch's first row. */
    long firstRow();

    /** Releases the current batch and the source (result set, child enumerator). */
    @Override
    void close();
}
