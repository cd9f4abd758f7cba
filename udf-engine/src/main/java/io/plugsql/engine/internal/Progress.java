package io.plugsql.engine.internal;

import java.util.OptionalLong;

/**
 * Where an invocation is, written by the guest thread and read by the caller after the guest thread
 * finished (the executor's monitor orders the two), so errors can name the row.
 */
final class Progress {
    private boolean instantiating;
    private int row = -1;
    private int chunkStart = -1;
    private int chunkEnd = -1;

    void instantiating(boolean value) {
        instantiating = value;
    }

    /** The scalar loop is at this row. */
    void row(int value) {
        row = value;
    }

    /** A batch call covers rows {@code [start, end)}. */
    void chunk(int start, int end) {
        chunkStart = start;
        chunkEnd = end;
        row = -1;
    }

    OptionalLong exactRow() {
        return !instantiating && row >= 0 ? OptionalLong.of(row) : OptionalLong.empty();
    }

    /** Text to follow the verb in a message: " at row 17", " in rows 0..4095", " while instantiating". */
    String where(long exactRow) {
        if (instantiating) {
            return " while instantiating the module";
        }
        if (exactRow >= 0) {
            return " at row " + exactRow;
        }
        if (chunkStart >= 0) {
            return " in rows " + chunkStart + ".." + (chunkEnd - 1);
        }
        return "";
    }
}
