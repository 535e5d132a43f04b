//! Reading a content file's bytes into clean text: UTF-8 checked, BOM removed, CRLF made LF.

use std::path::Path;

use crate::diagnostics::{Diagnostics, Pos};

/// Reads `full` (shown as `shown` in messages) as text. Returns `None` after recording an error
/// when the file cannot be read or is not UTF-8.
pub fn read_text(full: &Path, shown: &Path, diags: &mut Diagnostics) -> Option<String> {
    let bytes = match std::fs::read(full) {
        Ok(b) => b,
        Err(e) => {
            diags.error(shown, Pos::new(1, 1), format!("cannot read the file: {e}"));
            return None;
        }
    };
    decode(&bytes, shown, diags)
}

/// Decodes bytes as UTF-8 text with LF line endings and no byte-order mark.
pub fn decode(bytes: &[u8], shown: &Path, diags: &mut Diagnostics) -> Option<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Some(normalize_newlines(text)),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            // The prefix is valid UTF-8 by construction.
            let good = std::str::from_utf8(good).unwrap_or_default();
            let line = good.matches('\n').count() + 1;
            let col = good
                .rsplit('\n')
                .next()
                .map(|l| l.chars().count())
                .unwrap_or(0)
                + 1;
            diags.error(
                shown,
                Pos::new(line, col),
                "the file is not UTF-8 text: save it as UTF-8 (in most editors: \"Save with encoding\" → UTF-8)",
            );
            None
        }
    }
}

fn normalize_newlines(text: &str) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_bom_and_crlf() {
        let mut d = Diagnostics::new();
        let t = decode(
            b"\xEF\xBB\xBF---\r\ntitle: x\r\n---\r\n",
            Path::new("a.md"),
            &mut d,
        );
        assert_eq!(t.as_deref(), Some("---\ntitle: x\n---\n"));
        assert!(d.is_empty());
    }

    #[test]
    fn reports_where_invalid_utf8_starts() {
        let mut d = Diagnostics::new();
        assert!(decode(b"ab\ncd\xE9f", Path::new("a.md"), &mut d).is_none());
        let first = &d.sorted()[0];
        assert_eq!((first.line, first.col), (2, 3));
    }
}
