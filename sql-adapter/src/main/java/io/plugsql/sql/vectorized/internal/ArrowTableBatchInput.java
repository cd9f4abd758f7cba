package io.plugsql.sql.vectorized.internal;

import io.plugsql.engine.ArrowTypes;
import io.plugsql.engine.UdfType;
import io.plugsql.error.PlugSqlException;
import io.plugsql.sql.arrow.ArrowBatchReader;
import io.plugsql.sql.internal.ArrowValues;
import io.plugsql.sql.vectorized.VectorizedErrorCode;
import java.util.function.IntFunction;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/**
 * Batches of an {@code ArrowBatchTable}: the table's vectors go to the UDFs as they are; only
 * pass-through fields are read into Calcite values, row by row, when rows are emitted.
 */
final class ArrowTableBatchInput implements BatchInput {
    private final String table;
    private final ReadFields fields;
    private final ArrowBatchReader reader;
    private final IntFunction<?>[] values;
    private int rowCount;
    private long firstRow;
    private boolean closed;

    ArrowTableBatchInput(String table, ReadFields fields, ArrowBatchReader reader) {
        this.table = table;
        this.fields = fields;
        this.reader = reader;
        this.values = new IntFunction<?>[fields.size()];
    }

    @Override
    public int next(int maxRows, BufferAllocator allocator) {
        firstRow += rowCount;
        int count = reader.next();
        if (count > maxRows) {
            throw new PlugSqlException(VectorizedErrorCode.BAD_INPUT_VECTOR,
                    "table " + table + " returned a batch of " + count + " rows, more than the " + maxRows + " asked for");
        }
        for (int field = 0; field < values.length; field++) {
            UdfType type = fields.type(field);
            if (type != null && count > 0) {
                FieldVector vector = reader.vector(field);
                if (!ArrowTypes.matches(type, vector) || vector.getValueCount() < count) {
                    throw new PlugSqlException(VectorizedErrorCode.BAD_INPUT_VECTOR, "table " + table + " returned "
                            + vector.getValueCount() + " values of " + vector.getField().getType() + " for field " + field
                            + " of type " + type + " in a batch of " + count + " rows");
                }
                values[field] = ArrowValues.reader(vector, type);
            }
        }
        rowCount = count;
        return count;
    }

    @Override
    public FieldVector column(int field, UdfType type, BatchPlan.Step step, int argument) {
        fields.checkArgument(field, type, step);
        return reader.vector(field);
    }

    @Override
    public Object value(int row, int field) {
        return values[field].apply(row);
    }

    @Override
    public long firstRow() {
        return firstRow;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            reader.close();
        }
    }
}
