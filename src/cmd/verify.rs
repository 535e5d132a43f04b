//! `loupe verify`: checks a copy of a bundle (folder or zip) against its manifest.

use std::io::IsTerminal;
use std::path::Path;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::bundle::size;
use super::{CONTENT_ERROR, OK, USAGE_ERROR};
use crate::bundle::verify::{self, VerifyError};

/// Runs `loupe verify PATH`: 0 when the copy is complete and unchanged, 1 when it is not,
/// 2 when it cannot be checked (no such path, not a bundle).
pub fn run(path: &Path) -> i32 {
    // A bar on a terminal, once the check has run for a second: large copies on slow sticks.
    let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::hidden());
    if let Ok(style) = ProgressStyle::with_template("checking [{bar:30}] {bytes}/{total_bytes}") {
        bar.set_style(style.progress_chars("=> "));
    }
    let terminal = std::io::stderr().is_terminal();
    let start = Instant::now();
    let mut shown = false;
    let mut progress = |done: u64, total: u64| {
        bar.set_length(total);
        bar.set_position(done);
        if terminal && !shown && start.elapsed() > Duration::from_secs(1) {
            bar.set_draw_target(ProgressDrawTarget::stderr());
            shown = true;
        }
    };
    let result = verify::verify(path, &mut progress);
    bar.finish_and_clear();
    let report = match result {
        Ok(r) => r,
        Err(
            e @ (VerifyError::NotFound(_) | VerifyError::NoManifest(_) | VerifyError::NotZip(_)),
        ) => {
            eprintln!("error: {e}");
            return USAGE_ERROR;
        }
        Err(e) => {
            eprintln!("error: {e}");
            return CONTENT_ERROR;
        }
    };
    for p in &report.missing {
        println!("missing: {p}");
    }
    for p in &report.changed {
        println!("changed: {p}");
    }
    for p in &report.extra {
        println!("extra:   {p}");
    }
    if !report.ignored.is_empty() {
        eprintln!(
            "({} file(s) that the operating system adds to drives were not counted, e.g. {})",
            report.ignored.len(),
            report.ignored[0]
        );
    }
    if report.is_ok() {
        println!(
            "{}: all {} files match ({} checked)",
            path.display(),
            report.listed,
            size(report.bytes)
        );
        OK
    } else {
        println!(
            "{}: NOT a good copy: {} missing, {} changed, {} extra (of {} files); copy the bundle again",
            path.display(),
            report.missing.len(),
            report.changed.len(),
            report.extra.len(),
            report.listed
        );
        CONTENT_ERROR
    }
}
