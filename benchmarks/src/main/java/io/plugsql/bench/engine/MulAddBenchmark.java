package io.plugsql.bench.engine;

import java.util.concurrent.TimeUnit;
import io.plugsql.engine.WasmFunction;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * {@code a * b + 1} over 1M BIGINT rows from Arrow vectors to an Arrow vector: plain Java (the
 * baseline), the bare copy cost of Arrow -> linear memory -> Arrow, and the engine's paths through
 * its public API ({@code WasmFunction.invoke}, result vector closed each operation). Scores are ns per row.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(MulAddData.ROWS)
public class MulAddBenchmark {
    private final byte[] linearMemory = new byte[3 * MulAddData.ROWS * Long.BYTES];

    /** The same kernel in Java, reading and writing Arrow vectors. */
    @Benchmark
    public BigIntVector plainJava(MulAddData data) {
        BigIntVector out = new BigIntVector("out", data.allocator);
        out.allocateNew(data.rows);
        ArrowBuf a = data.a.getDataBuffer();
        ArrowBuf b = data.b.getDataBuffer();
        ArrowBuf result = out.getDataBuffer();
        for (int i = 0; i < data.rows; i++) {
            long offset = (long) i * Long.BYTES;
            result.setLong(offset, a.getLong(offset) * b.getLong(offset) + 1);
        }
        out.getValidityBuffer().setOne(0, (data.rows + 7) / 8);
        out.setValueCount(data.rows);
        out.close();
        return out;
    }

    /** Only the copies a Wasm call needs: two input buffers into linear memory, one result out. */
    @Benchmark
    public BigIntVector arrowCopy(MulAddData data) {
        int bytes = data.rows * Long.BYTES;
        data.a.getDataBuffer().getBytes(0, linearMemory, 0, bytes);
        data.b.getDataBuffer().getBytes(0, linearMemory, bytes, bytes);
        BigIntVector out = new BigIntVector("out", data.allocator);
        out.allocateNew(data.rows);
        out.getDataBuffer().setBytes(0, linearMemory, 2 * bytes, bytes);
        out.setValueCount(data.rows);
        out.close();
        return out;
    }

    /** Batch form ({@code mul_add_batch}), compiled: one Wasm call per chunk of the batch. */
    @Benchmark
    public FieldVector wasmBatch(MulAddData data) {
        return invokeAndClose(data.functions.batch, data);
    }

    /** Batch form unrolled four rows per loop iteration ({@code mul_add_x4_batch}), compiled. */
    @Benchmark
    public FieldVector wasmBatchUnrolled(MulAddData data) {
        return invokeAndClose(data.unrolledBatch, data);
    }

    /** Scalar form ({@code mul_add_scalar}), compiled, driven batch-wise by the engine's host loop. */
    @Benchmark
    public FieldVector wasmScalar(MulAddData data) {
        return invokeAndClose(data.functions.scalar, data);
    }

    /** sample-udfs' {@code mul_add.wasm} (hand-written WAT, its own loop shape), batch form, compiled. */
    @Benchmark
    public FieldVector sampleBatch(MulAddData data) {
        return invokeAndClose(data.functions.sampleBatch, data);
    }

    /** Batch form in Chicory's interpreter ({@code CompilePolicy.INTERPRET}). */
    @Benchmark
    public FieldVector interpreter(MulAddData data) {
        return invokeAndClose(data.functions.interpretedBatch, data);
    }

    private static FieldVector invokeAndClose(WasmFunction function, MulAddData data) {
        FieldVector out = function.invoke(data.args, data.rows, data.allocator);
        out.close();
        return out;
    }
}
