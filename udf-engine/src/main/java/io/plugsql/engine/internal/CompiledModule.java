package io.plugsql.engine.internal;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.runtime.TableInstance;
import com.dylibso.chicory.wasm.UninstantiableException;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.Table;
import com.dylibso.chicory.wasm.types.TableLimits;
import io.plugsql.engine.ExecutionMode;
import io.plugsql.engine.internal.fuel.FuelMeter;
import java.util.function.Function;

/** A module compiled once (the compile cache's value), from which every function's instances are built. */
final class CompiledModule {
    private final WasmModule module;
    private final Function<Instance, Machine> machineFactory;
    private final ExecutionMode mode;
    private final ModuleShape shape;
    private final boolean metered;

    /**
     * @param machineFactory compiled code, or null to interpret
     * @param metered whether the module was rewritten to meter fuel
     */
    CompiledModule(WasmModule module, Function<Instance, Machine> machineFactory, ExecutionMode mode, ModuleShape shape,
            boolean metered) {
        this.module = module;
        this.metered = metered;
        this.machineFactory = machineFactory;
        this.mode = mode;
        this.shape = shape;
    }

    ExecutionMode mode() {
        return mode;
    }

    ModuleShape shape() {
        return shape;
    }

    /**
     * Builds a new instance with a flat memory capped as the binding says; runs data segment
     * initialisation and the start function, so call it on a guest thread. The start function spends
     * the fuel the counter starts with; a trap there is explained like a trap in a call.
     */
    GuestInstance instantiate(AbiBinding binding) {
        // Initialized separately so that the instance (its fuel counter, its memory) outlives a trapping start.
        Instance.Builder builder = Instance.builder(module).withMemoryFactory(FlatMemory::new).withInitialize(false)
                .withTableFactory((table, initialRef) -> new TableInstance(capped(table, binding.tableMaxElements()), initialRef));
        if (binding.hasMemory()) {
            // withMemoryLimits replaces the module's own limits: the binding keeps its minimum.
            builder.withMemoryLimits(new MemoryLimits(binding.memoryMinPages(), binding.memoryMaxPages()));
        }
        if (machineFactory != null) {
            builder.withMachineFactory(machineFactory);
        }
        Instance instance = builder.build();
        FlatMemory memory = binding.hasMemory() ? (FlatMemory) instance.memory() : null;
        try {
            instance.initialize(false);
        } catch (RuntimeException e) {
            Throwable trap = e instanceof UninstantiableException && e.getCause() instanceof RuntimeException ? e.getCause() : e;
            RuntimeException explained = GuestInstance.limitCause((RuntimeException) trap, meterOrNull(instance), memory);
            throw explained instanceof LimitTrap ? explained : e;
        }
        return new GuestInstance(instance, binding, metered ? FuelMeter.of(instance) : null);
    }

    /**
     * A copy of the module's table declaration with its maximum capped: each instance gets its own, since
     * Chicory's {@code table.grow} raises the declaration's minimum in place (a shared one would make
     * one instance's growth every later instance's starting size).
     */
    private static Table capped(Table table, int maxElements) {
        TableLimits declared = table.limits();
        return new Table(table.elementType(), new TableLimits(declared.min(), Math.min(declared.max(), maxElements)),
                table.initialize());
    }

    /** The fuel counter of an instance whose initialization failed: absent if its globals were never created. */
    private FuelMeter meterOrNull(Instance instance) {
        if (!metered) {
            return null;
        }
        try {
            FuelMeter meter = FuelMeter.of(instance);
            meter.remaining();
            return meter;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
