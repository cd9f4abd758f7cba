package io.plugsql.engine.internal.fuel;

import io.plugsql.engine.internal.fuel.CostModel.DynamicCost;
import io.plugsql.engine.internal.fuel.Instruction.Kind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * Rewrites one function body so that it pays for itself out of the fuel global.
 *
 * <p>The body is cut into regions at check points: the function entry, every loop header, and the
 * two places where a branch out of a loop can land in the middle of straight-line code (just after
 * the {@code end}, and after the {@code else}, of any block, if or loop that contains a loop). Each
 * check point charges the static price of all instructions up to the next check point and traps if
 * the counter went negative. Because a branch can only enter a region at its first instruction,
 * every executed instruction has been paid for, and every cycle passes a check point that charges
 * at least its branch, so no loop or recursion runs for free. Code skipped by a forward branch is
 * charged anyway: the price is an upper bound, fixed by the code, so the interpreter and the
 * compiler cut off at the same point.
 *
 * <p>The counter lives in a global, but a function works on a copy in a local, which the JIT keeps
 * in a register: it is loaded at entry and after each call, and stored back before each call, before
 * every way out of the function (return, a branch to the function's label, the final end) and
 * before a fuel trap. A trap of the guest's own therefore leaves the global at its last
 * stored value, which is still non-negative, so the host still tells the two kinds of trap apart.
 *
 * <p>Inserted code is stack-neutral and opens no block around original instructions (the only new
 * block is an {@code if} around the trap), so branch depths and validation are unchanged.
 */
final class FunctionRewriter {
    private static final int LOCAL_GET = 0x20;
    private static final int LOCAL_SET = 0x21;
    private static final int LOCAL_TEE = 0x22;
    private static final int GLOBAL_GET = 0x23;
    private static final int GLOBAL_SET = 0x24;
    private static final int I64_CONST = 0x42;
    private static final int I64_LT_S = 0x53;
    private static final int I64_SUB = 0x7D;
    private static final int I64_SHL = 0x86;
    private static final int I64_SHR_U = 0x88;
    private static final int I64_EXTEND_I32_U = 0xAD;
    private static final int IF = 0x04;
    private static final int BR_TABLE = 0x0E;
    private static final int EMPTY_BLOCK_TYPE = 0x40;
    private static final int UNREACHABLE = 0x00;
    private static final int END = 0x0B;
    private static final int I32 = 0x7F;
    private static final int I64 = 0x7E;
    /** Implementations cap a function's locals well below this; a module above it is refused. */
    private static final long MAX_LOCALS = 50_000;

    private final InstructionDecoder decoder;
    private final int fuelGlobal;

    FunctionRewriter(InstructionDecoder decoder, int fuelGlobal) {
        this.decoder = decoder;
        this.fuelGlobal = fuelGlobal;
    }

    /**
     * Writes the instrumented body, with its size prefix, of the function whose body occupies
     * {@code bytes[start, end)} and that takes {@code paramCount} parameters.
     */
    void rewrite(byte[] bytes, int start, int end, int paramCount, WasmWriter out) {
        WasmReader in = new WasmReader(bytes, start, end);
        int localEntries = in.readIndex("local declaration count");
        int entriesStart = in.position();
        long localCount = paramCount;
        for (int i = 0; i < localEntries; i++) {
            localCount += in.readU32();
            InstructionDecoder.readValueType(in);
        }
        if (localCount + 2 > MAX_LOCALS) {
            throw new IllegalArgumentException("too many locals to instrument: " + localCount);
        }
        int entriesEnd = in.position();

        List<Instruction> code = decodeBody(in);
        long[] charges = charges(code, checkPoints(code));
        // An instruction with a dynamic price also has a static one, so it makes the body metered.
        boolean metered = Arrays.stream(charges).anyMatch(charge -> charge > 0);
        boolean dynamic = code.stream().anyMatch(instruction -> instruction.dynamic() != DynamicCost.NONE);

        WasmWriter body = new WasmWriter(end - start + 32);
        body.writeU32((long) localEntries + (metered ? 1 : 0) + (dynamic ? 1 : 0));
        body.writeBytes(bytes, entriesStart, entriesEnd - entriesStart);
        if (metered) {
            body.writeU32(1).writeByte(I64); // the fuel copy, local index localCount
        }
        if (dynamic) {
            body.writeU32(1).writeByte(I32); // the operand of a dynamically priced instruction
        }
        if (metered) {
            writeMeteredCode(bytes, code, charges, (int) localCount, body);
        } else {
            for (Instruction instruction : code) {
                body.writeBytes(bytes, instruction.start(), instruction.end() - instruction.start());
            }
        }
        out.writeU32(body.size());
        out.writeBytes(body);
    }

    private void writeMeteredCode(byte[] bytes, List<Instruction> code, long[] charges, int fuelLocal, WasmWriter body) {
        int operandLocal = fuelLocal + 1;
        writeLoad(body, fuelLocal);
        int depth = 0;
        for (int i = 0; i < code.size(); i++) {
            Instruction instruction = code.get(i);
            Kind kind = instruction.kind();
            if (charges[i] > 0) {
                writeCharge(body, fuelLocal, charges[i]);
            }
            if (instruction.dynamic() != DynamicCost.NONE) {
                writeDynamicCharge(body, fuelLocal, operandLocal, instruction.dynamic());
            }
            if (leavesFunction(bytes, instruction, depth, i == code.size() - 1)) {
                writeStore(body, fuelLocal);
            }
            body.writeBytes(bytes, instruction.start(), instruction.end() - instruction.start());
            if (kind == Kind.CALL) {
                writeLoad(body, fuelLocal);
            }
            if (kind == Kind.BLOCK || kind == Kind.LOOP || kind == Kind.IF) {
                depth++;
            } else if (kind == Kind.END) {
                depth--;
            }
        }
    }

    private List<Instruction> decodeBody(WasmReader in) {
        List<Instruction> code = new ArrayList<>();
        int depth = 0;
        while (true) {
            if (!in.hasMore()) {
                throw in.malformed("function body ends without its final end");
            }
            Instruction instruction = decoder.decode(in);
            code.add(instruction);
            Kind kind = instruction.kind();
            if (kind == Kind.BLOCK || kind == Kind.LOOP || kind == Kind.IF) {
                depth++;
            } else if (kind == Kind.END) {
                if (depth == 0) {
                    break;
                }
                depth--;
            }
        }
        if (in.hasMore()) {
            throw in.malformed("bytes after the end of the function body");
        }
        return code;
    }

    /** Marks the instructions before which a check point goes (see the class comment). */
    private static boolean[] checkPoints(List<Instruction> code) {
        boolean[] cuts = new boolean[code.size() + 1];
        cuts[0] = true;
        Deque<Frame> frames = new ArrayDeque<>();
        for (int i = 0; i < code.size(); i++) {
            Kind kind = code.get(i).kind();
            switch (kind) {
                case BLOCK:
                    frames.push(new Frame(false, false));
                    break;
                case IF:
                    frames.push(new Frame(false, true));
                    break;
                case LOOP:
                    frames.push(new Frame(true, false));
                    cuts[i + 1] = true;
                    break;
                case ELSE:
                    if (frames.isEmpty() || !frames.peek().isIf || frames.peek().elseIndex >= 0) {
                        throw new IllegalArgumentException(
                                "malformed Wasm module at byte " + code.get(i).start() + ": else outside if");
                    }
                    frames.peek().elseIndex = i;
                    break;
                case END:
                    if (frames.isEmpty()) {
                        break; // the function's own end
                    }
                    Frame frame = frames.pop();
                    if (frame.containsLoop) {
                        cuts[i + 1] = true;
                        if (frame.elseIndex >= 0) {
                            cuts[frame.elseIndex + 1] = true;
                        }
                        if (!frames.isEmpty()) {
                            frames.peek().containsLoop = true;
                        }
                    }
                    break;
                default:
                    break;
            }
        }
        return cuts;
    }

    /** Price charged before each instruction: its region's total at a check point, else zero. */
    private static long[] charges(List<Instruction> code, boolean[] cuts) {
        long[] charges = new long[code.size()];
        int regionStart = 0;
        for (int i = 0; i < code.size(); i++) {
            if (cuts[i]) {
                regionStart = i;
            }
            charges[regionStart] += code.get(i).cost();
        }
        return charges;
    }

    /**
     * Whether the global must hold the current count before this instruction runs: it calls out,
     * returns, or may branch to the function's own label ({@code depth} blocks are open).
     */
    private static boolean leavesFunction(byte[] bytes, Instruction instruction, int depth, boolean last) {
        switch (instruction.kind()) {
            case CALL:
            case RETURN:
                return true;
            case END:
                return last;
            case BRANCH: {
                WasmReader labels = new WasmReader(bytes, instruction.start(), instruction.end());
                int opcode = labels.readByte();
                long targets = opcode == BR_TABLE ? labels.readU32() + 1 : 1;
                for (long t = 0; t < targets; t++) {
                    if (labels.readU32() == depth) {
                        return true;
                    }
                }
                return false;
            }
            default:
                return false;
        }
    }

    /** fuel -= cost; if (fuel < 0) trap. Stack-neutral. */
    private void writeCharge(WasmWriter out, int fuelLocal, long cost) {
        out.writeByte(LOCAL_GET).writeU32(fuelLocal);
        out.writeByte(I64_CONST).writeS64(cost);
        out.writeByte(I64_SUB);
        writeCheck(out, fuelLocal);
    }

    /** Charges from the i32 operand on top of the stack, which is left in place. */
    private void writeDynamicCharge(WasmWriter out, int fuelLocal, int operandLocal, DynamicCost dynamic) {
        out.writeByte(LOCAL_SET).writeU32(operandLocal);
        out.writeByte(LOCAL_GET).writeU32(fuelLocal);
        out.writeByte(LOCAL_GET).writeU32(operandLocal);
        out.writeByte(I64_EXTEND_I32_U);
        switch (dynamic) {
            case BYTES:
                out.writeByte(I64_CONST).writeS64(CostModel.BYTES_PER_UNIT_SHIFT).writeByte(I64_SHR_U);
                break;
            case PAGES:
                out.writeByte(I64_CONST).writeS64(CostModel.UNITS_PER_PAGE_SHIFT).writeByte(I64_SHL);
                break;
            case ELEMENTS:
                break;
            default:
                throw new IllegalStateException("no dynamic cost: " + dynamic);
        }
        out.writeByte(I64_SUB);
        writeCheck(out, fuelLocal);
        out.writeByte(LOCAL_GET).writeU32(operandLocal);
    }

    /** Keeps the new count (on the stack) in the local; if negative, stores it and traps. */
    private void writeCheck(WasmWriter out, int fuelLocal) {
        out.writeByte(LOCAL_TEE).writeU32(fuelLocal);
        out.writeByte(I64_CONST).writeS64(0);
        out.writeByte(I64_LT_S);
        out.writeByte(IF).writeByte(EMPTY_BLOCK_TYPE);
        writeStore(out, fuelLocal);
        out.writeByte(UNREACHABLE);
        out.writeByte(END);
    }

    private void writeLoad(WasmWriter out, int fuelLocal) {
        out.writeByte(GLOBAL_GET).writeU32(fuelGlobal);
        out.writeByte(LOCAL_SET).writeU32(fuelLocal);
    }

    private void writeStore(WasmWriter out, int fuelLocal) {
        out.writeByte(LOCAL_GET).writeU32(fuelLocal);
        out.writeByte(GLOBAL_SET).writeU32(fuelGlobal);
    }

    /** An open block, loop or if while finding check points. */
    private static final class Frame {
        final boolean isIf;
        boolean containsLoop;
        int elseIndex = -1;

        Frame(boolean isLoop, boolean isIf) {
            this.containsLoop = isLoop;
            this.isIf = isIf;
        }
    }
}
