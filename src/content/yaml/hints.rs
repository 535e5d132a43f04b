//! Plain-words explanations of the YAML mistakes people make in a plain editor.
//!
//! Two kinds: [`lint`] finds, before parsing, the mistakes that YAML either reads as something
//! else without complaint (`-SL` is text, not a list item) or reports in its own terms (a tab);
//! [`explain`] turns a parser error into what to change, by looking at the line it points to
//! and the line before it: an unquoted `: ` in a value, a quote closed too early, a smart quote
//! used as a quote, keys of one map not lined up.

/// A mistake explained: where (1-based line and column in the YAML text), what, what to change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explained {
    /// 1-based line in the YAML text.
    pub line: usize,
    /// 1-based column (in characters).
    pub col: usize,
    /// What is wrong.
    pub message: String,
    /// What to change, when known.
    pub hint: Option<String>,
}

/// A `key: value` line taken apart.
#[derive(Debug, Clone, Copy)]
struct KeyLine<'a> {
    /// Spaces before the key (or before `- `).
    indent: usize,
    /// `- ` before the key, when the line starts a list item.
    dash: bool,
    /// The key.
    key: &'a str,
    /// The value after `: `, trimmed (empty for `key:` alone); a trailing comment is kept.
    value: &'a str,
}

impl KeyLine<'_> {
    /// The column (0-based, in spaces) where the key starts.
    fn key_col(&self) -> usize {
        self.indent + if self.dash { 2 } else { 0 }
    }

    /// The line written again with `value` instead of its value.
    fn with_value(&self, value: &str) -> String {
        format!(
            "{}{}{}: {value}",
            " ".repeat(self.indent),
            if self.dash { "- " } else { "" },
            self.key
        )
    }
}

/// Takes `line` apart as `key: value`, if it is one (plain keys only: letters, digits, `_`, `-`).
fn key_line(line: &str) -> Option<KeyLine<'_>> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let mut rest = &line[indent..];
    let dash = rest.starts_with("- ");
    if dash {
        rest = &rest[2..];
    }
    let colon = rest.find(':')?;
    let key = &rest[..colon];
    if key.is_empty()
        || !key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
    {
        return None;
    }
    let after = &rest[colon + 1..];
    if !(after.is_empty() || after.starts_with(' ')) {
        return None;
    }
    Some(KeyLine {
        indent,
        dash,
        key,
        value: after.trim(),
    })
}

/// Quotes that word processors and phones put in place of `"` and `'`.
const SMART_QUOTES: &[char] = &['“', '”', '‘', '’', '„'];

/// `text` as a YAML double-quoted scalar.
fn double_quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// `text` in the quotes that need the least escaping: double, or single when it holds `"`.
fn quoted(text: &str) -> String {
    if text.contains('"') {
        format!("'{}'", text.replace('\'', "''"))
    } else {
        double_quoted(text)
    }
}

/// The value without a trailing ` # comment`.
fn without_comment(value: &str) -> &str {
    match value.find(" #") {
        Some(i) => value[..i].trim_end(),
        None => value,
    }
}

/// True when `value` is written as plain (unquoted, not a list or map) text.
fn is_plain(value: &str) -> bool {
    !value.is_empty() && !value.starts_with(['"', '\'', '[', '{', '|', '>', '&', '*', '!'])
}

/// 1-based character column of byte offset `byte` in `line`.
fn col_of(line: &str, byte: usize) -> usize {
    line[..byte.min(line.len())].chars().count() + 1
}

/// Whether a line opens a block scalar (`key: |`, `- >-`): the lines indented under it are text.
fn opens_block_scalar(line: &str) -> bool {
    let t = without_comment(line.trim_end());
    let Some(last) = t.split_whitespace().last() else {
        return false;
    };
    let indicator = last.starts_with(['|', '>'])
        && last[1..]
            .chars()
            .all(|c| matches!(c, '-' | '+' | '0'..='9'));
    indicator
        && (t.len() == last.len() || t[..t.len() - last.len()].trim_end().ends_with([':', '-']))
}

