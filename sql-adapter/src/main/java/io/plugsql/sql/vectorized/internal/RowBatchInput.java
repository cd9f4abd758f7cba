package io.plugsql.sql.vectorized.internal;

import io.plugsql.engine.UdfType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.calcite.linq4j.Enumerator;

/**
 * Batches gathered from the child operator's rows (Calcite's ARRAY format): a field becomes a vector
 * only when a UDF reads it, once per parameter type, shared by every argument that reads it.
 */
final class RowBatchInput implements BatchInput {
    private final Enumerator<Object[]> rows;
    private final Object[][] batch;
    private final Map<ColumnKey, FieldVector> columns = new HashMap<>();
    private BufferAllocator allocator;
    private int rowCount;
    private long firstRow;
    private boolean exhausted;

    RowBatchInput(Enumerator<Object[]> rows, int batchSize) {
        this.rows = rows;
        this.batch = new Object[batchSize][];
    }

    @Override
    public int next(int maxRows, BufferAllocator allocator) {
        releaseColumns();
        Arrays.fill(batch, 0, rowCount, null);
        firstRow += rowCount;
        this.allocator = allocator;
        int count = 0;
        while (!exhausted && count < maxRows) {
            if (rows.moveNext()) {
                batch[count++] = rows.current();
            } else {
                exhausted = true;
            }
        }
        rowCount = count;
        return count;
    }

    @Override
    public FieldVector column(int field, UdfType type, BatchPlan.Step step, int argument) {
        ColumnKey key = new ColumnKey(field, type);
        FieldVector vector = columns.get(key);
        if (vector == null) {
            vector = ArrowColumns.newVector(type, "$" + field, allocator);
            columns.put(key, vector);
            ArrowColumns.fill(vector, type, row -> batch[row][field], rowCount, step.name(), argument, firstRow);
        }
        return vector;
    }

    @Override
    public Object value(int row, int field) {
        return batch[row][field];
    }

    @Override
    public long firstRow() {
        return firstRow;
    }

    @Override
    public void close() {
        try {
            rows.close();
        } finally {
            releaseColumns();
        }
    }

    private void releaseColumns() {
        columns.values().forEach(FieldVector::close);
        columns.clear();
    }

    /** An input field converted to one parameter type. */
    private record ColumnKey(int field, UdfType type) {}
}
