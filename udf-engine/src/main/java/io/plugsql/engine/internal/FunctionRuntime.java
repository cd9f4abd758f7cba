package io.plugsql.engine.internal;

import io.plugsql.engine.AbiForm;
import io.plugsql.engine.ArrowTypes;
import io.plugsql.engine.EngineErrorCode;
import io.plugsql.engine.FunctionDefinition;
import io.plugsql.engine.FunctionInfo;
import io.plugsql.engine.GuestTrapException;
import io.plugsql.engine.InstanceLease;
import io.plugsql.engine.InvalidModuleException;
import io.plugsql.engine.LimitExceededException;
import io.plugsql.engine.RowCaller;
import io.plugsql.engine.UdfException;
import io.plugsql.engine.UdfType;
import io.plugsql.engine.WasmFunction;
import io.plugsql.engine.internal.GuestExecutor.Outcome;
import io.plugsql.engine.internal.fuel.FuelMeter;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.RejectedExecutionException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/**
 * A loaded function: its binding, instance pool and invoker; each invocation runs on a guest thread,
 * on its lease's instance or an initial one from the pool. A failed invocation's instance is dropped.
 */
final class FunctionRuntime implements WasmFunction {
    private final FunctionDefinition definition;
    private final FunctionInfo info;
    private final CompiledModule module;
    private final AbiBinding binding;
    private final Invoker invoker;
    private final InstancePool pool;
    private final GuestExecutor executor;
    private final String function;
    private volatile boolean closed;

    FunctionRuntime(FunctionDefinition definition, FunctionInfo info, CompiledModule module, AbiBinding binding,
            Invoker invoker, InstancePool pool, GuestExecutor executor) {
        this.definition = definition;
        this.info = info;
        this.module = module;
        this.binding = binding;
        this.invoker = invoker;
        this.pool = pool;
        this.executor = executor;
        this.function = definition.displayName();
    }

    /**
     * Creates the first instance at load time (data segments, start function), under the function's
     * limits; a failure there is a module the function cannot use.
     */
    void warmUp() {
        acquire();
        GuestInstance[] created = new GuestInstance[1];
        Progress progress = new Progress();
        progress.instantiating(true);
        Outcome outcome = run(() -> created[0] = module.instantiate(binding));
        pool.releasePermit();
        if (outcome.failure() == null) {
            pool.offerIdle(created[0]);
        } else {
            UdfException error = GuestFailures.atRun(
                    outcome.failure(), outcome.stopReason(), function, progress, info.effectiveLimits());
            if (error instanceof GuestTrapException) {
                throw new InvalidModuleException(EngineErrorCode.INSTANTIATION_FAILED, function, OptionalLong.empty(),
                        error.getMessage(), error);
            }
            throw error;
        }
    }

    @Override
    public FunctionDefinition definition() {
        return definition;
    }

    @Override
    public FunctionInfo info() {
        return info;
    }

    @Override
    public FieldVector invoke(List<? extends FieldVector> arguments, int rowCount, BufferAllocator allocator) {
        try (InstanceLease lease = lease()) {
            return lease.invoke(arguments, rowCount, allocator);
        }
    }

    @Override
    public InstanceLease lease() {
        return new StatementLease(this);
    }

    /** Puts an instance a lease no longer needs back into its initial state and the pool; else drops it. */
    void recycle(GuestInstance instance) {
        if (!closed && instance.resetToInitial()) {
            pool.offerIdle(instance);
        }
    }

    /** An invocation on the lease's instance, or on an initial one when it holds none. */
    FieldVector invoke(StatementLease lease, List<? extends FieldVector> arguments, int rowCount,
            BufferAllocator allocator) {
        if (closed) {
            throw new UdfException(EngineErrorCode.FUNCTION_CLOSED, function, OptionalLong.empty(),
                    "function " + function + " is closed", null);
        }
        checkArguments(arguments, rowCount);
        FieldVector result = ArrowTypes.vectorFor(definition.signature().result(), definition.name(), allocator);
        try {
            if (rowCount == 0) {
                result.allocateNew();
                result.setValueCount(0);
                return result;
            }
            invokeOnGuest(lease, arguments, rowCount, result);
            return result;
        } catch (RuntimeException | Error e) {
            result.close();
            throw e;
        }
    }

