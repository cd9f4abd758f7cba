package io.plugsql.sql.vectorized.internal;

import io.plugsql.engine.UdfException;
import io.plugsql.engine.UdfType;
import io.plugsql.error.PlugSqlException;
import io.plugsql.sql.vectorized.VectorizedErrorCode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;

/**
 * Executes a {@link BatchPlan} over an enumerable of rows: gathers up to {@code batchSize} rows,
 * builds one Arrow vector per distinct argument column, invokes each UDF once for the batch (nested
 * calls consume their inner call's result vector directly) and emits, per input row, the plan's
 * pass-through fields followed by the results. Called by the code Calcite generates for {@code EnumerableWasmBatchCalc}.
 */
public final class BatchRuntime {
    private static final AtomicLong EXECUTIONS = new AtomicLong();
    /** Longest argument value quoted in an error message. */
    private static final int MAX_ARGUMENT_CHARS = 64;

    private BatchRuntime() {}

    /**
     * For each row of {@code input} (Calcite's ARRAY format, internal values), its pass-through fields
     * followed by the plan's outputs.
     */
    public static Enumerable<Object[]> execute(BatchPlan plan, Enumerable<Object[]> input) {
        return new AbstractEnumerable<>() {
            @Override
            public Enumerator<Object[]> enumerator() {
                return new ArrayRows(new BatchEnumerator(plan, input.enumerator(), false));
            }
        };
    }

    /**
     * Like {@link #execute}, for a plan whose output row is a single field: emits the field's value
     * itself (Calcite's SCALAR row format), saving an array per row.
     */
    public static Enumerable<Object> executeScalar(BatchPlan plan, Enumerable<Object[]> input) {
        if (plan.passThrough().size() + plan.outputs().size() != 1) {
            throw new IllegalArgumentException("scalar rows need exactly one output field");
        }
        return new AbstractEnumerable<>() {
            @Override
            public Enumerator<Object> enumerator() {
                return new BatchEnumerator(plan, input.enumerator(), true);
            }
        };
    }

    /** Views the enumerator's rows as arrays (they are, when it was made with {@code scalar = false}). */
    private static final class ArrayRows implements Enumerator<Object[]> {
        private final BatchEnumerator rows;

        ArrayRows(BatchEnumerator rows) {
            this.rows = rows;
        }

        @Override
        public Object[] current() {
            return (Object[]) rows.current();
        }

        @Override
        public boolean moveNext() {
            return rows.moveNext();
        }

        @Override
        public void reset() {
            rows.reset();
        }

        @Override
        public void close() {
            rows.close();
        }
    }

    /**
     * Pulls batches from the input enumerator; owns one child allocator while it has a batch open.
     * Rows are arrays, or the bare value of the single field when {@code scalar}.
     */
    private static final class BatchEnumerator implements Enumerator<Object> {
        private final BatchPlan plan;
        private final Enumerator<Object[]> input;
        private final boolean scalar;
        private final Object[][] inputRows;
        private final Object[] outputRows;
        private BufferAllocator allocator;
        private int outputCount;
        private int position;
        private boolean inputDone;
        private long rowsRead;
        private Object current;

        BatchEnumerator(BatchPlan plan, Enumerator<Object[]> input, boolean scalar) {
            this.plan = plan;
            this.input = input;
            this.scalar = scalar;
            this.inputRows = new Object[plan.batchSize()][];
            this.outputRows = new Object[plan.batchSize()];
        }

        @Override
        public Object current() {
            return current;
        }

        @Override
        public boolean moveNext() {
            if (position + 1 < outputCount) {
                current = outputRows[++position];
                return true;
            }
            outputCount = 0;
            position = 0;
            current = null;
            if (inputDone) {
                return false;
            }
            int rows = 0;
            while (rows < inputRows.length && input.moveNext()) {
                inputRows[rows++] = input.current();
            }
            if (rows < inputRows.length) {
                inputDone = true;
            }
            if (rows == 0) {
                closeAllocator();
                return false;
            }
            try {
                evaluate(rows);
            } catch (RuntimeException | Error e) {
                // the statement is over; its consumer may never close this enumerator
                try {
                    closeAllocator();
                } catch (RuntimeException closeFailure) {
                    e.addSuppressed(closeFailure);
                }
                throw e;
            }
            Arrays.fill(inputRows, 0, rows, null);
            rowsRead += rows;
            if (inputDone) {
                closeAllocator();
            }
            outputCount = rows;
            current = outputRows[0];
            return true;
        }

