package io.plugsql.sql.vectorized;

import io.plugsql.engine.UdfType;
import io.plugsql.sql.vectorized.internal.BatchPlan;
import io.plugsql.sql.vectorized.internal.ReadFields;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.calcite.rel.type.RelDataType;

/** The vector type of each input field a batch operator reads, for inputs that hand over vectors. */
final class ColumnarFields {
    private ColumnarFields() {}

    /**
     * For each field of {@code inputType}, the type of the vector it is read into, null for fields
     * the plan does not read; empty when a field it reads has no vector type under {@code vectorType},
     * or a UDF argument's vector type is not the parameter's type.
     */
    static Optional<ReadFields> types(RelDataType inputType, BatchPlan plan,
            Function<RelDataType, Optional<UdfType>> vectorType) {
        List<RelDataType> fields = inputType.getFieldList().stream().map(field -> field.getType()).toList();
        UdfType[] types = new UdfType[fields.size()];
        for (int field : plan.passThrough()) {
            types[field] = vectorType.apply(fields.get(field)).orElse(null);
            if (types[field] == null) {
                return Optional.empty();
            }
        }
        for (BatchPlan.Step step : plan.steps()) {
            for (int a = 0; a < step.args().size(); a++) {
                BatchPlan.Arg arg = step.args().get(a);
                if (arg.kind() == BatchPlan.Arg.Kind.COLUMN) {
                    UdfType type = vectorType.apply(fields.get(arg.index())).orElse(null);
                    if (type == null || !type.equals(step.parameterType(a))) {
                        return Optional.empty();
                    }
                    types[arg.index()] = type;
                }
            }
        }
        return Optional.of(new ReadFields(Arrays.asList(types)));
    }
}