    private void invokeOnGuest(StatementLease lease, List<? extends FieldVector> arguments, int rowCount,
            FieldVector result) {
        acquire();
        GuestInstance held = lease.take();
        GuestInstance[] guest = {held != null ? held : pool.pollIdle()};
        Progress progress = new Progress();
        Outcome outcome;
        try {
            outcome = run(() -> {
                if (guest[0] == null) {
                    progress.instantiating(true);
                    guest[0] = module.instantiate(binding);
                    progress.instantiating(false);
                }
                guest[0].begin(FuelMeter.budget(info.effectiveLimits().fuelPerRow(), rowCount));
                try {
                    invoker.invoke(guest[0], arguments, rowCount, result, progress);
                } catch (RuntimeException e) {
                    throw guest[0].explain(e);
                }
            });
        } finally {
            pool.releasePermit();
        }
        if (outcome.failure() == null) {
            lease.park(guest[0]);
        } else {
            throw GuestFailures.atRun(outcome.failure(), outcome.stopReason(), function, progress, info.effectiveLimits());
        }
    }

    private Outcome run(Runnable body) {
        try {
            return executor.run(info.effectiveLimits().stackBytes(), info.effectiveLimits().timeout(), body);
        } catch (RejectedExecutionException e) {
            throw new UdfException(EngineErrorCode.FUNCTION_CLOSED, function, OptionalLong.empty(),
                    "function " + function + " cannot run: its engine is closed", e);
        }
    }

    private void acquire() {
        try {
            pool.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LimitExceededException(EngineErrorCode.CANCELLED, function, OptionalLong.empty(),
                    "function " + function + " was cancelled while waiting for an instance", e);
        }
    }

    private void checkArguments(List<? extends FieldVector> arguments, int rowCount) {
        List<UdfType> parameters = definition.signature().parameters();
        if (rowCount < 0) {
            throw badArguments("row count " + rowCount + " is negative");
        }
        if (arguments.size() != parameters.size()) {
            throw badArguments("expects " + parameters.size() + " arguments, got " + arguments.size());
        }
        for (int i = 0; i < parameters.size(); i++) {
            FieldVector vector = arguments.get(i);
            if (!ArrowTypes.matches(parameters.get(i), vector)) {
                throw badArguments("argument " + (i + 1) + " must be a vector of " + ArrowTypes.arrowType(parameters.get(i))
                        + " for " + parameters.get(i) + ", got " + vector.getField().getType());
            }
            if (vector.getValueCount() < rowCount) {
                throw badArguments("argument " + (i + 1) + " has " + vector.getValueCount() + " values, fewer than the "
                        + rowCount + " rows asked for");
            }
        }
    }

    private UdfException badArguments(String detail) {
        return new UdfException(EngineErrorCode.INVALID_ARGUMENTS, function, OptionalLong.empty(),
                "function " + function + ": " + detail, null);
    }

    /** A caller of the scalar export on the calling thread; its calls' timeouts are enforced by {@code watchdog}. */
    RowCaller rowCaller(CallWatchdog watchdog) {
        if (closed) {
            throw new UdfException(EngineErrorCode.FUNCTION_CLOSED, function, OptionalLong.empty(),
                    "function " + function + " is closed", null);
        }
        AbiBinding scalar = binding;
        if (info.form() != AbiForm.SCALAR) {
            if (!module.shape().functions().containsKey(definition.handler())) {
                throw new UdfException(EngineErrorCode.UNSUPPORTED_FEATURE, function, OptionalLong.empty(),
                        "function " + function + " exports only the batch form " + binding.export()
                                + "; a row-at-a-time caller needs the scalar export " + definition.handler(), null);
            }
            scalar = binding.scalarForm(definition.handler());
        }
        return new DirectRowCaller(definition, info, module, scalar, executor, watchdog);
    }

    @Override
    public void close() {
        closed = true;
        pool.close();
    }
}
