package io.plugsql.sql.vectorized;

import io.plugsql.engine.FunctionDefinition;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/**
 * A Calcite function object whose calls the planner may evaluate a batch at a time.
 *
 * <p>The Calcite {@code Function} registered in a tenant schema for a Wasm UDF
 * ({@code function.WasmScalarFunction}) implements this interface by running the engine's
 * {@code WasmFunction} of the version it names; the validator wraps it in a
 * {@code SqlUserDefinedFunction}, and {@link WasmBatchProgram} recognizes calls whose operator's
 * {@code getFunction()} is a {@code VectorizableFunction}.
 *
 * <pre>{@code
 * final class MyFunction implements ScalarFunction, ImplementableFunction, VectorizableFunction {
 *     private final WasmFunction wasm;
 *     public FunctionDefinition definition() { return wasm.definition(); }
 *     public FieldVector invoke(List<? extends FieldVector> args, int rows, BufferAllocator allocator) {
 *         return wasm.invoke(args, rows, allocator);
 *     }
 *     ... // ScalarFunction/ImplementableFunction: the row path
 * }
 * }</pre>
 */
public interface VectorizableFunction {
    /** Name, version, signature and null-input mode of the function (the signature decides the vector types). */
    FunctionDefinition definition();

    /**
     * Evaluates the function over the first {@code rowCount} rows of the argument vectors.
     *
     * @param arguments one vector per declared parameter, typed as the engine's {@code ArrowTypes}
     *     maps the parameter's type; NULLs are marked in the validity buffer, whatever the null-input mode
     * @param allocator allocates the result; the caller owns and closes the returned vector
     * @return a vector of the declared result type holding at least {@code rowCount} values
     */
    FieldVector invoke(List<? extends FieldVector> arguments, int rowCount, BufferAllocator allocator);
}
