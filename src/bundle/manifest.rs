//! The manifest of a bundle: the SHA-256 of every file, in the format of GNU `sha256sum`
//! (`<64 hex digits><space><space><path>`), so that `sha256sum -c SHA256SUMS.txt` checks a copy
//! as well as `loupe verify` does.

use std::collections::BTreeMap;
use std::io::Read;

use sha2::{Digest, Sha256};

/// The manifest's file name, at the bundle's root.
pub const MANIFEST: &str = "SHA256SUMS.txt";

/// A SHA-256 digest.
pub type Sha = [u8; 32];

/// Relative path (with `/`) → digest, sorted by path.
pub type Manifest = BTreeMap<String, Sha>;

/// A manifest line that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{MANIFEST}:{line}: {what}")]
pub struct ManifestError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub what: String,
}

/// The SHA-256 of everything `reader` gives, read in blocks; `progress` gets each block's size.
pub fn hash_reader(mut reader: impl Read, mut progress: impl FnMut(u64)) -> std::io::Result<Sha> {
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        h.update(&buf[..n]);
        progress(n as u64);
    }
    Ok(h.finalize().into())
}

/// The SHA-256 of `bytes`.
pub fn hash_bytes(bytes: &[u8]) -> Sha {
    Sha256::digest(bytes).into()
}

/// Lower-case hexadecimal.
pub fn hex(sha: &Sha) -> String {
    sha.iter().map(|b| format!("{b:02x}")).collect()
}

/// The manifest as text, sorted by path. Names with a backslash or a line break are escaped as
/// GNU `sha256sum` does (the line starts with `\`).
pub fn render(manifest: &Manifest) -> String {
    let mut out = String::new();
    for (path, sha) in manifest {
        if path.contains(['\\', '\n', '\r']) {
            let escaped = path
                .replace('\\', "\\\\")
                .replace('\n', "\\n")
                .replace('\r', "\\r");
            out.push_str(&format!("\\{}  {escaped}\n", hex(sha)));
        } else {
            out.push_str(&format!("{}  {path}\n", hex(sha)));
        }
    }
    out
}

/// Reads a manifest written by [`render`] or by `sha256sum` (text or binary mode lines).
pub fn parse(text: &str) -> Result<Manifest, ManifestError> {
    let mut out = Manifest::new();
    for (i, raw) in text.split('\n').enumerate() {
        let line_no = i + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            continue;
        }
        let err = |what: &str| ManifestError {
            line: line_no,
            what: what.to_string(),
        };
        let (escaped, line) = match line.strip_prefix('\\') {
            Some(rest) => (true, rest),
            None => (false, line),
        };
        if line.len() < 66 || !line.is_char_boundary(64) {
            return Err(err(
                "expected `<64 hex digits>  <path>` (a line of `sha256sum` output)",
            ));
        }
        let (digits, rest) = line.split_at(64);
        let sha = parse_hex(digits).ok_or_else(|| err("the digest is not 64 hex digits"))?;
        let path = rest
            .strip_prefix("  ")
            .or_else(|| rest.strip_prefix(" *"))
            .ok_or_else(|| err("expected two spaces (or ` *`) between the digest and the path"))?;
        if path.is_empty() {
            return Err(err("the path is empty"));
        }
        let path = if escaped {
            unescape(path).ok_or_else(|| err("a bad `\\` escape in the path"))?
        } else {
            path.to_string()
        };
        if !is_safe_relative(&path) {
            return Err(err(
                "the path must be relative and stay inside the bundle (no `..`, no leading `/`)",
            ));
        }
        if out.insert(path, sha).is_some() {
            return Err(err("this path is listed twice"));
        }
    }
    Ok(out)
}

fn parse_hex(s: &str) -> Option<Sha> {
    let mut out = [0u8; 32];
    for (i, chunk) in s.as_bytes().chunks(2).enumerate() {
        let hi = (chunk[0] as char).to_digit(16)?;
        let lo = (chunk[1] as char).to_digit(16)?;
        out[i] = (hi * 16 + lo) as u8;
    }
    Some(out)
}

fn unescape(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next()? {
                '\\' => out.push('\\'),
                'n' => out.push('\n'),
                'r' => out.push('\r'),
                _ => return None,
            }
        } else {
            out.push(c);
        }
    }
    Some(out)
}

/// True for a `/`-separated relative path with no empty, `.` or `..` part.
pub(crate) fn is_safe_relative(path: &str) -> bool {
    !path.starts_with('/')
        && !path.contains('\\')
        && path
            .split('/')
            .all(|p| !p.is_empty() && p != "." && p != ".." && !p.contains(':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn render_and_parse_round_trip() {
        let mut m = Manifest::new();
        m.insert("index.html".into(), hash_bytes(b"a"));
        m.insert("site/en/index.html".into(), hash_bytes(b"b"));
        let text = render(&m);
        assert_eq!(
            text.lines().next().unwrap(),
            "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb  index.html"
        );
        assert_eq!(parse(&text).unwrap(), m);
    }

    #[test]
    fn reads_binary_mode_and_crlf_lines() {
        let text = "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb *a.png\r\n";
        let m = parse(text).unwrap();
        assert_eq!(m["a.png"], hash_bytes(b"a"));
    }

    #[test]
    fn escaped_names_round_trip() {
        let mut m = Manifest::new();
        m.insert("odd\nname".into(), hash_bytes(b"x"));
        let text = render(&m);
        assert!(text.starts_with('\\'));
        assert_eq!(parse(&text).unwrap(), m);
    }

    #[test]
    fn bad_lines_say_where_and_what() {
        let e = parse("\nnot a line\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(
            e.to_string().starts_with("SHA256SUMS.txt:2: expected"),
            "{e}"
        );
        let zz = format!("{}  x", "z".repeat(64));
        assert!(parse(&zz).unwrap_err().what.contains("hex"));
        let up = format!("{}  ../etc/passwd", "0".repeat(64));
        assert!(parse(&up).unwrap_err().what.contains("inside the bundle"));
        let twice = format!("{0}  a\n{0}  a\n", "0".repeat(64));
        assert_eq!(parse(&twice).unwrap_err().line, 2);
    }
}
