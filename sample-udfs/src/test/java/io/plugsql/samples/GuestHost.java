package io.plugsql.samples;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The host side of ABI v1 for tests, written from DESIGN.md independently of udf-engine: calls a
 * sample function's exports through Chicory, interpreted or compiled to JVM bytecode as the engine
 * runs them, in scalar form and in batch form.
 */
final class GuestHost {
    /** How Chicory executes the module. */
    enum Mode {
        /** Chicory's interpreter. */
        INTERPRETER,
        /** Chicory's compiler, with no interpreter fallback, as udf-engine runs modules. */
        COMPILED
    }

    /** A batch export returned non-zero; the message comes from the guest's {@code plugsql_error()}. */
    static final class BatchFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BatchFailedException(String message) {
            super(message);
        }
    }

    private static final int DESCRIPTOR_BYTES = 16;
    private static final Map<String, Compiled> COMPILED = new ConcurrentHashMap<>();

    /** A parsed module and its compiled machine factory, which only instances of that module object accept. */
    private record Compiled(WasmModule module, Function<Instance, Machine> factory) {}

    private final Instance instance;
    private final Memory memory;

    GuestHost(byte[] wasm) {
        this(wasm, Mode.INTERPRETER);
    }

    GuestHost(byte[] wasm, Mode mode) {
        if (mode == Mode.COMPILED) {
            // Compile once per distinct module, like the engine's cache keyed by content.
            Compiled compiled = COMPILED.computeIfAbsent(HexFormat.of().formatHex(wasm), k -> {
                WasmModule module = Parser.parse(wasm);
                return new Compiled(module,
                        MachineFactoryCompiler.builder(module).withInterpreterFallback(InterpreterFallback.FAIL).compile());
            });
            this.instance = Instance.builder(compiled.module()).withMachineFactory(compiled.factory()).build();
        } else {
            this.instance = Instance.builder(Parser.parse(wasm)).build();
        }
        this.memory = instance.memory();
    }

    Instance instance() {
        return instance;
    }

    /** Calls the scalar export for one row; {@code null} arguments follow the function's null-input mode. */
    Object callScalar(SampleFunction f, List<Object> args) {
        boolean callOnNull = f.onNullInput().equals("call");
        if (!callOnNull && hasNull(args)) {
            return null;
        }
        List<Long> params = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            Object arg = args.get(i);
            String type = f.parameterTypes().get(i);
            if (callOnNull) {
                params.add(arg == null ? 1L : 0L);
            }
            if (type.equals("VARCHAR") && arg == null) {
                params.add(0L); // a NULL string is (ptr 0, len 0)
                params.add(0L);
            } else if (type.equals("VARCHAR")) {
                byte[] utf8 = ((String) arg).getBytes(UTF_8);
                int ptr = alloc(utf8.length);
                memory.write(ptr, utf8);
                params.add((long) ptr);
                params.add((long) utf8.length);
            } else {
                params.add(arg == null ? 0L : toWasm(type, arg));
            }
        }
        long[] raw = params.stream().mapToLong(Long::longValue).toArray();
        long result = export(f.handler()).apply(raw)[0];
        if (callOnNull && export("plugsql_result_is_null").apply()[0] != 0) {
            return null;
        }
        if (f.returnType().equals("VARCHAR")) {
            return utf8(memory.readBytes((int) (result >>> 32), (int) result), f.handler());
        }
        return fromWasm(f.returnType(), result);
    }

    /** Calls the batch export once for all rows, then resets the guest's arena as the engine does. */
    List<Object> callBatch(SampleFunction f, List<List<Object>> rows) {
        String batch = f.batchExport().orElseThrow();
        int n = rows.size();
        int params = f.parameters().size();
        int args = alloc(DESCRIPTOR_BYTES * params);
        for (int p = 0; p < params; p++) {
            int column = p;
            writeColumn(args + DESCRIPTOR_BYTES * p, f.parameterTypes().get(p), rows.stream().map(r -> r.get(column)).toList());
        }
        int out = alloc(DESCRIPTOR_BYTES);
        String resultType = f.returnType();
        if (!resultType.equals("VARCHAR")) {
            int validity = alloc((n + 7) / 8);
            memory.write(validity, new byte[(n + 7) / 8]);
            memory.writeI32(out, validity);
            memory.writeI32(out + 4, alloc(n * width(resultType)));
            memory.writeI32(out + 8, 0);
            memory.writeI32(out + 12, n * width(resultType));
        }
        long status = export(batch).apply(n, args, out)[0];
        if (status != 0) {
            long message = export("plugsql_error").apply()[0];
            throw new BatchFailedException(batch + " returned " + status + ": "
                    + memory.readString((int) (message >>> 32), (int) message, UTF_8));
        }
        List<Object> results = readColumn(out, resultType, n);
        if (!f.onNullInput().equals("call")) {
            for (int i = 0; i < n; i++) {
                if (hasNull(rows.get(i))) {
                    results.set(i, null);
                }
            }
        }
        export("plugsql_reset").apply();
        return results;
    }

    int alloc(int size) {
        int ptr = (int) export("plugsql_alloc").apply(size)[0];
        if (ptr == 0) {
            throw new AssertionError("plugsql_alloc(" + size + ") returned 0");
        }
        return ptr;
    }

    /** Decodes a VARCHAR result strictly, as the engine does: malformed UTF-8 is an error, not U+FFFD. */
    private static String utf8(byte[] bytes, String what) {
        try {
            return UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new AssertionError(what + " returned malformed UTF-8: " + HexFormat.of().formatHex(bytes), e);
        }
    }

    private static boolean hasNull(List<Object> values) {
        return values.stream().anyMatch(Objects::isNull);
    }

    private ExportFunction export(String name) {
        return instance.export(name);
    }

    private void writeColumn(int descriptor, String type, List<Object> values) {
        int n = values.size();
        int validity = 0;
        if (hasNull(values)) {
            byte[] bits = new byte[(n + 7) / 8];
            for (int i = 0; i < n; i++) {
                if (values.get(i) != null) {
                    bits[i >> 3] |= (byte) (1 << (i & 7));
                }
            }
            validity = alloc(bits.length);
            memory.write(validity, bits);
        }
        memory.writeI32(descriptor, validity);
        if (type.equals("VARCHAR")) {
            byte[][] encoded = values.stream().map(v -> v == null ? new byte[0] : ((String) v).getBytes(UTF_8))
                    .toArray(byte[][]::new);
            int total = Arrays.stream(encoded).mapToInt(b -> b.length).sum();
            int data = alloc(total);
            int offsets = alloc(4 * (n + 1));
            int at = 0;
            memory.writeI32(offsets, 0);
            for (int i = 0; i < n; i++) {
                memory.write(data + at, encoded[i]);
                at += encoded[i].length;
                memory.writeI32(offsets + 4 * (i + 1), at);
            }
            memory.writeI32(descriptor + 4, data);
            memory.writeI32(descriptor + 8, offsets);
            memory.writeI32(descriptor + 12, total);
        } else {
            int width = width(type);
            int data = alloc(n * width);
            for (int i = 0; i < n; i++) {
                long v = values.get(i) == null ? 0 : toWasm(type, values.get(i));
                if (width == 8) {
                    memory.writeLong(data + 8 * i, v);
                } else {
                    memory.writeI32(data + 4 * i, (int) v);
                }
            }
            memory.writeI32(descriptor + 4, data);
            memory.writeI32(descriptor + 8, 0);
            memory.writeI32(descriptor + 12, n * width);
        }
    }

    private List<Object> readColumn(int descriptor, String type, int n) {
        int validity = memory.readInt(descriptor);
        int values = memory.readInt(descriptor + 4);
        int offsets = memory.readInt(descriptor + 8);
        List<Object> result = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean valid = validity == 0 || ((memory.read(validity + (i >> 3)) >> (i & 7)) & 1) != 0;
            if (!valid) {
                result.add(null);
            } else if (type.equals("VARCHAR")) {
                int start = memory.readInt(offsets + 4 * i);
                int end = memory.readInt(offsets + 4 * (i + 1));
                result.add(utf8(memory.readBytes(values + start, end - start), "row " + i));
            } else if (width(type) == 8) {
                result.add(fromWasm(type, memory.readLong(values + 8 * i)));
            } else {
                result.add(fromWasm(type, memory.readInt(values + 4 * i)));
            }
        }
        return result;
    }

    private static int width(String type) {
        switch (type) {
            case "BIGINT":
            case "DOUBLE":
                return 8;
            case "INTEGER":
                return 4;
            default:
                throw new IllegalArgumentException("batch type not used by the samples: " + type);
        }
    }

    private static long toWasm(String type, Object value) {
        switch (type) {
            case "BIGINT":
                return (Long) value;
            case "INTEGER":
                return (Integer) value;
            case "BOOLEAN":
                return (Boolean) value ? 1 : 0;
            case "DOUBLE":
                return Double.doubleToRawLongBits((Double) value);
            default:
                throw new IllegalArgumentException("type not used by the samples: " + type);
        }
    }

    private static Object fromWasm(String type, long value) {
        switch (type) {
            case "BIGINT":
                return value;
            case "INTEGER":
                return (int) value;
            case "BOOLEAN":
                return (int) value != 0;
            case "DOUBLE":
                return Double.longBitsToDouble(value);
            default:
                throw new IllegalArgumentException("type not used by the samples: " + type);
        }
    }
}
