package io.plugsql.sql.vectorized.internal;

import static java.util.Objects.requireNonNull;

import io.plugsql.engine.UdfType;
import io.plugsql.sql.vectorized.VectorizableFunction;
import java.util.List;

/**
 * What one {@code EnumerableWasmBatchCalc} evaluates per batch: UDF calls in dependency order, each
 * reading input columns, earlier calls' result vectors or constants, and which calls become output columns.
 *
 * @param inputFieldCount fields of the input rows
 * @param passThrough input fields copied, in order, to the start of each output row; one field per
 *     output follows them
 * @param steps UDF calls; a step's arguments refer only to input columns and earlier steps
 * @param outputs step index of each appended output field
 * @param batchSize rows per batch
 */
public record BatchPlan(int inputFieldCount, List<Integer> passThrough, List<Step> steps, List<Integer> outputs,
        int batchSize) {
    public BatchPlan {
        passThrough = List.copyOf(requireNonNull(passThrough, "passThrough is null"));
        for (int field : passThrough) {
            if (field < 0 || field >= inputFieldCount) {
                throw new IllegalArgumentException("no input field " + field);
            }
        }
        steps = List.copyOf(requireNonNull(steps, "steps is null"));
        outputs = List.copyOf(requireNonNull(outputs, "outputs is null"));
        for (int s = 0; s < steps.size(); s++) {
            for (Arg arg : steps.get(s).args()) {
                if (arg.kind() == Arg.Kind.STEP ? arg.index() >= s : arg.index() >= inputFieldCount) {
                    throw new IllegalArgumentException("step " + s + " refers to " + arg);
                }
            }
        }
        for (int output : outputs) {
            if (output < 0 || output >= steps.size()) {
                throw new IllegalArgumentException("no step " + output);
            }
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive");
        }
    }

    /**
     * One UDF invocation per batch.
     *
     * @param args one per declared parameter, in order
     */
    public record Step(VectorizableFunction function, List<Arg> args) {
        public Step {
            requireNonNull(function, "function is null");
            args = List.copyOf(requireNonNull(args, "args is null"));
            int declared = function.definition().signature().parameters().size();
            if (args.size() != declared) {
                throw new IllegalArgumentException("function " + function.definition().displayName()
                        + " takes " + declared + " arguments, got " + args.size());
            }
        }

        /** The name used in error messages. */
        public String name() {
            return function.definition().displayName();
        }

        public UdfType parameterType(int argument) {
            return function.definition().signature().parameters().get(argument);
        }

        public UdfType resultType() {
            return function.definition().signature().result();
        }
    }

    /**
     * A step argument: an input column, the result vector of an earlier step, or a constant.
     *
     * @param index the input column or step index; 0 for a constant
     * @param constant a constant's value in Calcite's internal representation (null for NULL)
     */
    public record Arg(Kind kind, int index, Object constant) {
        /** Where an argument's values come from. */
        public enum Kind { COLUMN, STEP, CONSTANT }

        public Arg {
            requireNonNull(kind, "kind is null");
            if (index < 0) {
                throw new IllegalArgumentException("index is negative");
            }
            if (kind != Kind.CONSTANT && constant != null) {
                throw new IllegalArgumentException("only a constant argument has a value");
            }
        }

        public static Arg column(int index) {
            return new Arg(Kind.COLUMN, index, null);
        }

        public static Arg step(int index) {
            return new Arg(Kind.STEP, index, null);
        }

        /** The same value for every row of a batch. */
        public static Arg constant(Object value) {
            return new Arg(Kind.CONSTANT, 0, value);
        }
    }
}
