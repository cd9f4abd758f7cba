package io.plugsql.sql.vectorized;

import io.plugsql.sql.function.WasmFunctionParameter;
import io.plugsql.sql.internal.SqlTypes;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.calcite.adapter.enumerable.CallImplementor;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.linq4j.tree.Types;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.ImplementableFunction;
import org.apache.calcite.schema.ScalarFunction;

/**
 * Base of the test functions: registered in Calcite as a vectorizable scalar function whose row path
 * calls {@link ScalarInvoker} (found again by id from generated code, which cannot hold objects).
 */
public abstract class TestFunction implements ScalarFunction, ImplementableFunction, VectorizableFunction {
    private static final Map<String, TestFunction> REGISTRY = new ConcurrentHashMap<>();
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final JavaTypeFactory JAVA_TYPES = new JavaTypeFactoryImpl();

    private final String id;

    protected TestFunction() {
        this.id = getClass().getSimpleName() + "#" + IDS.incrementAndGet();
        REGISTRY.put(id, this);
    }

    /** Called by generated row-path code. */
    public static TestFunction lookup(String id) {
        return REGISTRY.get(id);
    }

    @Override
    public RelDataType getReturnType(RelDataTypeFactory typeFactory) {
        return SqlTypes.toRelDataType(definition().signature().result(), typeFactory);
    }

    @Override
    public List<FunctionParameter> getParameters() {
        return WasmFunctionParameter.of(definition().signature().parameters(), i -> "P" + i);
    }

    @Override
    public CallImplementor getImplementor() {
        return (translator, call, nullAs) -> {
            List<Expression> operands = new ArrayList<>();
            translator.translateList(call.getOperands()).forEach(operand -> operands.add(Expressions.box(operand)));
            Expression function = Expressions.call(
                    Types.lookupMethod(TestFunction.class, "lookup", String.class), Expressions.constant(id));
            Expression value = Expressions.call(
                    Types.lookupMethod(ScalarInvoker.class, "invoke", VectorizableFunction.class, Object[].class),
                    function, Expressions.newArrayInit(Object.class, operands));
            Type javaType = JAVA_TYPES.getJavaClass(call.getType());
            return Expressions.convert_(value, javaType);
        };
    }
}
