package io.plugsql.sql.vectorized;

import io.plugsql.engine.TypeName;
import io.plugsql.engine.UdfType;
import io.plugsql.sql.internal.JdbcValues;
import io.plugsql.sql.internal.SqlTypes;
import io.plugsql.sql.vectorized.internal.BatchPlan;
import io.plugsql.sql.vectorized.internal.JdbcScan;
import io.plugsql.sql.vectorized.internal.ReadFields;
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
    private final ReadFields fields;

    private JdbcInput(JdbcToEnumerableConverter converter, ReadFields fields) {
        this.converter = converter;
        this.fields = fields;
    }

    /** The columnar input of an operator evaluating {@code plan} over {@code input}, when it applies. */
    static Optional<JdbcInput> of(RelNode input, BatchPlan plan) {
        if (!(input instanceof JdbcToEnumerableConverter converter)) {
            return Optional.empty();
        }
        return ColumnarFields.types(input.getRowType(), plan, JdbcInput::vectorType)
                .map(types -> new JdbcInput(converter, types));
    }

    /**
     * The vector type a column of this SQL type is read into, when it needs no conversion: DATE and
     * TIMESTAMP values go through Calcite's time zone handling, so they keep the row input.
     */
    private static Optional<UdfType> vectorType(RelDataType type) {
        return SqlTypes.columnType(type)
                .filter(udfType -> udfType.name() != TypeName.DATE && udfType.name() != TypeName.TIMESTAMP);
    }

    /** The pushed-down query in the database's dialect, with the vector type of each column read. */
    JdbcScan scan() {
        JdbcConvention convention = (JdbcConvention) converter.getInput().getConvention();
        JdbcImplementor implementor = new JdbcImplementor(convention.dialect,
                (JavaTypeFactory) converter.getCluster().getTypeFactory());
        SqlString sql = implementor.visitRoot(converter.getInput()).asStatement().toSqlString(convention.dialect);
        Hook.QUERY_PLAN.run(sql.getSql());
        List<Integer> parameters = sql.getDynamicParameters() == null ? List.of() : sql.getDynamicParameters();
        return new JdbcScan(sql.getSql(), parameters,
                List.of(JdbcValues.parameterTypeNames(converter.getInput(), parameters)), fields);
    }

    /** Generated code's expression for the database's data source. */
    Expression dataSource() {
        JdbcConvention convention = (JdbcConvention) converter.getInput().getConvention();
        return Schemas.unwrap(convention.expression, DataSource.class);
    }
}
