package io.plugsql.bench.engine;

import io.plugsql.engine.Signature;
import io.plugsql.engine.TypeName;
import io.plugsql.engine.UdfType;
import io.plugsql.engine.WasmFunction;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
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
 * Haversine distance (4 DOUBLE -> DOUBLE) over 1M rows of random coordinates: plain Java with
 * {@code java.lang.Math} (the baseline) against the engine's paths. Scores are ns per row.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(HaversineBenchmark.ROWS)
public class HaversineBenchmark {
    /** Rows per batch. */
    public static final int ROWS = 1_048_576;
    /** Rows per interpreter batch: the interpreter is slow, the score stays per row. */
    public static final int INTERPRETER_ROWS = 65_536;

    private static final double EARTH_RADIUS_KM = 6371.0088;

    BufferAllocator allocator;
    List<FieldVector> args;
    LoadedFunctions functions;

    @Setup(Level.Trial)
    public void setUp() {
        allocator = new RootAllocator();
        args = coordinates(allocator, ROWS, 42);
        UdfType type = UdfType.of(TypeName.DOUBLE);
        functions = new LoadedFunctions("haversine", new Signature(Collections.nCopies(4, type), type),
                "geo.wasm", "haversine_km");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        functions.close();
        args.forEach(FieldVector::close);
        allocator.close();
    }

    /** The same formula in Java, reading and writing Arrow vectors. */
    @Benchmark
    public FieldVector plainJava() {
        Float8Vector out = plainJava(args, ROWS, allocator);
        out.close();
        return out;
    }

    /** Batch form ({@code haversine_batch}), compiled. */
    @Benchmark
    public FieldVector wasmBatch() {
        return invokeAndClose(functions.batch, ROWS);
    }

    /** Scalar form ({@code haversine_scalar}), compiled, driven batch-wise by the engine. */
    @Benchmark
    public FieldVector wasmScalar() {
        return invokeAndClose(functions.scalar, ROWS);
    }

    /** sample-udfs' {@code haversine_km_batch} (AssemblyScript, its own sin/cos/asin), compiled. */
    @Benchmark
    public FieldVector sampleBatch() {
        return invokeAndClose(functions.sampleBatch, ROWS);
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

    /** Haversine over the first {@code rows} rows of four DOUBLE vectors (lat1, lon1, lat2, lon2), in km. */
    static Float8Vector plainJava(List<FieldVector> args, int rows, BufferAllocator allocator) {
        Float8Vector out = new Float8Vector("km", allocator);
        out.allocateNew(rows);
        ArrowBuf lat1 = args.get(0).getDataBuffer();
        ArrowBuf lon1 = args.get(1).getDataBuffer();
        ArrowBuf lat2 = args.get(2).getDataBuffer();
        ArrowBuf lon2 = args.get(3).getDataBuffer();
        ArrowBuf result = out.getDataBuffer();
        for (int i = 0; i < rows; i++) {
            long at = (long) i * Double.BYTES;
            result.setDouble(at, haversineKm(lat1.getDouble(at), lon1.getDouble(at), lat2.getDouble(at),
                    lon2.getDouble(at)));
        }
        out.getValidityBuffer().setOne(0, (rows + 7) / 8);
        out.setValueCount(rows);
        return out;
    }

    static double haversineKm(double lat1, double lon1, double lat2, double lon2) {
        double s = Math.sin(Math.toRadians(lat2 - lat1) / 2);
        double t = Math.sin(Math.toRadians(lon2 - lon1) / 2);
        double a = s * s + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * t * t;
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1.0, Math.sqrt(a)));
    }

    /** Four DOUBLE vectors of random points: latitudes in [-90, 90], longitudes in [-180, 180]. */
    static List<FieldVector> coordinates(BufferAllocator allocator, int rows, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        String[] names = {"lat1", "lon1", "lat2", "lon2"};
        Float8Vector[] vectors = new Float8Vector[4];
        for (int k = 0; k < 4; k++) {
            vectors[k] = new Float8Vector(names[k], allocator);
            vectors[k].allocateNew(rows);
        }
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k < 4; k++) {
                double bound = k % 2 == 0 ? 90 : 180;
                vectors[k].set(i, random.nextDouble(-bound, bound));
            }
        }
        for (Float8Vector vector : vectors) {
            vector.setValueCount(rows);
        }
        return List.of(vectors);
    }
}
