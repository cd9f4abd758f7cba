package io.plugsql.engine.internal.fuel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Sections and index spaces of a module, read without decoding function bodies. */
final class ModuleLayout {
    static final int TYPE = 1;
    static final int IMPORT = 2;
    static final int FUNCTION = 3;
    static final int TABLE = 4;
    static final int MEMORY = 5;
    static final int GLOBAL = 6;
    static final int EXPORT = 7;
    static final int CODE = 10;
    static final int TAG = 13;
    static final byte[] MAGIC = {0x00, 0x61, 0x73, 0x6D};
    static final byte[] VERSION = {0x01, 0x00, 0x00, 0x00};

    private final List<Section> sections;
    private final int[] typeParamCounts;
    private final int[] definedFunctionTypes;
    private final int importedFunctionCount;
    private final int globalCount;

    private ModuleLayout(
            List<Section> sections,
            int[] typeParamCounts,
            int[] definedFunctionTypes,
            int importedFunctionCount,
            int globalCount) {
        this.sections = sections;
        this.typeParamCounts = typeParamCounts;
        this.definedFunctionTypes = definedFunctionTypes;
        this.importedFunctionCount = importedFunctionCount;
        this.globalCount = globalCount;
    }

    /** A section: its id and the offsets of its payload. */
    record Section(int id, int start, int end) {
        boolean isCustom() {
            return id == 0;
        }
    }

    /** Position of a non-custom section id in the order the binary format requires. */
    static int rank(int id) {
        switch (id) {
            case 1: case 2: case 3: case 4: case 5:
                return id;
            case TAG:
                return 6;
            case 6: case 7: case 8: case 9:
                return id + 1;
            case 12: // data count
                return 11;
            case 10: // code
                return 12;
            case 11: // data
                return 13;
            default:
                return -1;
        }
    }

    static ModuleLayout read(byte[] module) {
        if (module.length < 8 || !startsWith(module, MAGIC, 0)) {
            throw new IllegalArgumentException("malformed Wasm module: not a WebAssembly binary (bad magic)");
        }
        if (!startsWith(module, VERSION, 4)) {
            throw new IllegalArgumentException(
                    "malformed Wasm module: unsupported binary version (components are not supported)");
        }
        WasmReader in = new WasmReader(module, 8, module.length);
        List<Section> sections = new ArrayList<>();
        int lastRank = 0;
        int[] typeParamCounts = new int[0];
        int[] definedFunctionTypes = new int[0];
        int importedFunctionCount = 0;
        int globalCount = 0;
        while (in.hasMore()) {
            int id = in.readByte();
            int size = in.readIndex("section size");
            int start = in.skip(size);
            Section section = new Section(id, start, start + size);
            sections.add(section);
            if (id == 0) {
                new WasmReader(module, start, start + size).readName(); // must hold a valid name
                continue;
            }
            int rank = rank(id);
            if (rank < 0) {
                throw new IllegalArgumentException(
                        "malformed Wasm module at byte " + (start - 1) + ": unknown section id " + id);
            }
            if (rank <= lastRank) {
                throw new IllegalArgumentException(
                        "malformed Wasm module at byte " + (start - 1) + ": section " + id + " out of order or repeated");
            }
            lastRank = rank;
            WasmReader payload = new WasmReader(module, start, start + size);
            switch (id) {
                case TYPE:
                    typeParamCounts = readTypes(payload);
                    break;
                case IMPORT: {
                    int[] counts = readImports(payload, typeParamCounts.length);
                    importedFunctionCount = counts[0];
                    globalCount += counts[1];
                    break;
                }
                case FUNCTION:
                    definedFunctionTypes = readFunctions(payload, typeParamCounts.length);
                    break;
                case TABLE:
                    readTables(payload);
                    break;
                case MEMORY:
                    readMemories(payload);
                    break;
                case GLOBAL:
                    globalCount += payload.readIndex("global count");
                    continue; // entries are copied, not decoded
                case EXPORT:
                    readExports(payload);
                    break;
                default:
                    continue;
            }
            if (payload.hasMore()) {
                throw payload.malformed("section " + id + " is longer than its contents");
            }
        }
        if (definedFunctionTypes.length > 0
                && sections.stream().noneMatch(s -> s.id() == CODE)) {
            throw new IllegalArgumentException("malformed Wasm module: functions declared without a code section");
        }
        return new ModuleLayout(
                List.copyOf(sections), typeParamCounts, definedFunctionTypes, importedFunctionCount, globalCount);
    }

