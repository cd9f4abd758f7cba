//! plugsql guest SDK for Rust (ABI v1, `wasm32-unknown-unknown`, `no_std`). See sample-udfs/README.md.
//!
//! Use it from a `#![no_std]` cdylib crate root:
//! ```ignore
//! #![no_std]
//! #[macro_use]
//! #[path = "../../sdk/rust/plugsql.rs"]
//! mod plugsql;
//!
//! fn luhn(s: &str) -> bool { ... }
//! export_varchar_to_boolean!(luhn_check, luhn);
//! ```
//! Build: `rustc --edition 2021 --crate-type cdylib --target wasm32-unknown-unknown -C opt-level=3
//! -C panic=abort -C link-arg=--initial-memory=131072 -C link-arg=--max-memory=16777216
//! -C link-arg=-zstack-size=32768 f.rs`.
//!
//! The module then exports `memory`, `plugsql_alloc`, `plugsql_reset`, `plugsql_result_is_null`,
//! `plugsql_error` and the functions named in the export lines, and imports nothing. A panic traps
//! (`unreachable`), which the host reports as a trap naming the function and row.
#![allow(dead_code)]

use core::arch::wasm32;

extern "C" {
    /// First free byte after data and stack, placed by the linker.
    static __heap_base: u8;
}

static mut ARENA_TOP: usize = 0;
static mut RESULT_IS_NULL: i32 = 0;
static mut ERROR_MESSAGE: i64 = 0;

fn heap_base() -> usize {
    // SAFETY: only the symbol's address is taken, never its value.
    unsafe { &__heap_base as *const u8 as usize }
}

/// Returns `size` bytes aligned to 8 from the bump arena, growing memory if needed; 0 when full.
#[no_mangle]
pub extern "C" fn plugsql_alloc(size: i32) -> i32 {
    if size < 0 {
        return 0;
    }
    // SAFETY: a Wasm instance runs one call at a time, so the arena globals are never shared.
    unsafe {
        if ARENA_TOP == 0 {
            ARENA_TOP = heap_base();
        }
        let start = (ARENA_TOP as u64 + 7) & !7;
        let end = start + size as u64;
        let available = wasm32::memory_size(0) as u64 * 65536;
        if end > available {
            let pages = (end - available + 65535) / 65536;
            if wasm32::memory_grow(0, pages as usize) == usize::MAX {
                return 0;
            }
        }
        ARENA_TOP = end as usize;
        start as i32
    }
}

/// Frees every arena allocation at once; the host calls it after each batch.
#[no_mangle]
pub extern "C" fn plugsql_reset() {
    // SAFETY: see plugsql_alloc.
    unsafe { ARENA_TOP = heap_base() }
}

/// Tells the host (and clears) whether the last call's result is NULL (on_null_input = 'call').
#[no_mangle]
pub extern "C" fn plugsql_result_is_null() -> i32 {
    // SAFETY: see plugsql_alloc.
    unsafe {
        let value = RESULT_IS_NULL;
        RESULT_IS_NULL = 0;
        value
    }
}

/// The message of the last failed batch call as `(ptr << 32) | len`.
#[no_mangle]
pub extern "C" fn plugsql_error() -> i64 {
    // SAFETY: see plugsql_alloc.
    unsafe { ERROR_MESSAGE }
}

/// Marks the current scalar call's result as NULL.
pub fn set_result_null() {
    // SAFETY: see plugsql_alloc.
    unsafe { RESULT_IS_NULL = 1 }
}

/// Records a static message for `plugsql_error` and returns 1, a batch export's failure code.
pub fn fail(message: &'static str) -> i32 {
    // SAFETY: see plugsql_alloc.
    unsafe { ERROR_MESSAGE = pack(message.as_ptr() as usize, message.len()) }
    1
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    wasm32::unreachable()
}

/// Packs a VARCHAR/VARBINARY result as ABI v1 wants it: `(ptr << 32) | len`.
pub fn pack(ptr: usize, len: usize) -> i64 {
    (((ptr as u64) << 32) | len as u64) as i64
}

/// Borrows a `(ptr, len)` VARBINARY argument written by the host.
///
/// # Safety
/// `ptr..ptr+len` must be a range the host wrote into this instance's memory.
pub unsafe fn arg_bytes<'a>(ptr: i32, len: i32) -> &'a [u8] {
    core::slice::from_raw_parts(ptr as usize as *const u8, len as usize)
}

/// Borrows a `(ptr, len)` VARCHAR argument; invalid UTF-8 reads as the empty string.
///
/// # Safety
/// `ptr..ptr+len` must be a range the host wrote into this instance's memory.
pub unsafe fn arg_str<'a>(ptr: i32, len: i32) -> &'a str {
    core::str::from_utf8(arg_bytes(ptr, len)).unwrap_or("")
}

