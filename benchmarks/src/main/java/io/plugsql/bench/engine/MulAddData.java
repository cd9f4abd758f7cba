package io.plugsql.bench.engine;

import io.plugsql.engine.CompilePolicy;
import io.plugsql.engine.EngineConfig;
import io.plugsql.engine.FunctionDefinition;
import io.plugsql.engine.Signature;
import io.plugsql.engine.TypeName;
import io.plugsql.engine.UdfType;
import io.plugsql.engine.WasmEngine;
import io.plugsql.engine.WasmFunction;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Two BIGINT Arrow vectors of {@link #rows} rows, the input of every {@code a * b + 1} benchmark, and
 * the kernel loaded through the engine.
 */
@State(Scope.Thread)
public class MulAddData {
    /** Rows per batch; the JMH score is divided by it (ns per row). */
    public static final int ROWS = 1_048_576;

    @Param({"1048576"})
    public int rows;

    BufferAllocator allocator;
    BigIntVector a;
    BigIntVector b;
    List<FieldVector> args;
    LoadedFunctions functions;
    /** The batch export unrolled four rows per iteration, compiled. */
    WasmFunction unrolledBatch;
    private WasmEngine unrolledEngine;

    @Setup(Level.Trial)
    public void setUp() {
        if (rows != ROWS) {
            throw new IllegalStateException("@OperationsPerInvocation assumes " + ROWS + " rows");
        }
        allocator = new RootAllocator();
        a = new BigIntVector("a", allocator);
        b = new BigIntVector("b", allocator);
        a.allocateNew(rows);
        b.allocateNew(rows);
        for (int i = 0; i < rows; i++) {
            a.set(i, i % 1000);
            b.set(i, (i * 7L + 3) % 1000);
        }
        a.setValueCount(rows);
        b.setValueCount(rows);
        args = List.of(a, b);
        UdfType bigint = UdfType.of(TypeName.BIGINT);
        unrolledEngine = new WasmEngine(EngineConfig.defaults().withCompilePolicy(CompilePolicy.COMPILE_ONLY));
        unrolledBatch = unrolledEngine.load(FunctionDefinition.builder("bench.mul_add_x4", Kernels.wasm("mul_add"))
                .signature(new Signature(List.of(bigint, bigint), bigint))
                .handler("mul_add_x4")
                .build());
        functions = new LoadedFunctions(
                "mul_add", new Signature(List.of(bigint, bigint), bigint), "mul_add.wasm", "mul_add");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        functions.close();
        unrolledBatch.close();
        unrolledEngine.close();
        a.close();
        b.close();
        allocator.close();
    }
}
