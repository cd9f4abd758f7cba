/*
 * plugsql guest SDK for C (ABI v1, wasm32). See sample-udfs/README.md.
 *
 * Compile your source together with plugsql.c:
 *   clang --target=wasm32 -O2 -nostdlib -ffreestanding -Isdk/c -Wl,--no-entry \
 *         -Wl,-z,stack-size=32768 -Wl,--initial-memory=131072 -Wl,--max-memory=16777216 \
 *         -o f.wasm f.c sdk/c/plugsql.c
 *
 * A function author writes a plain C function and one export line:
 *   PLUGSQL_EXPORT(mul_add) int64_t mul_add(int64_t a, int64_t b) { return a * b + 1; }
 *   static plugsql_str shout(plugsql_str s) { ... }  PLUGSQL_VARCHAR_TO_VARCHAR(shout)
 *
 * The module exports memory, plugsql_alloc, plugsql_reset, plugsql_result_is_null and
 * plugsql_error (all defined in plugsql.c) and imports nothing.
 */
#ifndef PLUGSQL_H
#define PLUGSQL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Exports the following definition under `name` (clang's export_name attribute). */
#define PLUGSQL_EXPORT(name) __attribute__((export_name(#name)))

/* A borrowed UTF-8 (or binary) byte string in guest memory; not NUL-terminated. */
typedef struct {
    const uint8_t *ptr;
    uint32_t len;
} plugsql_str;

/*
 * One 16-byte batch column descriptor of ABI v1, Arrow layout: validity is an LSB-first bitmap
 * (NULL pointer = no nulls), values holds fixed-width values or UTF-8 bytes, offsets holds rows+1
 * int32 offsets for VARCHAR/VARBINARY (else NULL), data_len is the byte length of values.
 */
typedef struct {
    uint8_t *validity;
    void *values;
    int32_t *offsets;
    int32_t data_len;
} plugsql_column;

_Static_assert(sizeof(plugsql_column) == 16, "ABI v1 descriptors are 16 bytes");

/* --- allocation (bump arena, freed as a whole by the host through plugsql_reset) --- */

/* Returns `size` bytes aligned to 8 from the arena, growing memory if needed; NULL when full. */
void *plugsql_alloc(int32_t size);

/* Frees every arena allocation at once; the host calls it after each batch. */
void plugsql_reset(void);

/* --- scalar results --- */

/* Packs a VARCHAR/VARBINARY result as ABI v1 wants it: (ptr << 32) | len. */
static inline int64_t plugsql_pack(const void *ptr, uint32_t len) {
    return (int64_t) (((uint64_t) (uintptr_t) ptr << 32) | (uint64_t) len);
}

/* Wraps a (ptr, len) argument pair as passed by the host. */
static inline plugsql_str plugsql_arg(int32_t ptr, int32_t len) {
    plugsql_str s = {(const uint8_t *) (uintptr_t) ptr, (uint32_t) len};
    return s;
}

/* Marks the current scalar call's result as NULL (functions declared on_null_input = 'call'). */
void plugsql_set_result_null(void);

/* --- errors --- */

/* Records a NUL-terminated message for plugsql_error() and returns 1, a batch export's failure code. */
int32_t plugsql_fail(const char *message);

/* --- byte strings --- */

/* A growable-once output buffer in the arena: allocate the worst case, then append. */
typedef struct {
    uint8_t *data;
    uint32_t len;
} plugsql_buf;

/* Allocates an output buffer of `capacity` bytes; traps when memory cannot grow that far. */
static inline plugsql_buf plugsql_buf_new(uint32_t capacity) {
    plugsql_buf b = {(uint8_t *) plugsql_alloc((int32_t) capacity), 0};
    if (b.data == NULL || capacity > INT32_MAX) __builtin_trap(); /* never write through NULL */
    return b;
}

/* Appends one byte; the caller sized the buffer for the worst case. */
static inline void plugsql_buf_put(plugsql_buf *b, uint8_t byte) {
    b->data[b->len++] = byte;
}

