package io.plugsql.sql.vectorized;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableCalc;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.adapter.jdbc.JdbcConvention;
import org.apache.calcite.adapter.jdbc.JdbcImplementor;
import org.apache.calcite.adapter.jdbc.JdbcRules;
import org.apache.calcite.adapter.jdbc.JdbcToEnumerableConverter;
import org.apache.calcite.plan.RelOptLattice;
import org.apache.calcite.plan.RelOptMaterialization;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.tools.Program;

/**
 * Program, run after Calcite's standard program on both the batch and the row path, that moves the
 * UDF-free terms of a filter over a tenant-database query into that query: for
 * {@code WHERE f(a) > 5 AND b < 100}, H2 returns only the {@code b < 100} rows and {@code f} runs only
 * on them. Calcite's JDBC adapter refuses a condition that contains a UDF as a whole, and its cost
 * model does not favour splitting one, so without this every row of the table would be read.
 *
 * <p>SQL does not order the evaluation of {@code AND}'s operands, so evaluating the UDF-free terms
 * first changes no result; it only avoids UDF calls (and their errors) on rows that fail them.
 */
final class JdbcFilterPushdown implements Program {
    @Override
    public RelNode run(RelOptPlanner planner, RelNode rel, RelTraitSet requiredOutputTraits,
            List<RelOptMaterialization> materializations, List<RelOptLattice> lattices) {
        return BottomUp.rewrite(rel, JdbcFilterPushdown::push);
    }

    private static RelNode push(RelNode node) {
        if (node instanceof EnumerableCalc calc && calc.getInput() instanceof JdbcToEnumerableConverter converter
                && calc.getProgram().getCondition() != null) {
            return pushUdfFreeTerms(calc, converter);
        }
        return node;
    }

    private static RelNode pushUdfFreeTerms(EnumerableCalc calc, JdbcToEnumerableConverter converter) {
        RexProgram program = calc.getProgram();
        List<RexNode> withUdf = new ArrayList<>();
        List<RexNode> udfFree = new ArrayList<>();
        for (RexNode term : RelOptUtil.conjunctions(program.expandLocalRef(program.getCondition()))) {
            (WasmBatchProgram.containsVectorizable(term) ? withUdf : udfFree).add(term);
        }
        if (withUdf.isEmpty() || udfFree.isEmpty()) {
            return calc;
        }
        RexBuilder rexBuilder = calc.getCluster().getRexBuilder();
        RelNode query = converter.getInput();
        JdbcRules.JdbcFilter filter = new JdbcRules.JdbcFilter(calc.getCluster(), query.getTraitSet(), query,
                RexUtil.composeConjunction(rexBuilder, udfFree));
        if (!expressible(filter)) {
            return calc;
        }
        List<RexNode> projects = program.getProjectList().stream().map(program::expandLocalRef).toList();
        RexProgram rest = RexProgram.create(program.getInputRowType(), projects,
                RexUtil.composeConjunction(rexBuilder, withUdf), program.getOutputRowType(), rexBuilder);
        return EnumerableCalc.create(converter.copy(converter.getTraitSet(), List.of(filter)), rest);
    }

    /** Whether the database's dialect can state the filter (the JDBC adapter would otherwise fail at execution). */
    private static boolean expressible(JdbcRules.JdbcFilter filter) {
        JdbcConvention convention = (JdbcConvention) filter.getConvention();
        try {
            new JdbcImplementor(convention.dialect, (JavaTypeFactory) filter.getCluster().getTypeFactory())
                    .visitRoot(filter).asStatement().toSqlString(convention.dialect);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
