//! Tera set-up: the theme's templates, compiled once per build.

use std::path::{Path, PathBuf};

use tera::Tera;

use crate::diagnostics::{Diagnostics, Pos};
use crate::theme::Theme;

/// Template names every theme must provide.
pub(crate) const REQUIRED: &[&str] = &[
    "base.html",
    "page.html",
    "home.html",
    "list.html",
    "terms.html",
    "glossary.html",
    "register.html",
    "search.html",
    "404.html",
    "root.html",
    "pack.html",
];

/// What to change in templates written for Tera 1, whose macros Tera 2 replaced.
const TERA1_HINT: &str = "templates are Tera 2: `{% macro %}` and `{% import %}` are gone. \
Write `{% component name(arg) %}…{% endcomponent name %}` and call it as \
`{{<name arg={value}/>}}`, as the default theme's `templates/components.html` does";

/// Compiles the theme's templates. Problems go to `diags`.
pub(crate) fn compile(theme: &Theme, diags: &mut Diagnostics) -> Option<Tera> {
    let mut tera = Tera::new();
    tera.autoescape_on([".html", ".xml"]);
    tera.set_escape_fn(escape_into);
    let list: Vec<(&str, &str)> = theme
        .templates
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    if let Err(e) = tera.add_raw_templates(list) {
        let (path, pos, message) = located(&e, Path::new("templates"));
        let tera1 = theme
            .templates
            .values()
            .any(|t| t.contains("{% macro") || t.contains("{% import"));
        if tera1 {
            diags.error_hint(&path, pos, message, TERA1_HINT);
        } else {
            diags.error(&path, pos, message);
        }
        return None;
    }
    for name in REQUIRED {
        if !theme.templates.contains_key(*name) {
            diags.error(
                &PathBuf::from("templates").join(name),
                Pos::new(1, 1),
                format!("the theme has no template `{name}`"),
            );
        }
    }
    Some(tera)
}

/// Writes `input` into `out` escaped for HTML content and quoted attributes. Unlike tera's
/// default it leaves `/` alone, so URLs stay readable and pages small.
///
/// Tera calls it for every value a template prints, so it writes the runs between special
/// characters whole instead of byte by byte, and passes over eight bytes at a time where none
/// of them is special (most of a title or a URL).
pub(crate) fn escape_into(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let bytes = input.as_bytes();
    let mut copied = 0;
    let mut escape = |at: usize, out: &mut dyn std::io::Write| -> std::io::Result<()> {
        if let Some(entity) = entity(bytes[at]) {
            out.write_all(&bytes[copied..at])?;
            out.write_all(entity)?;
            copied = at + 1;
        }
        Ok(())
    };
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        if has_special(chunk) {
            for i in at..at + 8 {
                escape(i, out)?;
            }
        }
        at += 8;
    }
    for i in at..bytes.len() {
        escape(i, out)?;
    }
    out.write_all(&bytes[copied..])
}

/// The entity that stands for `b` in HTML, if it must be escaped.
fn entity(b: u8) -> Option<&'static [u8]> {
    match b {
        b'&' => Some(b"&amp;"),
        b'<' => Some(b"&lt;"),
        b'>' => Some(b"&gt;"),
        b'"' => Some(b"&quot;"),
        b'\'' => Some(b"&#39;"),
        _ => None,
    }
}

/// Whether one of eight bytes is one that [`entity`] escapes: for each, whether the bytes
/// made zero where they equal it have a zero byte (the test is exact for "any byte": a borrow
/// only follows a byte that is zero).
fn has_special(chunk: &[u8]) -> bool {
    const ONES: u64 = u64::MAX / 255;
    const HIGH: u64 = ONES * 0x80;
    let mut word = [0u8; 8];
    word.copy_from_slice(chunk);
    let x = u64::from_le_bytes(word);
    let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    (zero(x ^ (ONES * u64::from(b'&')))
        | zero(x ^ (ONES * u64::from(b'<')))
        | zero(x ^ (ONES * u64::from(b'>')))
        | zero(x ^ (ONES * u64::from(b'"')))
        | zero(x ^ (ONES * u64::from(b'\''))))
        != 0
}

/// Where a tera error points, for a diagnostic: the template's path under `templates/`, the
/// line and column, and the message with its causes. Errors that point at no template (a
/// template that extends one missing, say) are placed at `elsewhere`, line 1.
pub(crate) fn located(e: &tera::Error, elsewhere: &Path) -> (PathBuf, Pos, String) {
    use tera::ErrorKind;
    match e.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            let span = report.span();
            (
                PathBuf::from("templates").join(report.filename()),
                Pos::new(span.start_line.max(1), span.start_col + 1),
                with_causes(report.message().to_string(), e),
            )
        }
        _ => (
            elsewhere.to_path_buf(),
            Pos::new(1, 1),
            with_causes(e.to_string(), e),
        ),
    }
}

/// `message` followed by the causes of `e`.
fn with_causes(mut message: String, e: &tera::Error) -> String {
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    message
}

#[cfg(test)]
mod tests {
    use super::escape_into;

    fn escape(input: &str) -> String {
        let mut out = Vec::new();
        escape_into(input, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn escapes_the_five_and_keeps_the_rest() {
        assert_eq!(escape(""), "");
        assert_eq!(escape("a/b é"), "a/b é");
        assert_eq!(
            escape("<a href=\"x\">it's & </a>"),
            "&lt;a href=&quot;x&quot;&gt;it&#39;s &amp; &lt;/a&gt;"
        );
        assert_eq!(escape("é<ü>"), "é&lt;ü&gt;");
        assert_eq!(escape("&&"), "&amp;&amp;");
    }

    /// The first implementation, byte by byte: the oracle.
    fn escape_byte_by_byte(input: &str) -> String {
        let mut out = String::new();
        for c in input.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&#39;"),
                c => out.push(c),
            }
        }
        out
    }

    #[test]
    fn escapes_as_byte_by_byte_at_every_place_of_a_word() {
        // Each special character, and the bytes next to them (one below, one above), alone
        // and in runs, at every place of the words read eight at a time and of the remainder.
        let near = [
            '&', '<', '>', '"', '\'', '%', '(', ';', '=', '?', '!', '#', 'a', 'é', '€',
        ];
        for len in 0..20 {
            for at in 0..len {
                for &c in &near {
                    for run in 1..3 {
                        let mut s: Vec<char> = vec!['x'; len];
                        for slot in s.iter_mut().skip(at).take(run) {
                            *slot = c;
                        }
                        let s: String = s.into_iter().collect();
                        assert_eq!(escape(&s), escape_byte_by_byte(&s), "{s:?}");
                    }
                }
            }
        }
        let mut rng = xtask::rng::SplitMix64::new(11);
        for _ in 0..20_000 {
            let len = rng.below(40);
            let s: String = (0..len).map(|_| *rng.pick(&near)).collect();
            assert_eq!(escape(&s), escape_byte_by_byte(&s), "{s:?}");
        }
    }
}
