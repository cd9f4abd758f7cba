package io.plugsql.spark;

import io.plugsql.engine.UdfType;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.catalog.functions.ScalarFunction;
import org.apache.spark.sql.types.DataType;

/**
 * A plugsql function version bound for Spark: its metadata, and {@link #produce} (the row form) for
 * every signature. Subclasses add magic {@code invoke} methods (called from Spark's generated code) for the
 * signatures they cover; Spark looks them up on the concrete class and falls back to
 * {@code produceResult} when none matches. Serializable: tasks carry the {@link FunctionSpec}.
 */
public abstract class WasmScalarFunction implements ScalarFunction<Object> {
    private static final long serialVersionUID = 1L;

    private final FunctionSpec spec;
    private final String name;
    private transient ThreadCall call;

    WasmScalarFunction(FunctionSpec spec, String name) {
        this.spec = spec;
        this.name = name;
    }

    /** The calling thread's call state; made on first use by each thread (task threads are pooled). */
    protected final ThreadCall call() {
        ThreadCall current = call;
        if (current == null || current.owner != Thread.currentThread()) {
            current = new ThreadCall(JvmFunctions.callerOnThisThread(spec), spec.displayName(), result());
            call = current;
        }
        return current;
    }

    /**
     * The row form (Spark's fallback when no magic method matches); each concrete class declares
     * {@code produceResult} calling it, since Spark requires the override on the concrete class.
     */
    protected final Object produce(InternalRow input) {
        ThreadCall current = call();
        List<UdfType> parameters = parameters();
        for (int i = 0; i < parameters.size(); i++) {
            if (input.isNullAt(i)) {
                current.setNull(i);
                continue;
            }
            UdfType type = parameters.get(i);
            switch (type.name()) {
                case BOOLEAN:
                    current.set(i, input.getBoolean(i));
                    break;
                case INTEGER:
                case DATE:
                    current.set(i, input.getInt(i));
                    break;
                case BIGINT:
                case TIMESTAMP:
                    current.set(i, input.getLong(i));
                    break;
                case REAL:
                    current.set(i, input.getFloat(i));
                    break;
                case DOUBLE:
                    current.set(i, input.getDouble(i));
                    break;
                case DECIMAL:
                    current.set(i, input.getDecimal(i, type.precision(), type.scale()));
                    break;
                case VARCHAR:
                    current.set(i, input.getUTF8String(i));
                    break;
                case VARBINARY:
                    current.set(i, input.getBinary(i));
                    break;
                default:
                    throw new IllegalStateException("unexpected parameter type " + type);
            }
        }
        return current.callObject();
    }

    @Override
    public DataType[] inputTypes() {
        return parameters().stream().map(SparkTypes::dataType).toArray(DataType[]::new);
    }

    @Override
    public DataType resultType() {
        return SparkTypes.dataType(result());
    }

    private List<UdfType> parameters() {
        return spec.definition().signature().parameters();
    }

    private UdfType result() {
        return spec.definition().signature().result();
    }

    @Override
    public boolean isResultNullable() {
        return true;
    }

    @Override
    public boolean isDeterministic() {
        return spec.definition().deterministic();
    }

    @Override
    public String name() {
        return name;
    }

    /** Names the version and its limits, so plans with different versions never compare equal. */
    @Override
    public String canonicalName() {
        return "plugsql:" + spec.key();
    }

}
