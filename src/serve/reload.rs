//! Live reload: the build status, the Server-Sent Events sent to open pages, and the small
//! script that serve mode (only) adds to every HTML page it serves.

use std::sync::Mutex;

use serde::Serialize;
use tokio::sync::mpsc::{channel, Receiver, Sender};

/// The events that may wait for one page; a page further behind is dropped (its browser
/// reconnects and is sent the current errors).
pub const QUEUE: usize = 32;

/// The endpoint of the event stream.
pub const EVENTS_PATH: &str = "/__loupe/events";
/// The endpoint of the JSON build status.
pub const STATUS_PATH: &str = "/__loupe/status";
/// The endpoint of the reload script.
pub const SCRIPT_PATH: &str = "/__loupe/reload.js";
/// The tag added before `</body>` of every HTML page served.
pub const SCRIPT_TAG: &str = "<script src=\"/__loupe/reload.js\"></script>";

/// The reload script: listens to [`EVENTS_PATH`], reloads the page (or only the stylesheets)
/// and shows the last build's errors over the page until they are fixed.
pub const SCRIPT: &str = r#"(function () {
  "use strict";
  if (!window.EventSource) return;
  var overlay = null;
  function here() {
    var p = decodeURIComponent(location.pathname).replace(/^\/+/, "");
    return p === "" || p.slice(-1) === "/" ? p + "index.html" : p;
  }
  function showErrors(lines) {
    if (!lines.length) { if (overlay) { overlay.remove(); overlay = null; } return; }
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "loupe-error-overlay";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
        "background:rgba(20,20,20,.92);color:#fff;font:14px/1.5 monospace;padding:2em;white-space:pre-wrap";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "loupe serve: the last rebuild failed; the previous pages are shown.\n\n" +
      lines.join("\n");
  }
  var es = new EventSource("/__loupe/events");
  es.addEventListener("errors", function (e) { showErrors(JSON.parse(e.data)); });
  es.addEventListener("reload", function (e) {
    var d = JSON.parse(e.data);
    if (d.css_only) {
      var links = document.querySelectorAll('link[rel="stylesheet"]');
      for (var i = 0; i < links.length; i++) {
        var u = new URL(links[i].href);
        u.searchParams.set("loupe", String(Date.now()));
        links[i].href = u.toString();
      }
      return;
    }
    if (d.all || d.paths.indexOf(here()) >= 0 || d.paths.indexOf("404.html") >= 0) location.reload();
  });
})();
"#;

