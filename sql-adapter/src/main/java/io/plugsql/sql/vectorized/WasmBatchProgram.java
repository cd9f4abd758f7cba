package io.plugsql.sql.vectorized;

import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableCalc;
import org.apache.calcite.plan.RelOptLattice;
import org.apache.calcite.plan.RelOptMaterialization;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.Function;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;
import org.apache.calcite.tools.Program;

/**
 * Program, run after Calcite's standard program, that moves Wasm UDF calls out of every
 * {@code EnumerableCalc} into {@link EnumerableWasmBatchCalc} operators.
 *
 * <p>A single deterministic bottom-up rewrite rather than a rule in a HEP planner: the rewrite is
 * always wanted (no cost decision), applies to each Calc independently, and a Calc whose UDF
 * arguments themselves contain UDF calls behind other expressions ({@code f(g(x) + 1)}) is split
 * repeatedly until no call can move; a rule engine would only add matching overhead.
 *
 * <pre>{@code
 * Program program = Programs.sequence(Programs.standard(), new WasmBatchProgram(4096));
 * }</pre>
 */
public final class WasmBatchProgram implements Program {
    private final int batchSize;

    public WasmBatchProgram(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive");
        }
        this.batchSize = batchSize;
    }

    @Override
    public RelNode run(RelOptPlanner planner, RelNode rel, RelTraitSet requiredOutputTraits,
            List<RelOptMaterialization> materializations, List<RelOptLattice> lattices) {
        return BottomUp.rewrite(rel, this::split);
    }

    /** The node with its UDF calls moved into batch operators, when it is a Calc that has movable ones. */
    private RelNode split(RelNode node) {
        RelNode current = node;
        while (current instanceof EnumerableCalc) {
            RelNode split = CalcSplitter.split((EnumerableCalc) current, batchSize);
            if (split == null) {
                break;
            }
            current = split;
        }
        return current;
    }

    /** Whether the expression calls a vectorizable UDF anywhere in it. */
    public static boolean containsVectorizable(RexNode node) {
        return vectorizable(node) != null || node instanceof RexCall call
                && call.getOperands().stream().anyMatch(WasmBatchProgram::containsVectorizable);
    }

    /**
     * The function behind a call, when the call is to a vectorizable UDF: the operator is a
     * {@code SqlUserDefinedFunction} whose function is a {@link VectorizableFunction}, or the operator
     * itself implements it. Null otherwise.
     */
    public static VectorizableFunction vectorizable(RexNode node) {
        if (!(node instanceof RexCall)) {
            return null;
        }
        SqlOperator operator = ((RexCall) node).getOperator();
        if (operator instanceof VectorizableFunction) {
            return (VectorizableFunction) operator;
        }
        if (operator instanceof SqlUserDefinedFunction) {
            Function function = ((SqlUserDefinedFunction) operator).getFunction();
            if (function instanceof VectorizableFunction) {
                return (VectorizableFunction) function;
            }
        }
        return null;
    }
}
