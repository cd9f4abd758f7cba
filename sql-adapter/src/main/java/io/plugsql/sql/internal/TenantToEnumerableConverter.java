package io.plugsql.sql.internal;

import io.plugsql.error.PlugSqlException;
import java.lang.reflect.Method;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.jdbc.JdbcConvention;
import org.apache.calcite.adapter.jdbc.JdbcToEnumerableConverter;
import org.apache.calcite.linq4j.tree.BlockStatement;
import org.apache.calcite.linq4j.tree.ConstantExpression;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.linq4j.tree.MethodCallExpression;
import org.apache.calcite.linq4j.tree.NewArrayExpression;
import org.apache.calcite.linq4j.tree.Shuttle;
import org.apache.calcite.linq4j.tree.Types;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.util.BuiltInMethod;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Relational expression that runs a tenant's H2 subquery as Calcite's {@link JdbcToEnumerableConverter}
 * does, with its values converted where H2 and Calcite represent them differently.
 *
 * <p>Calcite's code binds dynamic parameters in Calcite's internal form and reads VARBINARY columns as
 * {@code byte[]} where the rest of the generated code expects a {@code ByteString}. This class keeps
 * Calcite's generated code and replaces exactly those two calls: the parameter binder by
 * {@link JdbcValues#enricher}, given each parameter's SQL type from the plan, and each VARBINARY
 * column's {@code getObject} by {@link JdbcValues#byteString}{@code (getBytes)}. If Calcite's code
 * changes shape so that a VARBINARY read is not found, planning fails instead of running with wrong
 * values (the parameter binder is covered by tests). Plans show it under Calcite's name.
 */
final class TenantToEnumerableConverter extends JdbcToEnumerableConverter {
    private static final Method GET_OBJECT = Types.lookupMethod(ResultSet.class, "getObject", int.class);
    private static final Method GET_BYTES = Types.lookupMethod(ResultSet.class, "getBytes", int.class);
    private static final Method ENRICHER = Types.lookupMethod(JdbcValues.class, "enricher",
            Integer[].class, String[].class, DataContext.class);
    private static final Method BYTE_STRING = Types.lookupMethod(JdbcValues.class, "byteString", byte[].class);

    private TenantToEnumerableConverter(RelOptCluster cluster, RelTraitSet traits, RelNode input) {
        super(cluster, traits, input);
    }

    /** Creates the rule that puts this converter between a tenant's JDBC convention and Calcite's enumerable one. */
    static ConverterRule rule(JdbcConvention convention) {
        return ConverterRule.Config.INSTANCE
                .withConversion(RelNode.class, convention, EnumerableConvention.INSTANCE,
                        "TenantToEnumerableConverterRule")
                .withRuleFactory(Rule::new)
                .toRule(Rule.class);
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return new TenantToEnumerableConverter(getCluster(), traitSet, sole(inputs));
    }

    @Override
    public String getRelTypeName() {
        return JdbcToEnumerableConverter.class.getSimpleName();
    }

    @Override
    public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
        Result calcite = super.implement(implementor, pref);
        Rewriter rewriter = new Rewriter(binaryColumns(), getInput());
        BlockStatement block = (BlockStatement) calcite.block.accept(rewriter);
        rewriter.checkComplete();
        return new Result(block, calcite.physType, calcite.format);
    }

    /** The 1-based positions of the VARBINARY and BINARY columns in the result. */
    private List<Integer> binaryColumns() {
        List<Integer> columns = new ArrayList<>();
        for (RelDataTypeField field : getRowType().getFieldList()) {
            if (field.getType().getSqlTypeName().getFamily() == SqlTypeFamily.BINARY) {
                columns.add(field.getIndex() + 1);
            }
        }
        return columns;
    }

    /** Rewrites Calcite's generated code for this converter: parameter binding and VARBINARY reads. */
    private static final class Rewriter extends Shuttle {
        private final List<Integer> binaryColumns;
        private final RelNode jdbcInput;
        private final List<Integer> rewrittenColumns = new ArrayList<>();

        Rewriter(List<Integer> binaryColumns, RelNode jdbcInput) {
            this.binaryColumns = binaryColumns;
            this.jdbcInput = jdbcInput;
        }

        @Override
        public Expression visit(MethodCallExpression call, @Nullable Expression target, List<Expression> arguments) {
            if (call.method.equals(BuiltInMethod.CREATE_ENRICHER.method)) {
                return Expressions.call(ENRICHER, arguments.get(0), typeNames(arguments.get(0)), arguments.get(1));
            }
            if (call.method.equals(GET_OBJECT) && target != null
                    && arguments.get(0) instanceof ConstantExpression column
                    && binaryColumns.contains((Integer) column.value)) {
                rewrittenColumns.add((Integer) column.value);
                return Expressions.call(BYTE_STRING, Expressions.call(target, GET_BYTES, column));
            }
            return super.visit(call, target, arguments);
        }

        /** {@code new String[] {"DATE", ...}}: the type of each index in Calcite's {@code new Integer[] {...}}. */
        private Expression typeNames(Expression indexes) {
            if (!(indexes instanceof NewArrayExpression array)) {
                throw unexpectedShape("parameter indexes " + indexes);
            }
            List<Integer> parameters = new ArrayList<>();
            for (Expression index : array.expressions) {
                parameters.add((Integer) ((ConstantExpression) index).value);
            }
            List<Expression> names = new ArrayList<>();
            for (String name : JdbcValues.parameterTypeNames(jdbcInput, parameters)) {
                names.add(Expressions.constant(name));
            }
            return Expressions.newArrayInit(String.class, names);
        }

        /** Fails when a VARBINARY column's read was not found: Calcite's code no longer has the expected shape. */
        void checkComplete() {
            if (!rewrittenColumns.containsAll(binaryColumns)) {
                throw unexpectedShape("VARBINARY columns " + binaryColumns + " but reads rewritten for " + rewrittenColumns);
            }
        }

        private static PlugSqlException unexpectedShape(String detail) {
            return new PlugSqlException(SqlAdapterErrorCode.INTERNAL_ERROR,
                    "Calcite's JDBC adapter generated code of an unexpected shape: " + detail);
        }
    }

    /** Planner rule that converts a tenant's JDBC relational expression to a {@link TenantToEnumerableConverter}. */
    private static final class Rule extends ConverterRule {
        Rule(Config config) {
            super(config);
        }

        @Override
        public @Nullable RelNode convert(RelNode rel) {
            return new TenantToEnumerableConverter(rel.getCluster(), rel.getTraitSet().replace(getOutTrait()), rel);
        }
    }
}
