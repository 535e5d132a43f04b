//! One module per subcommand; each returns the process exit code.

pub mod build;
pub mod bundle;
pub mod init;
pub mod new;
pub mod pack;
pub mod report;
pub mod search;
pub mod serve;
pub mod status;
pub mod verify;

use crate::diagnostics::Diagnostics;

/// Exit code for success.
pub const OK: i32 = 0;
/// Exit code when the content has errors (or the build failed).
pub const CONTENT_ERROR: i32 = 1;
/// Exit code for a wrong command line.
pub const USAGE_ERROR: i32 = 2;

/// Prints every problem (paths relative to the site root `.`), then a one-line summary, to
/// stderr. See [`report::Reporter`] for sites elsewhere and JSON.
pub fn report(diags: &Diagnostics) {
    report_in(std::path::Path::new("."), diags);
}

/// Prints every problem of the site at `root`, with its source line and hint, then a one-line
/// summary, to stderr.
pub fn report_in(root: &std::path::Path, diags: &Diagnostics) {
    report::Reporter::new(root, report::MessageFormat::Human).print(diags);
}
