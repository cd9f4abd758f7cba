package io.plugsql.error;

/** Category of an error: who is at fault and whether retrying can help. */
public enum ErrorType {
    /** The user's statement, module or data is wrong; retrying the same request fails again. */
    USER_ERROR,
    /** A bug or broken invariant inside plugsql. */
    INTERNAL_ERROR,
    /** A sandbox limit or quota was reached (memory, time, fuel, stack, connections). */
    INSUFFICIENT_RESOURCES,
    /** A system outside plugsql failed (storage, network). */
    EXTERNAL,
}
