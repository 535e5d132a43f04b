//! Tera set-up: the theme's templates, compiled once per build.

use std::path::PathBuf;

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

/// Compiles the theme's templates. Problems go to `diags`.
pub(crate) fn compile(theme: &Theme, diags: &mut Diagnostics) -> Option<Tera> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(escape);
    let list: Vec<(&str, &str)> = theme
        .templates
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    if let Err(e) = tera.add_raw_templates(list) {
        diags.error(&PathBuf::from("templates"), Pos::new(1, 1), error_chain(&e));
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

/// Escapes text for HTML content and quoted attributes. Unlike tera's default it leaves `/`
/// alone, so URLs stay readable and pages small.
///
/// Tera calls it for every value a template prints, so it copies the runs between special
/// characters whole instead of pushing character by character.
pub(crate) fn escape(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    let mut copied = 0;
    for (at, b) in input.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        // The five are ASCII, so `at` is a character boundary.
        out.push_str(&input[copied..at]);
        out.push_str(entity);
        copied = at + 1;
    }
    out.push_str(&input[copied..]);
    out
}

/// The full message of a tera error, with its causes.
pub(crate) fn error_chain(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}

#[cfg(test)]
mod tests {
    use super::escape;

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
}
