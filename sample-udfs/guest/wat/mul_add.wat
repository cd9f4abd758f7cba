(module
  ;; The benchmark kernel a*b+1 on BIGINT, hand-written in both ABI v1 forms:
  ;;   mul_add(a i64, b i64) -> i64                       scalar form
  ;;   mul_add_batch(rows i32, args i32, out i32) -> i32  batch form over 16-byte column descriptors
  ;; plus the bump arena the host uses to place batch descriptors and argument buffers. The text
  ;; starts with "(module" and has no quote, so it can go verbatim into a CREATE FUNCTION string.
  (memory (export "memory") 1 256)

  ;; Arena: everything from 1024 up belongs to host allocations of the current batch.
  (global $heap_base i32 (i32.const 1024))
  (global $top (mut i32) (i32.const 1024))

  (func (export "plugsql_alloc") (param $size i32) (result i32)
    (local $start i32) (local $end i64) (local $have i64)
    (if (i32.lt_s (local.get $size) (i32.const 0)) (then (return (i32.const 0))))
    ;; align to 8
    (local.set $start (i32.and (i32.add (global.get $top) (i32.const 7)) (i32.const -8)))
    (local.set $end (i64.add (i64.extend_i32_u (local.get $start)) (i64.extend_i32_u (local.get $size))))
    (local.set $have (i64.shl (i64.extend_i32_u (memory.size)) (i64.const 16)))
    (if (i64.gt_u (local.get $end) (local.get $have))
      (then
        (if (i32.eq
              (memory.grow (i32.wrap_i64
                (i64.shr_u (i64.add (i64.sub (local.get $end) (local.get $have)) (i64.const 65535))
                           (i64.const 16))))
              (i32.const -1))
          (then (return (i32.const 0))))))
    (global.set $top (i32.wrap_i64 (local.get $end)))
    (local.get $start))

  (func (export "plugsql_reset")
    (global.set $top (global.get $heap_base)))

  (func $mul_add (export "mul_add") (param $a i64) (param $b i64) (result i64)
    (i64.add (i64.mul (local.get $a) (local.get $b)) (i64.const 1)))

  ;; Descriptor layout: validity_ptr @0, values_ptr @4, offsets_ptr @8, data_len @12.
  (func (export "mul_add_batch") (param $rows i32) (param $args i32) (param $out i32) (result i32)
    (local $a i32) (local $b i32) (local $r i32) (local $end i32)
    (local $va i32) (local $vb i32) (local $vr i32) (local $i i32) (local $bytes i32) (local $bits i32)
    (local.set $a (i32.load offset=4 (local.get $args)))
    (local.set $b (i32.load offset=20 (local.get $args)))
    (local.set $r (i32.load offset=4 (local.get $out)))
    (local.set $end (i32.add (local.get $r) (i32.shl (local.get $rows) (i32.const 3))))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $r) (local.get $end)))
        (i64.store (local.get $r)
          (call $mul_add (i64.load (local.get $a)) (i64.load (local.get $b))))
        (local.set $a (i32.add (local.get $a) (i32.const 8)))
        (local.set $b (i32.add (local.get $b) (i32.const 8)))
        (local.set $r (i32.add (local.get $r) (i32.const 8)))
        (br $rows)))
    ;; result validity = validity(a) AND validity(b), when the host gave an output bitmap
    (local.set $vr (i32.load (local.get $out)))
    (if (local.get $vr)
      (then
        (local.set $va (i32.load (local.get $args)))
        (local.set $vb (i32.load offset=16 (local.get $args)))
        (local.set $bytes (i32.shr_u (i32.add (local.get $rows) (i32.const 7)) (i32.const 3)))
        (block $vdone
          (loop $vbytes
            (br_if $vdone (i32.ge_u (local.get $i) (local.get $bytes)))
            (local.set $bits (i32.const 255))
            (if (local.get $va)
              (then (local.set $bits (i32.and (local.get $bits)
                (i32.load8_u (i32.add (local.get $va) (local.get $i)))))))
            (if (local.get $vb)
              (then (local.set $bits (i32.and (local.get $bits)
                (i32.load8_u (i32.add (local.get $vb) (local.get $i)))))))
            (i32.store8 (i32.add (local.get $vr) (local.get $i)) (local.get $bits))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $vbytes)))))
    (i32.const 0))
)
