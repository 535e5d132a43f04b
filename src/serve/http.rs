//! The HTTP side of `loupe serve`, on `tiny_http`: files of the served folder (HTML with the
//! reload script added), the site's 404 page, the event stream and the status.

use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use tiny_http::{Header, Method, Request, Response, Server};

use super::paths::{self, Target};
use super::reload::{self, Hub};
use super::ServeError;

/// A bound HTTP server.
pub struct Http {
    server: Arc<Server>,
    addr: SocketAddr,
}

impl Http {
    /// Binds `bind:port` (port 0 picks a free one).
    pub fn bind(bind: &str, port: u16) -> Result<Http, ServeError> {
        let server = Server::http((bind, port)).map_err(|e| ServeError::Bind {
            addr: format!("{bind}:{port}"),
            message: e.to_string(),
        })?;
        let addr = server
            .server_addr()
            .to_ip()
            .ok_or_else(|| ServeError::Bind {
                addr: format!("{bind}:{port}"),
                message: "not an IP address".into(),
            })?;
        Ok(Http {
            server: Arc::new(server),
            addr,
        })
    }

    /// The address bound.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Answers requests until the process ends, serving files of `dir` (canonical).
    pub fn run(&self, dir: PathBuf, hub: Arc<Hub>) {
        let dir = Arc::new(dir);
        loop {
            let request = match self.server.recv() {
                Ok(r) => r,
                Err(e) => {
                    eprintln!("serve: {e}");
                    continue;
                }
            };
            let (dir, hub) = (Arc::clone(&dir), Arc::clone(&hub));
            std::thread::spawn(move || handle(request, &dir, &hub));
        }
    }
}

fn header(name: &str, value: &str) -> Header {
    // Names and values here are ASCII constants or paths checked by `paths`.
    Header::from_bytes(name.as_bytes(), value.as_bytes())
        .unwrap_or_else(|_| Header::from_bytes(&b"X-Loupe"[..], &b"1"[..]).expect("valid header"))
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

fn send(request: Request, status: u16, ctype: &str, body: Vec<u8>, extra: Option<Header>) {
    let head = request.method() == &Method::Head;
    let len = body.len();
    let mut resp = Response::from_data(if head { Vec::new() } else { body })
        .with_status_code(status)
        .with_chunked_threshold(usize::MAX)
        .with_header(header("Content-Type", ctype))
        .with_header(header("Cache-Control", "no-store"));
    if head {
        resp = resp.with_header(header("Content-Length", &len.to_string()));
    }
    if let Some(h) = extra {
        resp = resp.with_header(h);
    }
    let _ = request.respond(resp);
}

fn handle(request: Request, dir: &Path, hub: &Hub) {
    if !matches!(request.method(), Method::Get | Method::Head) {
        send(
            request,
            405,
            "text/plain",
            b"method not allowed".to_vec(),
            None,
        );
        return;
    }
    let url = request.url().to_string();
    match paths::path_part(&url) {
        reload::EVENTS_PATH => return events(request, hub),
        reload::STATUS_PATH => {
            let body = serde_json::to_vec(&hub.status()).unwrap_or_default();
            return send(request, 200, "application/json", body, None);
        }
        reload::SCRIPT_PATH => {
            let body = reload::SCRIPT.as_bytes().to_vec();
            return send(request, 200, "text/javascript; charset=utf-8", body, None);
        }
        _ => {}
    }
    match paths::resolve(dir, &url) {
        Target::File(path) => match std::fs::read(&path) {
            Ok(bytes) => {
                let ctype = content_type(&path);
                let body = if ctype.starts_with("text/html") {
                    reload::inject(&bytes)
                } else {
                    bytes
                };
                send(request, 200, ctype, body, None);
            }
            Err(_) => not_found(request, dir),
        },
        Target::Redirect(to) => send(
            request,
            301,
            "text/plain",
            Vec::new(),
            Some(header("Location", &to)),
        ),
        Target::NotFound => not_found(request, dir),
    }
}

fn not_found(request: Request, dir: &Path) {
    match std::fs::read(dir.join("404.html")) {
        Ok(page) => send(
            request,
            404,
            "text/html; charset=utf-8",
            reload::inject(&page),
            None,
        ),
        Err(_) => send(
            request,
            404,
            "text/plain; charset=utf-8",
            b"not found".to_vec(),
            None,
        ),
    }
}

/// Streams events to one page until it goes away.
fn events(request: Request, hub: &Hub) {
    let rx = hub.subscribe();
    let mut w = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\nretry: 1000\n\n";
    if w.write_all(head.as_bytes())
        .and_then(|_| w.flush())
        .is_err()
    {
        return;
    }
    loop {
        let msg = match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(m) => m,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_string(),
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return,
        };
        if w.write_all(msg.as_bytes()).and_then(|_| w.flush()).is_err() {
            return;
        }
    }
}
