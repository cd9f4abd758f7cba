package io.plugsql.sql.arrow;

import org.apache.arrow.vector.FieldVector;

/** Reads one scan of an {@link ArrowBatchTable}, a batch at a time; owns the vectors it hands out. */
public interface ArrowBatchReader extends AutoCloseable {
    /**
     * Moves to the next batch, releasing the current one.
     *
     * @return the batch's row count, at least 1; 0 when the scan is over
     */
    int next();

    /** Field {@code field} of the current batch; valid until the next call to {@link #next} or {@link #close}. */
    FieldVector vector(int field);

    /** Releases the current batch. */
    @Override
    void close();
}
