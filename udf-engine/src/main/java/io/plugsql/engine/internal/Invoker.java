package io.plugsql.engine.internal;

import java.util.List;
import org.apache.arrow.vector.FieldVector;

/** Runs one batch through a guest instance in one of ABI v1's forms; called on a guest thread. */
interface Invoker {
    /**
     * Fills {@code result} (empty, allocated from the caller's allocator) with {@code rows} values.
     *
     * @throws RuntimeException Chicory traps and {@link AbiViolation}s, translated by {@link GuestFailures}
     */
    void invoke(GuestInstance guest, List<? extends FieldVector> args, int rows, FieldVector result, Progress progress);
}
