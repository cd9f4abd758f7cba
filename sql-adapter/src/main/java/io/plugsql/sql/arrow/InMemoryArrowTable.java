package io.plugsql.sql.arrow;

import static java.util.Objects.requireNonNull;

import io.plugsql.engine.ArrowTypes;
import io.plugsql.engine.UdfType;
import io.plugsql.sql.internal.ArrowValues;
import io.plugsql.sql.internal.SqlTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.util.TransferPair;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.impl.AbstractTable;

/**
 * A read-only table over Arrow vectors the application already holds, one vector per column, all of
 * the same length. Batches are zero-copy slices of the columns; rows for non-UDF queries are read
 * from them in Calcite's internal representation. The table owns the vectors: {@link #close()}
 * releases them, after which it must not be queried.
 *
 * <pre>{@code
 * BigIntVector a = ...; BigIntVector b = ...;   // filled, setValueCount(n)
 * schema.add("T", new InMemoryArrowTable(List.of("A", "B"), List.of(bigint, bigint), List.of(a, b)));
 * }</pre>
 */
public final class InMemoryArrowTable extends AbstractTable implements ArrowBatchTable, AutoCloseable {
    private final List<String> names;
    private final List<UdfType> types;
    private final List<FieldVector> columns;
    private final int rowCount;

    /**
     * @param types the UdfType of each column; each vector must be of the class {@code ArrowTypes.vectorFor} makes for it
     */
    public InMemoryArrowTable(List<String> names, List<UdfType> types, List<FieldVector> columns) {
        this.names = List.copyOf(requireNonNull(names, "names is null"));
        this.types = List.copyOf(requireNonNull(types, "types is null"));
        this.columns = List.copyOf(requireNonNull(columns, "columns is null"));
        if (names.size() != types.size() || names.size() != columns.size() || names.isEmpty()) {
            throw new IllegalArgumentException("need as many names, types and vectors, at least one: "
                    + names.size() + ", " + types.size() + ", " + columns.size());
        }
        this.rowCount = columns.get(0).getValueCount();
        for (int i = 0; i < columns.size(); i++) {
            FieldVector column = columns.get(i);
            if (!ArrowTypes.matches(types.get(i), column)) {
                throw new IllegalArgumentException("column " + names.get(i) + " is declared " + types.get(i)
                        + " but holds " + column.getField().getType());
            }
            if (column.getValueCount() != rowCount) {
                throw new IllegalArgumentException("column " + names.get(i) + " has " + column.getValueCount()
                        + " values, column " + names.get(0) + " has " + rowCount);
            }
        }
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory typeFactory) {
        List<RelDataType> fieldTypes = new ArrayList<>();
        types.forEach(type -> fieldTypes.add(SqlTypes.toRelDataType(type, typeFactory)));
        return typeFactory.createStructType(fieldTypes, names);
    }

    @Override
    public ArrowBatchReader batches(List<Integer> fields, int maxRows) {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be positive");
        }
        return new SliceReader(fields, maxRows);
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root) {
        return new AbstractEnumerable<>() {
            @Override
            public Enumerator<Object[]> enumerator() {
                return new RowEnumerator();
            }
        };
    }

    @Override
    public void close() {
        columns.forEach(FieldVector::close);
    }

    /** Hands out consecutive slices of the requested columns; each slice shares the columns' buffers. */
    private final class SliceReader implements ArrowBatchReader {
        private final List<Integer> fields;
        private final int maxRows;
        private final FieldVector[] batch = new FieldVector[columns.size()];
        private int start;

        SliceReader(List<Integer> fields, int maxRows) {
            this.fields = List.copyOf(fields);
            this.maxRows = maxRows;
        }

        @Override
        public int next() {
            release();
            int length = Math.min(maxRows, rowCount - start);
            if (length <= 0) {
                return 0;
            }
            for (int field : fields) {
                FieldVector column = columns.get(field);
                TransferPair slice = column.getTransferPair(column.getAllocator());
                slice.splitAndTransfer(start, length);
                batch[field] = (FieldVector) slice.getTo();
            }
            start += length;
            return length;
        }

        @Override
        public FieldVector vector(int field) {
            FieldVector vector = batch[field];
            if (vector == null) {
                throw new IllegalArgumentException("field " + field + " was not requested or there is no batch");
            }
            return vector;
        }

        @Override
        public void close() {
            release();
        }

        private void release() {
            for (int field = 0; field < batch.length; field++) {
                if (batch[field] != null) {
                    batch[field].close();
                    batch[field] = null;
                }
            }
        }
    }

    /** Rows in Calcite's internal representation (ARRAY format). */
    private final class RowEnumerator implements Enumerator<Object[]> {
        private final List<IntFunction<Object>> readers = new ArrayList<>();
        private int row = -1;

        RowEnumerator() {
            for (int i = 0; i < columns.size(); i++) {
                readers.add(ArrowValues.reader(columns.get(i), types.get(i)));
            }
        }

        @Override
        public Object[] current() {
            Object[] values = new Object[readers.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = readers.get(i).apply(row);
            }
            return values;
        }

        @Override
        public boolean moveNext() {
            return ++row < rowCount;
        }

        @Override
        public void reset() {
            row = -1;
        }

        @Override
        public void close() {}
    }
}
