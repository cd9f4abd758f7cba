package io.plugsql.sql.vectorized.internal;

import io.plugsql.sql.arrow.ArrowBatchTable;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;

/**
 * Where an execution of {@code EnumerableWasmBatchCalc} reads its input: the child operator's rows,
 * the result set of a query pushed down to the tenant database read into vectors directly, or the
 * batches of an Arrow table.
 * Each {@link BatchRuntime} enumerator opens the source anew.
 */
public final class BatchSource {
    private final Supplier<BatchInput> opener;

    private BatchSource(Supplier<BatchInput> opener) {
        this.opener = opener;
    }

    /** Rows of the child operator, in Calcite's ARRAY format. */
    public static BatchSource rows(Enumerable<Object[]> rows, int batchSize) {
        return new BatchSource(() -> new RowBatchInput(rows.enumerator(), batchSize));
    }

    /** The result set of {@code scan}'s query on {@code dataSource}, with the statement's parameters from {@code root}. */
    public static BatchSource jdbc(DataSource dataSource, JdbcScan scan, DataContext root) {
        return new BatchSource(() -> JdbcBatchInput.open(dataSource, scan, root));
    }

    /** Batches of an Arrow table, handed to the UDFs without copying into rows. */
    public static BatchSource arrow(ArrowBatchTable table, ArrowScan scan, int batchSize) {
        return new BatchSource(() -> new ArrowTableBatchInput(scan.table(), scan.fields(),
                table.batches(scan.fields().read(), batchSize)));
    }

    BatchInput open() {
        return opener.get();
    }
}
