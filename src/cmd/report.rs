//! Printing problems: `path:line:col: error: message`, the source line with a caret under the
//! column, and the hint (as rustc does), in colour on a terminal; or one JSON object per problem
//! for editors and CI (`--message-format json`).
//!
//! Paths are shown relative to the current folder, so that a terminal or an editor can open
//! them: `loupe check --root m` prints `m/content/en/…`.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::{Component, Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics, Severity};

/// How problems are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum MessageFormat {
    /// For people: the source line with a caret, and the hint (to stderr).
    #[default]
    Human,
    /// One JSON object per line and problem (to stdout): path, line, column, severity,
    /// message, hint.
    Json,
}

/// The longest part of a source line shown, in characters.
const MAX_SHOWN: usize = 100;

/// Prints diagnostics of the site at `root`.
pub struct Reporter {
    root: PathBuf,
    format: MessageFormat,
    color: bool,
    cwd: Option<PathBuf>,
}

/// One problem as `--message-format json` prints it.
#[derive(Debug, serde::Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct JsonMessage {
    /// The file, relative to the current folder where possible.
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// `error`, `warning` or `note`.
    pub severity: String,
    /// What is wrong.
    pub message: String,
    /// What to change, or `null`.
    pub hint: Option<String>,
}

impl Reporter {
    /// A reporter for the site at `root`, in `format`; colour when stderr is a terminal and
    /// `NO_COLOR` is not set.
    pub fn new(root: &Path, format: MessageFormat) -> Self {
        let color = std::io::stderr().is_terminal()
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            && std::env::var("TERM").map_or(true, |t| t != "dumb");
        Reporter {
            root: root.to_path_buf(),
            format,
            color,
            cwd: std::env::current_dir().ok(),
        }
    }

    /// The same reporter, with colour on or off.
    pub fn with_color(mut self, color: bool) -> Self {
        self.color = color;
        self
    }

    /// The format problems are printed in.
    pub fn format(&self) -> MessageFormat {
        self.format
    }

    /// `path` (relative to the site root) as shown: relative to the current folder.
    pub fn shown_path(&self, path: &Path) -> PathBuf {
        if path.is_absolute() || path.to_string_lossy().starts_with('(') {
            return path.to_path_buf();
        }
        let full = self.root.join(path);
        let clean: PathBuf = full
            .components()
            .filter(|c| !matches!(c, Component::CurDir))
            .collect();
        if clean.is_absolute() {
            if let Some(cwd) = &self.cwd {
                if let Ok(rel) = clean.strip_prefix(cwd) {
                    return rel.to_path_buf();
                }
                if let (Ok(c), Ok(r)) = (cwd.canonicalize(), self.root.canonicalize()) {
                    if let Ok(rel) = r.join(path).strip_prefix(&c) {
                        return rel.to_path_buf();
                    }
                }
            }
        }
        clean
    }

    /// Prints every problem, then a one-line count of errors and warnings, to stderr (problems
    /// in JSON go to stdout).
    pub fn print(&self, diags: &Diagnostics) {
        let text = self.render(diags);
        match self.format {
            MessageFormat::Human => {
                let _ = std::io::stderr().lock().write_all(text.as_bytes());
            }
            MessageFormat::Json => {
                let _ = std::io::stdout().lock().write_all(text.as_bytes());
            }
        }
        let (e, w) = (diags.error_count(), diags.warning_count());
        if e + w > 0 {
            let plural =
                |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
            eprintln!("{}, {}", plural(e, "error"), plural(w, "warning"));
        }
    }

    /// The text [`Reporter::print`] writes for the problems (without the count).
    pub fn render(&self, diags: &Diagnostics) -> String {
        let mut sources = Sources::default();
        let mut out = String::new();
        for d in diags.sorted() {
            match self.format {
                MessageFormat::Human => out.push_str(&self.human(&d, &mut sources)),
                MessageFormat::Json => {
                    out.push_str(&self.json(&d));
                    out.push('\n');
                }
            }
        }
        out
    }

