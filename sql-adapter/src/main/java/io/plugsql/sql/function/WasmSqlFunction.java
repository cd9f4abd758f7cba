package io.plugsql.sql.function;

import static java.util.Objects.requireNonNull;

import io.plugsql.catalog.FunctionName;
import java.util.Objects;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The SQL operator of one WASM function version, named by its qualified name ({@code acme.f}).
 *
 * <p>Calcite's operators are equal when their class, simple name and kind are, and a {@code RexCall}
 * is identified by its operator and operands; so with Calcite's own {@link SqlUserDefinedFunction},
 * a granted {@code acme.f(x)} and the tenant's own {@code f(x)} in one statement were one expression,
 * evaluated once for both. This operator is equal only to the operator of the same schema, name and
 * version, and plans show the qualified name: {@code acme.f($0)}.
 */
public final class WasmSqlFunction extends SqlUserDefinedFunction {
    private final FunctionName name;
    private final int version;

    private WasmSqlFunction(SqlUserDefinedFunction resolved, WasmScalarFunction function) {
        super(requireNonNull(resolved.getSqlIdentifier(), "identifier is null"), resolved.getKind(),
                requireNonNull(resolved.getReturnTypeInference(), "return type inference is null"),
                requireNonNull(resolved.getOperandTypeInference(), "operand type inference is null"),
                resolved.getOperandTypeChecker(), function, resolved.getSyntax());
        this.name = function.version().function();
        this.version = function.version().version();
    }

    /**
     * The operator to use for one Calcite resolved: a {@code WasmSqlFunction} for a call of a WASM
     * function, {@code operator} itself otherwise.
     */
    public static SqlOperator identify(SqlOperator operator) {
        if (operator instanceof SqlUserDefinedFunction resolved && !(operator instanceof WasmSqlFunction)
                && resolved.getFunction() instanceof WasmScalarFunction function) {
            return new WasmSqlFunction(resolved, function);
        }
        return operator;
    }

    /** The qualified name, {@code schema.name}: what plans and type errors show. */
    @Override
    public String getName() {
        return name.toString();
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof WasmSqlFunction that && name.equals(that.name) && version == that.version;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, version);
    }
}
