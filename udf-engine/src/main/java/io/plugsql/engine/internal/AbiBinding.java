package io.plugsql.engine.internal;

import static java.util.Objects.requireNonNull;

import io.plugsql.engine.AbiForm;

/**
 * How one function binds to its module: the form and export to call, which optional ABI exports
 * exist, and the memory limits its instances get.
 *
 * @param export name of the export called per batch (batch form) or per row (scalar form)
 * @param memoryMinPages initial pages of memory 0 (the module's declaration)
 * @param memoryMaxPages maximum pages: the smaller of the declared maximum and the function's limit;
 *     -1 when the module has no memory
 * @param tableMaxElements most elements each table may grow to (the engine's limit; lower declared maxima stay)
 */
record AbiBinding(
        AbiForm form,
        String export,
        boolean hasAlloc,
        boolean hasReset,
        boolean hasResultIsNull,
        boolean hasError,
        int memoryMinPages,
        int memoryMaxPages,
        int tableMaxElements) {
    AbiBinding {
        requireNonNull(form, "form is null");
        requireNonNull(export, "export is null");
    }

    /**
     * The same binding calling the scalar export {@code handler} instead of the batch form: valid when the
     * module exports it (the validator checked its type), since the batch form already needs the memory
     * and allocator that the scalar form's strings need.
     */
    AbiBinding scalarForm(String handler) {
        return new AbiBinding(AbiForm.SCALAR, handler, hasAlloc, hasReset, hasResultIsNull, hasError, memoryMinPages,
                memoryMaxPages, tableMaxElements);
    }

    boolean hasMemory() {
        return memoryMaxPages >= 0;
    }
}
