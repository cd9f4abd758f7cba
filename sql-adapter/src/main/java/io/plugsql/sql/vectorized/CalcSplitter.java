package io.plugsql.sql.vectorized;

import io.plugsql.engine.UdfType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.adapter.enumerable.EnumerableCalc;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlValidatorUtil;
import org.apache.calcite.util.ImmutableBitSet;
import org.apache.calcite.util.Util;

/**
 * Splits one {@code EnumerableCalc} into Calc (UDF arguments) -> {@link EnumerableWasmBatchCalc}
 * (UDF calls) -> Calc (everything else over the UDF results).
 *
 * <p>A UDF call moves when each operand is either free of UDF calls (computed by the lower Calc,
 * cast there to the declared parameter type when its SQL type differs) or itself a moving UDF call
 * whose declared result type is the parameter's type (chained on vectors). Calls inside CASE stay in
 * the row path: CASE evaluates its branches only for the rows that reach them, a batch would call
 * the UDF for every row. AND and OR do not promise an evaluation order in SQL, so calls under them move. Calls in the
 * condition move first, below a filtering Calc, so that calls in the projections see only the rows
 * that pass the filter.
 */
final class CalcSplitter {
    private final EnumerableCalc calc;
    private final int batchSize;
    private final RexBuilder rexBuilder;
    private final RelDataTypeFactory typeFactory;
    private final int inputFieldCount;
    private final Map<RexNode, Integer> argumentColumns = new LinkedHashMap<>();

    private CalcSplitter(EnumerableCalc calc, int batchSize) {
        this.calc = calc;
        this.batchSize = batchSize;
        this.rexBuilder = calc.getCluster().getRexBuilder();
        this.typeFactory = calc.getCluster().getTypeFactory();
        this.inputFieldCount = calc.getInput().getRowType().getFieldCount();
    }

    /** The split plan, or null when no UDF call of the Calc can move. */
    static RelNode split(EnumerableCalc calc, int batchSize) {
        return new CalcSplitter(calc, batchSize).split();
    }

    private RelNode split() {
        RexProgram program = calc.getProgram();
        List<RexNode> projects = new ArrayList<>();
        program.getProjectList().forEach(ref -> projects.add(program.expandLocalRef(ref)));
        RexNode condition = program.getCondition() == null ? null : program.expandLocalRef(program.getCondition());

        // Calls in the condition move first, into their own batch below the filter, so that calls in
        // the projections run only for the rows that pass it, as in the row path.
        Set<RexCall> moving = new LinkedHashSet<>();
        if (condition != null) {
            collect(condition, moving);
        }
        boolean filterFirst = !moving.isEmpty();
        if (!filterFirst) {
            projects.forEach(project -> collect(project, moving));
        }
        if (moving.isEmpty()) {
            return null;
        }

        List<RexCall> batchCalls = new ArrayList<>();
        for (RexCall call : moving) {
            batchCalls.add(overArguments(call));
        }

        // Rewrite over "input fields, argument columns, then one field per call", then keep only the
        // input fields still referenced: the operator copies no more of each row than the rest of the
        // plan reads.
        int base = inputFieldCount + argumentColumns.size();
        Map<RexNode, RexNode> results = new LinkedHashMap<>();
        int i = 0;
        for (RexCall call : moving) {
            results.put(call, new RexInputRef(base + i++, call.getType()));
        }
        RexShuttle replace = new RexShuttle() {
            @Override
            public RexNode visitCall(RexCall call) {
                RexNode result = results.get(call);
                return result != null ? result : super.visitCall(call);
            }
        };
        List<RexNode> newProjects = replace.apply(projects);
        RexNode newCondition = condition == null ? null : condition.accept(replace);
        ImmutableBitSet used = RelOptUtil.InputFinder.bits(newProjects, newCondition).get(0, base);
        List<Integer> passThrough = new ArrayList<>(used.asList());
        RexShuttle remap = new RexShuttle() {
            @Override
            public RexNode visitInputRef(RexInputRef ref) {
                int index = ref.getIndex();
                int target = index < base ? passThrough.indexOf(index) : passThrough.size() + index - base;
                return new RexInputRef(target, ref.getType());
            }
        };
        newProjects = remap.apply(newProjects);
        newCondition = newCondition == null ? null : newCondition.accept(remap);

        RelNode input = calc.getInput();
        if (!argumentColumns.isEmpty()) {
            input = argumentCalc(input, batchCalls, passThrough);
        }
        int width = passThrough.size() + batchCalls.size();
        boolean topIsIdentity = newCondition == null && isIdentity(newProjects, width);
        EnumerableWasmBatchCalc batch = new EnumerableWasmBatchCalc(calc.getCluster(),
                traitsAfter(input, passThrough), input, passThrough, batchCalls, batchSize,
                topIsIdentity ? calc.getRowType().getFieldNames() : null);
        if (topIsIdentity) {
            return batch;
        }
        if (filterFirst && projects.stream().anyMatch(WasmBatchProgram::containsVectorizable)) {
            RexProgram filter = RexProgram.create(batch.getRowType(),
                    rexBuilder.identityProjects(batch.getRowType()), newCondition, batch.getRowType(), rexBuilder);
            EnumerableCalc filtered = EnumerableCalc.create(batch, filter);
            RexProgram project = RexProgram.create(batch.getRowType(), newProjects, null,
                    calc.getRowType(), rexBuilder);
            return EnumerableCalc.create(filtered, project);
        }
        return EnumerableCalc.create(batch,
                RexProgram.create(batch.getRowType(), newProjects, newCondition, calc.getRowType(), rexBuilder));
    }

