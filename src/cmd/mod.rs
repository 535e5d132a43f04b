//! One module per subcommand; each returns the process exit code.

pub mod build;
pub mod bundle;
pub mod init;
pub mod new;
pub mod pack;
pub mod search;
pub mod serve;
pub mod verify;

use crate::diagnostics::Diagnostics;

/// Exit code for success.
pub const OK: i32 = 0;
/// Exit code when the content has errors (or the build failed).
pub const CONTENT_ERROR: i32 = 1;
/// Exit code for a wrong command line.
pub const USAGE_ERROR: i32 = 2;

/// Prints every problem, then a one-line summary, to stderr.
pub fn report(diags: &Diagnostics) {
    for d in diags.sorted() {
        eprintln!("{d}");
    }
    let (e, w) = (diags.error_count(), diags.warning_count());
    if e + w > 0 {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        eprintln!("{}, {}", plural(e, "error"), plural(w, "warning"));
    }
}
