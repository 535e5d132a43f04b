//! What `loupe serve` tells whoever started it: the library reports events, and only the command
//! line prints them (`src/cmd/serve.rs`).

use std::net::SocketAddr;
use std::path::Path;

use super::engine::Rebuild;
use super::ServeError;

/// Something `loupe serve` did or met.
#[derive(Debug)]
pub enum Event<'a> {
    /// The server answers at `addr` for the site at `root`.
    Serving {
        /// The site folder.
        root: &'a Path,
        /// The address to open in a browser.
        addr: SocketAddr,
    },
    /// A rebuild or a search index update ended (with errors, nothing was written).
    Rebuilt(&'a Rebuild),
    /// A rebuild could not write its output.
    Failed(&'a ServeError),
    /// A rebuild step panicked: the last good build stays served.
    Panicked(&'a str),
    /// A passing problem of the server or the watcher, in words.
    Note(String),
}

/// Receives the events of a running server (from several threads).
pub trait Reporter: Send + Sync {
    /// Handles one event.
    fn report(&self, event: Event<'_>);
}
