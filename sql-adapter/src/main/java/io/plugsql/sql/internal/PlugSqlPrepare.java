package io.plugsql.sql.internal;

import java.lang.reflect.Type;
import java.util.function.UnaryOperator;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.interpreter.BindableConvention;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.prepare.CalcitePrepareImpl;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql2rel.SqlRexConvertletTable;
import org.apache.calcite.tools.Program;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Calcite prepare of plugsql connections: statements are validated with a {@link WasmCatalogReader},
 * so that each call of a WASM function carries the identity of the function version it calls, and
 * with {@link WasmTypeCoercion}, which does not parse character strings into a function's arguments.
 *
 * <p>A prepare that changes the planner program extends this class and overrides
 * {@link #program(CalcitePrepare.Context, Program)}.
 */
public class PlugSqlPrepare extends CalcitePrepareImpl {
    @Override
    protected CalcitePreparingStmt getPreparingStmt(CalcitePrepare.Context context, Type elementType,
            CalciteCatalogReader catalogReader, RelOptPlanner planner) {
        EnumerableRel.Prefer prefer = elementType == Object[].class
                ? EnumerableRel.Prefer.ARRAY
                : EnumerableRel.Prefer.CUSTOM;
        return new PreparingStmt(this, context, catalogReader, context.getTypeFactory(), context.getRootSchema(),
                prefer, createCluster(planner, new RexBuilder(context.getTypeFactory())),
                enableBindable ? BindableConvention.INSTANCE : EnumerableConvention.INSTANCE,
                createConvertletTable(), standard -> program(context, standard));
    }

    /** The planner program of a statement; this class keeps Calcite's standard program. */
    protected Program program(CalcitePrepare.Context context, Program standard) {
        return standard;
    }

    /** A statement being prepared whose validator uses a {@link WasmCatalogReader} and {@link WasmTypeCoercion}. */
    private static final class PreparingStmt extends CalcitePreparingStmt {
        private final UnaryOperator<Program> programTransform;

        PreparingStmt(CalcitePrepareImpl prepare, CalcitePrepare.Context context, CatalogReader catalogReader,
                RelDataTypeFactory typeFactory, CalciteSchema schema, EnumerableRel.@Nullable Prefer prefer,
                RelOptCluster cluster, Convention resultConvention, SqlRexConvertletTable convertletTable,
                UnaryOperator<Program> programTransform) {
            super(prepare, context, catalogReader, typeFactory, schema, prefer, cluster, resultConvention,
                    convertletTable);
            this.programTransform = programTransform;
        }

        @Override
        protected Program getProgram() {
            return programTransform.apply(super.getProgram());
        }

        @Override
        protected SqlValidator createSqlValidator(CatalogReader catalogReader,
                UnaryOperator<SqlValidator.Config> configTransform) {
            return super.createSqlValidator(WasmCatalogReader.of((CalciteCatalogReader) catalogReader),
                    config -> configTransform.apply(config).withTypeCoercionFactory(WasmTypeCoercion::new));
        }
    }
}
