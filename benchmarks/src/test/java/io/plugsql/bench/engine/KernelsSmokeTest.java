package io.plugsql.bench.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.plugsql.engine.AbiForm;
import io.plugsql.engine.EngineConfig;
import io.plugsql.engine.FunctionDefinition;
import io.plugsql.engine.Signature;
import io.plugsql.engine.TypeName;
import io.plugsql.engine.UdfType;
import io.plugsql.engine.WasmEngine;
import io.plugsql.engine.WasmFunction;
import java.util.Collections;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every engine path of every JMH kernel, on tiny sizes, agrees with the plain Java baseline. */
class KernelsSmokeTest {
    private final BufferAllocator allocator = new RootAllocator();

    @AfterEach
    void closeAllocator() {
        allocator.close();
    }

    @Test
    void mulAddPathsAgree() {
        UdfType bigint = UdfType.of(TypeName.BIGINT);
        try (BigIntVector a = new BigIntVector("a", allocator);
                BigIntVector b = new BigIntVector("b", allocator);
                LoadedFunctions functions = new LoadedFunctions(
                        "mul_add", new Signature(List.of(bigint, bigint), bigint), "mul_add.wasm", "mul_add");
                WasmEngine engine = new WasmEngine(EngineConfig.defaults());
                WasmFunction unrolled = engine.load(FunctionDefinition.builder("bench.x4", Kernels.wasm("mul_add"))
                        .signature(new Signature(List.of(bigint, bigint), bigint)).handler("mul_add_x4").build())) {
            int rows = 10_003;
            a.allocateNew(rows);
            b.allocateNew(rows);
            for (int i = 0; i < rows; i++) {
                a.set(i, i - 5000);
                b.set(i, 3L * i);
            }
            a.setValueCount(rows);
            b.setValueCount(rows);
            for (WasmFunction f : List.of(functions.batch, functions.scalar, functions.interpretedBatch,
                    functions.sampleBatch, unrolled)) {
                try (BigIntVector out = (BigIntVector) f.invoke(List.of(a, b), rows, allocator)) {
                    assertEquals(AbiForm.BATCH, unrolled.info().form());
                    for (int i = 0; i < rows; i++) {
                        assertEquals((i - 5000L) * 3L * i + 1, out.get(i), f.definition().name() + " row " + i);
                    }
                }
            }
        }
    }

    @Test
    void haversinePathsAgreeWithJavaMath() {
        UdfType type = UdfType.of(TypeName.DOUBLE);
        int rows = 5_000;
        List<FieldVector> args = HaversineBenchmark.coordinates(allocator, rows, 7);
        try (LoadedFunctions functions = new LoadedFunctions(
                        "haversine", new Signature(Collections.nCopies(4, type), type), "geo.wasm", "haversine_km");
                Float8Vector expected = HaversineBenchmark.plainJava(args, rows, allocator)) {
            for (WasmFunction f : List.of(functions.batch, functions.scalar, functions.interpretedBatch,
                    functions.sampleBatch)) {
                try (Float8Vector out = (Float8Vector) f.invoke(args, rows, allocator)) {
                    for (int i = 0; i < rows; i++) {
                        assertEquals(expected.get(i), out.get(i), 1e-6, f.definition().name() + " row " + i);
                    }
                }
            }
        } finally {
            args.forEach(FieldVector::close);
        }
        // London to Paris, about 343.5 km.
        assertEquals(343.5, HaversineBenchmark.haversineKm(51.5074, -0.1278, 48.8566, 2.3522), 0.5);
    }

    @Test
    void upperPathsAgreeAndKeepMultiByteCharacters() {
        UdfType type = UdfType.of(TypeName.VARCHAR);
        int rows = 3_000;
        try (VarCharVector in = UpperBenchmark.strings(allocator, rows);
                LoadedFunctions functions = new LoadedFunctions("upper", new Signature(List.of(type), type));
                VarCharVector expected = UpperBenchmark.plainJava(in, rows, allocator)) {
            assertEquals("MüLLER ALICE", expected.getObject(2).toString());
            for (WasmFunction f : List.of(functions.batch, functions.scalar, functions.interpretedBatch)) {
                try (VarCharVector out = (VarCharVector) f.invoke(List.of(in), rows, allocator)) {
                    for (int i = 0; i < rows; i++) {
                        assertEquals(expected.getObject(i).toString(), out.getObject(i).toString(),
                                f.definition().name() + " row " + i);
                    }
                }
            }
        }
    }
}
