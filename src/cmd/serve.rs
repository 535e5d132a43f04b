//! `loupe serve`.

use std::path::PathBuf;
use std::time::Duration;

use std::sync::Arc;

use super::{report_in, CONTENT_ERROR};
use crate::serve::{self, Event, Options, Reporter};

/// Prints what the server does: the URL line (read by tests and scripts: keep its form), each
/// rebuild's problems and outcome, and the server's passing problems. Files are named relative
/// to the current folder (`root` is the site folder as given), as `loupe check` names them.
struct Terminal {
    root: PathBuf,
}

impl Reporter for Terminal {
    fn report(&self, event: Event<'_>) {
        match event {
            Event::Serving { root, addr } => {
                println!("serving {} at http://{addr}/", root.display());
            }
            Event::Rebuilt(r) => {
                report_in(&self.root, &r.diagnostics);
                if r.diagnostics.has_errors() {
                    eprintln!("rebuild failed: still serving the last good build");
                } else {
                    let mode = if r.indexed.is_empty() {
                        r.mode.to_string()
                    } else {
                        format!("{} ({})", r.mode, r.indexed.join(", "))
                    };
                    eprintln!(
                        "{mode} rebuild: {} rendered, {} changed in {:.1} ms",
                        plural(r.rendered, "page"),
                        plural(r.changed.len(), "file"),
                        r.millis
                    );
                }
            }
            Event::Failed(e) => eprintln!("error: {e}"),
            Event::Panicked(message) => eprintln!("{message}"),
            Event::Note(message) => eprintln!("{message}"),
        }
    }
}

/// `1 page`, `2 pages`.
fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// Serves the site at `root` until stopped; returns an exit code only when it cannot start.
pub fn run(
    root: PathBuf,
    port: u16,
    bind: String,
    allowed_hosts: Vec<String>,
    output: Option<PathBuf>,
) -> i32 {
    // Not a site: say so and create nothing (no `.loupe/`, no server answering "not found").
    let mut diags = crate::diagnostics::Diagnostics::new();
    if crate::config::load(&root, &mut diags).is_none() {
        report_in(&root, &diags);
        return CONTENT_ERROR;
    }
    let terminal = Terminal { root: root.clone() };
    let options = Options {
        root,
        bind,
        port,
        output,
        debounce: Duration::from_millis(30),
        allowed_hosts,
    };
    match serve::run(&options, Arc::new(terminal)) {
        Ok(()) => super::OK,
        Err(e) => {
            eprintln!("error: {e}");
            CONTENT_ERROR
        }
    }
}
