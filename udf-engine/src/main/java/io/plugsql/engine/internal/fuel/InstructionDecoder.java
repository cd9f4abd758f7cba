package io.plugsql.engine.internal.fuel;

import io.plugsql.engine.internal.fuel.CostModel.DynamicCost;
import io.plugsql.engine.internal.fuel.Instruction.Kind;

/**
 * Decodes WebAssembly instructions one at a time: their length (the immediates they carry), their
 * control-flow role and their price.
 *
 * <p>Covers the MVP, sign extension, non-trapping float-to-int conversions, bulk memory, reference
 * types, multi-value block types and multiple memories. Anything else (SIMD, threads, tail calls,
 * exceptions, GC, typed function references) is refused with an {@link IllegalArgumentException}
 * naming the opcode: instrumenting an instruction whose length is unknown would corrupt the module.
 */
final class InstructionDecoder {
    private final int typeCount;
    private final int globalCount;

    /**
     * @param typeCount number of entries in the type section (bounds block type indices)
     * @param globalCount number of globals the module itself knows (imported and defined); code
     *     that names any other global would reach the fuel counter and is refused
     */
    InstructionDecoder(int typeCount, int globalCount) {
        this.typeCount = typeCount;
        this.globalCount = globalCount;
    }

    /** Decodes the instruction at the reader's position and moves past it. */
    Instruction decode(WasmReader in) {
        int start = in.position();
        int opcode = in.readByte();
        switch (opcode) {
            case 0x0F: // return
                return of(in, start, Kind.RETURN, CostModel.DEFAULT);
            case 0x00: // unreachable
            case 0x1A: // drop
            case 0x1B: // select
            case 0xD1: // ref.is_null
                return plain(in, start);
            case 0x01: // nop
                return new Instruction(start, in.position(), Kind.OTHER, CostModel.STRUCTURAL, DynamicCost.NONE);
            case 0x02:
                readBlockType(in);
                return of(in, start, Kind.BLOCK, CostModel.STRUCTURAL);
            case 0x03:
                readBlockType(in);
                return of(in, start, Kind.LOOP, CostModel.STRUCTURAL);
            case 0x04:
                readBlockType(in);
                return of(in, start, Kind.IF, CostModel.DEFAULT);
            case 0x05:
                return of(in, start, Kind.ELSE, CostModel.STRUCTURAL);
            case 0x0B:
                return of(in, start, Kind.END, CostModel.STRUCTURAL);
            case 0x0C: // br
            case 0x0D: // br_if
                in.readU32();
                return of(in, start, Kind.BRANCH, CostModel.DEFAULT);
            case 0x20: // local.get
            case 0x21: // local.set
            case 0x22: // local.tee
            case 0x25: // table.get
            case 0x26: // table.set
            case 0x3F: // memory.size
            case 0xD2: // ref.func
                in.readU32();
                return plain(in, start);
            case 0x0E: { // br_table
                int count = in.readIndex("br_table size");
                for (int i = 0; i <= count; i++) {
                    in.readU32();
                }
                return of(in, start, Kind.BRANCH, CostModel.DEFAULT);
            }
            case 0x10: // call
                in.readU32();
                return of(in, start, Kind.CALL, CostModel.CALL);
            case 0x11: // call_indirect
                in.readU32();
                in.readU32();
                return of(in, start, Kind.CALL, CostModel.CALL_INDIRECT);
            case 0x1C: { // select t*
                int count = in.readIndex("select type count");
                for (int i = 0; i < count; i++) {
                    readValueType(in);
                }
                return plain(in, start);
            }
            case 0x23: // global.get
            case 0x24: { // global.set
                long index = in.readU32();
                if (index >= globalCount) {
                    throw in.malformed("unknown global " + index);
                }
                return plain(in, start);
            }
            case 0x40: // memory.grow
                in.readU32();
                return priced(in, start, CostModel.BULK, DynamicCost.PAGES);
            case 0x41: // i32.const
                in.readSigned(32);
                return plain(in, start);
            case 0x42: // i64.const
                in.readSigned(64);
                return plain(in, start);
            case 0x43: // f32.const
                in.skip(4);
                return plain(in, start);
            case 0x44: // f64.const
                in.skip(8);
                return plain(in, start);
            case 0xD0: // ref.null
                readReferenceType(in);
                return plain(in, start);
            case 0xFC:
                return decodeMisc(in, start);
            default:
                break;
        }
        if (opcode >= 0x28 && opcode <= 0x3E) { // loads and stores
            long align = in.readU32();
            if ((align & 0x40) != 0) { // multiple memories: a memory index follows
                in.readU32();
            }
            in.readU32(); // offset
            return plain(in, start);
        }
        if (opcode >= 0x45 && opcode <= 0xC4) { // numeric, incl. sign extension
            return plain(in, start);
        }
        throw unsupported(start, opcode);
    }

