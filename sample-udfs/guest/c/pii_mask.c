/*
 * PII masking for VARCHAR columns (UTF-8 aware):
 *   mask_email('jöhn.doe@exämple.com') = 'j***@exämple.com'
 *   mask_phone('+1 (555) 123-4567')    = '+* (***) ***-4567'
 */
#include "plugsql.h"

/* Keeps the first character (code point) of the local part and the whole domain. */
static plugsql_str mask_email(plugsql_str s) {
    if (s.len == 0) return s;
    uint32_t at = s.len;
    for (uint32_t i = s.len; i > 0; i--) {
        if (s.ptr[i - 1] == '@') {
            at = i - 1;
            break;
        }
    }
    plugsql_buf out = plugsql_buf_new(s.len + 8);
    uint32_t first = at == 0 ? 0 : plugsql_utf8_len(s.ptr[0]);
    if (first > at) first = at;
    for (uint32_t i = 0; i < first; i++) plugsql_buf_put(&out, s.ptr[i]);
    for (int i = 0; i < 3; i++) plugsql_buf_put(&out, '*');
    for (uint32_t i = at; i < s.len; i++) plugsql_buf_put(&out, s.ptr[i]);
    return plugsql_buf_str(out);
}

/* Masks every ASCII digit but the last four; separators and other characters stay. */
static plugsql_str mask_phone(plugsql_str s) {
    uint32_t digits = 0;
    for (uint32_t i = 0; i < s.len; i++) digits += s.ptr[i] >= '0' && s.ptr[i] <= '9';
    plugsql_buf out = plugsql_buf_new(s.len);
    uint32_t seen = 0;
    for (uint32_t i = 0; i < s.len; i++) {
        uint8_t c = s.ptr[i];
        if (c >= '0' && c <= '9') {
            seen++;
            plugsql_buf_put(&out, seen + 4 > digits ? c : '*');
        } else {
            plugsql_buf_put(&out, c);
        }
    }
    return plugsql_buf_str(out);
}

PLUGSQL_VARCHAR_TO_VARCHAR(mask_email)
PLUGSQL_VARCHAR_TO_VARCHAR(mask_phone)
