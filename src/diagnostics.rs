//! Problems found in a site's input, each with the place it was found.
//!
//! Every stage collects its problems into [`Diagnostics`] instead of stopping at the first one,
//! so that one build reports everything that is wrong at once, as `path:line:col: message`.
//! A problem may carry a hint (what to change); the CLI layer prints it under the source line.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a problem is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Severity {
    /// The build fails.
    Error,
    /// Reported, but the build goes on.
    Warning,
    /// Information about the site (such as untranslated documents), never a problem.
    Note,
}

impl Severity {
    /// The word printed before the message: `error`, `warning` or `note`.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// One problem, at a place in a file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    /// The file, relative to the site root where possible.
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters).
    pub col: usize,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in plain words.
    pub message: String,
    /// What to change, when it is known (printed on a line of its own).
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A problem of `severity` at `pos` in `path`, without a hint.
    pub fn new(path: &Path, pos: Pos, severity: Severity, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.to_path_buf(),
            line: pos.line.max(1),
            col: pos.col.max(1),
            severity,
            message: message.into(),
            hint: None,
        }
    }

    /// The same problem with `hint` (what to change).
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// `path:line:col: error: message` (the hint is not part of it: see the CLI's report).
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}: {}",
            self.path.display(),
            self.line,
            self.col,
            self.severity.label(),
            self.message
        )
    }
}

/// A position in a file, 1-based.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Pos {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
}

impl Pos {
    /// A position from a 1-based line and column.
    pub fn new(line: usize, col: usize) -> Self {
        Pos { line, col }
    }
}

/// The problems found so far.
#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty collection.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records an error at `pos` in `path`.
    pub fn error(&mut self, path: &Path, pos: Pos, message: impl Into<String>) {
        self.push(path, pos, Severity::Error, message.into());
    }

    /// Records a warning at `pos` in `path`.
    pub fn warning(&mut self, path: &Path, pos: Pos, message: impl Into<String>) {
        self.push(path, pos, Severity::Warning, message.into());
    }

    /// Records an error at `pos` in `path`, with a hint saying what to change.
    pub fn error_hint(
        &mut self,
        path: &Path,
        pos: Pos,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.add(Diagnostic::new(path, pos, Severity::Error, message).with_hint(hint));
    }

    /// Records a warning at `pos` in `path`, with a hint saying what to change.
    pub fn warning_hint(
        &mut self,
        path: &Path,
        pos: Pos,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.add(Diagnostic::new(path, pos, Severity::Warning, message).with_hint(hint));
    }

    /// Records a note (information, not a problem) at `pos` in `path`.
    pub fn note(&mut self, path: &Path, pos: Pos, message: impl Into<String>) {
        self.push(path, pos, Severity::Note, message.into());
    }

    /// Records `d` as it is.
    pub fn add(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    fn push(&mut self, path: &Path, pos: Pos, severity: Severity, message: String) {
        self.add(Diagnostic::new(path, pos, severity, message));
    }

    /// Moves every problem of `other` into this collection.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// True when at least one error was recorded.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// The number of errors.
    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// The number of warnings.
    pub fn warning_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    /// The number of notes.
    pub fn note_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Note)
            .count()
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// All problems, sorted by file, line and column (stable, so output is deterministic).
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let mut v = self.items.clone();
        v.sort();
        v.dedup();
        v
    }
}

/// Where a YAML parse error is in `text`, shifted by `line_offset` lines (1-based; `1:1` when
/// unknown). Lines are counted as everywhere in loupe, at `\n` only: libyaml's own line number
/// also breaks at a lone `\r`, which would point past the end of a file (found by fuzzing
/// `loupe.yaml`), so the place is found again from the error's byte index.
pub fn yaml_pos(e: &serde_yaml::Error, text: &str, line_offset: usize) -> Pos {
    let Some(location) = e.location() else {
        return Pos::new(1 + line_offset, 1);
    };
    let (mut line, mut col) = (1, 1);
    for (_, c) in text
        .char_indices()
        .take_while(|(i, _)| *i < location.index())
    {
        if c == '\n' {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
    }
    Pos::new(line + line_offset, col)
}

/// The longest word or candidate [`did_you_mean`] compares, in characters: the edit distance
/// costs the product of the two lengths, and no one mistypes a 100-letter name.
const SUGGEST_MAX_CHARS: usize = 100;

/// "did you mean `x`?" for the closest of `candidates` to `word`, if one is close enough.
/// Words and candidates longer than `SUGGEST_MAX_CHARS` get no suggestion, so a call costs
/// at most a constant per candidate.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    let len = word.chars().count();
    if len > SUGGEST_MAX_CHARS {
        return String::new();
    }
    let lower = word.to_lowercase();
    let best = candidates
        .into_iter()
        .filter(|c| {
            // A candidate whose length differs by more than the allowed distance cannot be close.
            let n = c.chars().count();
            n <= SUGGEST_MAX_CHARS && n.abs_diff(len) <= (n / 3).max(1)
        })
        .map(|c| (strsim::damerau_levenshtein(&lower, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= (c.chars().count() / 3).max(1))
        .min();
    match best {
        Some((_, c)) => format!(", did you mean `{c}`?"),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn yaml_errors_are_placed_as_loupe_counts_lines() {
        let at = |text: &str| {
            let e = serde_yaml::from_str::<serde_json::Value>(text).unwrap_err();
            let l = e.location().unwrap();
            (yaml_pos(&e, text, 0), (l.line(), l.column()))
        };
        // Without a lone `\r`, libyaml's place and loupe's agree, after accented letters too.
        for text in [
            "a: é é\nb: [x\n",
            "title: Été\nkey: : x\n",
            "a: 1\n  b: 2\n",
        ] {
            let (ours, libyaml) = at(text);
            assert_eq!((ours.line, ours.col), libyaml, "{text:?}");
        }
        // A lone `\r` is no line break for loupe: the place stays inside the two lines (the
        // input the config fuzz target found).
        let (ours, libyaml) = at("---\ntitle: \rin");
        assert!(libyaml.0 > 2, "libyaml counts the `\\r`: {libyaml:?}");
        assert!(ours.line <= 2, "{ours:?}");
    }

    use super::*;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(
            did_you_mean("titel", ["title", "summary"]),
            ", did you mean `title`?"
        );
        assert_eq!(did_you_mean("zzzzzz", ["title", "summary"]), "");
        let long = "a".repeat(SUGGEST_MAX_CHARS + 1);
        assert_eq!(did_you_mean(&long, [long.as_str()]), "");
    }

    #[test]
    fn displays_as_path_line_col() {
        let mut d = Diagnostics::new();
        d.error(Path::new("content/en/a.md"), Pos::new(3, 1), "bad");
        assert_eq!(d.sorted()[0].to_string(), "content/en/a.md:3:1: error: bad");
    }
}
