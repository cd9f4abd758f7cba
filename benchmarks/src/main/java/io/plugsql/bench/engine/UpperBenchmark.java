package io.plugsql.bench.engine;

import io.plugsql.engine.Signature;
import io.plugsql.engine.TypeName;
import io.plugsql.engine.UdfType;
import io.plugsql.engine.WasmFunction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * ASCII upper-case of UTF-8 strings (VARCHAR -> VARCHAR, multi-byte characters kept) over 1M rows of
 * 6-20 bytes: plain Java over the Arrow buffers (the baseline) against the engine's paths. Scores are
 * ns per row.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(UpperBenchmark.ROWS)
public class UpperBenchmark {
    /** Rows per batch. */
    public static final int ROWS = 1_048_576;
    /** Rows per interpreter batch: the interpreter is slow, the score stays per row. */
    public static final int INTERPRETER_ROWS = 131_072;

    private static final String[] WORDS = {"alice", "Bob", "müller", "straße", "zoë", "plugsql", "señor", "ok"};

    BufferAllocator allocator;
    List<FieldVector> args;
    LoadedFunctions functions;

    @Setup(Level.Trial)
    public void setUp() {
        allocator = new RootAllocator();
        args = List.of(strings(allocator, ROWS));
        UdfType type = UdfType.of(TypeName.VARCHAR);
        functions = new LoadedFunctions("upper", new Signature(List.of(type), type));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        functions.close();
        args.forEach(FieldVector::close);
        allocator.close();
    }

    /** The same byte mapping in Java, from an Arrow vector into a new one. */
    @Benchmark
    public FieldVector plainJava() {
        VarCharVector out = plainJava((VarCharVector) args.get(0), ROWS, allocator);
        out.close();
        return out;
    }

    /** Batch form ({@code upper_batch}), compiled. */
    @Benchmark
    public FieldVector wasmBatch() {
        return invokeAndClose(functions.batch, ROWS);
    }

    /** Scalar form ({@code upper_scalar}), compiled, driven batch-wise by the engine. */
    @Benchmark
    public FieldVector wasmScalar() {
        return invokeAndClose(functions.scalar, ROWS);
    }

    /** Batch form in Chicory's interpreter, on the first {@link #INTERPRETER_ROWS} rows. */
    @Benchmark
    @OperationsPerInvocation(INTERPRETER_ROWS)
    public FieldVector interpreter() {
        return invokeAndClose(functions.interpretedBatch, INTERPRETER_ROWS);
    }

    private FieldVector invokeAndClose(WasmFunction function, int rows) {
        FieldVector out = function.invoke(args, rows, allocator);
        out.close();
        return out;
    }

    /** ASCII upper-case of the first {@code rows} strings (no NULLs in the benchmark's data). */
    static VarCharVector plainJava(VarCharVector in, int rows, BufferAllocator allocator) {
        int bytes = in.getOffsetBuffer().getInt((long) rows * Integer.BYTES);
        VarCharVector out = new VarCharVector("upper", allocator);
        out.allocateNew(bytes, rows);
        out.getOffsetBuffer().setBytes(0, in.getOffsetBuffer(), 0, (long) (rows + 1) * Integer.BYTES);
        out.getValidityBuffer().setBytes(0, in.getValidityBuffer(), 0, (rows + 7) / 8);
        ArrowBuf source = in.getDataBuffer();
        ArrowBuf target = out.getDataBuffer();
        for (long i = 0; i < bytes; i++) {
            int c = source.getByte(i);
            target.setByte(i, c - ((c - 'a' & 0xff) < 26 ? 32 : 0));
        }
        out.setLastSet(rows - 1);
        out.setValueCount(rows);
        return out;
    }

    /** {@code rows} strings of two to three words, some with multi-byte UTF-8. */
    static VarCharVector strings(BufferAllocator allocator, int rows) {
        VarCharVector vector = new VarCharVector("s", allocator);
        vector.allocateNew(16L * rows, rows);
        for (int i = 0; i < rows; i++) {
            String text = WORDS[i % WORDS.length] + ' ' + WORDS[(i / 7) % WORDS.length]
                    + (i % 3 == 0 ? " " + WORDS[(i / 3) % WORDS.length] : "");
            vector.setSafe(i, text.getBytes(StandardCharsets.UTF_8));
        }
        vector.setValueCount(rows);
        return vector;
    }
}
