package io.plugsql.engine;

import io.plugsql.error.ErrorCode;
import io.plugsql.error.ErrorCodeSupplier;
import io.plugsql.error.ErrorType;

/** Error codes of the udf-engine module (offset {@code 0x0100_0000}), one per kind of failure. */
public enum EngineErrorCode implements ErrorCodeSupplier {
    /** The module is larger than {@link EngineConfig#maxModuleBytes()}. */
    MODULE_TOO_LARGE(1, ErrorType.USER_ERROR),
    /** The bytes are not a valid WebAssembly module (malformed, truncated or failing validation). */
    MALFORMED_MODULE(2, ErrorType.USER_ERROR),
    /** Neither the handler export nor its batch form {@code <handler>_batch} is exported. */
    HANDLER_NOT_FOUND(3, ErrorType.USER_ERROR),
    /** The module imports something; no import is ever satisfied. */
    IMPORT_NOT_ALLOWED(4, ErrorType.USER_ERROR),
    /** The module's declared minimum memory is above the function's memory limit. */
    MEMORY_DECLARATION_TOO_LARGE(5, ErrorType.USER_ERROR),
    /** A SQL type that ABI v1 cannot pass. */
    UNSUPPORTED_TYPE(6, ErrorType.USER_ERROR),
    /** A module feature the engine does not run (shared memory, several memories, a function the compiler refuses). */
    UNSUPPORTED_FEATURE(7, ErrorType.USER_ERROR),
    /** An export the ABI needs for this signature is missing or has the wrong type ({@code plugsql_alloc}, ...). */
    MISSING_ABI_EXPORT(8, ErrorType.USER_ERROR),
    /** Instantiation failed: a data segment out of range, a trap in the start function. */
    INSTANTIATION_FAILED(9, ErrorType.USER_ERROR),
    /** The export's Wasm type does not match the declared SQL signature. */
    SIGNATURE_MISMATCH(10, ErrorType.USER_ERROR),
    /** The guest executed {@code unreachable}. */
    TRAP_UNREACHABLE(11, ErrorType.USER_ERROR),
    /** Integer division or remainder by zero. */
    TRAP_DIVIDE_BY_ZERO(12, ErrorType.USER_ERROR),
    /** Integer overflow (division of the minimum value by -1) or invalid float-to-int conversion. */
    TRAP_INTEGER_OVERFLOW(13, ErrorType.USER_ERROR),
    /** A load or store outside linear memory. */
    TRAP_OUT_OF_BOUNDS(14, ErrorType.USER_ERROR),
    /** Any other trap (indirect call type mismatch, undefined table element, ...). */
    TRAP(15, ErrorType.USER_ERROR),
    /** The batch form returned nonzero; the message is the guest's {@code plugsql_error()}. */
    GUEST_ERROR(16, ErrorType.USER_ERROR),
    /** The guest returned an invalid result: pointer or length outside memory, bad offsets, invalid UTF-8, DECIMAL overflow. */
    INVALID_RESULT(17, ErrorType.USER_ERROR),
    /** The invocation ran longer than the function's wall-clock timeout. */
    TIMEOUT(18, ErrorType.INSUFFICIENT_RESOURCES),
    /** The calling thread was interrupted (statement cancelled); the guest was stopped. */
    CANCELLED(19, ErrorType.USER_ERROR),
    /** The instruction budget (fuel) ran out. */
    FUEL_EXHAUSTED(20, ErrorType.INSUFFICIENT_RESOURCES),
    /** The guest's call stack exceeded the guest thread's stack. */
    STACK_EXHAUSTED(21, ErrorType.INSUFFICIENT_RESOURCES),
    /**
     * Guest memory could not grow ({@code plugsql_alloc} failed, or the guest trapped after {@code memory.grow}
     * was refused at the limit) or a host buffer could not be allocated.
     */
    MEMORY_EXHAUSTED(22, ErrorType.INSUFFICIENT_RESOURCES),
    /** The caller passed vectors that do not match the signature (a bug in the caller). */
    INVALID_ARGUMENTS(23, ErrorType.INTERNAL_ERROR),
    /** The function or engine was closed. */
    FUNCTION_CLOSED(24, ErrorType.INTERNAL_ERROR),
    /** An unexpected failure inside the engine. */
    INTERNAL(25, ErrorType.INTERNAL_ERROR),
    /** The module declares more tables than {@link EngineConfig#MAX_TABLES}, or a table larger than {@link EngineConfig#maxTableElements()}. */
    TABLE_DECLARATION_TOO_LARGE(26, ErrorType.USER_ERROR),
    /** One invocation's VARCHAR/VARBINARY results passed {@link EngineConfig#maxResultBytes()}. */
    RESULT_TOO_LARGE(27, ErrorType.INSUFFICIENT_RESOURCES);

    /** First code of this module. */
    public static final int OFFSET = 0x0100_0000;

    private final ErrorCode errorCode;

    EngineErrorCode(int code, ErrorType type) {
        this.errorCode = new ErrorCode(OFFSET + code, name(), type);
    }

    @Override
    public ErrorCode toErrorCode() {
        return errorCode;
    }
}
