//! Splitting a content file into its front matter (between two `---` lines) and its body.

use std::path::Path;

use crate::diagnostics::{Diagnostics, Pos};

/// A file split into its front matter and body.
#[derive(Debug)]
pub struct Split<'a> {
    /// The YAML between the `---` lines.
    pub yaml: &'a str,
    /// The Markdown after the closing `---`.
    pub body: &'a str,
    /// 1-based line of the body's first line in the file.
    pub body_line: usize,
}

/// Splits `text` (LF line endings) into front matter and body.
pub fn split<'a>(text: &'a str, path: &Path, diags: &mut Diagnostics) -> Option<Split<'a>> {
    if text.trim().is_empty() {
        diags.error(
            path,
            Pos::new(1, 1),
            "the file is empty: it needs front matter (a `---` line, `title: …`, a `---` line) and then the text",
        );
        return None;
    }
    let Some(rest) = text.strip_prefix("---\n") else {
        diags.error(
            path,
            Pos::new(1, 1),
            "no front matter: the file must start with a `---` line, then `title: …`, then a `---` line",
        );
        return None;
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let body_line = 2 + yaml.matches('\n').count() + 1;
            return Some(Split {
                yaml,
                body,
                body_line,
            });
        }
        offset += line.len();
    }
    diags.error(
        path,
        Pos::new(1, 1),
        "the front matter is not closed: add a `---` line after it",
    );
    None
}
