//! `loupe build` and `loupe check`.

use std::path::{Path, PathBuf};

use super::{report, CONTENT_ERROR, OK};
use crate::pipeline::{self, Options, Outcome};

/// Builds the site at `root` into `output` (default `root/public`).
pub fn build(root: &Path, output: Option<PathBuf>, timings: bool, open: bool) -> i32 {
    let target = output.unwrap_or_else(|| root.join("public"));
    let outcome = run(&Options {
        root: root.to_path_buf(),
        output: Some(target.clone()),
    });
    let Some(outcome) = outcome else {
        return CONTENT_ERROR;
    };
    if timings {
        print_timings(&outcome);
    }
    if outcome.diagnostics.has_errors() {
        eprintln!("the build failed: {} was left as it was", target.display());
        return CONTENT_ERROR;
    }
    eprintln!(
        "built {} pages into {} (search index: {} KB)",
        outcome.pages,
        target.display(),
        outcome.search_bytes / 1024
    );
    if open {
        open_in_browser(&target.join("index.html"));
    }
    OK
}

/// Checks the site at `root`, writing nothing.
pub fn check(root: &Path) -> i32 {
    let Some(outcome) = run(&Options {
        root: root.to_path_buf(),
        output: None,
    }) else {
        return CONTENT_ERROR;
    };
    if outcome.diagnostics.has_errors() {
        CONTENT_ERROR
    } else {
        eprintln!("checked {} pages: no errors", outcome.pages);
        OK
    }
}

fn run(options: &Options) -> Option<Outcome> {
    match pipeline::run(options) {
        Ok(outcome) => {
            report(&outcome.diagnostics);
            Some(outcome)
        }
        Err(e) => {
            eprintln!("error: {e}");
            None
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