/// Allocates `len` bytes in the arena; panics (traps) when memory cannot grow that far.
pub fn alloc_bytes<'a>(len: usize) -> &'a mut [u8] {
    let ptr = if len > i32::MAX as usize { 0 } else { plugsql_alloc(len as i32) };
    if ptr == 0 {
        panic!("guest memory exhausted");
    }
    // SAFETY: plugsql_alloc returned `len` fresh bytes that nothing else refers to until reset.
    unsafe { core::slice::from_raw_parts_mut(ptr as usize as *mut u8, len) }
}

/// Copies bytes into the arena and returns them packed as a VARCHAR/VARBINARY result.
pub fn return_bytes(bytes: &[u8]) -> i64 {
    let out = alloc_bytes(bytes.len());
    out.copy_from_slice(bytes);
    pack(out.as_ptr() as usize, bytes.len())
}

/// One 16-byte batch column descriptor of ABI v1 (Arrow layout, 0 = absent).
#[repr(C)]
pub struct Column {
    pub validity: *mut u8,
    pub values: *mut u8,
    pub offsets: *mut i32,
    pub data_len: i32,
}

impl Column {
    /// True when `row` is non-NULL (no bitmap means no NULLs).
    ///
    /// # Safety
    /// `row` must be below the batch's row count.
    pub unsafe fn is_valid(&self, row: usize) -> bool {
        self.validity.is_null() || (*self.validity.add(row >> 3) >> (row & 7)) & 1 != 0
    }

    /// The column's fixed-width values as a slice of `rows` items.
    ///
    /// # Safety
    /// The column must hold `rows` values of type `T`.
    pub unsafe fn values<'a, T>(&self, rows: usize) -> &'a mut [T] {
        core::slice::from_raw_parts_mut(self.values as *mut T, rows)
    }

    /// Writes, when the host gave an output bitmap, the AND of the arguments' validity bits.
    ///
    /// # Safety
    /// Every column must describe `rows` rows.
    pub unsafe fn and_validity(&mut self, args: &[Column], rows: usize) {
        if self.validity.is_null() {
            return;
        }
        for i in 0..(rows + 7) / 8 {
            let mut bits = 0xFFu8;
            for arg in args {
                if !arg.validity.is_null() {
                    bits &= *arg.validity.add(i);
                }
            }
            *self.validity.add(i) = bits;
        }
    }
}

/// Exports `fn(&str) -> bool` as a VARCHAR -> BOOLEAN function named `$name`.
#[macro_export]
macro_rules! export_varchar_to_boolean {
    ($name:ident, $f:path) => {
        const _: () = {
            #[export_name = stringify!($name)]
            pub extern "C" fn export(ptr: i32, len: i32) -> i32 {
                // SAFETY: the host passes a range it wrote with plugsql_alloc.
                $f(unsafe { $crate::plugsql::arg_str(ptr, len) }) as i32
            }
        };
    };
}

/// Exports `fn(&str, &mut [u8]) -> usize` (writes at most 4x the input bytes) as VARCHAR -> VARCHAR.
#[macro_export]
macro_rules! export_varchar_to_varchar {
    ($name:ident, $f:path) => {
        const _: () = {
            #[export_name = stringify!($name)]
            pub extern "C" fn export(ptr: i32, len: i32) -> i64 {
                // SAFETY: the host passes a range it wrote with plugsql_alloc.
                let input = unsafe { $crate::plugsql::arg_str(ptr, len) };
                let buf = $crate::plugsql::alloc_bytes(input.len() * 4);
                let n = $f(input, buf);
                $crate::plugsql::pack(buf.as_ptr() as usize, n)
            }
        };
    };
}

/// Exports `fn(i64) -> i64` as BIGINT -> BIGINT in scalar form (`$name`) and batch form (`$batch`).
#[macro_export]
macro_rules! export_bigint_to_bigint {
    ($name:ident, $batch:ident, $f:path) => {
        const _: () = {
            #[export_name = stringify!($name)]
            pub extern "C" fn scalar(value: i64) -> i64 {
                $f(value)
            }

            #[export_name = stringify!($batch)]
            pub extern "C" fn batch(
                rows: i32,
                args: *const $crate::plugsql::Column,
                out: *mut $crate::plugsql::Column,
            ) -> i32 {
                let rows = rows as usize;
                // SAFETY: the host passes one argument descriptor and one result descriptor, each
                // describing `rows` BIGINT values with a pre-allocated result buffer.
                unsafe {
                    let args = core::slice::from_raw_parts(args, 1);
                    let input = args[0].values::<i64>(rows);
                    let result = (*out).values::<i64>(rows);
                    for (r, v) in result.iter_mut().zip(input.iter()) {
                        *r = $f(*v);
                    }
                    (*out).and_validity(args, rows);
                }
                0
            }
        };
    };
}