    /// One problem as a JSON object.
    pub fn json(&self, d: &Diagnostic) -> String {
        let m = JsonMessage {
            path: self.shown_path(&d.path).to_string_lossy().into_owned(),
            line: d.line,
            column: d.col,
            severity: d.severity.label().to_string(),
            message: d.message.clone(),
            hint: d.hint.clone(),
        };
        serde_json::to_string(&m).unwrap_or_default()
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    /// One problem for people: the heading line, the source line with a caret, the hint.
    fn human(&self, d: &Diagnostic, sources: &mut Sources) -> String {
        let sev_color = match d.severity {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Note => "1;36",
        };
        let path = self.shown_path(&d.path);
        let mut out = format!(
            "{}: {}: {}\n",
            self.paint("1", &format!("{}:{}:{}", path.display(), d.line, d.col)),
            self.paint(sev_color, d.severity.label()),
            printable(&d.message)
        );
        let line = sources.line(&self.root.join(&d.path), d.line);
        let gutter = " ".repeat(d.line.to_string().len());
        if let Some(line) = line.filter(|l| !(d.line == 1 && d.col == 1 && l.trim() == "---")) {
            let (shown, caret) = snippet(&line, d.col);
            let bar = self.paint("1;34", "|");
            out.push_str(&format!("{gutter} {bar}\n"));
            out.push_str(&format!(
                "{} {bar} {}\n",
                self.paint("1;34", &d.line.to_string()),
                shown
            ));
            out.push_str(&format!(
                "{gutter} {bar} {}{}\n",
                " ".repeat(caret),
                self.paint(sev_color, "^")
            ));
        }
        if let Some(hint) = &d.hint {
            out.push_str(&format!(
                "{gutter} {} {}\n",
                self.paint("1;34", "="),
                self.paint("36", &format!("hint: {}", printable(hint)))
            ));
        }
        out
    }
}

/// `text` with control characters (which could drive the terminal) shown as `�`.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\n' {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

/// The part of `line` shown (tabs as four spaces, at most [`MAX_SHOWN`] characters around
/// column `col`) and the caret's offset under it.
fn snippet(line: &str, col: usize) -> (String, usize) {
    let chars: Vec<char> = line.chars().collect();
    let col0 = col.saturating_sub(1).min(chars.len());
    let start = if chars.len() > MAX_SHOWN && col0 > MAX_SHOWN / 2 {
        (col0 - MAX_SHOWN / 2).min(chars.len().saturating_sub(MAX_SHOWN))
    } else {
        0
    };
    let end = (start + MAX_SHOWN).min(chars.len());
    let mut shown = String::new();
    let mut caret = 0;
    if start > 0 {
        shown.push('…');
        caret += 1;
    }
    for (i, &c) in chars.iter().enumerate().take(end).skip(start) {
        let piece = match c {
            '\t' => "    ".to_string(),
            c if c.is_control() => "\u{FFFD}".to_string(),
            c => c.to_string(),
        };
        if i < col0 {
            caret += piece.chars().count();
        }
        shown.push_str(&piece);
    }
    if end < chars.len() {
        shown.push('…');
    }
    (shown, caret)
}

/// Source files read for their lines, each once.
#[derive(Default)]
struct Sources {
    files: HashMap<PathBuf, Option<Vec<String>>>,
}

impl Sources {
    /// Line `n` (1-based) of `path`, without its line ending; `None` when unreadable.
    fn line(&mut self, path: &Path, n: usize) -> Option<String> {
        let lines = self.files.entry(path.to_path_buf()).or_insert_with(|| {
            let bytes = std::fs::read(path).ok()?;
            let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
            let text = String::from_utf8_lossy(bytes);
            Some(
                text.split('\n')
                    .map(|l| l.strip_suffix('\r').unwrap_or(l).to_string())
                    .collect(),
            )
        });
        lines.as_ref()?.get(n.checked_sub(1)?).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Pos;

    #[test]
    fn the_caret_sits_under_the_column() {
        assert_eq!(snippet("title: a: b", 9), ("title: a: b".into(), 8));
        assert_eq!(snippet("\ttitle", 2), ("    title".into(), 4));
        let long = format!("{}X{}", "a".repeat(300), "b".repeat(300));
        let (shown, caret) = snippet(&long, 301);
        assert_eq!(shown.chars().nth(caret), Some('X'));
        assert!(shown.chars().count() <= MAX_SHOWN + 2);
    }

    #[test]
    fn renders_line_caret_and_hint() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::write(dir.path().join("content/a.md"), "---\ntitle: a: b\n---\n").unwrap();
        let mut d = Diagnostics::new();
        d.error_hint(Path::new("content/a.md"), Pos::new(2, 9), "bad", "quote it");
        let r = Reporter::new(dir.path(), MessageFormat::Human).with_color(false);
        let text = r.render(&d);
        let want = "content/a.md:2:9: error: bad\n  |\n2 | title: a: b\n  |         ^\n  = hint: quote it\n";
        assert!(text.ends_with(want), "{text}");
        let r = Reporter::new(dir.path(), MessageFormat::Json);
        let m: JsonMessage = serde_json::from_str(r.render(&d).trim()).unwrap();
        assert_eq!(
            (m.line, m.column, m.hint.as_deref()),
            (2, 9, Some("quote it"))
        );
    }

    #[test]
    fn paths_are_relative_to_the_current_folder() {
        let r = Reporter::new(Path::new("m"), MessageFormat::Human);
        assert_eq!(
            r.shown_path(Path::new("content/en/a.md")),
            PathBuf::from("m/content/en/a.md")
        );
        let r = Reporter::new(Path::new("."), MessageFormat::Human);
        assert_eq!(
            r.shown_path(Path::new("loupe.yaml")),
            PathBuf::from("loupe.yaml")
        );
        let cwd = std::env::current_dir().unwrap();
        let r = Reporter::new(&cwd.join("site"), MessageFormat::Human);
        assert_eq!(
            r.shown_path(Path::new("loupe.yaml")),
            PathBuf::from("site/loupe.yaml")
        );
        assert_eq!(
            r.shown_path(Path::new("(built-in theme)/x")),
            PathBuf::from("(built-in theme)/x")
        );
    }

    #[test]
    fn control_characters_do_not_reach_the_terminal() {
        assert_eq!(printable("a\x1b[2Jb"), "a\u{FFFD}[2Jb");
    }
}
