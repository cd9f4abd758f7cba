package io.plugsql.sql.vectorized;

import static java.util.Objects.requireNonNull;

import io.plugsql.engine.UdfType;
import io.plugsql.sql.arrow.ArrowBatchTable;
import io.plugsql.sql.vectorized.internal.ArrowScan;
import io.plugsql.sql.vectorized.internal.BatchPlan;
import io.plugsql.sql.vectorized.internal.BatchRuntime;
import io.plugsql.sql.vectorized.internal.BatchSource;
import io.plugsql.sql.vectorized.internal.JdbcScan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.linq4j.tree.Types;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.SingleRel;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.validate.SqlValidatorUtil;

/**
 * Relational operator that evaluates Wasm UDF calls a batch at a time: its output is every input
 * field followed by one field per call in {@link #getCalls()}.
 *
 * <p>Each call's operands are input field references or nested UDF calls (whose result vectors feed
 * the outer call without going back to rows). {@link WasmBatchProgram} creates it by splitting an
 * {@code EnumerableCalc}; the remaining expressions stay in Calcs below (UDF arguments) and above
 * (filters and arithmetic over UDF results).
 *
 * <pre>
 * EnumerableWasmBatchCalc(udfs=[[MUL_ADD($0, $1)]], batchSize=[4096])
 * </pre>
 */
public final class EnumerableWasmBatchCalc extends SingleRel implements EnumerableRel {
    private final List<Integer> passThrough;
    private final List<RexCall> calls;
    private final int batchSize;
    private final List<String> fieldNames;

    /**
     * Creates an operator over {@code input}; the calls must already satisfy {@link WasmBatchProgram}'s shape
     * (vectorizable UDF calls over input references and nested vectorizable calls).
     *
     * @param passThrough input fields copied to the output, in order, before the call results
     * @param fieldNames names of the output fields, or null for the input's names followed by {@code $udf<i>}
     */
    public EnumerableWasmBatchCalc(RelOptCluster cluster, RelTraitSet traits, RelNode input, List<Integer> passThrough,
            List<RexCall> calls, int batchSize, List<String> fieldNames) {
        super(cluster, traits, input);
        this.passThrough = List.copyOf(requireNonNull(passThrough, "passThrough is null"));
        this.calls = List.copyOf(requireNonNull(calls, "calls is null"));
        if (calls.isEmpty()) {
            throw new IllegalArgumentException("no UDF calls to evaluate");
        }
        this.batchSize = batchSize;
        this.fieldNames = fieldNames == null ? null : List.copyOf(fieldNames);
        this.rowType = deriveRowType(cluster.getTypeFactory(), input.getRowType(), this.passThrough, this.calls,
                this.fieldNames);
    }

    /** Input fields copied to the output (output field {@code i} is input field {@code getPassThrough().get(i)}). */
    public List<Integer> getPassThrough() {
        return passThrough;
    }

    /** The UDF calls evaluated per batch, over the input's fields; output field {@code p + i} is call {@code i}. */
    public List<RexCall> getCalls() {
        return calls;
    }

    public int getBatchSize() {
        return batchSize;
    }

    private static RelDataType deriveRowType(RelDataTypeFactory typeFactory, RelDataType inputType,
            List<Integer> passThrough, List<RexCall> calls, List<String> fieldNames) {
        List<String> names = new ArrayList<>();
        List<RelDataType> types = new ArrayList<>();
        for (int field : passThrough) {
            names.add(inputType.getFieldNames().get(field));
            types.add(inputType.getFieldList().get(field).getType());
        }
        for (int i = 0; i < calls.size(); i++) {
            names.add("$udf" + i);
            types.add(calls.get(i).getType());
        }
        if (fieldNames != null) {
            if (fieldNames.size() != types.size()) {
                throw new IllegalArgumentException("expected " + types.size() + " field names, got " + fieldNames);
            }
            return typeFactory.createStructType(types, fieldNames);
        }
        return typeFactory.createStructType(types, SqlValidatorUtil.uniquify(names, true));
    }

    @Override
    protected RelDataType deriveRowType() {
        return rowType;
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return new EnumerableWasmBatchCalc(getCluster(), traitSet, sole(inputs), passThrough, calls, batchSize,
                fieldNames);
    }

    @Override
    public RelWriter explainTerms(RelWriter pw) {
        String inputKind = inputKind();
        return super.explainTerms(pw)
                .item("passThrough", passThrough)
                .item("udfs", calls)
                .item("batchSize", batchSize)
                .itemIf("input", inputKind, inputKind != null);
    }

