package io.plugsql.engine.internal;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.InvalidException;
import com.dylibso.chicory.wasm.MalformedException;
import com.dylibso.chicory.wasm.UninstantiableException;
import com.dylibso.chicory.wasm.UnlinkableException;
import io.plugsql.engine.EngineErrorCode;
import io.plugsql.engine.GuestTrapException;
import io.plugsql.engine.InvalidModuleException;
import io.plugsql.engine.LimitExceededException;
import io.plugsql.engine.SandboxLimits;
import io.plugsql.engine.UdfException;
import io.plugsql.error.ErrorType;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * The one place where Chicory's (and the JVM's) exceptions become plugsql's typed errors, with the
 * function's name, version and row.
 */
final class GuestFailures {
    /** Why the caller stopped the guest thread, if it did. */
    enum StopReason {
        TIMEOUT,
        CANCELLED,
    }

    private GuestFailures() {}

    /** A failure while decoding or compiling a module. */
    static UdfException atLoad(Throwable failure, String function) {
        if (failure instanceof UdfException) {
            return (UdfException) failure;
        }
        if (failure instanceof InstrumentationRefused) {
            return new InvalidModuleException(EngineErrorCode.UNSUPPORTED_FEATURE, function, OptionalLong.empty(),
                    "function " + function + ": module cannot be metered for fuel: " + detail(failure), failure);
        }
        EngineErrorCode code;
        String what;
        if (failure instanceof MalformedException || failure instanceof InvalidException
                || !(failure instanceof ChicoryException)) {
            code = EngineErrorCode.MALFORMED_MODULE;
            what = "invalid WebAssembly module: ";
        } else if (failure instanceof UnlinkableException) {
            code = EngineErrorCode.IMPORT_NOT_ALLOWED;
            what = "module cannot be linked: ";
        } else if (failure instanceof UninstantiableException) {
            code = EngineErrorCode.INSTANTIATION_FAILED;
            what = "module cannot be instantiated: ";
        } else {
            code = EngineErrorCode.UNSUPPORTED_FEATURE; // the compiler refused a valid module
            what = "module cannot be compiled: ";
        }
        return new InvalidModuleException(code, function, OptionalLong.empty(),
                "function " + function + ": " + what + detail(failure), failure);
    }

