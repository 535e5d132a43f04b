//! `loupe build` and `loupe check`.

use std::path::{Path, PathBuf};

use super::{report, CONTENT_ERROR, OK, USAGE_ERROR};
use crate::pipeline::{self, BuildError, Options, Outcome};

/// Builds the site at `root` into `output` (default `root/public`).
pub fn build(root: &Path, output: Option<PathBuf>, timings: bool, open: bool, force: bool) -> i32 {
    let target = output.unwrap_or_else(|| root.join("public"));
    let existed = target.exists();
    let outcome = match run(&Options {
        root: root.to_path_buf(),
        output: Some(target.clone()),
        force,
    }) {
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
    let outcome = match run(&Options {
        root: root.to_path_buf(),
        output: None,
        force: false,
    }) {
        Ok(outcome) => outcome,
        Err(code) => return code,
    };
    if outcome.diagnostics.has_errors() {
        CONTENT_ERROR
    } else {
        eprintln!("checked {} pages: no errors", outcome.pages);
        OK
    }
}

/// Runs the pipeline and reports its problems; on failure, the exit code.
fn run(options: &Options) -> Result<Outcome, i32> {
    match pipeline::run(options) {
        Ok(outcome) => {
            report(&outcome.diagnostics);
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
