package io.plugsql.engine.internal.fuel;

/**
 * Fuel prices of WebAssembly instructions; docs/ABI.md ("Fuel") explains the reasoning.
 *
 * <p>Every instruction costs {@link #DEFAULT} except the structural markers (free: they compile to
 * no work), calls (argument passing and a frame in the interpreter, plus a table lookup and a
 * signature check when indirect), and the operations whose work grows with an operand: those pay a
 * fixed price here plus a {@link DynamicCost} charged at run time from the operand's value.
 */
final class CostModel {
    /** Price of an ordinary instruction. */
    static final int DEFAULT = 1;
    /** Price of {@code block}, {@code loop}, {@code else}, {@code end} and {@code nop}. */
    static final int STRUCTURAL = 0;
    /** Price of {@code call}, besides what the callee's body costs. */
    static final int CALL = 5;
    /** Price of {@code call_indirect}. */
    static final int CALL_INDIRECT = 10;
    /** Fixed part of {@code memory.grow}, {@code memory.fill/copy/init} and the table bulk operations. */
    static final int BULK = 5;
    /** log2 of the number of bytes one unit of fuel buys in a bulk memory operation (16 bytes). */
    static final int BYTES_PER_UNIT_SHIFT = 4;
    /** log2 of the fuel charged per page added by {@code memory.grow}: 64 KiB at 16 bytes a unit. */
    static final int UNITS_PER_PAGE_SHIFT = 16 - BYTES_PER_UNIT_SHIFT;

    /** Run-time part of an instruction's price, computed from its last (i32) operand. */
    enum DynamicCost {
        /** Costs nothing beyond its static price. */
        NONE,
        /** Length in bytes ({@code memory.fill/copy/init}): one unit per 16 bytes, rounded down. */
        BYTES,
        /** Pages added ({@code memory.grow}): the new memory is zeroed, priced as 64 KiB of bytes. */
        PAGES,
        /** Elements ({@code table.fill/copy/init/grow}): one unit per element. */
        ELEMENTS,
    }

    private CostModel() {}
}
