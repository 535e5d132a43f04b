//! Compact encodings of the client index, and the `loupeRegister(...)` script wrapper.
//!
//! Numbers are written as little-endian base-32 varints over a 64-character alphabet: a
//! character of value `v < 32` ends the number, `v ≥ 32` carries 5 more bits.

use std::fmt::Write as _;

/// The 64-character varint alphabet (safe inside a JS string literal).
pub const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Appends `value` as a varint.
pub fn push_varint(out: &mut String, mut value: u64) {
    loop {
        let low = (value & 31) as usize;
        value >>= 5;
        if value == 0 {
            out.push(ALPHABET[low] as char);
            return;
        }
        out.push(ALPHABET[low + 32] as char);
    }
}

/// Decodes a string of varints (the inverse of [`push_varint`]); `None` on a bad string.
pub fn decode_varints(s: &str) -> Option<Vec<u64>> {
    let mut out = Vec::new();
    let (mut value, mut shift) = (0u64, 0u32);
    for b in s.bytes() {
        let d = ALPHABET.iter().position(|&a| a == b)? as u64;
        if shift > 60 {
            return None;
        }
        if d < 32 {
            out.push(value | (d << shift));
            value = 0;
            shift = 0;
        } else {
            value |= (d - 32) << shift;
            shift += 5;
        }
    }
    (shift == 0).then_some(out)
}

/// Length of a string in UTF-16 code units (what JavaScript's `length` counts).
pub fn js_len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// Compares two strings as JavaScript's `<` does (by UTF-16 code units).
pub fn js_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// Number of leading UTF-16 code units two strings share (never splitting a surrogate pair).
pub fn common_prefix_js(a: &str, b: &str) -> usize {
    let mut n = 0;
    for (ca, cb) in a.chars().zip(b.chars()) {
        if ca != cb {
            break;
        }
        n += ca.len_utf16();
    }
    n
}

/// The rest of `s` after its first `units` UTF-16 code units (a char boundary).
pub fn skip_js(s: &str, units: usize) -> &str {
    let mut seen = 0;
    for (i, c) in s.char_indices() {
        if seen >= units {
            return &s[i..];
        }
        seen += c.len_utf16();
    }
    ""
}

/// A JSON value as JS source, with U+2028/U+2029 escaped for older engines.
pub fn js_value(v: &serde_json::Value) -> String {
    let s = serde_json::to_string(v).unwrap_or_else(|_| "null".into());
    s.replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// A classic script registering `data` under (`kind`, `lang`, `id`).
pub fn register_script(kind: &str, lang: &str, id: &serde_json::Value, data: &str) -> String {
    let mut out = String::with_capacity(data.len() + 48);
    let _ = writeln!(
        out,
        "loupeRegister({},{},{},{});",
        js_value(&kind.into()),
        js_value(&lang.into()),
        js_value(id),
        data
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip() {
        let values = [0u64, 1, 31, 32, 33, 1023, 1024, 65_535, 1 << 40];
        let mut s = String::new();
        for v in values {
            push_varint(&mut s, v);
        }
        assert_eq!(decode_varints(&s).unwrap(), values.to_vec());
        assert_eq!(decode_varints("g").as_deref(), None);
        assert_eq!(decode_varints("!"), None);
    }

    #[test]
    fn utf16_helpers_follow_javascript() {
        assert_eq!(js_len("é𝄞"), 3);
        assert_eq!(common_prefix_js("sécurité", "sécuriser"), 6);
        assert_eq!(skip_js("𝄞ab", 2), "ab");
        assert_eq!(js_cmp("\u{ffff}", "𝄞"), std::cmp::Ordering::Greater);
    }
}
