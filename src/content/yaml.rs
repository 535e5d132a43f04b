//! Parsing the YAML that people write (front matter, glossaries, `loupe.yaml`) with bounded
//! cost and positioned errors.
//!
//! YAML nested thousands of levels deep (`[[[[…`) makes the parser's time grow with the square
//! of its size, so a small file could block a build for a minute. [`depth_problem`] finds
//! nesting deeper than [`MAX_DEPTH`] with one linear scan before the parser sees the text.
//!
//! The common mistakes (an unquoted `: ` in a value, tabs, `-item`, `key:value`, keys not lined
//! up, smart quotes) are explained in plain words with a hint: see [`hints`].

pub mod hints;

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostics::{yaml_pos, Diagnostic, Diagnostics, Pos, Severity};

/// The deepest nesting of lists and maps accepted; real files use fewer than ten levels.
pub const MAX_DEPTH: usize = 32;

/// Parses `text` as YAML into `T`. `what` names it in messages (`the front matter`);
/// `line_offset` is the number of file lines before `text`. Problems go to `diags`.
pub fn parse<T: DeserializeOwned>(
    text: &str,
    path: &Path,
    line_offset: usize,
    what: &str,
    diags: &mut Diagnostics,
) -> Option<T> {
    if let Some(pos) = depth_problem(text) {
        diags.error(
            path,
            Pos::new(pos.line + line_offset, pos.col),
            format!("{what} nests lists or maps more than {MAX_DEPTH} levels deep: flatten it"),
        );
        return None;
    }
    let report = |e: hints::Explained, diags: &mut Diagnostics| {
        let mut d = Diagnostic::new(
            path,
            Pos::new(e.line + line_offset, e.col),
            Severity::Error,
            format!("{what} is not valid YAML: {}", e.message),
        );
        d.hint = e.hint;
        diags.add(d);
    };
    let found = hints::lint(text);
    if !found.is_empty() {
        for e in found {
            report(e, diags);
        }
        return None;
    }
    match serde_yaml::from_str(text) {
        Ok(v) => Some(v),
        Err(e) => {
            let pos = yaml_pos(&e, text, 0);
            let msg = e.to_string();
            let msg = msg.split(" at line ").next().unwrap_or(&msg);
            report(hints::explain(text, pos.line, pos.col, msg), diags);
            None
        }
    }
}

/// Where `text` first nests lists and maps (block or flow, `[`, `{`, `- `) deeper than
/// [`MAX_DEPTH`], or `None`. One pass over the text; quoted text, comments and block scalars
/// (`|`, `>`) do not count.
pub fn depth_problem(text: &str) -> Option<Pos> {
    let mut scan = Scan::default();
    for (i, line) in text.split('\n').enumerate() {
        if let Some(col) = scan.line(line) {
            return Some(Pos::new(i + 1, col));
        }
    }
    None
}

/// The state of [`depth_problem`] between lines.
#[derive(Default)]
struct Scan {
    /// Indentations of the enclosing block collections.
    indents: Vec<usize>,
    /// Depth of flow collections (`[`, `{`) still open.
    flow: usize,
    /// Inside a quoted scalar that goes on to the next line: its quote.
    quote: Option<u8>,
    /// Inside a block scalar: the indentation of the line that opened it.
    block_scalar: Option<usize>,
}

