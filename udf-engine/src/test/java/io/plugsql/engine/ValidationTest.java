package io.plugsql.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every reason {@link WasmEngine#load} refuses a module, each with its code and message. */
class ValidationTest extends EngineTestBase {
    static final UdfType BIGINT = Wasm.type(TypeName.BIGINT);
    static final UdfType VARCHAR = Wasm.type(TypeName.VARCHAR);
    static final byte[] NEG = Wasm.wat("(module (func (export \"neg\") (param i64) (result i64) (i64.sub (i64.const 0) (local.get 0))))");

    private static <T extends UdfException> T refused(Class<T> type, EngineErrorCode code, Executable load) {
        T e = assertThrows(type, load);
        assertEquals(code.toErrorCode(), e.getErrorCode(), e.getMessage());
        return e;
    }

    private static FunctionDefinition.Builder neg(byte[] module) {
        return Wasm.function("acme.neg", module, List.of(BIGINT), BIGINT).version(2);
    }

    @Test
    void malformedBytes() {
        InvalidModuleException e = refused(InvalidModuleException.class, EngineErrorCode.MALFORMED_MODULE,
                () -> engine.load(neg(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}).build()));
        assertTrue(e.getMessage().startsWith("function acme.neg v2: invalid WebAssembly module: "), e.getMessage());
        assertEquals("acme.neg v2", e.functionName());
    }

    @Test
    void truncatedBytes() {
        byte[] truncated = Arrays.copyOf(NEG, NEG.length - 3);
        InvalidModuleException e = refused(InvalidModuleException.class, EngineErrorCode.MALFORMED_MODULE,
                () -> engine.load(neg(truncated).build()));
        assertTrue(e.getMessage().startsWith("function acme.neg v2: invalid WebAssembly module: "), e.getMessage());
    }

    @Test
    void handlerMissing() {
        InvalidModuleException e = refused(InvalidModuleException.class, EngineErrorCode.HANDLER_NOT_FOUND,
                () -> engine.load(neg(NEG).handler("negate").build()));
        assertEquals("function acme.neg v2: module exports neither 'negate' nor 'negate_batch' (exported functions: [neg])",
                e.getMessage());
    }

    @Test
    void anyImportIsRefusedByName() {
        byte[] module = Wasm.wat("""
                (module (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
                  (func (export "neg") (param i64) (result i64) (local.get 0)))""");
        InvalidModuleException e = refused(InvalidModuleException.class, EngineErrorCode.IMPORT_NOT_ALLOWED,
                () -> engine.load(neg(module).build()));
        assertEquals("function acme.neg v2: module imports wasi_snapshot_preview1.fd_write (function);"
                + " no imports are granted to functions", e.getMessage());
    }

    @Test
    void declaredMemoryAboveTheCap() {
        byte[] module = Wasm.wat("(module (memory 400) (func (export \"neg\") (param i64) (result i64) (local.get 0)))");
        InvalidModuleException e = refused(InvalidModuleException.class, EngineErrorCode.MEMORY_DECLARATION_TOO_LARGE,
                () -> engine.load(neg(module).limits(SandboxLimits.DEFAULT).build()));
        assertEquals("function acme.neg v2: module declares a minimum memory of 400 pages (25 MiB),"
                + " above the function's memory limit of 256 pages (16 MiB)", e.getMessage());
    }

    @Test
    void quotaCapsTheFunctionsOwnLimit() {
        try (WasmEngine small = new WasmEngine(EngineConfig.defaults()
                .withQuota(EngineConfig.DEFAULT_QUOTA.withMaxMemoryBytes(1 << 20)))) {
            byte[] module = Wasm.wat("(module (memory 17) (func (export \"neg\") (param i64) (result i64) (local.get 0)))");
            InvalidModuleException e = refused(InvalidModuleException.class,
                    EngineErrorCode.MEMORY_DECLARATION_TOO_LARGE, () -> small.load(neg(module).build()));
            assertTrue(e.getMessage().endsWith("above the function's memory limit of 16 pages (1 MiB)"), e.getMessage());
        }
    }

    @Test
    void moduleTooLarge() {
        try (WasmEngine small = new WasmEngine(EngineConfig.defaults().withMaxModuleBytes(16))) {
            InvalidModuleException e = refused(InvalidModuleException.class, EngineErrorCode.MODULE_TOO_LARGE,
                    () -> small.load(neg(NEG).build()));
            assertEquals("function acme.neg v2: module of " + NEG.length + " bytes exceeds the limit of 16 bytes",
                    e.getMessage());
        }
    }

    @Test
    void unsupportedType() {
        InvalidModuleException e = refused(InvalidModuleException.class, EngineErrorCode.UNSUPPORTED_TYPE,
                () -> ArrowTypes.parseType("acme.f", "tinyint"));
        assertTrue(e.getMessage().startsWith("function acme.f: unsupported type TINYINT"), e.getMessage());
        assertTrue(e.getMessage().endsWith("supported: BOOLEAN, INTEGER, BIGINT, REAL, DOUBLE, DECIMAL(p<=18,s),"
                + " VARCHAR, VARBINARY, DATE, TIMESTAMP"), e.getMessage());
        refused(InvalidModuleException.class, EngineErrorCode.UNSUPPORTED_TYPE,
                () -> ArrowTypes.parseType("acme.f", "DECIMAL(30,2)"));
        assertEquals(UdfType.decimal(12, 2), ArrowTypes.parseType("acme.f", "decimal(12, 2)"));
    }

    @Test
    void scalarSignatureMismatchSaysBoth() {
        byte[] module = Wasm.wat("(module (func (export \"neg\") (param i32) (result i32) (local.get 0)))");
        SignatureMismatchException e = refused(SignatureMismatchException.class, EngineErrorCode.SIGNATURE_MISMATCH,
                () -> engine.load(neg(module).build()));
        assertEquals("function acme.neg v2: export 'neg' has Wasm type (i32) -> i32, but the declared signature"
                + " (BIGINT) -> BIGINT needs (i64) -> i64 (on_null_input = 'return_null')", e.getMessage());
    }

    @Test
    void callModeNeedsTheNullFlags() {
        SignatureMismatchException e = refused(SignatureMismatchException.class, EngineErrorCode.SIGNATURE_MISMATCH,
                () -> engine.load(neg(NEG).nullInputMode(NullInputMode.CALL).build()));
        assertTrue(e.getMessage().endsWith("needs (i32, i64) -> i64 (on_null_input = 'call')"), e.getMessage());
    }

    @Test
    void stringsNeedTwoI32sAndAnI64Result() {
        byte[] module = Wasm.withAllocator("(func (export \"up\") (param i32) (result i32) (local.get 0))");
        SignatureMismatchException e = refused(SignatureMismatchException.class, EngineErrorCode.SIGNATURE_MISMATCH,
                () -> engine.load(Wasm.function("acme.up", module, List.of(VARCHAR), VARCHAR).build()));
        assertTrue(e.getMessage().contains("has Wasm type (i32) -> i32, but the declared signature (VARCHAR) -> VARCHAR"
                + " needs (i32, i32) -> i64"), e.getMessage());
    }

    @Test
    void batchSignatureMismatch() {
        byte[] module = Wasm.withAllocator("(func (export \"neg_batch\") (param i32 i32) (result i32) (i32.const 0))");
        SignatureMismatchException e = refused(SignatureMismatchException.class, EngineErrorCode.SIGNATURE_MISMATCH,
                () -> engine.load(neg(module).build()));
        assertEquals("function acme.neg v2: export 'neg_batch' has Wasm type (i32, i32) -> i32, but the batch form"
                + " must be (i32, i32, i32) -> i32", e.getMessage());
    }

    @Test
    void scalarExportIsCheckedEvenWhenTheBatchFormRuns() {
        byte[] module = Wasm.withAllocator("""
                (func (export "neg") (param i64 i64) (result i64) (local.get 0))
                (func (export "neg_batch") (param i32 i32 i32) (result i32) (i32.const 0))""");
        SignatureMismatchException e = refused(SignatureMismatchException.class, EngineErrorCode.SIGNATURE_MISMATCH,
                () -> engine.load(neg(module).build()));
        assertEquals("function acme.neg v2: export 'neg' has Wasm type (i64, i64) -> i64, but the declared signature"
                + " (BIGINT) -> BIGINT needs (i64) -> i64 (on_null_input = 'return_null')", e.getMessage());
    }

    @Test
    void stringArgumentsNeedPlugsqlAlloc() {
        byte[] module = Wasm.wat("(module (memory 1) (func (export \"len\") (param i32 i32) (result i32) (local.get 1)))");
        InvalidModuleException e = refused(InvalidModuleException.class, EngineErrorCode.MISSING_ABI_EXPORT,
                () -> engine.load(Wasm.function("acme.len", module, List.of(VARCHAR), Wasm.type(TypeName.INTEGER)).build()));
        assertEquals("function acme.len: module must export plugsql_alloc (i32) -> i32 because VARCHAR/VARBINARY values"
                + " are written into guest memory", e.getMessage());
    }

    @Test
    void abiExportWithTheWrongType() {
        byte[] module = Wasm.wat("""
                (module (memory 1) (func (export "plugsql_alloc") (param i64) (result i32) (i32.const 0))
                  (func (export "len") (param i32 i32) (result i32) (local.get 1)))""");
        InvalidModuleException e = refused(InvalidModuleException.class, EngineErrorCode.MISSING_ABI_EXPORT,
                () -> engine.load(Wasm.function("acme.len", module, List.of(VARCHAR), Wasm.type(TypeName.INTEGER)).build()));
        assertEquals("function acme.len: ABI export 'plugsql_alloc' has Wasm type (i64) -> i32, but ABI v1 defines it"
                + " as (i32) -> i32", e.getMessage());
    }

    @Test
    void dataSegmentOutsideMemory() {
        byte[] module = Wasm.wat("(module (memory 1) (data (i32.const 65534) \"abcd\")"
                + " (func (export \"neg\") (param i64) (result i64) (local.get 0)))");
        InvalidModuleException e = refused(InvalidModuleException.class, EngineErrorCode.INSTANTIATION_FAILED,
                () -> engine.load(neg(module).build()));
        assertTrue(e.getMessage().startsWith("function acme.neg v2 cannot be instantiated: out of bounds memory access"),
                e.getMessage());
    }

    @Test
    void trappingStartFunction() {
        byte[] module = Wasm.wat("(module (func $start unreachable) (start $start)"
                + " (func (export \"neg\") (param i64) (result i64) (local.get 0)))");
        InvalidModuleException e = refused(InvalidModuleException.class, EngineErrorCode.INSTANTIATION_FAILED,
                () -> engine.load(neg(module).build()));
        assertEquals("function acme.neg v2 trapped while instantiating the module: unreachable executed", e.getMessage());
    }
}
