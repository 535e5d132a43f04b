//! `loupe serve`.

use std::path::PathBuf;
use std::time::Duration;

use super::CONTENT_ERROR;
use crate::serve::{self, Options};

/// Serves the site at `root` until stopped; returns an exit code only when it cannot start.
pub fn run(
    root: PathBuf,
    port: u16,
    bind: String,
    allowed_hosts: Vec<String>,
    output: Option<PathBuf>,
) -> i32 {
    let options = Options {
        root,
        bind,
        port,
        output,
        debounce: Duration::from_millis(30),
        allowed_hosts,
    };
    match serve::run(&options) {
        Ok(()) => super::OK,
        Err(e) => {
            eprintln!("error: {e}");
            CONTENT_ERROR
        }
    }
}
