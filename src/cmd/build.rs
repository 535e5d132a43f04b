//! `loupe build` and `loupe check`.

use std::path::{Path, PathBuf};

use super::report::{MessageFormat, Reporter};
use super::{status, CONTENT_ERROR, OK, USAGE_ERROR};
use crate::content::date::Date;
use crate::content::review;
use crate::diagnostics::{Diagnostics, Pos};
use crate::pipeline::{self, BuildError, Options, Outcome};

/// Names the day `loupe check` measures the age of reviews against (`YYYY-MM-DD`); the system
/// clock's date when unset. Tests set it to get results that do not change with the calendar.
pub const TODAY_VAR: &str = "LOUPE_TODAY";

/// The switches of `loupe build`.
#[derive(Debug, Clone, Copy, Default)]
pub struct BuildFlags {
    /// Print the time of each stage.
    pub timings: bool,
    /// Open the built site in the default browser.
    pub open: bool,
    /// Replace a non-empty output folder loupe did not make.
    pub force: bool,
    /// Build everything, ignoring what the last build recorded.
    pub clean: bool,
    /// How problems are printed.
    pub format: MessageFormat,
}

/// Builds the site at `root` into `output` (default `root/public`).
pub fn build(root: &Path, output: Option<PathBuf>, flags: &BuildFlags) -> i32 {
    let BuildFlags {
        timings,
        open,
        force,
        clean,
        format,
    } = *flags;
    let target = output.unwrap_or_else(|| root.join("public"));
    let existed = target.exists();
    let outcome = match run(
        &Options {
            root: root.to_path_buf(),
            output: Some(target.clone()),
            force,
            clean,
        },
        format,
    ) {
        Ok(outcome) => outcome,
        Err(code) => return code,
    };
    if timings {
        print_timings(&outcome);
    }
    if outcome.diagnostics.has_errors() {
        if existed {
            eprintln!("the build failed: {} was left as it was", target.display());
        } else {
            eprintln!("the build failed: nothing was written");
        }
        return CONTENT_ERROR;
    }
    let unchanged = if outcome.unchanged > 0 {
        format!(", {} as they were", outcome.unchanged)
    } else {
        String::new()
    };
    let search = match (outcome.search_bytes, outcome.search_in_place.as_slice()) {
        (0, _) => String::new(),
        (bytes, []) => format!(" (search index: {} KB)", bytes / 1024),
        (bytes, langs) => format!(
            " (search index: {} KB, {} updated in place)",
            bytes / 1024,
            langs.join(", ")
        ),
    };
    eprintln!(
        "built {} into {}{unchanged}{search}",
        pages(outcome.pages),
        target.display()
    );
    if open {
        open_in_browser(&target.join("index.html"));
    }
    OK
}

/// "1 page", "2 pages".
fn pages(n: usize) -> String {
    format!("{n} page{}", if n == 1 { "" } else { "s" })
}

/// Checks the site at `root`, writing nothing. When it has no errors, also lists the guidance
/// notes that need a review, and ends with a one-line note on its translations (all of them
/// with `translations`, as `loupe status` lists them).
pub fn check(root: &Path, format: MessageFormat, translations: bool) -> i32 {
    let today = match today() {
        Ok(d) => d,
        Err(found) => {
            eprintln!("error: {TODAY_VAR} must be a date written YYYY-MM-DD, found `{found}`");
            return USAGE_ERROR;
        }
    };
    let outcome = match run(
        &Options {
            root: root.to_path_buf(),
            output: None,
            force: false,
            clean: false,
        },
        format,
    ) {
        Ok(outcome) => outcome,
        Err(code) => return code,
    };
    if outcome.diagnostics.has_errors() {
        return CONTENT_ERROR;
    }
    // Reminders and notes, not problems: shown only once the site is free of errors.
    for line in review::summary(&outcome.reviews, today) {
        eprintln!("{line}");
    }
    if let Some(st) = &outcome.translations {
        if translations && format == MessageFormat::Human {
            eprint!("{}", status::text(st));
        } else if !st.is_complete() {
            let mut note = Diagnostics::new();
            let line = format!("{}: `loupe status` lists them", status::summary(st));
            note.note(
                Path::new(crate::config::CONFIG_FILE),
                Pos::new(1, 1),
                line.clone(),
            );
            match format {
                MessageFormat::Json => Reporter::new(root, format).print(&note),
                MessageFormat::Human => eprintln!("note: {line}"),
            }
        }
    }
    eprintln!("checked {}: no errors", pages(outcome.pages));
    OK
}

/// Today, from `LOUPE_TODAY` or the system clock; the text found when `LOUPE_TODAY` is not a date.
fn today() -> Result<Date, String> {
    match std::env::var(TODAY_VAR) {
        Ok(s) if !s.trim().is_empty() => Date::parse(s.trim()).ok_or(s),
        _ => Ok(super::new::today()),
    }
}

/// Runs the pipeline and reports its problems; on failure, the exit code.
pub(crate) fn run(options: &Options, format: MessageFormat) -> Result<Outcome, i32> {
    match pipeline::run(options) {
        Ok(outcome) => {
            Reporter::new(&options.root, format).print(&outcome.diagnostics);
            Ok(outcome)
        }
        Err(e) => {
            eprintln!("error: {e}");
            Err(match e {
                BuildError::Output(_) => USAGE_ERROR,
                _ => CONTENT_ERROR,
            })
        }
    }
}

fn print_timings(outcome: &Outcome) {
    eprintln!("timings:");
    let mut total = 0.0;
    for t in &outcome.timings {
        eprintln!("{}\t{:.3}", t.stage, t.seconds);
        total += t.seconds;
    }
    eprintln!("total\t{total:.3}");
}

fn open_in_browser(index: &Path) {
    let path = index.canonicalize().unwrap_or_else(|_| index.to_path_buf());
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    match std::process::Command::new(opener).arg(&path).spawn() {
        Ok(_) => eprintln!("opened {}", path.display()),
        Err(_) => eprintln!("open {} in your browser", path.display()),
    }
}
