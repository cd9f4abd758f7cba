package io.plugsql.sql.function;

import static java.util.Objects.requireNonNull;

import io.plugsql.engine.UdfType;
import io.plugsql.sql.internal.SqlTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.FunctionParameter;

/** A positional parameter of a WASM function as Calcite sees it: its declared type, nullable, never optional. */
public record WasmFunctionParameter(int ordinal, String name, UdfType type) implements FunctionParameter {
    public WasmFunctionParameter {
        if (ordinal < 0) {
            throw new IllegalArgumentException("ordinal is negative");
        }
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
    }

    /** One parameter per type, named by {@code names} from the ordinal. */
    public static List<FunctionParameter> of(List<UdfType> types, IntFunction<String> names) {
        List<FunctionParameter> parameters = new ArrayList<>(types.size());
        for (int i = 0; i < types.size(); i++) {
            parameters.add(new WasmFunctionParameter(i, names.apply(i), types.get(i)));
        }
        return parameters;
    }

    @Override
    public int getOrdinal() {
        return ordinal;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public RelDataType getType(RelDataTypeFactory typeFactory) {
        return SqlTypes.toRelDataType(type, typeFactory);
    }

    @Override
    public boolean isOptional() {
        return false;
    }
}
