//! One error for a failed file-system operation on a path, shared by every module that reads
//! or writes files: the path says which file, the source what went wrong.

use std::io;
use std::path::{Path, PathBuf};

/// Reading, writing or listing `path` failed.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {source}")]
pub struct PathIoError {
    /// The file or folder.
    pub path: PathBuf,
    /// What the system said.
    #[source]
    pub source: io::Error,
}

/// For `map_err`: turns an I/O error on `path` into a [`PathIoError`], which `?` converts
/// into the caller's error type.
pub(crate) fn at(path: &Path) -> impl FnOnce(io::Error) -> PathIoError + '_ {
    move |source| PathIoError {
        path: path.to_path_buf(),
        source,
    }
}

/// A failed step of a folder walk, as a [`PathIoError`] on the entry (or on `root` when the
/// walk cannot name it).
pub(crate) fn walk(err: walkdir::Error, root: &Path) -> PathIoError {
    let path = err.path().unwrap_or(root).to_path_buf();
    let source = err
        .into_io_error()
        .unwrap_or_else(|| io::Error::other("a symbolic link loop"));
    PathIoError { path, source }
}