/// The lines of `text` that YAML reads as structure (not text of a block scalar, not comments,
/// not blank): (0-based index, line).
fn structural_lines(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut block: Option<usize> = None;
    for (i, line) in text.split('\n').enumerate() {
        let trimmed = line.trim();
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        if let Some(open) = block {
            if trimmed.is_empty() || indent > open {
                continue;
            }
            block = None;
        }
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if opens_block_scalar(line) {
            block = Some(indent);
        }
        out.push((i, line));
    }
    out
}

/// Mistakes found before parsing, in line order: tabs used to indent, list items without a
/// space after `-`, top-level keys without a space after `:`.
pub fn lint(text: &str) -> Vec<Explained> {
    let mut found = Vec::new();
    let lines = structural_lines(text);
    for (n, &(i, line)) in lines.iter().enumerate() {
        let lead = &line[..line.len() - line.trim_start_matches([' ', '\t']).len()];
        if let Some(tab) = lead.find('\t') {
            found.push(Explained {
                line: i + 1,
                col: col_of(line, tab),
                message: "a tab is used to indent this line: YAML allows only spaces".into(),
                hint: Some("replace the tab with spaces (two for each level); many editors have a setting to insert spaces for the Tab key".into()),
            });
            continue;
        }
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if let Some(after) = trimmed.strip_prefix('-') {
            let starts_word = after.chars().next().is_some_and(|c| c.is_alphabetic());
            let prev_opens_list = n > 0 && {
                let prev = lines[n - 1].1;
                let prev_indent = prev.len() - prev.trim_start().len();
                let prev_t = prev.trim_start();
                key_line(prev).is_some_and(|k| k.value.is_empty() && !k.dash)
                    || (prev_t.starts_with("- ") && prev_indent == indent)
            };
            if starts_word && prev_opens_list {
                found.push(Explained {
                    line: i + 1,
                    col: indent + 1,
                    message: format!(
                        "`{}` is read as text, not as a list item: a `-` needs a space after it",
                        trimmed.trim_end()
                    ),
                    hint: Some(format!(
                        "write `{}- {}`",
                        " ".repeat(indent),
                        after.trim_end()
                    )),
                });
            }
            continue;
        }
        if indent == 0 && key_line(line).is_none() {
            let key_len = trimmed
                .find(|c: char| !(c.is_ascii_lowercase() || c == '_'))
                .unwrap_or(trimmed.len());
            let rest = &trimmed[key_len..];
            let glued = key_len > 0
                && rest.starts_with(':')
                && rest[1..]
                    .chars()
                    .next()
                    .is_some_and(|c| !c.is_whitespace() && c != ':' && c != '/');
            if glued {
                let key = &trimmed[..key_len];
                found.push(Explained {
                    line: i + 1,
                    col: key_len + 2,
                    message: format!(
                        "`{key}:` needs a space after the colon, or YAML does not read `{key}` as a key"
                    ),
                    hint: Some(format!("write `{key}: {}`", rest[1..].trim_end())),
                });
            }
        }
    }
    found
}

/// Explains the parser's error `raw` at `line`:`col` (1-based, in `text`) in plain words.
pub fn explain(text: &str, line: usize, col: usize, raw: &str) -> Explained {
    let lines: Vec<&str> = text.split('\n').collect();
    let at = line.saturating_sub(1).min(lines.len().saturating_sub(1));
    // The error points at the line where the parser gave up, which may be the one after the
    // mistake: look at it and at the structural line before it.
    let prev = (0..at).rev().find(|&i| {
        let t = lines[i].trim();
        !t.is_empty() && !t.starts_with('#')
    });
    for i in std::iter::once(at).chain(prev) {
        if let Some(e) = explain_line(&lines, i, line, col) {
            return e;
        }
    }
    Explained {
        line,
        col,
        message: raw.to_string(),
        hint: None,
    }
}

