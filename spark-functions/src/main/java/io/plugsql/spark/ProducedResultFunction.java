package io.plugsql.spark;

import org.apache.spark.sql.catalyst.InternalRow;

/**
 * A bound function without magic methods, so Spark calls {@code produceResult} and passes NULL
 * arguments through: the form of on_null_input = 'call' functions (the guest sees each NULL flag) and
 * of signatures no magic method covers.
 */
public final class ProducedResultFunction extends WasmScalarFunction {
    private static final long serialVersionUID = 1L;

    ProducedResultFunction(FunctionSpec spec, String name) {
        super(spec, name);
    }

    @Override
    public Object produceResult(InternalRow input) {
        return produce(input);
    }
}