        private void evaluate(int rows) {
            if (allocator == null) {
                allocator = BatchAllocators.root().newChildAllocator(
                        "wasm-batch-calc-" + EXECUTIONS.incrementAndGet(), 0, Long.MAX_VALUE);
            }
            List<BatchPlan.Step> steps = plan.steps();
            FieldVector[] results = new FieldVector[steps.size()];
            Map<ColumnKey, FieldVector> columns = new HashMap<>();
            try {
                for (int s = 0; s < steps.size(); s++) {
                    BatchPlan.Step step = steps.get(s);
                    List<FieldVector> args = new ArrayList<>(step.args().size());
                    for (int a = 0; a < step.args().size(); a++) {
                        BatchPlan.Arg arg = step.args().get(a);
                        args.add(arg.fromStep()
                                ? results[arg.index()]
                                : column(columns, step, a, arg.index(), rows));
                    }
                    FieldVector result;
                    try {
                        result = step.function().invoke(args, rows, allocator);
                    } catch (UdfException e) {
                        throw withArguments(e, step, args, rows);
                    }
                    results[s] = result;
                    checkResult(step, result, rows);
                }
                int[] passThrough = plan.passThrough().stream().mapToInt(Integer::intValue).toArray();
                int base = passThrough.length;
                List<Integer> outputs = plan.outputs();
                List<IntFunction<Object>> readers = new ArrayList<>(outputs.size());
                for (int output : outputs) {
                    BatchPlan.Step step = steps.get(output);
                    readers.add(ArrowColumns.reader(results[output], step.resultType(), step.name()));
                }
                if (scalar) {
                    IntFunction<Object> only = readers.isEmpty() ? null : readers.get(0);
                    for (int row = 0; row < rows; row++) {
                        outputRows[row] = only != null ? only.apply(row) : inputRows[row][passThrough[0]];
                    }
                    return;
                }
                for (int row = 0; row < rows; row++) {
                    Object[] in = inputRows[row];
                    Object[] out = new Object[base + readers.size()];
                    for (int p = 0; p < base; p++) {
                        out[p] = in[passThrough[p]];
                    }
                    for (int o = 0; o < readers.size(); o++) {
                        out[base + o] = readers.get(o).apply(row);
                    }
                    outputRows[row] = out;
                }
            } finally {
                for (FieldVector result : results) {
                    if (result != null) {
                        result.close();
                    }
                }
                columns.values().forEach(FieldVector::close);
            }
        }

        private FieldVector column(Map<ColumnKey, FieldVector> columns, BatchPlan.Step step, int argument,
                int column, int rows) {
            UdfType type = step.parameterType(argument);
            ColumnKey key = new ColumnKey(column, type);
            FieldVector vector = columns.get(key);
            if (vector == null) {
                vector = ArrowColumns.newVector(type, "$" + column, allocator);
                columns.put(key, vector);
                ArrowColumns.fill(vector, type, row -> inputRows[row][column], rows, step.name(), argument, rowsRead);
            }
            return vector;
        }

        /**
         * The engine's error plus the failing row's argument values (as the row path reports them)
         * and its number among the operator's input rows.
         */
        private PlugSqlException withArguments(UdfException e, BatchPlan.Step step, List<FieldVector> args, int rows) {
            if (e.row().isEmpty() || e.row().getAsLong() >= rows) {
                return e;
            }
            int row = (int) e.row().getAsLong();
            StringBuilder values = new StringBuilder("(");
            for (int a = 0; a < args.size(); a++) {
                Object value = ArrowColumns.reader(args.get(a), step.parameterType(a), step.name()).apply(row);
                String text = value instanceof String ? "'" + value + "'" : String.valueOf(value);
                values.append(a > 0 ? ", " : "")
                        .append(text.length() > MAX_ARGUMENT_CHARS ? text.substring(0, MAX_ARGUMENT_CHARS) + "..." : text);
            }
            return new PlugSqlException(e::getErrorCode, e.getMessage() + " [arguments " + values
                    + ")] (input row " + (rowsRead + row) + " of the batch operator)", e);
        }

        private static void checkResult(BatchPlan.Step step, FieldVector result, int rows) {
            if (result == null || result.getValueCount() < rows) {
                throw new PlugSqlException(VectorizedErrorCode.BAD_RESULT_VECTOR,
                        "function " + step.name() + " returned " + (result == null ? "no vector" : result.getValueCount()
                                + " values") + " for a batch of " + rows + " rows");
            }
        }

        @Override
        public void reset() {
            input.reset();
            outputCount = 0;
            position = 0;
            current = null;
            inputDone = false;
            rowsRead = 0;
        }

        @Override
        public void close() {
            try {
                input.close();
            } finally {
                closeAllocator();
            }
        }

        private void closeAllocator() {
            if (allocator != null) {
                BufferAllocator open = allocator;
                allocator = null;
                open.close();
            }
        }
    }

    /** An input column converted to one parameter type; shared by every argument that reads it. */
    private record ColumnKey(int column, UdfType type) {}
}
