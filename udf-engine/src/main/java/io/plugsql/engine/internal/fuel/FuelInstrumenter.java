package io.plugsql.engine.internal.fuel;

import static java.util.Objects.requireNonNull;

/**
 * Rewrites a WebAssembly module so that it meters its own execution against a fuel counter, which
 * holds in Chicory's compiler as well as in its interpreter because the metering is Wasm code.
 *
 * <p>The result has one more global, a mutable i64 appended after all existing globals (so no
 * index moves) and exported as {@value #FUEL_EXPORT}. It holds the remaining fuel: the host sets it
 * before a call and reads it after (see {@link FuelMeter}). Every function entry, loop header and
 * landing point after a loop subtracts the price of the code up to the next such check point and
 * executes {@code unreachable} when the counter goes negative; see {@code docs/ABI.md} ("Fuel") for the cost
 * model. The global's initial value
 * is the budget of the instantiation itself, i.e. of the module's start function, which runs before
 * the host can touch the instance.
 *
 * <pre>{@code
 * byte[] metered = FuelInstrumenter.instrument(moduleBytes, 1_000_000);
 * Instance instance = Instance.builder(Parser.parse(metered)).withInitialize(false).build();
 * instance.initialize(false); // runs the start section on the initial fuel
 * FuelMeter meter = FuelMeter.of(instance);
 * meter.set(budget);
 * instance.export("f").apply(args);
 * }</pre>
 *
 * <p>Modules using SIMD, threads, tail calls, exception handling, GC, typed function references or
 * 64-bit memories are refused with an {@link IllegalArgumentException}, as are malformed modules; the
 * instrumenter decodes every instruction and never guesses a length.
 */
public final class FuelInstrumenter {
    /** Export name of the fuel counter global. */
    public static final String FUEL_EXPORT = "plugsql_fuel";

    private static final int EXTERNAL_GLOBAL = 0x03;

    private FuelInstrumenter() {}

    /**
     * Returns the metered form of {@code module}.
     *
     * @param module a WebAssembly binary module
     * @param initialFuel initial value of the fuel counter: the budget of the start function
     * @throws IllegalArgumentException if the module is malformed, uses an unsupported feature or
     *     already exports {@value #FUEL_EXPORT}
     */
    public static byte[] instrument(byte[] module, long initialFuel) {
        requireNonNull(module, "module is null");
        if (initialFuel < 0) {
            throw new IllegalArgumentException("initial fuel is negative: " + initialFuel);
        }
        ModuleLayout layout = ModuleLayout.read(module);
        int fuelGlobal = layout.globalCount();
        InstructionDecoder decoder = new InstructionDecoder(layout.typeCount(), fuelGlobal);
        FunctionRewriter rewriter = new FunctionRewriter(decoder, fuelGlobal);

        WasmWriter out = new WasmWriter(module.length + layout.definedFunctionCount() * 48 + 64);
        out.writeBytes(ModuleLayout.MAGIC).writeBytes(ModuleLayout.VERSION);
        boolean globalWritten = false;
        boolean exportWritten = false;
        for (ModuleLayout.Section section : layout.sections()) {
            if (!section.isCustom()) {
                if (!globalWritten && ModuleLayout.rank(section.id()) > ModuleLayout.rank(ModuleLayout.GLOBAL)) {
                    out.writeSection(ModuleLayout.GLOBAL, globals(module, null, initialFuel));
                    globalWritten = true;
                }
                if (!exportWritten && ModuleLayout.rank(section.id()) > ModuleLayout.rank(ModuleLayout.EXPORT)) {
                    out.writeSection(ModuleLayout.EXPORT, exports(module, null, fuelGlobal));
                    exportWritten = true;
                }
            }
            switch (section.isCustom() ? -1 : section.id()) {
                case ModuleLayout.GLOBAL:
                    out.writeSection(ModuleLayout.GLOBAL, globals(module, section, initialFuel));
                    globalWritten = true;
                    break;
                case ModuleLayout.EXPORT:
                    out.writeSection(ModuleLayout.EXPORT, exports(module, section, fuelGlobal));
                    exportWritten = true;
                    break;
                case ModuleLayout.CODE:
                    out.writeSection(ModuleLayout.CODE, code(module, section, layout, rewriter));
                    break;
                default:
                    out.writeByte(section.id());
                    out.writeU32(section.end() - section.start());
                    out.writeBytes(module, section.start(), section.end() - section.start());
                    break;
            }
        }
        if (!globalWritten) {
            out.writeSection(ModuleLayout.GLOBAL, globals(module, null, initialFuel));
        }
        if (!exportWritten) {
            out.writeSection(ModuleLayout.EXPORT, exports(module, null, fuelGlobal));
        }
        return out.toByteArray();
    }

    /** The global section with the fuel global appended (created if {@code section} is null). */
    private static WasmWriter globals(byte[] module, ModuleLayout.Section section, long initialFuel) {
        WasmWriter payload = new WasmWriter(16);
        appendAfterCount(module, section, payload);
        payload.writeByte(0x7E).writeByte(0x01); // mutable i64
        payload.writeByte(0x42).writeS64(initialFuel).writeByte(0x0B); // i64.const initialFuel; end
        return payload;
    }

    /** The export section with the fuel global's export appended (created if absent). */
    private static WasmWriter exports(byte[] module, ModuleLayout.Section section, int fuelGlobal) {
        WasmWriter payload = new WasmWriter(32);
        appendAfterCount(module, section, payload);
        payload.writeName(FUEL_EXPORT).writeByte(EXTERNAL_GLOBAL).writeU32(fuelGlobal);
        return payload;
    }

    /** Writes the section's entry count plus one, then its original entries. */
    private static void appendAfterCount(byte[] module, ModuleLayout.Section section, WasmWriter payload) {
        if (section == null) {
            payload.writeU32(1);
            return;
        }
        WasmReader in = new WasmReader(module, section.start(), section.end());
        long count = in.readU32();
        payload.writeU32(count + 1);
        payload.writeBytes(module, in.position(), section.end() - in.position());
    }

    private static WasmWriter code(
            byte[] module, ModuleLayout.Section section, ModuleLayout layout, FunctionRewriter rewriter) {
        WasmReader in = new WasmReader(module, section.start(), section.end());
        int count = in.readIndex("function body count");
        if (count != layout.definedFunctionCount()) {
            throw in.malformed("function and code section counts differ: "
                    + layout.definedFunctionCount() + " and " + count);
        }
        WasmWriter payload = new WasmWriter(section.end() - section.start() + count * 48 + 8);
        payload.writeU32(count);
        for (int i = 0; i < count; i++) {
            int size = in.readIndex("function body size");
            int start = in.skip(size);
            int functionIndex = layout.importedFunctionCount() + i;
            try {
                rewriter.rewrite(module, start, start + size, layout.definedParamCount(i), payload);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("function " + functionIndex + ": " + e.getMessage(), e);
            }
        }
        if (in.hasMore()) {
            throw in.malformed("bytes after the last function body");
        }
        return payload;
    }
}
