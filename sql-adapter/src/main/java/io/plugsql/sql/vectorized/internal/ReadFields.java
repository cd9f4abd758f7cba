package io.plugsql.sql.vectorized.internal;

import static java.util.Objects.requireNonNull;

import io.plugsql.engine.UdfType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a columnar input reads: for each input field, the type of the vector it is read into, or null
 * when the batch operator does not read the field.
 */
public record ReadFields(List<UdfType> types) {
    public ReadFields {
        types = Collections.unmodifiableList(new ArrayList<>(requireNonNull(types, "types is null")));
    }

    int size() {
        return types.size();
    }

    /** The vector type of {@code field}, or null when it is not read. */
    UdfType type(int field) {
        return types.get(field);
    }

    /** The fields that are read, in order. */
    List<Integer> read() {
        List<Integer> fields = new ArrayList<>();
        for (int field = 0; field < types.size(); field++) {
            if (types.get(field) != null) {
                fields.add(field);
            }
        }
        return fields;
    }

    /** Fails when a step asks for {@code field} as another type than it is read as (a planning bug). */
    void checkArgument(int field, UdfType type, BatchPlan.Step step) {
        if (!type.equals(types.get(field))) {
            throw new IllegalStateException("field " + field + " is read as " + types.get(field)
                    + ", not as " + type + " for " + step.name());
        }
    }
}