/// What is wrong with line `i` (0-based) of `lines`, if it is one of the known mistakes. The
/// parser's position (`err_line`, `err_col`) is kept where it points into this line.
fn explain_line(lines: &[&str], i: usize, err_line: usize, err_col: usize) -> Option<Explained> {
    let line = lines.get(i)?;
    let kl = key_line(line)?;
    let value = without_comment(kl.value);
    let here = |byte: Option<usize>| -> (usize, usize) {
        match byte {
            _ if err_line == i + 1 => (err_line, err_col),
            Some(b) => (i + 1, col_of(line, b)),
            None => (i + 1, kl.key_col() + 1),
        }
    };
    // A smart quote where a quote was meant.
    if value.starts_with(SMART_QUOTES) {
        let inner = value.trim_matches(SMART_QUOTES);
        let (l, c) = here(line.find(SMART_QUOTES));
        return Some(Explained {
            line: l,
            col: c,
            message: format!(
                "the value of `{}` starts with a curly quote `{}`, which YAML does not take as a quote",
                kl.key,
                value.chars().next().unwrap_or('"')
            ),
            hint: Some(format!(
                "use straight quotes (turn off \"smart quotes\" in your editor): `{}`",
                kl.with_value(&quoted(inner)).trim_start()
            )),
        });
    }
    // An unquoted `: ` inside a value.
    if is_plain(value) && (value.contains(": ") || value.ends_with(':')) {
        let (l, c) = here(line.rfind(value).map(|v| {
            let inner = value.find(": ").unwrap_or(value.len() - 1);
            v + inner
        }));
        return Some(Explained {
            line: l,
            col: c,
            message: format!(
                "the value of `{}` holds `: `, which YAML reads as the start of another key",
                kl.key
            ),
            hint: Some(format!(
                "put the value in quotes: `{}`",
                kl.with_value(&quoted(value)).trim_start()
            )),
        });
    }
    // A quoted value with more text after its closing quote.
    if let Some(q) = value.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let body = &value[1..];
        let close = if q == '\'' {
            closing_single(body)
        } else {
            closing_double(body)
        };
        if let Some(close) = close {
            let after = body[close + 1..].trim();
            if !after.is_empty() {
                let whole = if value.ends_with(q) && value.len() > 1 {
                    &value[1..value.len() - 1]
                } else {
                    value
                };
                let (l, c) = here(None);
                let how = if q == '\'' {
                    "inside single quotes, write a `'` as `''`"
                } else {
                    "the text after the closing `\"` is outside the value"
                };
                let fixed = if q == '\'' {
                    format!("'{}'", whole.replace('\'', "''"))
                } else {
                    quoted(whole)
                };
                return Some(Explained {
                    line: l,
                    col: c,
                    message: format!(
                        "the value of `{}` ends at its closing quote, but more text follows it",
                        kl.key
                    ),
                    hint: Some(format!("{how}: `{}`", kl.with_value(&fixed).trim_start())),
                });
            }
        }
    }
    // A list or map opened and never closed.
    if let Some(open) = value.chars().next().filter(|c| *c == '[' || *c == '{') {
        let close = if open == '[' { ']' } else { '}' };
        if !value.contains(close) {
            return Some(Explained {
                line: i + 1,
                col: col_of(line, line.find(open).unwrap_or(0)),
                message: format!(
                    "the value of `{}` starts with `{open}`, so YAML reads a list or map, but there is no `{close}` to close it",
                    kl.key
                ),
                hint: Some(format!(
                    "close it with `{close}`, or, if it is text, put it in quotes: `{}`",
                    kl.with_value(&quoted(value)).trim_start()
                )),
            });
        }
    }
    // Keys of one map not lined up with the line before.
    if i + 1 == err_line {
        let prev = (0..i).rev().find(|&j| {
            let t = lines[j].trim();
            !t.is_empty() && !t.starts_with('#')
        })?;
        let pl = key_line(lines[prev])?;
        let opens_block = without_comment(pl.value).is_empty();
        if !opens_block && kl.key_col() != pl.key_col() && !kl.dash {
            return Some(Explained {
                line: i + 1,
                col: kl.key_col() + 1,
                message: format!(
                    "`{}` is indented {} spaces, but `{}` on the line above is at {}: keys of the same map must line up",
                    kl.key,
                    kl.key_col(),
                    pl.key,
                    pl.key_col()
                ),
                hint: Some(format!(
                    "start `{}` at column {}, under `{}` (with {} spaces before it)",
                    kl.key,
                    pl.key_col() + 1,
                    pl.key,
                    pl.key_col()
                )),
            });
        }
    }
    None
}

