package io.plugsql.sql.vectorized;

import io.plugsql.sql.arrow.ArrowBatchTable;
import io.plugsql.sql.internal.SqlTypes;
import io.plugsql.sql.vectorized.internal.ArrowScan;
import io.plugsql.sql.vectorized.internal.BatchPlan;
import java.util.Optional;
import org.apache.calcite.adapter.enumerable.EnumerableTableScan;
import org.apache.calcite.rel.RelNode;

/**
 * The columnar input of an {@link EnumerableWasmBatchCalc} directly over a scan of an
 * {@link ArrowBatchTable}: the operator takes the table's batches instead of its rows.
 */
final class ArrowTableInput {
    private final EnumerableTableScan scan;
    private final ArrowScan arrowScan;

    private ArrowTableInput(EnumerableTableScan scan, ArrowScan arrowScan) {
        this.scan = scan;
        this.arrowScan = arrowScan;
    }

    /** The columnar input of an operator evaluating {@code plan} over {@code input}, when it applies. */
    static Optional<ArrowTableInput> of(RelNode input, BatchPlan plan) {
        if (!(input instanceof EnumerableTableScan scan) || scan.getTable().unwrap(ArrowBatchTable.class) == null) {
            return Optional.empty();
        }
        String name = String.join(".", scan.getTable().getQualifiedName());
        return ColumnarFields.types(input.getRowType(), plan, SqlTypes::columnType)
                .map(types -> new ArrowTableInput(scan, new ArrowScan(name, types)));
    }

    ArrowScan scan() {
        return arrowScan;
    }

    /** The table the plan was made for; a running statement keeps reading it. */
    ArrowBatchTable table() {
        return scan.getTable().unwrap(ArrowBatchTable.class);
    }
}
