//! Validation of payment identifiers on VARCHAR input:
//! `luhn_check(card)` (card numbers; spaces and dashes allowed), `iban_check(iban)` (ISO 13616
//! mod-97 check; spaces allowed, any case) and `iban_format(iban)` (upper case, groups of four).
#![no_std]

#[macro_use]
#[path = "../../sdk/rust/plugsql.rs"]
mod plugsql;

/// Luhn checksum over the digits; separators ' ' and '-' are skipped, anything else fails.
fn luhn(s: &str) -> bool {
    let mut sum = 0u32;
    let mut digits = 0u32;
    for b in s.bytes().rev() {
        match b {
            b'0'..=b'9' => {
                let mut d = (b - b'0') as u32;
                if digits % 2 == 1 {
                    d *= 2;
                    if d > 9 {
                        d -= 9;
                    }
                }
                sum += d;
                digits += 1;
            }
            b' ' | b'-' => {}
            _ => return false,
        }
    }
    digits >= 2 && sum % 10 == 0
}

/// IBAN check: 2 letters, 2 check digits, 11..30 alphanumerics, remainder mod 97 equal to 1.
fn iban(s: &str) -> bool {
    let mut chars = [0u8; 34];
    let mut n = 0;
    for b in s.bytes() {
        match b {
            b' ' => continue,
            b'0'..=b'9' | b'A'..=b'Z' | b'a'..=b'z' if n < chars.len() => {
                chars[n] = b.to_ascii_uppercase();
                n += 1;
            }
            _ => return false,
        }
    }
    if n < 15 || !chars[0].is_ascii_alphabetic() || !chars[1].is_ascii_alphabetic()
        || !chars[2].is_ascii_digit() || !chars[3].is_ascii_digit() {
        return false;
    }
    // Rearranged: the BBAN first, then country code and check digits; letters count as 10..35.
    let mut remainder = 0u32;
    for i in (4..n).chain(0..4) {
        let c = chars[i];
        remainder = if c.is_ascii_digit() {
            (remainder * 10 + (c - b'0') as u32) % 97
        } else {
            (remainder * 100 + (c - b'A' + 10) as u32) % 97
        };
    }
    remainder == 1
}

/// Upper-cases (ASCII) and regroups an IBAN in blocks of four characters: 'de89370400440532013000'
/// becomes 'DE89 3704 0044 0532 0130 00'. Counts characters, not bytes, so the result stays UTF-8;
/// writes at most 1.25 times the input length into `out`.
fn iban_group(s: &str, out: &mut [u8]) -> usize {
    let mut n = 0;
    let mut kept = 0;
    for c in s.chars().filter(|c| !c.is_whitespace()) {
        if kept > 0 && kept % 4 == 0 {
            out[n] = b' ';
            n += 1;
        }
        n += c.to_ascii_uppercase().encode_utf8(&mut out[n..]).len();
        kept += 1;
    }
    n
}

export_varchar_to_boolean!(luhn_check, luhn);
export_varchar_to_boolean!(iban_check, iban);
export_varchar_to_varchar!(iban_format, iban_group);