/// The byte index (in `body`, after the opening quote) of the `'` that closes a single-quoted
/// scalar (`''` is an escaped quote).
fn closing_single(body: &str) -> Option<usize> {
    let b = body.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\'' {
            if b.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return Some(i);
        }
        i += 1;
    }
    None
}

/// The byte index (in `body`) of the `"` that closes a double-quoted scalar.
fn closing_double(body: &str) -> Option<usize> {
    let b = body.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return Some(i),
            _ => i += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_error(text: &str) -> Explained {
        let e = serde_yaml::from_str::<serde_yaml::Value>(text).unwrap_err();
        let loc = e.location().unwrap();
        explain(text, loc.line(), loc.column(), &e.to_string())
    }

    #[test]
    fn an_unquoted_colon_gets_the_quoted_line() {
        let e = parse_error("title: Freetown workshop: day 1\nsummary: x\n");
        assert_eq!((e.line, e.col), (1, 25));
        assert!(e.message.contains("holds `: `"), "{e:?}");
        assert_eq!(
            e.hint.as_deref(),
            Some("put the value in quotes: `title: \"Freetown workshop: day 1\"`")
        );
        let e = parse_error("title: x\nactions:\n  - action: Call: the office\n");
        assert_eq!(
            e.hint.as_deref(),
            Some("put the value in quotes: `- action: \"Call: the office\"`")
        );
    }

    #[test]
    fn smart_quotes_are_named() {
        let e = parse_error("title: “Freetown: day 1”\n");
        assert!(e.message.contains("curly quote"), "{e:?}");
        assert_eq!(
            e.hint.as_deref(),
            Some("use straight quotes (turn off \"smart quotes\" in your editor): `title: \"Freetown: day 1\"`")
        );
    }

    #[test]
    fn text_after_a_closing_quote() {
        let e = parse_error("title: x\nsummary: 'it's'\n");
        assert_eq!(e.line, 2);
        assert_eq!(
            e.hint.as_deref(),
            Some("inside single quotes, write a `'` as `''`: `summary: 'it''s'`")
        );
        let e = parse_error("title: \"Freetown\" day 1\n");
        assert!(e.hint.unwrap().contains("`title: '\"Freetown\" day 1'`"));
    }

    #[test]
    fn keys_out_of_line() {
        let e = parse_error("title: x\nactions:\n  - action: x\n     owner: y\n");
        assert_eq!((e.line, e.col), (4, 6));
        assert!(e.message.contains("must line up"), "{e:?}");
        let e = parse_error("title: x\nactions:\n  - action: x\n   owner: y\n");
        assert_eq!((e.line, e.col), (4, 4));
        let e = parse_error("title: x\n summary: y\n");
        assert_eq!((e.line, e.col), (2, 2));
        assert!(e.hint.unwrap().contains("column 1"));
    }

    #[test]
    fn unclosed_lists() {
        let e = parse_error("title: [unclosed\n");
        assert!(e.message.contains("no `]`"), "{e:?}");
        assert_eq!((e.line, e.col), (1, 8));
    }

    #[test]
    fn lint_finds_tabs_dashes_and_glued_colons() {
        let found = lint("title: x\ncountries:\n\t- SL\n");
        assert_eq!((found[0].line, found[0].col), (3, 1));
        assert!(found[0].message.contains("tab"));
        let found = lint("title: x\ncountries:\n  -SL\n  - GN\n");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].hint.as_deref(), Some("write `  - SL`"));
        let found = lint("title: x\ncountries:\n  - GN\n  -SL\n");
        assert_eq!(found[0].line, 4);
        let found = lint("title:Freetown\nsummary: x\n");
        assert_eq!(found[0].hint.as_deref(), Some("write `title: Freetown`"));
        assert_eq!((found[0].line, found[0].col), (1, 7));
    }

    #[test]
    fn lint_leaves_good_yaml_alone() {
        let text = "title: \"a: b\"\nsummary: |\n  -not a list\n\ttabbed text\n  url:x\nsource: https://example.org\ncountries:\n  - SL\n  - -5\nkey_points: [a, b]\nnote: -x is fine here\n# comment:x\n";
        assert_eq!(lint(text), Vec::new());
    }
}
