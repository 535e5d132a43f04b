//! The HTTP side of `loupe serve`, on hyper (HTTP/1.1) and a small tokio runtime: files of the
//! served folder (HTML with the reload script added), the site's 404 page, the event stream and
//! the status.
//!
//! Bounded against slow or hostile clients (no thread per connection):
//! - at most [`MAX_CONNECTIONS`] connections at once; more wait in the listen backlog. When
//!   the process runs out of file descriptors, accepting pauses and starts again (logged once);
//! - a request head (request line and headers) over [`MAX_HEADER_BYTES`] gets 431, and one not
//!   complete within [`HEADER_TIMEOUT`] closes the connection; a kept-alive connection idle
//!   for as long closes too;
//! - event streams last as long as their page, but at most [`MAX_EVENT_STREAMS`] at once
//!   (they count among the connections too);
//! - only requests naming this server in `Host` are answered ([`AllowedHosts`]).

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{Either, Full};
use hyper::body::Incoming;
use hyper::header::{HeaderValue, ALLOW, CACHE_CONTROL, CONTENT_TYPE, HOST, LOCATION};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::runtime::Runtime;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::host::AllowedHosts;
use super::paths::{self, Target};
use super::reload::{self, Hub};
use super::sse::EventStream;
use super::ServeError;

/// Connections served at once; further ones wait in the listen backlog.
pub const MAX_CONNECTIONS: usize = 768;
/// Event streams open at once (each is also one of the [`MAX_CONNECTIONS`]).
pub const MAX_EVENT_STREAMS: usize = 64;
/// The largest request head (request line and headers) read, in bytes.
pub const MAX_HEADER_BYTES: usize = 64 * 1024;
/// The time a client has to send a request head, and that a kept-alive connection may stay
/// idle between requests.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(5);
/// The first pause after a failure to accept a connection (doubled up to [`MAX_PAUSE`]).
const FIRST_PAUSE: Duration = Duration::from_millis(50);
/// The longest pause after failures to accept a connection.
const MAX_PAUSE: Duration = Duration::from_secs(1);

/// A response body: bytes, or an event stream.
type Body = Either<Full<Bytes>, EventStream>;

/// A bound HTTP server, not yet answering.
pub struct Http {
    listener: TcpListener,
    addr: SocketAddr,
    hosts: AllowedHosts,
    runtime: Runtime,
}

/// What every request handler shares.
struct Site {
    dir: PathBuf,
    hub: Arc<Hub>,
    hosts: AllowedHosts,
    streams: Arc<Semaphore>,
}

impl Http {
    /// Binds `bind:port` (port 0 picks a free one); requests must name this server or one of
    /// the `allowed_hosts` (see [`AllowedHosts`]).
    pub fn bind(bind: &str, port: u16, allowed_hosts: &[String]) -> Result<Http, ServeError> {
        let failed = |e: std::io::Error| ServeError::Bind {
            addr: format!("{bind}:{port}"),
            message: e.to_string(),
        };
        let listener = std::net::TcpListener::bind((bind, port)).map_err(failed)?;
        listener.set_nonblocking(true).map_err(failed)?;
        let addr = listener.local_addr().map_err(failed)?;
        let hosts = AllowedHosts::new(addr, allowed_hosts)?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .max_blocking_threads(8)
            .thread_name("loupe-http")
            .enable_io()
            .enable_time()
            .build()
            .map_err(ServeError::Runtime)?;
        let listener = {
            let _context = runtime.enter();
            TcpListener::from_std(listener).map_err(ServeError::Runtime)?
        };
        Ok(Http {
            listener,
            addr,
            hosts,
            runtime,
        })
    }

    /// The address bound.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Answers requests until the process ends, serving files of `dir` (canonical).
    pub fn run(self, dir: PathBuf, hub: Arc<Hub>, reporter: Arc<dyn super::Reporter>) {
        let Http {
            listener,
            hosts,
            runtime,
            ..
        } = self;
        let site = Arc::new(Site {
            dir,
            hub,
            hosts,
            streams: Arc::new(Semaphore::new(MAX_EVENT_STREAMS)),
        });
        runtime.block_on(accept(listener, site, reporter));
    }
}

/// Accepts connections, at most [`MAX_CONNECTIONS`] at once, each served on a task.
async fn accept(listener: TcpListener, site: Arc<Site>, reporter: Arc<dyn super::Reporter>) {
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let mut config = http1::Builder::new();
    config
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT)
        .max_header_size(MAX_HEADER_BYTES)
        .max_buf_size(MAX_HEADER_BYTES);
    let mut pause = FIRST_PAUSE;
    let mut failing = false;
    loop {
        let Ok(slot) = Arc::clone(&slots).acquire_owned().await else {
            return;
        };
        match listener.accept().await {
            Ok((stream, _)) => {
                if failing {
                    reporter.report(super::Event::Note(
                        "serve: accepting connections again".into(),
                    ));
                    failing = false;
                    pause = FIRST_PAUSE;
                }
                tokio::spawn(connection(stream, slot, config.clone(), Arc::clone(&site)));
            }
            // The client gave up before it was accepted: nothing to wait for.
            Err(e) if gone(&e) => {}
            // Out of file descriptors (or memory): wait for connections to close.
            Err(e) => {
                if !failing {
                    reporter.report(super::Event::Note(format!(
                        "serve: cannot accept connections ({e}); waiting for some to close"
                    )));
                    failing = true;
                }
                drop(slot);
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(MAX_PAUSE);
            }
        }
    }
}

