//! `loupe serve`: builds the site with the same pipeline as `loupe build` into a folder of its
//! own, serves it over HTTP on the loopback address, watches the site and rebuilds what
//! changed, and reloads the open pages.
//!
//! - [`engine`]: full and incremental rebuilds, never leaving a broken output served;
//! - [`output`]: the served folder, written file by file, only where bytes changed;
//! - [`http`]: the HTTP server; [`paths`]: safe mapping of request paths to files;
//!   [`host`]: the `Host` values answered; [`sse`]: the body of an event stream;
//! - [`watch`]: debounced file watching; [`reload`]: the event stream and reload script.
//!
//! A panic in a rebuild or a search index update does not stop it: it is reported like a
//! failed build, the last good build stays served, and the next change rebuilds everything.

pub mod engine;
pub mod events;
pub mod host;
pub mod http;
pub mod output;
pub mod paths;
pub mod reload;
pub mod sse;
pub mod watch;

use crate::io_error;
use std::any::Any;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use engine::Engine;
pub use events::{Event, Reporter};
use reload::Hub;

/// What `loupe serve` was asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    /// The site folder (with `loupe.yaml`).
    pub root: PathBuf,
    /// The address to bind.
    pub bind: String,
    /// The port (0 picks a free one).
    pub port: u16,
    /// The served folder (default `.loupe/serve/site` inside the site folder).
    pub output: Option<PathBuf>,
    /// Time from the last change of a burst to its rebuild.
    pub debounce: Duration,
    /// Host names or addresses requests may name besides the loopback ones and the address
    /// bound (`--allow-host`).
    pub allowed_hosts: Vec<String>,
}

