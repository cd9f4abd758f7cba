package io.plugsql.engine.internal.fuel;

import static java.util.Objects.requireNonNull;

/**
 * One decoded instruction of a function body: where its bytes are, its role in structured control
 * flow and its price.
 *
 * @param start offset of the opcode in the module
 * @param end offset just past the last immediate
 * @param kind role in structured control flow
 * @param cost static price in fuel units
 * @param dynamic run-time price computed from the instruction's last operand
 */
record Instruction(int start, int end, Kind kind, int cost, CostModel.DynamicCost dynamic) {
    /** Role of an instruction in structured control flow. */
    enum Kind {
        /** {@code block}: a branch to it continues after its {@code end}. */
        BLOCK,
        /** {@code loop}: a branch to it goes back to its header. */
        LOOP,
        /** {@code if}: its false edge goes to its {@code else} body or past its {@code end}. */
        IF,
        /** {@code else}: separates the two arms of an {@code if}. */
        ELSE,
        /** {@code end}: closes a block, loop, if or the function body. */
        END,
        /** {@code br}, {@code br_if}, {@code br_table}: may leave the function through its label. */
        BRANCH,
        /** {@code call}, {@code call_indirect}: the callee spends from the same counter. */
        CALL,
        /** {@code return}. */
        RETURN,
        /** Any other instruction. */
        OTHER,
    }

    Instruction {
        requireNonNull(kind, "kind is null");
        requireNonNull(dynamic, "dynamic is null");
        if (end <= start) {
            throw new IllegalArgumentException("empty instruction");
        }
        if (cost < 0) {
            throw new IllegalArgumentException("negative cost");
        }
    }
}
