//! A progress bar for long builds: drawn on a terminal once a stage has run for a second,
//! never when standard error is not a terminal (CI logs, pipes).

use std::io::IsTerminal;
use std::sync::Once;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Counts work done; shows itself only when the work is slow and someone is watching.
pub(crate) struct Progress {
    bar: ProgressBar,
    start: Instant,
    shown: Once,
    terminal: bool,
}

impl Progress {
    /// A hidden bar for `len` items labelled `what`.
    pub(crate) fn new(len: usize, what: &'static str) -> Self {
        let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template("{msg:>10} [{bar:30}] {pos}/{len}") {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(what);
        Progress {
            bar,
            start: Instant::now(),
            shown: Once::new(),
            terminal: std::io::stderr().is_terminal(),
        }
    }

    /// One more item done.
    pub(crate) fn inc(&self) {
        self.bar.inc(1);
        if self.terminal && self.start.elapsed() > Duration::from_secs(1) {
            self.shown
                .call_once(|| self.bar.set_draw_target(ProgressDrawTarget::stderr()));
        }
    }

    /// Removes the bar from the terminal.
    pub(crate) fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
