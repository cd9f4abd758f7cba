package io.plugsql.sql.vectorized;

import io.plugsql.sql.internal.PlugSqlPrepare;
import java.lang.reflect.Type;
import java.util.Properties;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.interpreter.BindableConvention;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.tools.Program;
import org.apache.calcite.tools.Programs;

/**
 * Calcite prepare that appends {@link WasmBatchProgram} to the standard program, so that UDF calls of
 * every statement run in batches, unless the connection says {@code vectorize=false}. Statements are
 * validated as {@link PlugSqlPrepare} does (each call bound to its function version).
 *
 * <pre>{@code
 * Driver driver = new Driver().withPrepareFactory(VectorizedPrepare::new);
 * // or, in a Driver subclass:  protected Function0<CalcitePrepare> createPrepareFactory() { return VectorizedPrepare::new; }
 * }</pre>
 */
public class VectorizedPrepare extends PlugSqlPrepare {
    @Override
    protected CalcitePreparingStmt getPreparingStmt(CalcitePrepare.Context context, Type elementType,
            CalciteCatalogReader catalogReader, RelOptPlanner planner) {
        EnumerableRel.Prefer prefer = elementType == Object[].class
                ? EnumerableRel.Prefer.ARRAY
                : EnumerableRel.Prefer.CUSTOM;
        VectorizeSettings settings = settings(context);
        return new PreparingStmt(this, context, catalogReader, context.getTypeFactory(),
                context.getRootSchema(), prefer, createCluster(planner, new RexBuilder(context.getTypeFactory())),
                enableBindable ? BindableConvention.INSTANCE : EnumerableConvention.INSTANCE,
                createConvertletTable()) {
            @Override
            protected Program getProgram() {
                Program standard = super.getProgram();
                return settings.enabled()
                        ? Programs.sequence(standard, new WasmBatchProgram(settings.batchSize()))
                        : standard;
            }
        };
    }

    /** The connection's settings; the connection is the data context's query provider. */
    static VectorizeSettings settings(CalcitePrepare.Context context) {
        DataContext dataContext = context.getDataContext();
        if (dataContext != null && dataContext.getQueryProvider() instanceof CalciteConnection) {
            Properties properties = ((CalciteConnection) dataContext.getQueryProvider()).getProperties();
            return VectorizeSettings.fromProperties(properties);
        }
        return VectorizeSettings.DEFAULT;
    }
}
