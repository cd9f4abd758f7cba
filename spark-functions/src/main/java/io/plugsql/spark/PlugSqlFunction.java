package io.plugsql.spark;

import static java.util.Objects.requireNonNull;

import io.plugsql.engine.NullInputMode;
import io.plugsql.engine.UdfType;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.connector.catalog.functions.BoundFunction;
import org.apache.spark.sql.connector.catalog.functions.UnboundFunction;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * A plugsql function as Spark's catalog returns it: the version current when the query was analysed.
 * {@link #bind} checks the number of arguments (Spark casts each to the declared type) and picks the
 * bound class whose magic methods cover the signature.
 */
final class PlugSqlFunction implements UnboundFunction {
    private static final long serialVersionUID = 1L;

    private final FunctionSpec spec;
    private final String name;

    PlugSqlFunction(FunctionSpec spec, String name) {
        this.spec = requireNonNull(spec, "spec is null");
        this.name = requireNonNull(name, "name is null");
    }

    @Override
    public BoundFunction bind(StructType inputType) {
        List<UdfType> parameters = spec.definition().signature().parameters();
        if (inputType.fields().length != parameters.size()) {
            throw new UnsupportedOperationException("function " + spec.displayName() + " takes " + parameters.size()
                    + " argument(s) " + describe(parameters) + ", got " + inputType.fields().length);
        }
        return boundFor(spec, name);
    }

    /** The bound class: magic methods when return_null mode and the signature is covered, produceResult otherwise. */
    static WasmScalarFunction boundFor(FunctionSpec spec, String name) {
        if (spec.definition().nullInputMode() == NullInputMode.CALL) {
            return new ProducedResultFunction(spec, name);
        }
        switch (spec.definition().signature().result().name()) {
            case BOOLEAN:
                return new BooleanResultFunction(spec, name);
            case INTEGER:
            case DATE:
                return new IntResultFunction(spec, name);
            case BIGINT:
            case TIMESTAMP:
                return new LongResultFunction(spec, name);
            case REAL:
                return new FloatResultFunction(spec, name);
            case DOUBLE:
                return new DoubleResultFunction(spec, name);
            case DECIMAL:
                return new DecimalResultFunction(spec, name);
            case VARCHAR:
                return new StringResultFunction(spec, name);
            case VARBINARY:
                return new BinaryResultFunction(spec, name);
            default:
                return new ProducedResultFunction(spec, name);
        }
    }

    private static String describe(List<UdfType> parameters) {
        return parameters.stream().map(SparkTypes::dataType).map(DataType::sql).collect(Collectors.joining(", ", "(", ")"));
    }

    @Override
    public String description() {
        return spec.displayName() + describe(spec.definition().signature().parameters()) + " RETURNS "
                + SparkTypes.dataType(spec.definition().signature().result()).sql() + " (plugsql WASM, on_null_input = "
                + spec.definition().nullInputMode().optionValue() + ")";
    }

    @Override
    public String name() {
        return name;
    }
}
