package io.plugsql.sql.vectorized;

import io.plugsql.engine.TypeName;
import io.plugsql.engine.UdfType;
import io.plugsql.sql.vectorized.internal.BatchPlan;
import io.plugsql.sql.vectorized.internal.JdbcScan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.adapter.jdbc.JdbcConvention;
import org.apache.calcite.adapter.jdbc.JdbcImplementor;
import org.apache.calcite.adapter.jdbc.JdbcToEnumerableConverter;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.runtime.Hook;
import org.apache.calcite.schema.Schemas;
import org.apache.calcite.sql.util.SqlString;

/**
 * The columnar input of an {@link EnumerableWasmBatchCalc} whose input is a query that Calcite's JDBC
 * adapter pushed down to the tenant database (H2): the operator reads the query's result set
 * straight into Arrow vectors instead of through Calcite rows.
 *
 * <p>Applies when every field the operator reads has a type that is copied into a vector without
 * conversion; DATE and TIMESTAMP fields keep the row input, where Calcite applies its time zone rules.
 */
final class JdbcInput {
    private final JdbcToEnumerableConverter converter;
    private final List<UdfType> fieldTypes;

    private JdbcInput(JdbcToEnumerableConverter converter, List<UdfType> fieldTypes) {
        this.converter = converter;
        this.fieldTypes = fieldTypes;
    }

    /** The columnar input of an operator evaluating {@code plan} over {@code input}, when it applies. */
    static Optional<JdbcInput> of(RelNode input, BatchPlan plan) {
        if (!(input instanceof JdbcToEnumerableConverter converter)) {
            return Optional.empty();
        }
        List<RelDataType> fields = new ArrayList<>();
        input.getRowType().getFieldList().forEach(field -> fields.add(field.getType()));
        UdfType[] types = new UdfType[fields.size()];
        for (int field : plan.passThrough()) {
            types[field] = vectorType(fields.get(field)).orElse(null);
            if (types[field] == null) {
                return Optional.empty();
            }
        }
        for (BatchPlan.Step step : plan.steps()) {
            for (int a = 0; a < step.args().size(); a++) {
                BatchPlan.Arg arg = step.args().get(a);
                if (!arg.fromStep()) {
                    UdfType type = vectorType(fields.get(arg.index())).orElse(null);
                    if (type == null || !type.equals(step.parameterType(a))) {
                        return Optional.empty();
                    }
                    types[arg.index()] = type;
                }
            }
        }
        return Optional.of(new JdbcInput(converter, Arrays.asList(types)));
    }

    /** The vector type a column of this SQL type is read into, when it needs no conversion. */
    private static Optional<UdfType> vectorType(RelDataType type) {
        return Optional.ofNullable(switch (type.getSqlTypeName()) {
            case BOOLEAN -> UdfType.of(TypeName.BOOLEAN);
            case INTEGER -> UdfType.of(TypeName.INTEGER);
            case BIGINT -> UdfType.of(TypeName.BIGINT);
            case REAL -> UdfType.of(TypeName.REAL);
            case DOUBLE -> UdfType.of(TypeName.DOUBLE);
            case DECIMAL -> type.getPrecision() <= UdfType.MAX_DECIMAL_PRECISION
                    ? UdfType.decimal(type.getPrecision(), type.getScale()) : null;
            case CHAR, VARCHAR -> UdfType.of(TypeName.VARCHAR);
            case BINARY, VARBINARY -> UdfType.of(TypeName.VARBINARY);
            default -> null;
        });
    }

    /** The pushed-down query in the database's dialect, with the vector type of each column read. */
    JdbcScan scan() {
        JdbcConvention convention = (JdbcConvention) converter.getInput().getConvention();
        JdbcImplementor implementor = new JdbcImplementor(convention.dialect,
                (JavaTypeFactory) converter.getCluster().getTypeFactory());
        SqlString sql = implementor.visitRoot(converter.getInput()).asStatement().toSqlString(convention.dialect);
        Hook.QUERY_PLAN.run(sql.getSql());
        List<Integer> parameters = sql.getDynamicParameters() == null ? List.of() : sql.getDynamicParameters();
        return new JdbcScan(sql.getSql(), parameters, fieldTypes);
    }

    /** Generated code's expression for the database's data source. */
    Expression dataSource() {
        JdbcConvention convention = (JdbcConvention) converter.getInput().getConvention();
        return Schemas.unwrap(convention.expression, DataSource.class);
    }
}
