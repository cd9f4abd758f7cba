package io.plugsql.bench.e2e;

import static java.util.Objects.requireNonNull;

import io.plugsql.engine.FunctionDefinition;
import io.plugsql.engine.WasmFunction;
import io.plugsql.sql.function.WasmFunctionParameter;
import io.plugsql.sql.internal.SqlTypes;
import io.plugsql.sql.vectorized.ScalarInvoker;
import io.plugsql.sql.vectorized.VectorizableFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.calcite.adapter.enumerable.CallImplementor;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.linq4j.tree.Types;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.ImplementableFunction;
import org.apache.calcite.schema.ScalarFunction;

/**
 * A BIGINT Wasm function registered in Calcite: vectorizable (the batch path calls
 * {@link WasmFunction#invoke} once per batch) and implementable row by row (one invocation per row
 * through {@link ScalarInvoker}), as plugsql's tenant functions are.
 */
public final class BenchWasmFunction implements ScalarFunction, ImplementableFunction, VectorizableFunction {
    private static final Map<String, BenchWasmFunction> BY_ID = new ConcurrentHashMap<>();
    private static final AtomicInteger IDS = new AtomicInteger();

    private final WasmFunction wasm;
    private final String id;

    BenchWasmFunction(WasmFunction wasm) {
        this.wasm = requireNonNull(wasm, "wasm is null");
        this.id = wasm.definition().name() + "#" + IDS.incrementAndGet();
        BY_ID.put(id, this);
    }

    /** The function with this id; generated row-path code calls it (it cannot hold objects). */
    public static BenchWasmFunction byId(String id) {
        return BY_ID.get(id);
    }

    @Override
    public FunctionDefinition definition() {
        return wasm.definition();
    }

    @Override
    public FieldVector invoke(List<? extends FieldVector> arguments, int rowCount, BufferAllocator allocator) {
        return wasm.invoke(arguments, rowCount, allocator);
    }

    @Override
    public RelDataType getReturnType(RelDataTypeFactory typeFactory) {
        return SqlTypes.toRelDataType(wasm.definition().signature().result(), typeFactory);
    }

    @Override
    public List<FunctionParameter> getParameters() {
        return WasmFunctionParameter.of(wasm.definition().signature().parameters(), i -> "p" + i);
    }

    @Override
    public CallImplementor getImplementor() {
        return (translator, call, nullAs) -> {
            List<Expression> operands = new ArrayList<>();
            translator.translateList(call.getOperands()).forEach(operand -> operands.add(Expressions.box(operand)));
            Expression function = Expressions.call(
                    Types.lookupMethod(BenchWasmFunction.class, "byId", String.class), Expressions.constant(id));
            return Expressions.convert_(Expressions.call(
                    Types.lookupMethod(ScalarInvoker.class, "invoke", VectorizableFunction.class, Object[].class),
                    function, Expressions.newArrayInit(Object.class, operands)), Long.class);
        };
    }
}
