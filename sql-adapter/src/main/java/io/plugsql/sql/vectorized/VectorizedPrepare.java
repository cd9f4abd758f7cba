package io.plugsql.sql.vectorized;

import io.plugsql.sql.internal.PlugSqlPrepare;
import java.util.Properties;
import org.apache.calcite.DataContext;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.tools.Program;
import org.apache.calcite.tools.Programs;

/**
 * Calcite prepare that appends {@link WasmBatchProgram} to the standard program, so that UDF calls of
 * every statement run in batches, unless the connection says {@code vectorize=false}; on both paths
 * {@link JdbcFilterPushdown} first moves UDF-free filter terms into the tenant-database query. Statements are
 * validated as {@link PlugSqlPrepare} does (each call bound to its function version).
 *
 * <pre>{@code
 * Driver driver = new Driver().withPrepareFactory(VectorizedPrepare::new);
 * // or, in a Driver subclass:  protected Function0<CalcitePrepare> createPrepareFactory() { return VectorizedPrepare::new; }
 * }</pre>
 */
public class VectorizedPrepare extends PlugSqlPrepare {
    @Override
    protected Program program(CalcitePrepare.Context context, Program standard) {
        VectorizeSettings settings = settings(context);
        return settings.enabled()
                ? Programs.sequence(standard, new JdbcFilterPushdown(), new WasmBatchProgram(settings.batchSize()))
                : Programs.sequence(standard, new JdbcFilterPushdown());
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
