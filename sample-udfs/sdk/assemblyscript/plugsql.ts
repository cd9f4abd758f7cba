// plugsql guest SDK for AssemblyScript (ABI v1). See sample-udfs/README.md.
//
// Build with the stub runtime (a bump allocator, no GC) and no abort import:
//   npx asc f.ts --runtime stub --use abort= -O3 --noAssert --initialMemory 1 --maximumMemory 256
//     -o f.wasm
// A function author writes plain exported functions and one re-export line for the allocator:
//   export { plugsql_alloc, plugsql_reset } from "../../sdk/assemblyscript/plugsql";
// Strings arrive as (ptr, len) UTF-8 pairs: read them with argString; return one with
// returnString, which yields the packed (ptr << 32) | len result.

/** Returns `size` bytes from the stub runtime's bump arena (ABI v1 plugsql_alloc). */
export function plugsql_alloc(size: i32): usize {
  return heap.alloc(<usize>size);
}

/** Frees every arena allocation at once; the host calls it after each batch. */
export function plugsql_reset(): void {
  __reset();
}

let resultIsNull: i32 = 0;

/** Tells the host (and clears) whether the last result is NULL (on_null_input = 'call'). */
export function plugsql_result_is_null(): i32 {
  const value = resultIsNull;
  resultIsNull = 0;
  return value;
}

/** Marks the current call's result as NULL. */
export function setResultNull(): void {
  resultIsNull = 1;
}

/** Packs a VARCHAR/VARBINARY result as ABI v1 wants it: (ptr << 32) | len. */
// @ts-ignore: decorator
@inline
export function pack(ptr: usize, len: i32): u64 {
  return (<u64>ptr << 32) | <u64>(<u32>len);
}

/** Decodes a (ptr, len) UTF-8 argument written by the host. */
export function argString(ptr: usize, len: i32): string {
  return String.UTF8.decodeUnsafe(ptr, <usize>len);
}

/** Encodes a string as UTF-8 in the arena and returns it packed. */
export function returnString(s: string): u64 {
  const bytes = String.UTF8.encode(s);
  return pack(changetype<usize>(bytes), bytes.byteLength);
}

/** Returns `len` bytes already written at `ptr` (e.g. by store<u8>) packed. */
export function returnBytes(ptr: usize, len: i32): u64 {
  return pack(ptr, len);
}

/**
 * One 16-byte ABI v1 batch column descriptor, read in place: Arrow LSB validity bitmap (0 = no
 * NULLs), fixed-width values or UTF-8 bytes, rows+1 int32 offsets for VARCHAR/VARBINARY (else 0),
 * byte length of values.
 */
@unmanaged
export class Column {
  validity: usize;
  values: usize;
  offsets: usize;
  dataLen: i32;
}

/** The descriptor of argument `index` in a batch call's `args`. */
export function argColumn(args: usize, index: i32): Column {
  return changetype<Column>(args + <usize>index * 16);
}

/** True when `row` is non-NULL in the column. */
// @ts-ignore: decorator
@inline
export function isValid(column: Column, row: i32): bool {
  return column.validity == 0 || ((load<u8>(column.validity + (<usize>row >> 3)) >> (<u8>row & 7)) & 1) != 0;
}

/**
 * Writes, when the host gave an output bitmap, the AND of the first `count` arguments' validity
 * bits: the result is NULL wherever an argument is.
 */
export function andValidity(out: Column, args: usize, count: i32, rows: i32): void {
  if (out.validity == 0) return;
  const bytes = (rows + 7) >> 3;
  for (let i = 0; i < bytes; i++) {
    let bits: u8 = 0xFF;
    for (let a = 0; a < count; a++) {
      const column = argColumn(args, a);
      if (column.validity != 0) bits &= load<u8>(column.validity + <usize>i);
    }
    store<u8>(out.validity + <usize>i, bits);
  }
}