    private static int[] readTypes(WasmReader in) {
        int count = in.readIndex("type count");
        int[] paramCounts = new int[Math.min(count, 1 << 16)];
        for (int i = 0; i < count; i++) {
            int at = in.position();
            int form = in.readByte();
            if (form != 0x60) {
                throw new IllegalArgumentException(String.format(
                        "unsupported type form 0x%02X at byte %d: only function types are supported (no GC types)",
                        form, at));
            }
            int params = readValueTypes(in);
            readValueTypes(in);
            if (i >= paramCounts.length) {
                paramCounts = Arrays.copyOf(paramCounts, Math.max(i + 1, paramCounts.length * 2));
            }
            paramCounts[i] = params;
        }
        return Arrays.copyOf(paramCounts, count);
    }

    private static int readValueTypes(WasmReader in) {
        int count = in.readIndex("value type count");
        for (int i = 0; i < count; i++) {
            InstructionDecoder.readValueType(in);
        }
        return count;
    }

    /** Returns {imported functions, imported globals}. */
    private static int[] readImports(WasmReader in, int typeCount) {
        int count = in.readIndex("import count");
        int functions = 0;
        int globals = 0;
        for (int i = 0; i < count; i++) {
            in.readName();
            in.readName();
            int at = in.position();
            int kind = in.readByte();
            switch (kind) {
                case 0x00:
                    readTypeIndex(in, typeCount);
                    functions++;
                    break;
                case 0x01:
                    readReferenceTypeAndLimits(in);
                    break;
                case 0x02:
                    readLimits(in);
                    break;
                case 0x03:
                    InstructionDecoder.readValueType(in);
                    readMutability(in);
                    globals++;
                    break;
                case 0x04:
                    in.readByte(); // tag attribute
                    readTypeIndex(in, typeCount);
                    break;
                default:
                    throw new IllegalArgumentException(String.format(
                            "malformed Wasm module at byte %d: unknown import kind 0x%02X", at, kind));
            }
        }
        return new int[] {functions, globals};
    }

    private static int[] readFunctions(WasmReader in, int typeCount) {
        int count = in.readIndex("function count");
        int[] types = new int[Math.min(count, 1 << 16)];
        for (int i = 0; i < count; i++) {
            if (i >= types.length) {
                types = Arrays.copyOf(types, Math.max(i + 1, types.length * 2));
            }
            types[i] = readTypeIndex(in, typeCount);
        }
        return Arrays.copyOf(types, count);
    }

    private static void readTables(WasmReader in) {
        int count = in.readIndex("table count");
        for (int i = 0; i < count; i++) {
            readReferenceTypeAndLimits(in);
        }
    }

    private static void readMemories(WasmReader in) {
        int count = in.readIndex("memory count");
        for (int i = 0; i < count; i++) {
            readLimits(in);
        }
    }

    private static void readExports(WasmReader in) {
        int count = in.readIndex("export count");
        for (int i = 0; i < count; i++) {
            int at = in.position();
            String name = in.readName();
            if (name.equals(FuelInstrumenter.FUEL_EXPORT)) {
                throw new IllegalArgumentException("export name " + FuelInstrumenter.FUEL_EXPORT
                        + " at byte " + at + " is reserved for the fuel counter (module already instrumented?)");
            }
            in.readByte();
            in.readU32();
        }
    }

    private static void readReferenceTypeAndLimits(WasmReader in) {
        int at = in.position();
        int type = in.readByte();
        if (type != 0x70 && type != 0x6F) {
            throw new IllegalArgumentException(String.format(
                    "unsupported table type 0x%02X at byte %d", type, at));
        }
        readLimits(in);
    }

    private static void readLimits(WasmReader in) {
        int at = in.position();
        int flags = in.readByte();
        if ((flags & 0x04) != 0) {
            throw new IllegalArgumentException("unsupported limits at byte " + at
                    + ": 64-bit memories and tables (memory64) are not supported");
        }
        if (flags > 0x03) {
            throw new IllegalArgumentException(String.format(
                    "unsupported limits flags 0x%02X at byte %d", flags, at));
        }
        in.readU32();
        if ((flags & 0x01) != 0) {
            in.readU32();
        }
    }

    private static void readMutability(WasmReader in) {
        int mutability = in.readByte();
        if (mutability > 1) {
            throw in.malformed("invalid global mutability " + mutability);
        }
    }

    private static int readTypeIndex(WasmReader in, int typeCount) {
        long index = in.readU32();
        if (index >= typeCount) {
            throw in.malformed("unknown type " + index);
        }
        return (int) index;
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix, int offset) {
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    List<Section> sections() {
        return sections;
    }

    int typeCount() {
        return typeParamCounts.length;
    }

    int globalCount() {
        return globalCount;
    }

    int importedFunctionCount() {
        return importedFunctionCount;
    }

    int definedFunctionCount() {
        return definedFunctionTypes.length;
    }

    int definedParamCount(int definedIndex) {
        return typeParamCounts[definedFunctionTypes[definedIndex]];
    }
}