    private static boolean isIdentity(List<RexNode> projects, int width) {
        if (projects.size() != width) {
            return false;
        }
        for (int f = 0; f < width; f++) {
            RexNode project = projects.get(f);
            if (!(project instanceof RexInputRef) || ((RexInputRef) project).getIndex() != f) {
                return false;
            }
        }
        return true;
    }

    /** The input's traits; its collation only while every input field passes through in place. */
    private static RelTraitSet traitsAfter(RelNode input, List<Integer> passThrough) {
        boolean inPlace = passThrough.equals(Util.range(input.getRowType().getFieldCount()));
        return inPlace ? input.getTraitSet() : input.getTraitSet().replace(RelCollations.EMPTY);
    }

    private void collect(RexNode node, Set<RexCall> moving) {
        if (!(node instanceof RexCall)) {
            return;
        }
        RexCall call = (RexCall) node;
        if (call.getKind() == SqlKind.CASE) {
            return;
        }
        if (canMove(call)) {
            moving.add(call);
            return;
        }
        call.getOperands().forEach(operand -> collect(operand, moving));
    }

    private static boolean canMove(RexCall call) {
        VectorizableFunction function = WasmBatchProgram.vectorizable(call);
        if (function == null) {
            return false;
        }
        List<UdfType> parameters = function.definition().signature().parameters();
        if (parameters.size() != call.getOperands().size()) {
            return false;
        }
        for (int i = 0; i < parameters.size(); i++) {
            RexNode operand = call.getOperands().get(i);
            if (chains(operand, parameters.get(i))) {
                continue;
            }
            if (WasmBatchProgram.containsVectorizable(operand)) {
                return false;
            }
        }
        return true;
    }

    private static boolean chains(RexNode operand, UdfType parameter) {
        VectorizableFunction inner = WasmBatchProgram.vectorizable(operand);
        return inner != null
                && inner.definition().signature().result().equals(parameter)
                && canMove((RexCall) operand);
    }

    /**
     * The call with each UDF-free operand replaced by a reference to its argument column, or by a
     * literal that the operator passes as a constant.
     */
    private RexCall overArguments(RexCall call) {
        List<UdfType> parameters = WasmBatchProgram.vectorizable(call).definition().signature().parameters();
        List<RexNode> operands = new ArrayList<>();
        for (int i = 0; i < parameters.size(); i++) {
            RexNode operand = call.getOperands().get(i);
            RexLiteral literal = literal(operand);
            if (chains(operand, parameters.get(i))) {
                operands.add(overArguments((RexCall) operand));
            } else if (literal != null && ConstantArguments.foldable(literal, parameters.get(i))) {
                operands.add(literal);
            } else {
                operands.add(argumentColumn(operand, parameters.get(i)));
            }
        }
        return call.clone(call.getType(), operands);
    }

