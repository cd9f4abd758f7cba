package io.plugsql.sql.internal;

import io.plugsql.error.PlugSqlException;
import io.plugsql.sql.StatementLimits;
import io.plugsql.sql.function.WasmScalarFunction;
import java.lang.reflect.Type;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.interpreter.BindableConvention;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.plan.Contexts;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCostFactory;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.prepare.CalcitePrepareImpl;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql2rel.SqlRexConvertletTable;
import org.apache.calcite.tools.Program;
import org.apache.calcite.util.CancelFlag;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Calcite prepare of plugsql connections: statements are validated with a {@link WasmCatalogReader},
 * so that each call of a WASM function carries the identity of the function version it calls, and
 * with {@link WasmTypeCoercion}, which does not parse character strings into a function's arguments.
 *
 * <p>Each statement is held to the data directory's {@link StatementLimits} before it is parsed and
 * before it is validated, and a cancel ({@link StatementCancellation}) stops its validation (at each
 * function lookup), its planning (the planner's cancel flag, checked at each rule) and its programs.
 * A stack overflow while preparing is reported as a statement too complex (54001).
 *
 * <p>A prepare that changes the planner program extends this class and overrides
 * {@link #program(CalcitePrepare.Context, Program)}.
 */
public class PlugSqlPrepare extends CalcitePrepareImpl {
    @Override
    public <T> CalciteSignature<T> prepareSql(CalcitePrepare.Context context, Query<T> query, Type elementType,
            long maxRowCount) {
        StatementCancellation.checkNotCancelled();
        if (query.sql != null) {
            StatementShape.checkText(query.sql, limits(context));
        }
        try {
            return super.prepareSql(context, query, elementType, maxRowCount);
        } catch (RuntimeException e) {
            // Calcite's planner reports its cancel flag as "Preparation aborted": say why.
            StatementCancellation.checkNotCancelled();
            // The parser reports its own stack overflow as a parse error without a message.
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof StackOverflowError overflow) {
                    throw tooDeep(overflow);
                }
            }
            throw e;
        } catch (StackOverflowError e) {
            throw tooDeep(e);
        }
    }

    private static PlugSqlException tooDeep(StackOverflowError overflow) {
        return new PlugSqlException(SqlAdapterErrorCode.STATEMENT_TOO_COMPLEX,
                "the statement is too complex: it nests too deeply to be prepared (max-nesting-depth)", overflow);
    }

    @Override
    protected RelOptPlanner createPlanner(CalcitePrepare.Context prepareContext,
            org.apache.calcite.plan.@Nullable Context externalContext, @Nullable RelOptCostFactory costFactory) {
        AtomicBoolean cancelled = new AtomicBoolean();
        StatementCancellation.onCancel(() -> cancelled.set(true));
        org.apache.calcite.plan.Context withFlag = Contexts.chain(Contexts.of(new CancelFlag(cancelled)),
                externalContext == null ? Contexts.of(prepareContext.config()) : externalContext);
        return super.createPlanner(prepareContext, withFlag, costFactory);
    }

    @Override
    protected CalcitePreparingStmt getPreparingStmt(CalcitePrepare.Context context, Type elementType,
            CalciteCatalogReader catalogReader, RelOptPlanner planner) {
        EnumerableRel.Prefer prefer = elementType == Object[].class
                ? EnumerableRel.Prefer.ARRAY
                : EnumerableRel.Prefer.CUSTOM;
        return new PreparingStmt(this, context, catalogReader, context.getTypeFactory(), context.getRootSchema(),
                prefer, createCluster(planner, new RexBuilder(context.getTypeFactory())),
                enableBindable ? BindableConvention.INSTANCE : EnumerableConvention.INSTANCE,
                createConvertletTable(), standard -> cancellable(program(context, standard)));
    }

    /** The planner program of a statement; this class keeps Calcite's standard program. */
    protected Program program(CalcitePrepare.Context context, Program standard) {
        return standard;
    }

    private static Program cancellable(Program program) {
        return (planner, rel, requiredOutputTraits, materializations, lattices) -> {
            StatementCancellation.checkNotCancelled();
            var planned = program.run(planner, rel, requiredOutputTraits, materializations, lattices);
            StatementCancellation.checkNotCancelled();
            return planned;
        };
    }

    private static StatementLimits limits(CalcitePrepare.Context context) {
        PlugSqlRootSchema root = root(context);
        return root == null ? StatementLimits.DEFAULT : root.directory().functions().quotas().statementLimits();
    }

    /** The tenant's root schema; null for a plain Calcite connection using this prepare (no tenant, no catalog). */
    private static PlugSqlRootSchema root(CalcitePrepare.Context context) {
        return context.getRootSchema().schema instanceof PlugSqlRootSchema root ? root : null;
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

        /** Checks the parse tree against the statement limits before validating it. */
        @Override
        public PreparedResult prepareSql(SqlNode sqlQuery, SqlNode sqlNodeOriginal, Class<?> runtimeContextClass,
                SqlValidator validator, boolean needsValidation) {
            PlugSqlRootSchema root = root(context);
            Set<String> wasmFunctions = root == null ? Set.of()
                    : root.directory().functions().visibleFunctions(root.tenant()).stream()
                            .map(WasmScalarFunction::version)
                            .map(version -> version.function().name())
                            .collect(Collectors.toSet());
            StatementShape.checkTree(sqlQuery, wasmFunctions, limits(context));
            return super.prepareSql(sqlQuery, sqlNodeOriginal, runtimeContextClass, validator, needsValidation);
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
