package io.plugsql.spark;

import io.plugsql.engine.ArrowTypes;
import io.plugsql.engine.EngineConfig;
import io.plugsql.engine.FunctionDefinition;
import io.plugsql.engine.UdfType;
import io.plugsql.engine.WasmEngine;
import io.plugsql.engine.WasmFunction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * The results plugsql's own query path computes: the engine's Arrow batch invocation (the vectorized
 * operator's call, batch export where the module has one), for the sample types BIGINT, INTEGER,
 * DOUBLE, VARCHAR and BOOLEAN.
 */
final class EngineOracle {
    private EngineOracle() {}

    static List<Object> results(FunctionDefinition definition, List<Object[]> rows) {
        List<UdfType> parameters = definition.signature().parameters();
        try (BufferAllocator allocator = new RootAllocator();
                WasmEngine engine = new WasmEngine(EngineConfig.defaults());
                WasmFunction function = engine.load(definition)) {
            List<FieldVector> arguments = new ArrayList<>();
            try {
                for (int p = 0; p < parameters.size(); p++) {
                    arguments.add(vector(allocator, parameters.get(p), rows, p));
                }
                try (FieldVector result = function.invoke(arguments, rows.size(), allocator)) {
                    List<Object> values = new ArrayList<>();
                    for (int i = 0; i < rows.size(); i++) {
                        values.add(result.isNull(i) ? null : value(result, i));
                    }
                    return values;
                }
            } finally {
                arguments.forEach(FieldVector::close);
            }
        }
    }

    private static FieldVector vector(BufferAllocator allocator, UdfType type, List<Object[]> rows, int column) {
        FieldVector vector = ArrowTypes.vectorFor(type, "arg" + column, allocator);
        vector.allocateNew();
        for (int i = 0; i < rows.size(); i++) {
            Object value = rows.get(i)[column];
            switch (type.name()) {
                case BIGINT -> set((BigIntVector) vector, i, (Long) value);
                case INTEGER -> {
                    if (value == null) {
                        ((IntVector) vector).setNull(i);
                    } else {
                        ((IntVector) vector).setSafe(i, (Integer) value);
                    }
                }
                case DOUBLE -> {
                    if (value == null) {
                        ((Float8Vector) vector).setNull(i);
                    } else {
                        ((Float8Vector) vector).setSafe(i, (Double) value);
                    }
                }
                case VARCHAR -> {
                    if (value == null) {
                        ((VarCharVector) vector).setNull(i);
                    } else {
                        ((VarCharVector) vector).setSafe(i, ((String) value).getBytes(StandardCharsets.UTF_8));
                    }
                }
                default -> throw new IllegalArgumentException("no test data for " + type);
            }
        }
        vector.setValueCount(rows.size());
        return vector;
    }

    private static void set(BigIntVector vector, int i, Long value) {
        if (value == null) {
            vector.setNull(i);
        } else {
            vector.setSafe(i, value);
        }
    }

    private static Object value(FieldVector vector, int i) {
        if (vector instanceof BitVector bits) {
            return bits.get(i) != 0;
        }
        if (vector instanceof VarCharVector strings) {
            return new String(strings.get(i), StandardCharsets.UTF_8);
        }
        return vector.getObject(i);
    }
}
