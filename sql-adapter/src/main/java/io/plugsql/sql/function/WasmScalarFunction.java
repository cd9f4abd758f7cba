package io.plugsql.sql.function;

import static java.util.Objects.requireNonNull;

import io.plugsql.catalog.FunctionVersion;
import io.plugsql.engine.FunctionDefinition;
import io.plugsql.engine.FunctionInfo;
import io.plugsql.engine.UdfType;
import io.plugsql.sql.internal.StatementCancellation;
import io.plugsql.sql.internal.SqlTypes;
import io.plugsql.sql.vectorized.VectorizableFunction;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.calcite.adapter.enumerable.CallImplementor;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.adapter.enumerable.EnumUtils;
import org.apache.calcite.adapter.enumerable.NullPolicy;
import org.apache.calcite.adapter.enumerable.RexImpTable;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.linq4j.tree.Primitive;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.ImplementableFunction;
import org.apache.calcite.schema.ScalarFunction;

/**
 * One catalogued version of a WASM function as Calcite sees it: parameter and (nullable) result
 * types, and an implementor that calls {@link WasmCalls#invoke} naming exactly this version, so a
 * planned statement keeps its version. Planning a call leases the version for the statement
 * ({@link FunctionLeases}); each call uses the registry's loaded version, loading it again if it
 * was released.
 *
 * <p>It is a {@link VectorizableFunction}: {@code io.plugsql.sql.vectorized.WasmBatchProgram} finds
 * calls whose {@code SqlUserDefinedFunction.getFunction()} is one and evaluates them per Arrow batch
 * through {@link #invoke} instead of the row path.
 */
public final class WasmScalarFunction implements ScalarFunction, ImplementableFunction, VectorizableFunction {
    private final FunctionVersion version;
    private final VersionKey key;
    private final FunctionRegistry registry;

    WasmScalarFunction(FunctionVersion version, FunctionRegistry registry) {
        this.version = requireNonNull(version, "version is null");
        this.key = VersionKey.of(version);
        this.registry = requireNonNull(registry, "registry is null");
    }

    /** The catalogued version this function object stands for. */
    public FunctionVersion version() {
        return version;
    }

    /** What the engine reports of this version as loaded: among others its effective limits. */
    public FunctionInfo info() {
        return registry.use(key, loaded -> loaded.function().info());
    }

    /** Batch path ({@code io.plugsql.sql.vectorized}): this version's definition; leases it while planning. */
    @Override
    public FunctionDefinition definition() {
        FunctionLeases.bound(registry, key);
        return registry.use(key, loaded -> loaded.function().definition());
    }

    /** Batch path: one invocation of this version over a batch. */
    @Override
    public FieldVector invoke(List<? extends FieldVector> arguments, int rowCount, BufferAllocator allocator) {
        return registry.use(key, loaded -> StatementCancellation.invoke(loaded.function(), arguments, rowCount, allocator));
    }

    @Override
    public List<FunctionParameter> getParameters() {
        return WasmFunctionParameter.of(version.signature().parameters(), i -> {
            String declared = version.parameterNames().get(i);
            return declared.isEmpty() ? "p" + (i + 1) : declared;
        });
    }

    @Override
    public RelDataType getReturnType(RelDataTypeFactory typeFactory) {
        return SqlTypes.toRelDataType(version.signature().result(), typeFactory);
    }

    /**
     * Row path: {@code (T) WasmCalls.invoke(registry, schema, name, version, new Object[] {args...})};
     * NULL handling is the engine's.
     */
    @Override
    public CallImplementor getImplementor() {
        return RexImpTable.createImplementor((translator, call, operands) -> {
            FunctionLeases.bound(registry, key);
            // Loads now, as the batch path does: a version that cannot load fails the statement at planning.
            registry.use(key, loaded -> loaded);
            List<Expression> boxed = new ArrayList<>(operands.size());
            for (Expression operand : operands) {
                // Box primitives by call: Janino reads "(Object) -1" as a subtraction.
                boxed.add(Primitive.is(operand.getType()) ? Expressions.box(operand) : operand);
            }
            Expression result = Expressions.call(WasmCalls.class, "invoke", Expressions.constant(registry.id()),
                    Expressions.constant(key.function().schema()), Expressions.constant(key.function().name()),
                    Expressions.constant(key.version()), Expressions.newArrayInit(Object.class, boxed));
            return EnumUtils.convert(result, javaClass(version.signature().result()));
        }, NullPolicy.NONE, false);
    }

    /** Calcite's Java class for a nullable value of the type (DATE as days, TIMESTAMP as milliseconds). */
    private static Class<?> javaClass(UdfType type) {
        return switch (type.name()) {
            case BOOLEAN -> Boolean.class;
            case INTEGER, DATE -> Integer.class;
            case BIGINT, TIMESTAMP -> Long.class;
            case REAL -> Float.class;
            case DOUBLE -> Double.class;
            case DECIMAL -> BigDecimal.class;
            case VARCHAR -> String.class;
            case VARBINARY -> ByteString.class;
        };
    }

    @Override
    public String toString() {
        return version.displayName();
    }
}
