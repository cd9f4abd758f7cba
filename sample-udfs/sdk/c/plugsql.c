/* plugsql guest SDK for C: the arena, result-null flag, error message and column helpers. */
#include "plugsql.h"

/* First free byte after data and stack, placed by wasm-ld. */
extern unsigned char __heap_base;

static uint32_t arena_top;
static int32_t result_is_null;
static int64_t error_message;

PLUGSQL_EXPORT(plugsql_alloc) void *plugsql_alloc(int32_t size) {
    if (size < 0) return NULL;
    if (arena_top == 0) arena_top = (uint32_t) (uintptr_t) &__heap_base;
    uint64_t start = ((uint64_t) arena_top + 7u) & ~(uint64_t) 7u;
    uint64_t end = start + (uint64_t) size;
    uint64_t available = (uint64_t) __builtin_wasm_memory_size(0) * 65536u;
    if (end > available) {
        uint64_t pages = (end - available + 65535u) / 65536u;
        if (__builtin_wasm_memory_grow(0, (size_t) pages) == (size_t) -1) return NULL;
    }
    arena_top = (uint32_t) end;
    return (void *) (uintptr_t) start;
}

PLUGSQL_EXPORT(plugsql_reset) void plugsql_reset(void) {
    arena_top = (uint32_t) (uintptr_t) &__heap_base;
}

/* The host reads and clears the flag after each call of an on_null_input = 'call' function. */
PLUGSQL_EXPORT(plugsql_result_is_null) int32_t plugsql_result_is_null(void) {
    int32_t value = result_is_null;
    result_is_null = 0;
    return value;
}

void plugsql_set_result_null(void) {
    result_is_null = 1;
}

PLUGSQL_EXPORT(plugsql_error) int64_t plugsql_error(void) {
    return error_message;
}

int32_t plugsql_fail(const char *message) {
    uint32_t len = 0;
    while (message[len] != 0) len++;
    error_message = plugsql_pack(message, len);
    return 1;
}

void *memcpy(void *dst, const void *src, size_t n) {
    uint8_t *d = dst;
    const uint8_t *s = src;
    while (n-- > 0) *d++ = *s++;
    return dst;
}

void *memset(void *dst, int value, size_t n) {
    uint8_t *d = dst;
    while (n-- > 0) *d++ = (uint8_t) value;
    return dst;
}

int32_t plugsql_column_set_strings(plugsql_column *out, int32_t rows, const plugsql_str *strings,
                                   const bool *valid) {
    uint64_t total = 0;
    bool any_null = false;
    for (int32_t i = 0; i < rows; i++) {
        if (valid[i]) {
            total += strings[i].len;
        } else {
            any_null = true;
        }
    }
    if (total > INT32_MAX) return plugsql_fail("batch result larger than 2 GiB");
    int32_t *offsets = plugsql_alloc((rows + 1) * (int32_t) sizeof(int32_t));
    uint8_t *data = plugsql_alloc((int32_t) total);
    uint8_t *validity = any_null ? plugsql_alloc((rows + 7) / 8) : NULL;
    if (offsets == NULL || data == NULL || (any_null && validity == NULL)) {
        return plugsql_fail("batch result: out of memory");
    }
    int32_t at = 0;
    offsets[0] = 0;
    for (int32_t i = 0; i < rows; i++) {
        if (valid[i]) {
            memcpy(data + at, strings[i].ptr, strings[i].len);
            at += (int32_t) strings[i].len;
        }
        offsets[i + 1] = at;
        if (validity != NULL) plugsql_bitmap_set(validity, i, valid[i]);
    }
    out->validity = validity;
    out->values = data;
    out->offsets = offsets;
    out->data_len = at;
    return 0;
}

void plugsql_and_validity(plugsql_column *out, const plugsql_column *args, int32_t arg_count,
                          int32_t rows) {
    if (out->validity == NULL) return;
    int32_t bytes = (rows + 7) / 8;
    for (int32_t i = 0; i < bytes; i++) {
        uint8_t bits = 0xFF;
        for (int32_t a = 0; a < arg_count; a++) {
            if (args[a].validity != NULL) bits &= args[a].validity[i];
        }
        out->validity[i] = bits;
    }
}