impl Scan {
    /// Scans one line; the 1-based column where the nesting goes too deep, if it does.
    fn line(&mut self, line: &str) -> Option<usize> {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let trimmed = line.trim();
        if let Some(open) = self.block_scalar {
            if trimmed.is_empty() || indent > open {
                return None;
            }
            self.block_scalar = None;
        }
        // Every character that counts is ASCII, and no byte of a longer character is: the
        // line is read as bytes, and decoded only where a character's class or a column is
        // needed.
        let bytes = line.as_bytes();
        let mut depth_here = 0;
        if self.flow == 0
            && self.quote.is_none()
            && !trimmed.is_empty()
            && !trimmed.starts_with('#')
        {
            while self.indents.last().is_some_and(|&top| top >= indent) {
                self.indents.pop();
            }
            self.indents.push(indent);
        }
        let mut at_value = self.flow == 0 && self.quote.is_none();
        let mut i = indent;
        let mut last_token_block_indicator = false;
        while i < bytes.len() {
            let c = bytes[i];
            if let Some(q) = self.quote {
                if q == b'"' && c == b'\\' {
                    i += 2;
                    continue;
                }
                if c == q {
                    if q == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    self.quote = None;
                }
                i += 1;
                continue;
            }
            let prev_space = i == 0 || bytes[i - 1] == b' ' || bytes[i - 1] == b'\t';
            match c {
                b'#' if prev_space => break,
                b'\'' | b'"' if at_value || self.flow > 0 && flow_value_start(&line[..i]) => {
                    self.quote = Some(c);
                    at_value = false;
                }
                b'[' | b'{' if at_value || self.flow > 0 => {
                    self.flow += 1;
                    at_value = true;
                }
                b']' | b'}' if self.flow > 0 => {
                    self.flow -= 1;
                    at_value = false;
                }
                b',' if self.flow > 0 => at_value = true,
                b'-' if at_value
                    && self.flow == 0
                    && bytes.get(i + 1).is_none_or(|n| *n == b' ') =>
                {
                    depth_here += 1;
                    at_value = true;
                }
                b':' if bytes.get(i + 1).is_none_or(|n| *n == b' ') => at_value = true,
                b' ' | b'\t' => {}
                b'|' | b'>' if at_value && self.flow == 0 => {
                    last_token_block_indicator = line[i + 1..]
                        .chars()
                        .take_while(|c| !c.is_whitespace())
                        .all(|c| matches!(c, '-' | '+' | '0'..='9'));
                    at_value = false;
                }
                // A byte inside a longer character was that character's, already read.
                0x80..=0xbf => {}
                _ => at_value = false,
            }
            let depth = self.indents.len() + depth_here + self.flow;
            if depth > MAX_DEPTH {
                // The column in characters.
                return Some(line[..i].chars().count() + 1);
            }
            i += 1;
        }
        if last_token_block_indicator && self.quote.is_none() && self.flow == 0 {
            self.block_scalar = Some(indent);
        }
        None
    }
}

/// In a flow collection, whether what follows `before` starts a value (after `[`, `{`, `,`
/// or `: `).
fn flow_value_start(before: &str) -> bool {
    before
        .chars()
        .rev()
        .find(|c| !c.is_whitespace())
        .is_none_or(|c| matches!(c, '[' | '{' | ',' | ':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_yaml_passes() {
        let text = "title: \"Freetown: day 1 [draft]\"\nsummary: |\n  Notes [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n  more {{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{\ncountries: [SL, GN]\nactions:\n  - action: 'don''t [ forget'\n    owner: CSO\n    due: 2016-05-01\ntopics:\n  - smuggling # a [ comment\nplain: a [ b { c\n";
        assert_eq!(depth_problem(text), None);
        let v: Option<serde_yaml::Value> = parse(
            text,
            Path::new("a.md"),
            1,
            "the front matter",
            &mut Diagnostics::new(),
        );
        assert!(v.is_some());
    }

    #[test]
    fn deep_flow_nesting_is_refused_at_its_place() {
        let text = format!("title: x\nsummary: {}\n", "[".repeat(100_000));
        assert_eq!(depth_problem(&text), Some(Pos::new(2, 9 + MAX_DEPTH)));
        let text = format!("a: {}x{}\n", "{a: ".repeat(40_000), "}".repeat(40_000));
        assert!(depth_problem(&text).is_some());
    }

    #[test]
    fn deep_block_nesting_is_refused() {
        let mut text = String::new();
        for i in 0..40 {
            text.push_str(&" ".repeat(i * 2));
            text.push_str("a:\n");
        }
        assert_eq!(depth_problem(&text).map(|p| p.line), Some(MAX_DEPTH + 1));
        let dashes = format!("list:\n  {}x\n", "- ".repeat(40));
        assert!(depth_problem(&dashes).is_some());
    }

    #[test]
    fn nesting_within_the_limit_passes() {
        let text = format!(
            "a: {}x{}\n",
            "[".repeat(MAX_DEPTH - 1),
            "]".repeat(MAX_DEPTH - 1)
        );
        assert_eq!(depth_problem(&text), None);
    }

    #[test]
    fn the_error_is_positioned_in_the_file() {
        let mut d = Diagnostics::new();
        let text = format!("title: x\nsummary: {}\n", "[".repeat(1000));
        let v: Option<serde_yaml::Value> =
            parse(&text, Path::new("c.md"), 1, "the front matter", &mut d);
        assert!(v.is_none());
        let first = &d.sorted()[0];
        assert_eq!((first.line, first.col), (3, 9 + MAX_DEPTH));
        assert!(
            first.message.contains("more than 32 levels"),
            "{}",
            first.message
        );
    }
}