/// True for accept errors about one connection only.
fn gone(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(
        e.kind(),
        ConnectionAborted | ConnectionReset | ConnectionRefused
    )
}

/// Serves one connection, holding `slot` until it closes.
async fn connection(
    stream: TcpStream,
    slot: OwnedSemaphorePermit,
    config: http1::Builder,
    site: Arc<Site>,
) {
    let _ = stream.set_nodelay(true);
    let service = service_fn(move |request| {
        let site = Arc::clone(&site);
        async move { Ok::<_, Infallible>(answer(request, site).await) }
    });
    // Errors here are the client's (gone, too slow, malformed): hyper has answered if it could.
    let _ = config.serve_connection(TokioIo::new(stream), service).await;
    drop(slot);
}

/// A response with a body of bytes, never cached.
fn respond(status: StatusCode, ctype: &'static str, body: impl Into<Bytes>) -> Response<Body> {
    let mut r = Response::new(Either::Left(Full::new(body.into())));
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(CONTENT_TYPE, HeaderValue::from_static(ctype));
    h.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

async fn answer(request: Request<Incoming>, site: Arc<Site>) -> Response<Body> {
    let host = request.headers().get(HOST).and_then(|h| h.to_str().ok());
    if !host.is_some_and(|h| site.hosts.allows(h)) {
        return respond(
            StatusCode::FORBIDDEN,
            "text/plain; charset=utf-8",
            "loupe serve answers only requests for its own address \
             (see `loupe serve --allow-host`)\n",
        );
    }
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        let mut r = respond(
            StatusCode::METHOD_NOT_ALLOWED,
            "text/plain; charset=utf-8",
            "method not allowed\n",
        );
        r.headers_mut()
            .insert(ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let path = request.uri().path();
    match path {
        reload::EVENTS_PATH => events(&site),
        reload::STATUS_PATH => {
            let body = serde_json::to_vec(&site.hub.status()).unwrap_or_default();
            respond(StatusCode::OK, "application/json", body)
        }
        reload::SCRIPT_PATH => respond(
            StatusCode::OK,
            "text/javascript; charset=utf-8",
            reload::SCRIPT,
        ),
        _ => {
            let path = path.to_string();
            let task = tokio::task::spawn_blocking(move || file(&site.dir, &path));
            task.await.unwrap_or_else(|_| {
                respond(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "text/plain; charset=utf-8",
                    "internal error\n",
                )
            })
        }
    }
}

/// The event stream of one page, when fewer than [`MAX_EVENT_STREAMS`] are open.
fn events(site: &Site) -> Response<Body> {
    let Ok(slot) = Arc::clone(&site.streams).try_acquire_owned() else {
        return respond(
            StatusCode::SERVICE_UNAVAILABLE,
            "text/plain; charset=utf-8",
            "too many pages are listening\n",
        );
    };
    let mut r = Response::new(Either::Right(EventStream::new(site.hub.subscribe(), slot)));
    let h = r.headers_mut();
    h.insert(CONTENT_TYPE, HeaderValue::from_static("text/event-stream"));
    h.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// The answer for request path `path`: a file of `dir`, a redirect or the 404 page. Blocking.
fn file(dir: &Path, path: &str) -> Response<Body> {
    match paths::resolve(dir, path) {
        Target::File(path) => match std::fs::read(&path) {
            Ok(bytes) => {
                let ctype = content_type(&path);
                let body = if ctype.starts_with("text/html") {
                    reload::inject(&bytes)
                } else {
                    bytes
                };
                respond(StatusCode::OK, ctype, body)
            }
            Err(_) => not_found(dir),
        },
        Target::Redirect(to) => match HeaderValue::try_from(to) {
            Ok(to) => {
                let mut r = respond(
                    StatusCode::MOVED_PERMANENTLY,
                    "text/plain; charset=utf-8",
                    Bytes::new(),
                );
                r.headers_mut().insert(LOCATION, to);
                r
            }
            Err(_) => not_found(dir),
        },
        Target::NotFound => not_found(dir),
    }
}

/// The site's 404 page (with the reload script), or a line of text when it has none.
fn not_found(dir: &Path) -> Response<Body> {
    match std::fs::read(dir.join("404.html")) {
        Ok(page) => respond(
            StatusCode::NOT_FOUND,
            "text/html; charset=utf-8",
            reload::inject(&page),
        ),
        Err(_) => respond(
            StatusCode::NOT_FOUND,
            "text/plain; charset=utf-8",
            "not found\n",
        ),
    }
}

/// The media type of a file, by extension.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        _ => "application/octet-stream",
    }
}
