package io.plugsql.sql.internal;

import org.apache.calcite.adapter.jdbc.JdbcConvention;
import org.apache.calcite.adapter.jdbc.JdbcRules;
import org.apache.calcite.adapter.jdbc.JdbcToEnumerableConverterRule;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.sql.SqlDialect;

/**
 * Calling convention of one tenant's H2 tables: Calcite's JDBC convention and rules, except that
 * results and parameters cross into Calcite through a {@link TenantToEnumerableConverter}.
 */
final class TenantConvention extends JdbcConvention {
    TenantConvention(SqlDialect dialect, Expression expression, String name) {
        super(dialect, expression, name);
    }

    /** Registers what {@link JdbcConvention#register} does, with the converter rule replaced. */
    @Override
    public void register(RelOptPlanner planner) {
        for (RelOptRule rule : JdbcRules.rules(this)) {
            if (!(rule instanceof JdbcToEnumerableConverterRule)) {
                planner.addRule(rule);
            }
        }
        planner.addRule(TenantToEnumerableConverter.rule(this));
        planner.addRule(CoreRules.FILTER_SET_OP_TRANSPOSE);
        planner.addRule(CoreRules.PROJECT_REMOVE);
    }
}
