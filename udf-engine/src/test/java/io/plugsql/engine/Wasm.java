package io.plugsql.engine;

import com.dylibso.chicory.wabt.Wat2Wasm;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Assembles test modules from WAT text with Chicory's pure-Java wabt. */
final class Wasm {
    /** A bump allocator over memory 0 from address 1024, growing memory as needed, reset by plugsql_reset. */
    static final String ALLOCATOR = """
            (global $heap (mut i32) (i32.const 1024))
            (func $alloc (export "plugsql_alloc") (param $size i32) (result i32)
              (local $ptr i32) (local $end i32) (local $have i32)
              (local.set $ptr (global.get $heap))
              (local.set $end (i32.and (i32.add (i32.add (local.get $ptr) (local.get $size)) (i32.const 7)) (i32.const -8)))
              (local.set $have (i32.shl (memory.size) (i32.const 16)))
              (if (i32.gt_u (local.get $end) (local.get $have))
                (then
                  (if (i32.eq (memory.grow (i32.add (i32.shr_u (i32.sub (local.get $end) (local.get $have)) (i32.const 16)) (i32.const 1)))
                              (i32.const -1))
                    (then (return (i32.const 0))))))
              (global.set $heap (local.get $end))
              (local.get $ptr))
            (func (export "plugsql_reset") (global.set $heap (i32.const 1024)))
            """;

    private Wasm() {}

    /** Assembled modules by text: wat2wasm runs as Wasm itself, so each distinct text is assembled once per run. */
    private static final Map<String, byte[]> ASSEMBLED = new ConcurrentHashMap<>();

    static byte[] wat(String text) {
        return ASSEMBLED.computeIfAbsent(text, Wat2Wasm::parse).clone();
    }

    /** A module with one memory page, the bump allocator and the given functions. */
    static byte[] withAllocator(String functions) {
        return wat("(module (memory (export \"memory\") 1)\n" + ALLOCATOR + functions + ")");
    }

    static FunctionDefinition.Builder function(String name, byte[] module, List<UdfType> parameters, UdfType result) {
        return FunctionDefinition.builder(name, module).signature(new Signature(parameters, result));
    }

    static UdfType type(TypeName name) {
        return UdfType.of(name);
    }
}