/// Adds [`SCRIPT_TAG`] before the last `</body>` of `html` (or at the end).
pub fn inject(html: &[u8]) -> Vec<u8> {
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + SCRIPT_TAG.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(SCRIPT_TAG.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The state of the last rebuild, as `/__loupe/status` reports it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Status {
    /// True when the last rebuild succeeded (what is served is up to date).
    pub ok: bool,
    /// Counts successful rebuilds; changes each time new output is served.
    pub generation: u64,
    /// Counts page rebuild attempts, failed ones included (search index updates aside).
    pub attempts: u64,
    /// The errors of the last rebuild, as `path:line:col: error: message`.
    pub errors: Vec<String>,
    /// Milliseconds the last rebuild took.
    pub millis: f64,
    /// "full", "incremental", "theme", "static" or "search": what the last rebuild did.
    pub mode: String,
    /// Pages the last rebuild of pages rendered (search updates leave it as it is).
    pub rendered: usize,
}

/// Open pages and the current status.
#[derive(Default)]
pub struct Hub {
    state: Mutex<(Vec<Sender<String>>, Status)>,
}

fn event(name: &str, data: &serde_json::Value) -> String {
    format!("event: {name}\ndata: {data}\n\n")
}

impl Hub {
    /// A new hub with no page open.
    pub fn new() -> Self {
        Self::default()
    }

    /// A new page listens: returns its stream of events, starting with the current errors.
    pub fn subscribe(&self) -> Receiver<String> {
        let (tx, rx) = channel(QUEUE);
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let _ = tx.try_send(event("errors", &serde_json::json!(s.1.errors)));
        s.0.push(tx);
        rx
    }

    /// The current status.
    pub fn status(&self) -> Status {
        self.state
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .1
            .clone()
    }

    fn broadcast(list: &mut Vec<Sender<String>>, msg: &str) {
        list.retain(|tx| tx.try_send(msg.to_string()).is_ok());
    }

    /// New output is served: `paths` were written or removed.
    pub fn published(&self, paths: &[String], millis: f64, mode: &str, rendered: usize) {
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if mode != "search" {
            s.1.rendered = rendered;
        }
        s.1.generation += 1;
        s.1.millis = millis;
        s.1.mode = mode.to_string();
        // A search index update (made from the last good pages) neither fixes nor fails the
        // pages: their errors stay shown until a page rebuild succeeds.
        if mode != "search" {
            let had_errors = !s.1.errors.is_empty();
            s.1.ok = true;
            s.1.attempts += 1;
            s.1.errors.clear();
            if had_errors {
                Self::broadcast(&mut s.0, &event("errors", &serde_json::json!([])));
            }
        }
        if paths.is_empty() {
            return;
        }
        let css_only = paths.iter().all(|p| p.ends_with(".css"));
        let all = paths.len() > 200;
        let shown: Vec<&String> = if all {
            Vec::new()
        } else {
            paths.iter().collect()
        };
        let data = serde_json::json!({"css_only": css_only, "all": all, "paths": shown});
        Self::broadcast(&mut s.0, &event("reload", &data));
    }

    /// The last rebuild failed with `errors`; the previous output stays served.
    pub fn failed(&self, errors: Vec<String>, millis: f64, mode: &str) {
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        s.1.ok = false;
        s.1.attempts += 1;
        s.1.millis = millis;
        s.1.mode = mode.to_string();
        s.1.errors = errors;
        let data = serde_json::json!(s.1.errors);
        Self::broadcast(&mut s.0, &event("errors", &data));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_before_the_last_body_end() {
        let html = b"<html><body><p>x</p></BODY></html>";
        let out = String::from_utf8(inject(html)).unwrap();
        assert_eq!(
            out,
            format!("<html><body><p>x</p>{SCRIPT_TAG}</BODY></html>")
        );
        assert!(String::from_utf8(inject(b"plain"))
            .unwrap()
            .ends_with(SCRIPT_TAG));
    }

    #[test]
    fn tells_pages_about_errors_then_reloads() {
        let hub = Hub::new();
        let mut rx = hub.subscribe();
        assert!(rx
            .try_recv()
            .unwrap()
            .starts_with("event: errors\ndata: []"));
        hub.failed(vec!["a.md:1:1: error: bad".into()], 1.0, "incremental");
        assert!(rx.try_recv().unwrap().contains("a.md:1:1"));
        hub.published(&["assets/style.css".into()], 1.0, "theme", 0);
        assert!(rx
            .try_recv()
            .unwrap()
            .starts_with("event: errors\ndata: []"));
        let msg = rx.try_recv().unwrap();
        assert!(msg.contains("\"css_only\":true"), "{msg}");
        assert_eq!(hub.status().generation, 1);
        assert!(hub.status().ok);
    }

    #[test]
    fn a_search_update_leaves_the_errors_of_the_pages_shown() {
        let hub = Hub::new();
        let mut rx = hub.subscribe();
        assert!(rx.try_recv().unwrap().starts_with("event: errors"));
        hub.failed(vec!["a.md:1:1: error: bad".into()], 1.0, "edit");
        assert!(rx.try_recv().unwrap().contains("a.md:1:1"));
        hub.published(&["search/en/meta.js".into()], 1.0, "search", 0);
        let status = hub.status();
        assert!(!status.ok);
        assert_eq!(status.errors, ["a.md:1:1: error: bad"]);
        let msg = rx.try_recv().unwrap();
        assert!(msg.starts_with("event: reload"), "{msg}");
    }

    #[test]
    fn a_page_that_falls_behind_is_dropped() {
        let hub = Hub::new();
        let mut slow = hub.subscribe();
        let mut quick = hub.subscribe();
        for i in 0..QUEUE + 5 {
            hub.failed(vec![format!("a.md:{i}:1: error: bad")], 1.0, "edit");
            while quick.try_recv().is_ok() {}
        }
        let mut got = 0;
        while slow.try_recv().is_ok() {
            got += 1;
        }
        assert_eq!(got, QUEUE);
        // Its queue is closed: the stream ends and the browser reconnects.
        assert_eq!(
            slow.try_recv(),
            Err(tokio::sync::mpsc::error::TryRecvError::Disconnected)
        );
        hub.failed(vec!["b.md:1:1: error: bad".into()], 1.0, "edit");
        assert!(quick.try_recv().unwrap().contains("b.md:1:1"));
    }
}