    @Override
    public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
        double rows = mq.getRowCount(getInput());
        return planner.getCostFactory().makeCost(rows, rows * calls.size() / batchSize, 0);
    }

    @Override
    public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
        BlockBuilder builder = new BlockBuilder();
        BatchPlan plan = toBatchPlan();
        Expression source = columnarSource(implementor, plan);
        if (source == null) {
            Result input = implementor.visitChild(this, 0, (EnumerableRel) getInput(), pref);
            Expression inputRows = input.physType.convertTo(
                    builder.append("inputEnumerable", input.block, false), JavaRowFormat.ARRAY);
            source = Expressions.call(BatchSource.class, "rows", inputRows, Expressions.constant(batchSize));
        }
        // One output field: Calcite's SCALAR format (the value itself), else an Object[] per row.
        PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(), JavaRowFormat.ARRAY);
        String method = physType.getFormat() == JavaRowFormat.SCALAR ? "executeScalar" : "execute";
        builder.add(Expressions.return_(null, Expressions.call(
                Types.lookupMethod(BatchRuntime.class, method, BatchPlan.class, BatchSource.class),
                implementor.stash(plan, BatchPlan.class), source)));
        return implementor.result(physType, builder.toBlock());
    }

    /**
     * The input as vectors without rows, when it can hand them over: a query pushed down to the
     * tenant database, or an Arrow table. Null when the operator must read its child's rows.
     */
    private Expression columnarSource(EnumerableRelImplementor implementor, BatchPlan plan) {
        Optional<JdbcInput> jdbc = JdbcInput.of(getInput(), plan);
        if (jdbc.isPresent()) {
            return Expressions.call(BatchSource.class, "jdbc", jdbc.get().dataSource(),
                    implementor.stash(jdbc.get().scan(), JdbcScan.class), DataContext.ROOT);
        }
        Optional<ArrowTableInput> arrow = ArrowTableInput.of(getInput(), plan);
        if (arrow.isPresent()) {
            return Expressions.call(BatchSource.class, "arrow", implementor.stash(arrow.get().table(), ArrowBatchTable.class),
                    implementor.stash(arrow.get().scan(), ArrowScan.class), Expressions.constant(batchSize));
        }
        return null;
    }

    /** How the operator reads its input, for plans: "jdbc", "arrow", or null for rows. */
    private String inputKind() {
        BatchPlan plan = toBatchPlan();
        if (JdbcInput.of(getInput(), plan).isPresent()) {
            return "jdbc";
        }
        return ArrowTableInput.of(getInput(), plan).isPresent() ? "arrow" : null;
    }

    /** Numbers the distinct UDF calls (inner before outer) into the runtime's steps. */
    BatchPlan toBatchPlan() {
        List<BatchPlan.Step> steps = new ArrayList<>();
        Map<RexNode, Integer> stepOf = new HashMap<>();
        List<Integer> outputs = new ArrayList<>();
        for (RexCall call : calls) {
            outputs.add(addStep(call, steps, stepOf));
        }
        return new BatchPlan(getInput().getRowType().getFieldCount(), passThrough, steps, outputs, batchSize);
    }

    private static int addStep(RexCall call, List<BatchPlan.Step> steps, Map<RexNode, Integer> stepOf) {
        boolean shareable = call.getOperator().isDeterministic();
        if (shareable && stepOf.containsKey(call)) {
            return stepOf.get(call);
        }
        VectorizableFunction function = WasmBatchProgram.vectorizable(call);
        List<BatchPlan.Arg> args = new ArrayList<>();
        for (int i = 0; i < call.getOperands().size(); i++) {
            RexNode operand = call.getOperands().get(i);
            if (operand instanceof RexInputRef ref) {
                args.add(BatchPlan.Arg.column(ref.getIndex()));
            } else if (operand instanceof RexLiteral literal) {
                UdfType parameter = function.definition().signature().parameters().get(i);
                args.add(BatchPlan.Arg.constant(ConstantArguments.value(literal, parameter)));
            } else {
                args.add(BatchPlan.Arg.step(addStep((RexCall) operand, steps, stepOf)));
            }
        }
        steps.add(new BatchPlan.Step(function, args));
        int index = steps.size() - 1;
        if (shareable) {
            stepOf.put(call, index);
        }
        return index;
    }
}
