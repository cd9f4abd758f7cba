package io.plugsql.sql.function;

import io.plugsql.catalog.FunctionVersion;
import io.plugsql.engine.ArrowTypes;
import io.plugsql.engine.UdfException;
import io.plugsql.engine.UdfType;
import io.plugsql.engine.WasmFunction;
import io.plugsql.error.PlugSqlException;
import io.plugsql.sql.internal.ArrowValues;
import io.plugsql.sql.internal.StatementCancellation;
import io.plugsql.sql.internal.SqlAdapterErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/** One catalogued function version loaded into the engine: its callable with pooled instances. */
final class LoadedFunction implements AutoCloseable {
    private static final int MAX_ARGUMENT_CHARS = 64;

    private final FunctionVersion version;
    private final WasmFunction function;
    private final BufferAllocator allocator;

    LoadedFunction(FunctionVersion version, WasmFunction function, BufferAllocator allocator) {
        this.version = version;
        this.function = function;
        this.allocator = allocator;
    }

    WasmFunction function() {
        return function;
    }

    /** Runs the function over a batch of one row (the row path; the vectorized operator calls {@link #function()}). */
    Object invokeRow(Object[] arguments) {
        List<UdfType> types = version.signature().parameters();
        List<FieldVector> vectors = new ArrayList<>(types.size());
        try {
            for (int i = 0; i < types.size(); i++) {
                FieldVector vector = ArrowTypes.vectorFor(types.get(i), "p" + i, allocator);
                vectors.add(vector);
                vector.allocateNew();
                setArgument(vector, i, arguments[i]);
                vector.setValueCount(1);
            }
            try (FieldVector result = StatementCancellation.invoke(function, vectors, 1, allocator)) {
                return ArrowValues.reader(result, version.signature().result()).apply(0);
            }
        } catch (UdfException e) {
            throw new PlugSqlException(e::getErrorCode,
                    e.getMessage() + " [arguments " + describe(arguments) + "]", e);
        } finally {
            vectors.forEach(FieldVector::close);
        }
    }

    private void setArgument(FieldVector vector, int index, Object value) {
        UdfType type = version.signature().parameters().get(index);
        try {
            ArrowValues.writer(vector, type).set(0, value);
        } catch (ArithmeticException e) {
            String name = version.parameterNames().get(index);
            throw new PlugSqlException(SqlAdapterErrorCode.ARGUMENT_OUT_OF_RANGE, "Argument " + (index + 1)
                    + (name.isEmpty() ? "" : " (" + name + ")") + " of " + version.displayName() + " does not fit "
                    + type + ": " + e.getMessage(), e);
        }
    }

    private static String describe(Object[] arguments) {
        return Stream.of(arguments).map(argument -> {
            String text = argument instanceof String ? "'" + argument + "'" : String.valueOf(argument);
            return text.length() > MAX_ARGUMENT_CHARS ? text.substring(0, MAX_ARGUMENT_CHARS) + "..." : text;
        }).collect(Collectors.joining(", ", "(", ")"));
    }

    @Override
    public void close() {
        function.close();
    }
}