    private Instruction decodeMisc(WasmReader in, int start) {
        long sub = in.readU32();
        if (sub <= 7) { // i32/i64.trunc_sat_f32/f64_s/u
            return plain(in, start);
        }
        switch ((int) sub) {
            case 8: // memory.init data memory
                in.readU32();
                in.readU32();
                return priced(in, start, CostModel.BULK, DynamicCost.BYTES);
            case 9: // data.drop
            case 13: // elem.drop
            case 16: // table.size
                in.readU32();
                return plain(in, start);
            case 10: // memory.copy dst src
                in.readU32();
                in.readU32();
                return priced(in, start, CostModel.BULK, DynamicCost.BYTES);
            case 11: // memory.fill
                in.readU32();
                return priced(in, start, CostModel.BULK, DynamicCost.BYTES);
            case 12: // table.init elem table
            case 14: // table.copy dst src
                in.readU32();
                in.readU32();
                return priced(in, start, CostModel.BULK, DynamicCost.ELEMENTS);
            case 15: // table.grow
            case 17: // table.fill
                in.readU32();
                return priced(in, start, CostModel.BULK, DynamicCost.ELEMENTS);
            default:
                throw new IllegalArgumentException(
                        "unsupported instruction 0xFC " + sub + " at byte " + start);
        }
    }

    private void readBlockType(WasmReader in) {
        int before = in.position();
        long type = in.readSigned(33);
        if (type >= 0) {
            if (type >= typeCount) {
                throw in.malformed("unknown block type " + type);
            }
            return;
        }
        // Negative: a one-byte empty type (0x40) or value type.
        if (in.position() - before != 1) {
            throw in.malformed("invalid block type");
        }
        int code = (int) (type & 0x7F);
        if (code != 0x40) {
            checkValueType(in, code, before);
        }
    }

    /** Reads one value type byte and checks it is one this decoder supports. */
    static void readValueType(WasmReader in) {
        int at = in.position();
        checkValueType(in, in.readByte(), at);
    }

    private static void checkValueType(WasmReader in, int code, int at) {
        switch (code) {
            case 0x7F: // i32
            case 0x7E: // i64
            case 0x7D: // f32
            case 0x7C: // f64
            case 0x70: // funcref
            case 0x6F: // externref
                return;
            case 0x7B:
                throw new IllegalArgumentException(
                        "unsupported value type v128 (SIMD) at byte " + at + ": SIMD is not supported");
            default:
                throw new IllegalArgumentException(
                        String.format("unsupported value type 0x%02X at byte %d", code, at));
        }
    }

    private static void readReferenceType(WasmReader in) {
        int at = in.position();
        int code = in.readByte();
        if (code != 0x70 && code != 0x6F) {
            throw new IllegalArgumentException(
                    String.format("unsupported heap type 0x%02X at byte %d", code, at));
        }
    }

    private static Instruction plain(WasmReader in, int start) {
        return new Instruction(start, in.position(), Kind.OTHER, CostModel.DEFAULT, DynamicCost.NONE);
    }

    private static Instruction priced(WasmReader in, int start, int cost, DynamicCost dynamic) {
        return new Instruction(start, in.position(), Kind.OTHER, cost, dynamic);
    }

    private static Instruction of(WasmReader in, int start, Kind kind, int cost) {
        return new Instruction(start, in.position(), kind, cost, DynamicCost.NONE);
    }

    private static IllegalArgumentException unsupported(int at, int opcode) {
        String feature;
        if (opcode == 0xFD) {
            feature = "SIMD";
        } else if (opcode == 0xFE) {
            feature = "threads (atomics)";
        } else if (opcode == 0xFB) {
            feature = "garbage collection";
        } else if ((opcode >= 0x06 && opcode <= 0x0A) || opcode == 0x18 || opcode == 0x19 || opcode == 0x1F) {
            feature = "exception handling";
        } else if (opcode == 0x12 || opcode == 0x13) {
            // Chicory 1.7.5's interpreter breaks on a self tail call in a function with locals,
            // and every metered function gets one.
            feature = "tail calls (return_call)";
        } else if (opcode == 0x14 || opcode == 0x15 || (opcode >= 0xD3 && opcode <= 0xD6)) {
            feature = "typed function references";
        } else {
            return new IllegalArgumentException(
                    String.format("malformed Wasm module at byte %d: unknown opcode 0x%02X", at, opcode));
        }
        return new IllegalArgumentException(String.format(
                "unsupported instruction 0x%02X at byte %d: %s is not supported", opcode, at, feature));
    }
}
