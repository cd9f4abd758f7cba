package io.plugsql.engine.internal;

import io.plugsql.engine.UdfType;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.arrow.vector.FieldVector;

/**
 * Splits a batch into chunks whose buffers in guest memory stay near a byte budget, so a large batch
 * never needs a large guest memory. Every chunk but the last has a multiple of
 * {@link AbiV1#CHUNK_ROW_MULTIPLE} rows; a row larger than the budget still gets a chunk.
 */
final class ChunkPlanner {
    private final List<? extends FieldVector> args;
    private final int[] variableWidthArgs;
    private final long fixedBytesPerRow;
    private final long budget;

    /**
     * @param fixedBytesPerRow guest-memory bytes every row needs besides variable-width data
     * @param budget target bytes per chunk
     */
    ChunkPlanner(List<UdfType> types, List<? extends FieldVector> args, long fixedBytesPerRow, long budget) {
        this.args = args;
        this.variableWidthArgs = IntStream.range(0, types.size())
                .filter(i -> types.get(i).name().isVariableWidth())
                .toArray();
        this.fixedBytesPerRow = fixedBytesPerRow;
        this.budget = budget;
    }

    /** The end (exclusive) of the chunk starting at {@code start}. */
    int end(int start, int rows) {
        int multiple = AbiV1.CHUNK_ROW_MULTIPLE;
        if (variableWidthArgs.length == 0) {
            if (fixedBytesPerRow == 0) {
                return rows;
            }
            long count = Math.max(multiple, budget / fixedBytesPerRow / multiple * multiple);
            return (int) Math.min(rows, start + count);
        }
        long bytes = 0;
        int end = start;
        while (end < rows) {
            long rowBytes = fixedBytesPerRow;
            for (int arg : variableWidthArgs) {
                FieldVector vector = args.get(arg);
                rowBytes += vector.getOffsetBuffer().getInt((long) (end + 1) << 2)
                        - vector.getOffsetBuffer().getInt((long) end << 2);
            }
            if (bytes + rowBytes > budget && end - start >= multiple) {
                break;
            }
            bytes += rowBytes;
            end++;
        }
        return end < rows ? start + (end - start) / multiple * multiple : end;
    }
}
