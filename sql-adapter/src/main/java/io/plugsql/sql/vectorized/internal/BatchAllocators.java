package io.plugsql.sql.vectorized.internal;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The process-wide Arrow root allocator of vectorized execution; every operator execution takes a
 * child of it, closed when the execution ends, so the root returns to zero between statements.
 */
public final class BatchAllocators {
    private static final BufferAllocator ROOT = new RootAllocator(Long.MAX_VALUE);

    private BatchAllocators() {}

    /** The root; tests read {@code getAllocatedMemory()} and {@code getChildAllocators()} on it. */
    public static BufferAllocator root() {
        return ROOT;
    }
}
