package io.plugsql.sql.vectorized.internal;

import io.plugsql.engine.UdfException;
import io.plugsql.engine.UdfType;
import io.plugsql.error.PlugSqlException;
import io.plugsql.sql.vectorized.VectorizedErrorCode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;

/**
 * Executes a {@link BatchPlan} over a {@link BatchSource}: reads up to {@code batchSize} input rows
 * as Arrow vectors, invokes each UDF once for the batch (nested calls consume their inner call's
 * result vector directly) and emits, per input row, the plan's pass-through fields followed by the
 * results. Called by the code Calcite generates for {@code EnumerableWasmBatchCalc}.
 */
public final class BatchRuntime {
    private static final AtomicLong EXECUTIONS = new AtomicLong();
    /** Longest argument value quoted in an error message. */
    private static final int MAX_ARGUMENT_CHARS = 64;

    private BatchRuntime() {}

    /** For each input row, its pass-through fields followed by the plan's outputs. */
    public static Enumerable<Object[]> execute(BatchPlan plan, BatchSource source) {
        return new AbstractEnumerable<>() {
            @Override
            public Enumerator<Object[]> enumerator() {
                return new ArrayRows(new BatchEnumerator(plan, source, false));
            }
        };
    }

    /**
     * Like {@link #execute}, for a plan whose output row is a single field: emits the field's value
     * itself (Calcite's SCALAR row format), saving an array per row.
     */
    public static Enumerable<Object> executeScalar(BatchPlan plan, BatchSource source) {
        if (plan.passThrough().size() + plan.outputs().size() != 1) {
            throw new IllegalArgumentException("scalar rows need exactly one output field");
        }
        return new AbstractEnumerable<>() {
            @Override
            public Enumerator<Object> enumerator() {
                return new BatchEnumerator(plan, source, true);
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
     * Pulls batches from its input; owns one child allocator while a batch is open. Rows are arrays,
     * or the bare value of the single field when {@code scalar}.
     */
    private static final class BatchEnumerator implements Enumerator<Object> {
        private final BatchPlan plan;
        private final BatchSource source;
        private final boolean scalar;
        private final int[] passThrough;
        /** The current batch's output rows; as long as the largest batch so far (a point query's is one). */
        private Object[] outputRows = new Object[0];
        private BatchInput input;
        private BufferAllocator allocator;
        private int outputCount;
        private int position;
        private boolean inputDone;
        private Object current;

        BatchEnumerator(BatchPlan plan, BatchSource source, boolean scalar) {
            this.plan = plan;
            this.source = source;
            this.scalar = scalar;
            this.passThrough = plan.passThrough().stream().mapToInt(Integer::intValue).toArray();
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
            Arrays.fill(outputRows, 0, outputCount, null);
            outputCount = 0;
            position = 0;
            current = null;
            if (inputDone) {
                return false;
            }
            int rows;
            try {
                rows = nextBatch();
            } catch (RuntimeException | Error e) {
                // the statement is over; its consumer may never close this enumerator
                release(e);
                throw e;
            }
            if (rows == 0) {
                inputDone = true;
                release(null);
                return false;
            }
            outputCount = rows;
            current = outputRows[0];
            return true;
        }

        /** Reads and evaluates the next batch into {@link #outputRows}; its row count. */
        private int nextBatch() {
            if (allocator == null) {
                allocator = BatchAllocators.root().newChildAllocator(
                        "wasm-batch-calc-" + EXECUTIONS.incrementAndGet(), 0, Long.MAX_VALUE);
            }
            if (input == null) {
                input = source.open();
            }
            int rows = input.next(plan.batchSize(), allocator);
            if (rows > 0) {
                evaluate(rows);
            }
            return rows;
        }

        private void evaluate(int rows) {
            if (outputRows.length < rows) {
                outputRows = new Object[rows];
            }
            List<BatchPlan.Step> steps = plan.steps();
            FieldVector[] results = new FieldVector[steps.size()];
            List<FieldVector> constants = new ArrayList<>();
            try {
                for (int s = 0; s < steps.size(); s++) {
                    BatchPlan.Step step = steps.get(s);
                    List<FieldVector> args = new ArrayList<>(step.args().size());
                    for (int a = 0; a < step.args().size(); a++) {
                        BatchPlan.Arg arg = step.args().get(a);
                        args.add(switch (arg.kind()) {
                            case STEP -> results[arg.index()];
                            case COLUMN -> input.column(arg.index(), step.parameterType(a), step, a);
                            case CONSTANT -> constant(constants, arg.constant(), step, a, rows);
                        });
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
                emit(rows, results);
            } finally {
                for (FieldVector result : results) {
                    if (result != null) {
                        result.close();
                    }
                }
                constants.forEach(FieldVector::close);
            }
        }

        /** A vector holding {@code value} in each of the batch's rows, added to {@code constants} to be closed. */
        private FieldVector constant(List<FieldVector> constants, Object value, BatchPlan.Step step, int argument,
                int rows) {
            UdfType type = step.parameterType(argument);
            FieldVector vector = ArrowColumns.newVector(type, "$const" + argument, allocator);
            constants.add(vector);
            ArrowColumns.fill(vector, type, row -> value, rows, step.name(), argument, input.firstRow());
            return vector;
        }

        /** Converts the batch's pass-through fields and results to output rows. */
        private void emit(int rows, FieldVector[] results) {
            List<Integer> outputs = plan.outputs();
            List<IntFunction<Object>> readers = new ArrayList<>(outputs.size());
            for (int output : outputs) {
                BatchPlan.Step step = plan.steps().get(output);
                readers.add(ArrowColumns.reader(results[output], step.resultType(), step.name()));
            }
            if (scalar) {
                IntFunction<Object> only = readers.isEmpty() ? null : readers.get(0);
                for (int row = 0; row < rows; row++) {
                    outputRows[row] = only != null ? only.apply(row) : input.value(row, passThrough[0]);
                }
                return;
            }
            int base = passThrough.length;
            for (int row = 0; row < rows; row++) {
                Object[] out = new Object[base + readers.size()];
                for (int p = 0; p < base; p++) {
                    out[p] = input.value(row, passThrough[p]);
                }
                for (int o = 0; o < readers.size(); o++) {
                    out[base + o] = readers.get(o).apply(row);
                }
                outputRows[row] = out;
            }
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
                    + ")] (input row " + (input.firstRow() + row) + " of the batch operator)", e);
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
            release(null);
            Arrays.fill(outputRows, 0, outputCount, null);
            outputCount = 0;
            position = 0;
            current = null;
            inputDone = false;
        }

        @Override
        public void close() {
            release(null);
        }

        /**
         * Closes the input, then the allocator its vectors came from; a failure while doing so is added
         * to {@code pending} when there is one, else thrown.
         */
        private void release(Throwable pending) {
            BatchInput openInput = input;
            BufferAllocator openAllocator = allocator;
            input = null;
            allocator = null;
            try {
                try {
                    if (openInput != null) {
                        openInput.close();
                    }
                } finally {
                    if (openAllocator != null) {
                        openAllocator.close();
                    }
                }
            } catch (RuntimeException closeFailure) {
                if (pending == null) {
                    throw closeFailure;
                }
                pending.addSuppressed(closeFailure);
            }
        }
    }
}