/// Failures that stop `loupe serve` (content problems never do).
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {message}")]
    Bind {
        /// The address.
        addr: String,
        /// Why.
        message: String,
    },
    /// An `--allow-host` value is not a host name or address.
    #[error(transparent)]
    Host(#[from] host::BadHostName),
    /// The runtime of the HTTP server could not start.
    #[error("cannot start the HTTP server: {0}")]
    Runtime(std::io::Error),
    /// The file watcher could not start.
    #[error("cannot watch the site: {0}")]
    Watch(String),
    /// The served folder could not be prepared or written.
    #[error(transparent)]
    Output(#[from] output::OutputError),
    /// A build could not write its output.
    #[error(transparent)]
    Build(#[from] crate::pipeline::BuildError),
    /// The served folder is in a place a build may not write to (inside the site's sources).
    #[error(transparent)]
    Place(#[from] crate::output::OutputError),
    /// Other I/O.
    #[error(transparent)]
    Io(#[from] crate::io_error::PathIoError),
}

/// A server started by [`start`]; it runs until the process ends.
#[derive(Debug, Clone)]
pub struct Running {
    /// The address it listens on.
    pub addr: std::net::SocketAddr,
    /// The site folder (canonical).
    pub root: PathBuf,
}

/// Runs `loupe serve` until the process is stopped, telling `reporter` what happens.
pub fn run(options: &Options, reporter: Arc<dyn Reporter>) -> Result<(), ServeError> {
    let running = start(options, Arc::clone(&reporter))?;
    reporter.report(Event::Serving {
        root: &running.root,
        addr: browsable(running.addr),
    });
    loop {
        std::thread::park();
    }
}

/// The address to open in a browser on this machine: a wildcard address bound (`0.0.0.0`,
/// `::`) is reached through the loopback address.
fn browsable(addr: SocketAddr) -> SocketAddr {
    match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => (Ipv4Addr::LOCALHOST, addr.port()).into(),
        IpAddr::V6(ip) if ip.is_unspecified() => (Ipv6Addr::LOCALHOST, addr.port()).into(),
        _ => addr,
    }
}

/// Builds the site, then serves and watches it on threads of its own.
pub fn start(options: &Options, reporter: Arc<dyn Reporter>) -> Result<Running, ServeError> {
    let root = options
        .root
        .canonicalize()
        .map_err(io_error::at(&options.root))?;
    let out_dir = options
        .output
        .clone()
        .unwrap_or_else(|| root.join(".loupe").join("serve").join("site"));
    // Whether a non-empty folder may be emptied is checked by `output::Output::create`.
    crate::output::check_location(&root, &out_dir, output::MARKER, true)?;
    let http = http::Http::bind(&options.bind, options.port, &options.allowed_hosts)?;
    let mut engine = Engine::new(&root, &out_dir)?;
    let hub = Arc::new(Hub::new());
    let mut watcher = watch::Watcher::start(&root, options.debounce, Arc::clone(&reporter))?;
    let tell = Tell {
        hub: Arc::clone(&hub),
        reporter: Arc::clone(&reporter),
    };
    // After a panic the engine's state is not known: the next change rebuilds everything.
    let mut broken = !guarded(&tell, "build", || report(&tell, engine.full()));
    let served = engine
        .output_dir()
        .canonicalize()
        .map_err(io_error::at(&out_dir))?;
    let addr = http.addr();
    {
        let hub = Arc::clone(&hub);
        std::thread::spawn(move || http.run(served, hub, reporter));
    }
    std::thread::spawn(move || loop {
        let timeout = if broken {
            Duration::from_secs(3600)
        } else if engine.search_running() {
            Duration::from_millis(25)
        } else if engine.search_pending() {
            Duration::from_millis(50)
        } else {
            Duration::from_secs(3600)
        };
        match watcher.next(timeout) {
            Some(mut changes) if !changes.is_empty() => {
                while let Some(more) = watcher.next(Duration::from_millis(0)) {
                    changes.merge(more);
                }
                broken = !guarded(&tell, "rebuild", || {
                    panic_if_asked(&changes);
                    let result = if broken {
                        engine.full()
                    } else {
                        engine.apply(&changes)
                    };
                    report(&tell, result);
                });
            }
            Some(_) => {}
            // Quiet for a moment: the search index follows the pages now, on a thread of its
            // own, so that the next edit is not kept waiting for it.
            None if !broken => {
                broken = !guarded(&tell, "search index update", || {
                    engine.start_search();
                });
            }
            None => {}
        }
        if !broken {
            broken = !guarded(&tell, "search index update", || {
                if let Some(r) = engine.finish_search(false) {
                    report(&tell, r);
                }
            });
        }
    });
    Ok(Running { addr, root })
}

/// Runs `step` (`what`: "rebuild"…) of the rebuild loop; when it panics, reports the panic as
/// a failed rebuild (the last good build stays served) and returns false.
fn guarded(tell: &Tell, what: &str, step: impl FnOnce()) -> bool {
    let started = Instant::now();
    let Err(panic) = catch_unwind(AssertUnwindSafe(step)) else {
        return true;
    };
    let message = format!(
        "error: the {what} panicked ({}); the last good build stays served and the next \
         change rebuilds everything",
        panic_message(panic.as_ref())
    );
    tell.reporter.report(Event::Panicked(&message));
    tell.hub.failed(
        vec![message],
        started.elapsed().as_secs_f64() * 1000.0,
        "panic",
    );
    false
}

/// Where the outcome of a rebuild goes: the open pages and whoever started the server.
struct Tell {
    hub: Arc<Hub>,
    reporter: Arc<dyn Reporter>,
}

/// The message a panic was given, when it is text.
fn panic_message(panic: &(dyn Any + Send)) -> &str {
    panic
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("no message")
}

/// The environment variable naming the file whose change makes a rebuild panic on purpose.
#[cfg(debug_assertions)]
pub const TEST_PANIC_VAR: &str = "LOUPE_SERVE_TEST_PANIC";

/// Panics on purpose when a changed content file has the name that [`TEST_PANIC_VAR`] gives,
/// so that the tests can check how `serve` survives a panic. Content cannot reach it: it is
/// compiled into debug builds only, and only whoever starts `loupe serve` sets the variable.
#[cfg(debug_assertions)]
fn panic_if_asked(changes: &watch::Changes) {
    let Some(name) = std::env::var_os(TEST_PANIC_VAR) else {
        return;
    };
    if changes.content.iter().any(|p| p.file_name() == Some(&name)) {
        panic!("a rebuild panicked on purpose ({TEST_PANIC_VAR})");
    }
}

#[cfg(not(debug_assertions))]
fn panic_if_asked(_: &watch::Changes) {}

/// Tells the open pages and the reporter a rebuild's outcome.
fn report(tell: &Tell, result: Result<engine::Rebuild, ServeError>) {
    let started = Instant::now();
    let hub = &tell.hub;
    match result {
        Ok(r) => {
            tell.reporter.report(Event::Rebuilt(&r));
            if r.diagnostics.has_errors() {
                let errors: Vec<String> = r
                    .diagnostics
                    .sorted()
                    .iter()
                    .filter(|d| d.severity == crate::diagnostics::Severity::Error)
                    .map(ToString::to_string)
                    .collect();
                hub.failed(errors, r.millis, r.mode.as_str());
            } else {
                hub.published(&r.changed, r.millis, r.mode.as_str(), r.rendered);
            }
        }
        Err(e) => {
            tell.reporter.report(Event::Failed(&e));
            hub.failed(
                vec![format!("error: {e}")],
                started.elapsed().as_secs_f64() * 1000.0,
                "failed",
            );
        }
    }
}
