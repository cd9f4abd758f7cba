package io.plugsql.sql.vectorized.internal;

import static java.util.Objects.requireNonNull;

import io.plugsql.engine.UdfType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A scan of an {@code ArrowBatchTable} by a batch operator.
 *
 * @param table the table's name, for error messages
 * @param fieldTypes for each field of the table, the type of its vector, or null when the operator does not read it
 */
public record ArrowScan(String table, List<UdfType> fieldTypes) {
    public ArrowScan {
        requireNonNull(table, "table is null");
        fieldTypes = Collections.unmodifiableList(new ArrayList<>(requireNonNull(fieldTypes, "fieldTypes is null")));
    }

    /** The fields the operator reads. */
    List<Integer> readFields() {
        List<Integer> fields = new ArrayList<>();
        for (int field = 0; field < fieldTypes.size(); field++) {
            if (fieldTypes.get(field) != null) {
                fields.add(field);
            }
        }
        return fields;
    }
}
