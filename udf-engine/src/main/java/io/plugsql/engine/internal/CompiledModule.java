package io.plugsql.engine.internal;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import io.plugsql.engine.ExecutionMode;
import java.util.function.Function;

/** A module compiled once (the compile cache's value), from which every function's instances are built. */
final class CompiledModule {
    private final WasmModule module;
    private final Function<Instance, Machine> machineFactory;
    private final ExecutionMode mode;
    private final ModuleShape shape;

    /** @param machineFactory compiled code, or null to interpret */
    CompiledModule(WasmModule module, Function<Instance, Machine> machineFactory, ExecutionMode mode, ModuleShape shape) {
        this.module = module;
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
     * initialisation and the start function, so call it on a guest thread.
     */
    GuestInstance instantiate(AbiBinding binding) {
        Instance.Builder builder = Instance.builder(module).withMemoryFactory(FlatMemory::new);
        if (binding.hasMemory()) {
            // withMemoryLimits replaces the module's own limits: the binding keeps its minimum.
            builder.withMemoryLimits(new MemoryLimits(binding.memoryMinPages(), binding.memoryMaxPages()));
        }
        if (machineFactory != null) {
            builder.withMachineFactory(machineFactory);
        }
        return new GuestInstance(builder.build(), binding);
    }
}
