package io.plugsql.sql.vectorized;

import static java.util.Objects.requireNonNull;

import io.plugsql.engine.FunctionDefinition;
import io.plugsql.engine.WasmFunction;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/**
 * A real Wasm UDF (udf-engine's {@link WasmFunction}) registered in Calcite the way the sql-adapter
 * registers tenant functions: a Calcite function implementing {@link VectorizableFunction}.
 */
public final class WasmUdf extends TestFunction {
    private final WasmFunction wasm;
    final AtomicInteger invocations = new AtomicInteger();

    WasmUdf(WasmFunction wasm) {
        this.wasm = requireNonNull(wasm, "wasm is null");
    }

    @Override
    public FunctionDefinition definition() {
        return wasm.definition();
    }

    @Override
    public FieldVector invoke(List<? extends FieldVector> arguments, int rowCount, BufferAllocator allocator) {
        invocations.incrementAndGet();
        return wasm.invoke(arguments, rowCount, allocator);
    }
}
