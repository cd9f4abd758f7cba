/*
 * ETL normalization of free text (UTF-8 aware), scalar and batch form:
 * trims, collapses runs of whitespace (ASCII, NBSP, U+3000) to one space and case-folds ASCII,
 * Latin-1, Latin Extended-A, Greek and Cyrillic capitals.
 *   normalize_text('  Ünïcödé   ÉTL  ') = 'ünïcödé étl'
 */
#include "plugsql.h"

/* Simple case folding of one code point; the result never needs more UTF-8 bytes than the input. */
static uint32_t fold(uint32_t c) {
    if (c >= 'A' && c <= 'Z') return c + 32;
    if (c < 0xC0) return c;
    if (c <= 0xDE) return c == 0xD7 ? c : c + 32;                         /* Latin-1, not × */
    if (c >= 0x100 && c <= 0x137) return c | 1;                           /* Ā..ķ pairs */
    if (c >= 0x139 && c <= 0x148) return (c & 1) ? c + 1 : c;             /* Ĺ..ň pairs */
    if (c >= 0x14A && c <= 0x177) return c | 1;                           /* Ŋ..ŷ pairs */
    if (c == 0x178) return 0xFF;                                          /* Ÿ */
    if (c >= 0x179 && c <= 0x17E) return (c & 1) ? c + 1 : c;             /* Ź..ž pairs */
    if (c == 0x17F) return 's';                                           /* long s */
    if (c >= 0x391 && c <= 0x3AB && c != 0x3A2) return c + 32;            /* Greek Α..Ϋ */
    if (c >= 0x410 && c <= 0x42F) return c + 32;                          /* Cyrillic */
    if (c >= 0x400 && c <= 0x40F) return c + 80;                          /* Ѐ..Џ */
    return c;
}

static bool is_space(uint32_t c) {
    return c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0xA0 || c == 0x3000;
}

/* Decodes the code point at s[*i] and advances *i; an invalid byte decodes as itself. */
static uint32_t next_code_point(plugsql_str s, uint32_t *i) {
    uint8_t lead = s.ptr[*i];
    uint32_t n = plugsql_utf8_len(lead);
    if (n == 1 || *i + n > s.len) {
        *i += 1;
        return lead;
    }
    uint32_t c = lead & (0x7F >> n);
    for (uint32_t k = 1; k < n; k++) c = (c << 6) | (s.ptr[*i + k] & 0x3F);
    *i += n;
    return c;
}

static void put_code_point(plugsql_buf *out, uint32_t c) {
    if (c < 0x80) {
        plugsql_buf_put(out, (uint8_t) c);
    } else if (c < 0x800) {
        plugsql_buf_put(out, (uint8_t) (0xC0 | (c >> 6)));
        plugsql_buf_put(out, (uint8_t) (0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        plugsql_buf_put(out, (uint8_t) (0xE0 | (c >> 12)));
        plugsql_buf_put(out, (uint8_t) (0x80 | ((c >> 6) & 0x3F)));
        plugsql_buf_put(out, (uint8_t) (0x80 | (c & 0x3F)));
    } else {
        plugsql_buf_put(out, (uint8_t) (0xF0 | (c >> 18)));
        plugsql_buf_put(out, (uint8_t) (0x80 | ((c >> 12) & 0x3F)));
        plugsql_buf_put(out, (uint8_t) (0x80 | ((c >> 6) & 0x3F)));
        plugsql_buf_put(out, (uint8_t) (0x80 | (c & 0x3F)));
    }
}

static plugsql_str normalize_text(plugsql_str s) {
    plugsql_buf out = plugsql_buf_new(s.len);
    bool pending_space = false;
    uint32_t i = 0;
    while (i < s.len) {
        uint32_t start = i;
        uint32_t c = next_code_point(s, &i);
        if (is_space(c)) {
            pending_space = out.len > 0;
            continue;
        }
        if (pending_space) {
            plugsql_buf_put(&out, ' ');
            pending_space = false;
        }
        if (i - start == 1 && c >= 0x80) {
            plugsql_buf_put(&out, (uint8_t) c); /* invalid byte: copy unchanged */
        } else {
            put_code_point(&out, fold(c));
        }
    }
    return plugsql_buf_str(out);
}

PLUGSQL_VARCHAR_TO_VARCHAR(normalize_text)
PLUGSQL_BATCH_VARCHAR_TO_VARCHAR(normalize_text)
