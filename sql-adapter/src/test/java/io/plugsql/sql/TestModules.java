package io.plugsql.sql;

/** WAT modules and module parts shared by SQL tests. */
public final class TestModules {
    /**
     * A bump allocator from address 1024, growing memory as needed, rewound by {@code plugsql_reset}:
     * the functions {@code $alloc} (exported as {@code plugsql_alloc}) and {@code plugsql_reset} and
     * their global, to put inside a {@code (module ...)} that declares a memory.
     */
    public static final String BUMP_ALLOCATOR = """
              (global $heap (mut i32) (i32.const 1024))
              (func $alloc (export "plugsql_alloc") (param $size i32) (result i32)
                (local $ptr i32) (local $end i32) (local $have i32)
                (local.set $ptr (global.get $heap))
                (local.set $end (i32.add (local.get $ptr) (local.get $size)))
                (local.set $have (i32.shl (memory.size) (i32.const 16)))
                (if (i32.gt_u (local.get $end) (local.get $have))
                  (then (drop (memory.grow (i32.add (i32.shr_u (i32.sub (local.get $end) (local.get $have))
                      (i32.const 16)) (i32.const 1))))))
                (global.set $heap (local.get $end))
                (local.get $ptr))
              (func (export "plugsql_reset") (global.set $heap (i32.const 1024)))""";

    /** {@code twice(s)}: the argument's bytes twice (VARCHAR or VARBINARY), written with the bump allocator. */
    public static final String TWICE = """
            (module
              (memory 1)
            """ + BUMP_ALLOCATOR + """

              (func (export "twice") (param $p i32) (param $n i32) (result i64)
                (local $out i32)
                (local.set $out (call $alloc (i32.shl (local.get $n) (i32.const 1))))
                (memory.copy (local.get $out) (local.get $p) (local.get $n))
                (memory.copy (i32.add (local.get $out) (local.get $n)) (local.get $p) (local.get $n))
                (i64.or (i64.shl (i64.extend_i32_u (local.get $out)) (i64.const 32))
                        (i64.extend_i32_u (i32.shl (local.get $n) (i32.const 1))))))""";

    private TestModules() {}
}
