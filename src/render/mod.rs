//! Rendering: every page of the site through the theme's templates.

pub(crate) mod body;
pub(crate) mod contexts;
pub(crate) mod feeds;
pub(crate) mod minify;
pub(crate) mod pages;
pub(crate) mod record;
pub(crate) mod templates;
pub(crate) mod views;

use std::path::PathBuf;

/// Somewhere rendered files go: the staging folder of a build, or nothing for `loupe check`.
pub trait Sink: Sync {
    /// Writes `bytes` at `rel` (a root-relative path with `/`), creating folders as needed.
    fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()>;
}

/// A sink that keeps nothing, for `loupe check`.
pub(crate) struct Discard;

impl Sink for Discard {
    fn write(&self, _rel: &str, _bytes: &[u8]) -> std::io::Result<()> {
        Ok(())
    }
}

/// A failure to write an output file.
#[derive(Debug, thiserror::Error)]
#[error("cannot write {path}: {source}")]
pub struct WriteError {
    /// The output path.
    pub path: PathBuf,
    /// The cause.
    pub source: std::io::Error,
}