    /**
     * The literal an operand is, possibly under a CAST that only changes nullability or, for an
     * integer or floating-point literal, widens it; null otherwise.
     */
    private static RexLiteral literal(RexNode operand) {
        if (operand instanceof RexLiteral literal) {
            return literal;
        }
        if (operand.isA(SqlKind.CAST) && ((RexCall) operand).getOperands().get(0) instanceof RexLiteral literal) {
            SqlTypeName from = literal.getType().getSqlTypeName();
            SqlTypeName to = operand.getType().getSqlTypeName();
            boolean exact = from == to && !SqlTypeName.CHAR_TYPES.contains(to) && !SqlTypeName.BINARY_TYPES.contains(to)
                    && to != SqlTypeName.DECIMAL;
            return exact ? literal : null;
        }
        return null;
    }

    private RexInputRef argumentColumn(RexNode operand, UdfType parameter) {
        RexNode value = hasType(operand.getType(), parameter)
                ? operand
                : rexBuilder.makeCast(relType(parameter), operand, true, false);
        if (value instanceof RexInputRef) {
            return (RexInputRef) value;
        }
        int column = argumentColumns.computeIfAbsent(value, v -> inputFieldCount + argumentColumns.size());
        return new RexInputRef(column, value.getType());
    }

    /**
     * The Calc computing argument columns below the operator, projecting only the input fields the
     * operator reads; renumbers {@code batchCalls} and {@code passThrough} (in place) to its fields.
     */
    private RelNode argumentCalc(RelNode input, List<RexCall> batchCalls, List<Integer> passThrough) {
        ImmutableBitSet.Builder needed = ImmutableBitSet.builder();
        passThrough.forEach(needed::set);
        needed.addAll(RelOptUtil.InputFinder.bits(new ArrayList<RexNode>(batchCalls), null).get(0, inputFieldCount));
        List<Integer> fields = needed.build().asList();
        int[] position = new int[inputFieldCount + argumentColumns.size()];
        List<RexNode> projects = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int field : fields) {
            position[field] = projects.size();
            projects.add(rexBuilder.makeInputRef(input, field));
            names.add(input.getRowType().getFieldNames().get(field));
        }
        int argument = 0;
        for (RexNode value : argumentColumns.keySet()) {
            position[inputFieldCount + argument] = projects.size();
            projects.add(value);
            names.add("$arg" + argument++);
        }
        RexShuttle renumber = new RexShuttle() {
            @Override
            public RexNode visitInputRef(RexInputRef ref) {
                return new RexInputRef(position[ref.getIndex()], ref.getType());
            }
        };
        batchCalls.replaceAll(call -> (RexCall) call.accept(renumber));
        passThrough.replaceAll(field -> position[field]);
        RexProgram program = RexProgram.create(input.getRowType(), projects, null,
                SqlValidatorUtil.uniquify(names, true), rexBuilder);
        return EnumerableCalc.create(input, program);
    }

    /** Whether values of the SQL type reach the UDF unchanged in the parameter's Arrow type. */
    static boolean hasType(RelDataType type, UdfType parameter) {
        SqlTypeName name = type.getSqlTypeName();
        switch (parameter.name()) {
            case BOOLEAN:
                return name == SqlTypeName.BOOLEAN;
            case INTEGER:
                return name == SqlTypeName.INTEGER;
            case BIGINT:
                return name == SqlTypeName.BIGINT;
            case REAL:
                return name == SqlTypeName.REAL;
            case DOUBLE:
                return name == SqlTypeName.DOUBLE;
            case DECIMAL:
                return name == SqlTypeName.DECIMAL
                        && type.getPrecision() == parameter.precision()
                        && type.getScale() == parameter.scale();
            case VARCHAR:
                return name == SqlTypeName.VARCHAR || name == SqlTypeName.CHAR;
            case VARBINARY:
                return name == SqlTypeName.VARBINARY || name == SqlTypeName.BINARY;
            case DATE:
                return name == SqlTypeName.DATE;
            case TIMESTAMP:
                return name == SqlTypeName.TIMESTAMP;
            default:
                return false;
        }
    }

    private RelDataType relType(UdfType parameter) {
        RelDataType type;
        switch (parameter.name()) {
            case DECIMAL:
                type = typeFactory.createSqlType(SqlTypeName.DECIMAL, parameter.precision(), parameter.scale());
                break;
            case VARCHAR:
                type = typeFactory.createSqlType(SqlTypeName.VARCHAR);
                break;
            default:
                type = typeFactory.createSqlType(SqlTypeName.valueOf(parameter.name().name()));
        }
        return typeFactory.createTypeWithNullability(type, true);
    }
}
