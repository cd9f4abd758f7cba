package io.plugsql.sql.vectorized;

import io.plugsql.engine.UdfType;
import io.plugsql.sql.vectorized.internal.ArrowColumns;
import io.plugsql.sql.vectorized.internal.BatchAllocators;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/**
 * Calls a {@link VectorizableFunction} for one row: the row path's bridge, converting values exactly
 * as the batch path does, so that both paths give identical results.
 *
 * <p>Arguments and result are in Calcite's internal representation (see {@code io.plugsql.sql.internal.ArrowValues}); a
 * row-path {@code CallImplementor} generates a call to {@link #invoke} with boxed operands.
 *
 * <pre>{@code
 * Object result = ScalarInvoker.invoke(function, 6L, 7L);   // 43L for a*b+1
 * }</pre>
 */
public final class ScalarInvoker {
    private static final BufferAllocator ALLOCATOR =
            BatchAllocators.root().newChildAllocator("wasm-row-path", 0, Long.MAX_VALUE);

    private ScalarInvoker() {}

    /** The function's result for one row of arguments; null for NULL. */
    public static Object invoke(VectorizableFunction function, Object... arguments) {
        List<UdfType> parameters = function.definition().signature().parameters();
        String name = function.definition().displayName();
        if (arguments.length != parameters.size()) {
            throw new IllegalArgumentException("function " + name + " takes " + parameters.size()
                    + " arguments, got " + arguments.length);
        }
        List<FieldVector> vectors = new ArrayList<>(arguments.length);
        try {
            for (int i = 0; i < arguments.length; i++) {
                FieldVector vector = ArrowColumns.newVector(parameters.get(i), "$" + i, ALLOCATOR);
                vectors.add(vector);
                Object argument = arguments[i];
                ArrowColumns.fill(vector, parameters.get(i), row -> argument, 1, name, i, 0);
            }
            try (FieldVector result = function.invoke(vectors, 1, ALLOCATOR)) {
                return ArrowColumns.reader(result, function.definition().signature().result(), name).apply(0);
            }
        } finally {
            vectors.forEach(FieldVector::close);
        }
    }
}
