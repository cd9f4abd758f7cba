package io.plugsql.samples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plugsql.engine.AbiForm;
import io.plugsql.engine.ArrowTypes;
import io.plugsql.engine.EngineConfig;
import io.plugsql.engine.ExecutionMode;
import io.plugsql.engine.FunctionDefinition;
import io.plugsql.engine.NullInputMode;
import io.plugsql.engine.SandboxLimits;
import io.plugsql.engine.Signature;
import io.plugsql.engine.UdfType;
import io.plugsql.engine.WasmEngine;
import io.plugsql.engine.WasmFunction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.util.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs every sample through udf-engine's public API over Arrow vectors, as queries will. */
class EngineRunsSamplesTest {
    /** Cold code on a loaded 2-core machine can be slow; this test checks results, not speed. */
    private static final Duration GENEROUS_TIMEOUT = Duration.ofSeconds(60);

    private BufferAllocator allocator;
    private WasmEngine engine;

    @BeforeEach
    void start() {
        allocator = new RootAllocator();
        engine = new WasmEngine(EngineConfig.defaults());
    }

    @AfterEach
    void stop() {
        engine.close();
        assertEquals(0, allocator.getAllocatedMemory(), "Arrow buffers leaked");
        allocator.close();
    }

    @Test
    void everySampleGivesItsExpectedResultsInTheFormItExports() {
        for (SampleFunction f : SampleModules.functions()) {
            List<SampleCases.Case> cases = Behaviour.casesOf(f);
            List<List<Object>> rows = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                cases.forEach(c -> rows.add(c.args()));
            }
            try (WasmFunction function = load(f)) {
                assertEquals(ExecutionMode.COMPILED, function.info().mode(), f.handler());
                assertEquals(f.batchExport().isPresent() ? AbiForm.BATCH : AbiForm.SCALAR, function.info().form(),
                        f.handler());
                List<Object> results = invoke(function, f, rows);
                for (int i = 0; i < rows.size(); i++) {
                    SampleCases.Case c = cases.get(i % cases.size());
                    Behaviour.assertResult(c.expected(), results.get(i), c + " row " + i + " via udf-engine");
                }
            }
        }
    }

    @Test
    void stringFunctionsRunOverManyChunksWithArenaResets() {
        SampleFunction f = SampleModules.function("mask_email", "acme");
        List<List<Object>> rows = new ArrayList<>();
        // About 1.6 MB of arguments: more than one chunk of the engine's ~1 MiB budget.
        for (int i = 0; i < 40_000; i++) {
            rows.add(List.of("kundin.nummer" + i + "@müller-example.de"));
        }
        try (WasmFunction function = load(f)) {
            List<Object> results = invoke(function, f, rows);
            assertEquals(40_000, results.size());
            assertTrue(results.stream().allMatch("k***@müller-example.de"::equals), "every row masked");
        }
    }

    private WasmFunction load(SampleFunction f) {
        return engine.load(FunctionDefinition.builder("acme." + f.name(), f.module().bytes())
                .signature(new Signature(f.parameterTypes().stream().map(UdfType::parse).toList(),
                        UdfType.parse(f.returnType())))
                .handler(f.handler())
                .nullInputMode(NullInputMode.fromOptionValue(f.onNullInput()))
                .limits(SandboxLimits.DEFAULT.withTimeout(GENEROUS_TIMEOUT))
                .build());
    }

    private List<Object> invoke(WasmFunction function, SampleFunction f, List<List<Object>> rows) {
        List<FieldVector> args = new ArrayList<>();
        try {
            for (int p = 0; p < f.parameters().size(); p++) {
                FieldVector vector = ArrowTypes.vectorFor(UdfType.parse(f.parameterTypes().get(p)), "p" + p, allocator);
                args.add(vector);
                vector.allocateNew();
                for (int i = 0; i < rows.size(); i++) {
                    set(vector, i, rows.get(i).get(p));
                }
                vector.setValueCount(rows.size());
            }
            try (FieldVector out = function.invoke(args, rows.size(), allocator)) {
                List<Object> results = new ArrayList<>();
                for (int i = 0; i < rows.size(); i++) {
                    Object value = out.getObject(i);
                    results.add(value instanceof Text text ? text.toString() : value);
                }
                return results;
            }
        } finally {
            args.forEach(FieldVector::close);
        }
    }

    private static void set(FieldVector vector, int row, Object value) {
        if (value == null) {
            if (vector instanceof BaseFixedWidthVector fixed) {
                fixed.setNull(row);
            } else {
                ((BaseVariableWidthVector) vector).setNull(row);
            }
        } else if (vector instanceof BigIntVector v) {
            v.setSafe(row, (Long) value);
        } else if (vector instanceof IntVector v) {
            v.setSafe(row, (Integer) value);
        } else if (vector instanceof Float8Vector v) {
            v.setSafe(row, (Double) value);
        } else if (vector instanceof VarCharVector v) {
            v.setSafe(row, ((String) value).getBytes(UTF_8));
        } else {
            throw new IllegalArgumentException("vector type not used by the samples: " + vector.getClass());
        }
    }
}