    /** A failure of an invocation (or of the instantiation that preceded it). */
    static UdfException atRun(
            Throwable failure, StopReason reason, String function, Progress progress, SandboxLimits limits) {
        if (failure instanceof UdfException) {
            return (UdfException) failure;
        }
        if (failure instanceof UninstantiableException && failure.getCause() instanceof ChicoryException) {
            failure = failure.getCause(); // a trap in the start function: report the trap itself
        }
        OptionalLong row = progress.exactRow();
        if (failure instanceof AbiViolation && ((AbiViolation) failure).row() >= 0) {
            row = OptionalLong.of(((AbiViolation) failure).row());
        }
        String where = progress.where(row.orElse(-1));
        String name = "function " + function;
        if (reason == StopReason.TIMEOUT) {
            return new LimitExceededException(EngineErrorCode.TIMEOUT, function, row,
                    name + " exceeded its timeout of " + format(limits.timeout()) + where, failure);
        }
        if (reason == StopReason.CANCELLED || failure instanceof ChicoryInterruptedException
                || failure instanceof InterruptedException) {
            return new LimitExceededException(EngineErrorCode.CANCELLED, function, row,
                    name + " was cancelled" + where, failure);
        }
        if (failure instanceof LimitTrap) {
            LimitTrap trap = (LimitTrap) failure;
            if (trap.code() == EngineErrorCode.FUEL_EXHAUSTED) {
                return new LimitExceededException(EngineErrorCode.FUEL_EXHAUSTED, function, row,
                        name + " exhausted its fuel (" + limits.fuelPerRow() + " per row)" + where, trap.getCause());
            }
            EngineErrorCode code = trapCode((ChicoryException) trap.getCause());
            return new LimitExceededException(trap.code(), function, row,
                    name + " ran out of memory" + where + ": memory.grow was refused (memory limit "
                            + mebibytes(limits.maxMemoryBytes()) + "), then the guest trapped: "
                            + trapDetail(code, trap.getCause()), trap.getCause());
        }
        if (isStackExhausted(failure)) {
            return new LimitExceededException(EngineErrorCode.STACK_EXHAUSTED, function, row,
                    name + " exhausted its call stack (" + (limits.stackBytes() >> 10) + " KiB)" + where, failure);
        }
        if (failure instanceof OutOfMemoryError || failure instanceof org.apache.arrow.memory.OutOfMemoryException) {
            return new LimitExceededException(EngineErrorCode.MEMORY_EXHAUSTED, function, row,
                    name + " ran out of memory" + where + ": " + detail(failure), failure);
        }
        if (failure instanceof AbiViolation) {
            AbiViolation violation = (AbiViolation) failure;
            EngineErrorCode code = violation.code();
            if (code.toErrorCode().type() == ErrorType.INSUFFICIENT_RESOURCES) {
                String verb = code == EngineErrorCode.FUEL_EXHAUSTED ? " ran out of fuel"
                        : code == EngineErrorCode.RESULT_TOO_LARGE ? " returned too much data" : " ran out of guest memory";
                return new LimitExceededException(code, function, row, name + verb + where + ": " + violation.getMessage(),
                        null);
            }
            String verb = code == EngineErrorCode.GUEST_ERROR ? " failed" : " returned an invalid result";
            return new GuestTrapException(code, function, row, name + verb + where + ": " + violation.getMessage(), null);
        }
        if (failure instanceof UninstantiableException || failure instanceof UnlinkableException) {
            return new InvalidModuleException(EngineErrorCode.INSTANTIATION_FAILED, function, row,
                    name + " cannot be instantiated: " + detail(failure), failure);
        }
        if (failure instanceof ChicoryException) {
            EngineErrorCode code = trapCode((ChicoryException) failure);
            return new GuestTrapException(code, function, row, name + " trapped" + where + ": " + trapDetail(code, failure),
                    failure);
        }
        return new UdfException(EngineErrorCode.INTERNAL, function, row,
                name + " failed inside the engine" + where + ": " + detail(failure), failure);
    }

    static boolean isStackExhausted(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StackOverflowError) {
                return true;
            }
        }
        return failure instanceof ChicoryException && String.valueOf(failure.getMessage()).contains("call stack exhausted");
    }

    private static EngineErrorCode trapCode(ChicoryException failure) {
        String message = String.valueOf(failure.getMessage()).toLowerCase(Locale.ROOT);
        if (failure instanceof TrapException && message.contains("unreachable")) {
            return EngineErrorCode.TRAP_UNREACHABLE;
        }
        if (failure instanceof WasmRuntimeException) {
            if (message.contains("divide by zero")) {
                return EngineErrorCode.TRAP_DIVIDE_BY_ZERO;
            }
            if (message.contains("overflow") || message.contains("invalid conversion")) {
                return EngineErrorCode.TRAP_INTEGER_OVERFLOW;
            }
            if (message.contains("out of bounds")) {
                return EngineErrorCode.TRAP_OUT_OF_BOUNDS;
            }
        }
        return EngineErrorCode.TRAP;
    }

    private static String trapDetail(EngineErrorCode code, Throwable failure) {
        switch (code) {
            case TRAP_UNREACHABLE:
                return "unreachable executed";
            case TRAP_DIVIDE_BY_ZERO:
                return "integer divide by zero";
            case TRAP_INTEGER_OVERFLOW:
                return "integer overflow";
            default:
                return detail(failure);
        }
    }

    private static String detail(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }

    private static String mebibytes(long bytes) {
        return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : (bytes >> 10) + " KiB";
    }

    static String format(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? (millis / 1000) + "s" : millis + "ms";
    }
}