/* Views the buffer's bytes as a string. */
static inline plugsql_str plugsql_buf_str(plugsql_buf b) {
    plugsql_str s = {b.data, b.len};
    return s;
}

/* Copies `n` bytes (the SDK provides memcpy/memset since there is no libc). */
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int value, size_t n);

/* Returns the length of the UTF-8 sequence starting with byte `lead` (1 for invalid bytes). */
static inline uint32_t plugsql_utf8_len(uint8_t lead) {
    if (lead < 0x80) return 1;
    if ((lead & 0xE0) == 0xC0) return 2;
    if ((lead & 0xF0) == 0xE0) return 3;
    if ((lead & 0xF8) == 0xF0) return 4;
    return 1;
}

/* --- batch columns --- */

/* True when `row` is non-NULL in a column (a NULL validity bitmap means no NULLs). */
static inline bool plugsql_is_valid(const plugsql_column *c, int32_t row) {
    return c->validity == NULL || ((c->validity[row >> 3] >> (row & 7)) & 1) != 0;
}

/* Sets `row` valid or NULL in a bitmap. */
static inline void plugsql_bitmap_set(uint8_t *bitmap, int32_t row, bool valid) {
    uint8_t mask = (uint8_t) (1u << (row & 7));
    if (valid) {
        bitmap[row >> 3] |= mask;
    } else {
        bitmap[row >> 3] &= (uint8_t) ~mask;
    }
}

/* Returns the i-th string of a VARCHAR/VARBINARY column. */
static inline plugsql_str plugsql_column_str(const plugsql_column *c, int32_t row) {
    plugsql_str s = {(const uint8_t *) c->values + c->offsets[row],
                     (uint32_t) (c->offsets[row + 1] - c->offsets[row])};
    return s;
}

/*
 * Builds a VARCHAR/VARBINARY batch result in `out` from one string per row (NULL rows are skipped
 * via `valid`), copying them into one contiguous Arrow data buffer. Returns 0 or a plugsql_fail code.
 */
int32_t plugsql_column_set_strings(plugsql_column *out, int32_t rows, const plugsql_str *strings,
                                   const bool *valid);

/* --- one-line exports for common shapes --- */

/* Exports `plugsql_str name(plugsql_str)` in scalar form as VARCHAR -> VARCHAR. */
#define PLUGSQL_VARCHAR_TO_VARCHAR(name)                                                          \
    PLUGSQL_EXPORT(name) int64_t plugsql_export_##name(int32_t ptr, int32_t len) {                \
        plugsql_str r = name(plugsql_arg(ptr, len));                                              \
        return plugsql_pack(r.ptr, r.len);                                                        \
    }

/* Exports `plugsql_str name(plugsql_str)` in batch form too, as name_batch (VARCHAR -> VARCHAR). */
#define PLUGSQL_BATCH_VARCHAR_TO_VARCHAR(name)                                                    \
    PLUGSQL_EXPORT(name##_batch) int32_t plugsql_export_##name##_batch(                          \
            int32_t rows, plugsql_column *args, plugsql_column *out) {                            \
        plugsql_str *strings = plugsql_alloc(rows * (int32_t) sizeof(plugsql_str));               \
        bool *valid = plugsql_alloc(rows);                                                        \
        if (strings == NULL || valid == NULL) return plugsql_fail(#name "_batch: out of memory"); \
        for (int32_t i = 0; i < rows; i++) {                                                      \
            valid[i] = plugsql_is_valid(&args[0], i);                                             \
            if (valid[i]) strings[i] = name(plugsql_column_str(&args[0], i));                     \
        }                                                                                         \
        return plugsql_column_set_strings(out, rows, strings, valid);                             \
    }

/*
 * Writes into out->validity (if the host gave one) the AND of the arguments' validity, i.e. NULL
 * whenever any argument is NULL.
 */
void plugsql_and_validity(plugsql_column *out, const plugsql_column *args, int32_t arg_count,
                          int32_t rows);

#endif /* PLUGSQL_H */
