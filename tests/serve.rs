//! `loupe serve` end to end: the binary on a free loopback port, a temporary copy of
//! tests/fixtures/serve-site, changes made on disk, and everything checked over HTTP.

mod common;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::served::{Served, PATIENCE};
use loupe::serve::reload::SCRIPT_TAG;

impl Served {
    /// A new connection on which `GET target` (kept alive) was sent.
    fn open(&self, target: &str) -> TcpStream {
        let mut c = self.connect();
        write!(c, "GET {target} HTTP/1.1\r\nHost: {}\r\n\r\n", self.host()).unwrap();
        c
    }

    /// Sends `GET target` as written (no normalisation) and returns (status, body).
    fn get(&self, target: &str) -> (u16, Vec<u8>) {
        let (status, head, body) = self.get_as(target, &self.host());
        assert!(
            !head
                .to_ascii_lowercase()
                .contains("transfer-encoding: chunked"),
            "{head}"
        );
        (status, body)
    }

    fn text(&self, target: &str) -> (u16, String) {
        let (s, b) = self.get(target);
        (s, String::from_utf8(b).unwrap())
    }

    fn status(&self) -> serde_json::Value {
        let (code, body) = self.get("/__loupe/status");
        assert_eq!(code, 200);
        serde_json::from_slice(&body).unwrap()
    }

    /// Builds the site afresh with `loupe build` and returns its files.
    fn fresh_build(&self) -> BTreeMap<String, Vec<u8>> {
        let out = self
            .tmp
            .path()
            .join(format!("fresh-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&out);
        let status = Command::new(env!("CARGO_BIN_EXE_loupe"))
            .args(["build", "--root"])
            .arg(self.site())
            .arg("--output")
            .arg(&out)
            .stderr(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "loupe build failed on the test site");
        let mut files = files_of(&out);
        std::fs::remove_dir_all(&out).unwrap();
        // Each command marks its own folder; the sites are compared without the markers.
        files.remove(loupe::output::MARKER);
        files
    }

    /// The first difference between what is served and `fresh`, if any.
    fn difference(&self, fresh: &BTreeMap<String, Vec<u8>>) -> Option<String> {
        let Some(mut on_disk) = try_files_of(&self.served_dir()) else {
            return Some("the served folder changed while it was read".into());
        };
        on_disk.remove(loupe::serve::output::MARKER);
        let (a, b): (Vec<_>, Vec<_>) = (on_disk.keys().collect(), fresh.keys().collect());
        if a != b {
            return Some(format!("served files {a:?}\nfresh build {b:?}"));
        }
        for (rel, bytes) in fresh {
            let (code, mut body) = self.get(&format!("/{rel}"));
            if code != 200 {
                return Some(format!("/{rel}: status {code}"));
            }
            if rel.ends_with(".html") {
                let text = String::from_utf8(body).unwrap();
                assert_eq!(text.matches(SCRIPT_TAG).count(), 1, "/{rel}");
                body = text.replacen(SCRIPT_TAG, "", 1).into_bytes();
            }
            if &body != bytes {
                return Some(format!("/{rel} differs from a fresh build"));
            }
        }
        None
    }

    /// Waits until what is served equals a fresh build of the site as it is now.
    fn assert_equal_to_fresh_build(&self, step: &str) {
        let fresh = self.fresh_build();
        let start = Instant::now();
        loop {
            let diff = self.difference(&fresh);
            match diff {
                None => return,
                Some(d) if start.elapsed() > PATIENCE => {
                    panic!("{step}: served site differs from a fresh build: {d}")
                }
                Some(_) => std::thread::sleep(Duration::from_millis(50)),
            }
        }
    }

    /// Waits until `cond` holds on the status.
    fn wait_status(
        &self,
        what: &str,
        cond: impl Fn(&serde_json::Value) -> bool,
    ) -> serde_json::Value {
        let start = Instant::now();
        loop {
            let s = self.status();
            if cond(&s) {
                return s;
            }
            assert!(start.elapsed() < PATIENCE, "{what}: status stayed {s}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn write(&self, rel: &str, text: &str) {
        let p = self.site().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
}

/// Every file under `dir`; `None` when the folder changed while it was read.
fn try_files_of(dir: &Path) -> Option<BTreeMap<String, Vec<u8>>> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir) {
        let e = e.ok()?;
        if e.file_type().is_file() {
            let rel = e.path().strip_prefix(dir).ok()?;
            out.insert(
                rel.to_string_lossy().replace('\\', "/"),
                std::fs::read(e.path()).ok()?,
            );
        }
    }
    Some(out)
}

fn files_of(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    try_files_of(dir).expect("a folder nothing else writes")
}

fn page(title: &str, body: &str) -> String {
    format!("---\ntitle: {title}\nsummary: A test page.\ndate: 2019-01-01\ncountries: [LR]\ntopics: [certificates]\n---\n\n{body}\n")
}

#[test]
fn edits_additions_renames_and_deletes_end_equal_to_a_fresh_build() {
    let s = Served::start();
    s.assert_equal_to_fresh_build("start");

    // Edit one page.
    let cert = "content/en/guidance/certificates.md";
    let text = std::fs::read_to_string(s.site().join(cert)).unwrap();
    s.write(cert, &text.replace("## Fields", "## Fields and stamps"));
    s.assert_equal_to_fresh_build("edit");
    // Only that page was rendered again: its body changed, nothing lists show.
    assert_eq!(s.status()["rendered"], 1, "{}", s.status());
    let (code, html) = s.text("/en/guidance/certificates/");
    assert_eq!(code, 200);
    assert!(html.contains("Fields and stamps"));

    // Add a page that links to another: it appears, and in the other's backlinks.
    s.write(
        "content/en/guidance/new-note.md",
        &page("A brand new note", "See [certificates](certificates.md)."),
    );
    s.assert_equal_to_fresh_build("add");
    let rendered = s.status()["rendered"].as_u64().unwrap();
    assert!(
        (2..20).contains(&rendered),
        "{rendered} pages rendered for one new page"
    );
    assert!(s
        .text("/en/guidance/new-note/")
        .1
        .contains("A brand new note"));
    assert!(s
        .text("/en/guidance/certificates/")
        .1
        .contains("A brand new note"));
    assert!(s.text("/en/guidance/").1.contains("A brand new note"));

    // Rename it: the old URL goes, the new one comes.
    std::fs::rename(
        s.site().join("content/en/guidance/new-note.md"),
        s.site().join("content/en/guidance/renamed-note.md"),
    )
    .unwrap();
    s.assert_equal_to_fresh_build("rename");
    assert_eq!(s.get("/en/guidance/new-note/").0, 404);
    assert_eq!(s.get("/en/guidance/renamed-note/").0, 200);

    // An editor's atomic save: write a temporary file, then rename it over the page.
    let kono = "content/en/minutes/kono.md";
    let text = std::fs::read_to_string(s.site().join(kono)).unwrap();
    s.write(
        "content/en/minutes/.kono.md.tmp",
        &text.replace("Train two more monitors.", "Train three more monitors."),
    );
    std::fs::rename(
        s.site().join("content/en/minutes/.kono.md.tmp"),
        s.site().join(kono),
    )
    .unwrap();
    s.assert_equal_to_fresh_build("atomic save");
    assert!(s
        .text("/en/register/")
        .1
        .contains("Train three more monitors."));

    // Delete a translation: the English page's language switcher changes.
    std::fs::remove_file(s.site().join("content/fr/guidance/certificates.md")).unwrap();
    s.assert_equal_to_fresh_build("delete");
    assert_eq!(s.get("/fr/guidance/certificates/").0, 404);

    // A template override, then a configuration change.
    let base = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/themes/default/templates/page.html"
    ))
    .unwrap();
    s.write(
        "templates/page.html",
        &base.replace(
            "{% endblock main %}",
            "<!-- override -->{% endblock main %}",
        ),
    );
    s.assert_equal_to_fresh_build("template");
    assert!(s.text("/en/about/").1.contains("<!-- override -->"));
    let yaml = std::fs::read_to_string(s.site().join("loupe.yaml")).unwrap();
    s.write(
        "loupe.yaml",
        &yaml.replace("My knowledge base", "Our knowledge base"),
    );
    s.assert_equal_to_fresh_build("loupe.yaml");
    assert!(s.text("/en/").1.contains("Our knowledge base"));
}

#[test]
fn bursts_and_moved_folders_end_equal_to_a_fresh_build() {
    let s = Served::start();
    // A burst, as a `git checkout` makes: 500 files written as fast as possible.
    for i in 0..250 {
        for lang in ["en", "fr"] {
            s.write(
                &format!("content/{lang}/case-studies/case-{i:03}.md"),
                &page(&format!("Case {i} ({lang})"), "Text of the case."),
            );
        }
    }
    s.assert_equal_to_fresh_build("burst of 500 files");
    // A whole folder moved out of the site, then back.
    let out = s.tmp.path().join("moved-out");
    std::fs::rename(s.site().join("content/fr/case-studies"), &out).unwrap();
    s.assert_equal_to_fresh_build("folder moved out");
    assert_eq!(s.get("/fr/case-studies/case-007/").0, 404);
    std::fs::rename(&out, s.site().join("content/fr/case-studies")).unwrap();
    s.assert_equal_to_fresh_build("folder moved back");
    assert_eq!(s.get("/fr/case-studies/case-007/").0, 200);
}

#[test]
fn a_broken_file_keeps_the_last_good_page_and_reports_the_error() {
    let s = Served::start();
    let before = s.status();
    assert_eq!(before["ok"], true);
    let cert = "content/en/guidance/certificates.md";
    let good = std::fs::read_to_string(s.site().join(cert)).unwrap();
    let (_, page_before) = s.text("/en/guidance/certificates/");

    // Open the event stream as a page would.
    let mut events = s.open("/__loupe/events");

    // A broken link: the error names the file, line and column.
    s.write(cert, &good.replace("(first-steps.md", "(first-stepz.md"));
    let st = s.wait_status("broken link", |st| st["ok"] == false);
    let errors = st["errors"].to_string();
    assert!(
        errors.contains("content/en/guidance/certificates.md:11:"),
        "{errors}"
    );
    assert!(errors.contains("broken link"), "{errors}");
    assert_eq!(s.text("/en/guidance/certificates/").1, page_before);

    // The open page is told, for its overlay.
    let mut seen = String::new();
    let mut buf = [0u8; 4096];
    let start = Instant::now();
    while !seen.contains("first-stepz.md") {
        assert!(start.elapsed() < PATIENCE, "no error event: {seen}");
        let n = events.read(&mut buf).unwrap();
        assert!(n > 0, "event stream closed: {seen}");
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    assert!(seen.contains("text/event-stream"));
    assert!(seen.contains("event: errors"));

    // Broken front matter, while the link is still broken: still the last good page.
    s.write(cert, "---\ntitle: [unclosed\n---\nbody\n");
    s.wait_status("broken front matter", |st| {
        st["ok"] == false && !st["errors"].to_string().contains("first-stepz")
    });
    assert_eq!(s.text("/en/guidance/certificates/").1, page_before);
    assert_eq!(s.status()["generation"], before["generation"]);

    // Fixed: the errors clear, the page is rebuilt, the open page is told.
    s.write(cert, &good.replace("## Fields", "## Fields, fixed"));
    let st = s.wait_status("fixed", |st| st["ok"] == true);
    assert_eq!(st["errors"], serde_json::json!([]));
    assert!(s
        .text("/en/guidance/certificates/")
        .1
        .contains("Fields, fixed"));
    let start = Instant::now();
    while !seen.contains("event: reload") {
        assert!(start.elapsed() < PATIENCE, "no reload event: {seen}");
        let n = events.read(&mut buf).unwrap();
        assert!(n > 0, "event stream closed: {seen}");
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    assert!(seen.contains("event: errors\ndata: []"), "{seen}");
    s.assert_equal_to_fresh_build("fixed");
}

#[test]
fn a_stylesheet_change_reloads_stylesheets_only() {
    let s = Served::start();
    let mut events = s.open("/__loupe/events");
    let mut seen = String::new();
    let mut buf = [0u8; 4096];
    while !seen.contains("event: errors") {
        let n = events.read(&mut buf).unwrap();
        assert!(n > 0);
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    s.write("static/extra.css", "body { color: #000; }\n");
    while !seen.contains("event: reload") {
        let n = events.read(&mut buf).unwrap();
        assert!(n > 0, "{seen}");
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    assert!(seen.contains("\"css_only\":true"), "{seen}");
    assert_eq!(s.text("/extra.css").1, "body { color: #000; }\n");
    s.assert_equal_to_fresh_build("stylesheet");
}

#[test]
fn traversal_attempts_get_the_404_page() {
    let s = Served::start();
    std::fs::write(s.tmp.path().join("secret.txt"), "secret").unwrap();
    let not_found =
        String::from_utf8(std::fs::read(s.served_dir().join("404.html")).unwrap()).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        s.tmp.path().join("secret.txt"),
        s.served_dir().join("link.txt"),
    )
    .unwrap();
    for target in [
        "/../secret.txt",
        "/en/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e%2fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "http://127.0.0.1/../secret.txt",
        "//etc/passwd",
        "/etc/passwd",
        "/link.txt",
        "/no/such/page/",
    ] {
        let (code, body) = s.text(target);
        assert_eq!(code, 404, "{target}");
        assert!(!body.contains("secret"), "{target}");
        assert_eq!(body.replacen(SCRIPT_TAG, "", 1), not_found, "{target}");
    }
    assert_eq!(s.get("/en/guidance/certificates/").0, 200);
}

/// The `Location` header of a response head.
fn location(head: &str) -> Option<&str> {
    head.lines().find_map(|l| {
        let (name, value) = l.split_once(':')?;
        name.eq_ignore_ascii_case("location")
            .then_some(value.trim())
    })
}

#[test]
fn a_folder_redirect_stays_on_this_server() {
    let s = Served::start();
    for (target, to) in [
        ("/en", "/en/"),
        ("//en", "/en/"),
        ("///en", "/en/"),
        ("/en//guidance", "/en/guidance/"),
        ("/%2Fen", "/en/"),
    ] {
        let (code, head, _) = s.get_as(target, &s.host());
        assert_eq!(code, 301, "{target}: {head}");
        assert_eq!(location(&head), Some(to), "{target}: {head}");
    }
}

#[test]
fn requests_naming_another_host_are_refused() {
    let s = Served::start();
    let p = s.port;
    for host in [
        format!("127.0.0.1:{p}"),
        format!("localhost:{p}"),
        format!("LocalHost:{p}"),
        format!("[::1]:{p}"),
    ] {
        assert_eq!(s.get_as("/en/", &host).0, 200, "{host}");
    }
    for host in [
        format!("evil.example:{p}"),
        "evil.example".to_string(),
        format!("localhost.evil.example:{p}"),
        format!("127.0.0.1.evil.example:{p}"),
        "127.0.0.1".to_string(),
        "127.0.0.1:1".to_string(),
        format!("127.0.0.1:{p}:{p}"),
        format!("[::1]x:{p}"),
        String::new(),
    ] {
        for target in ["/en/", "/__loupe/status", "/__loupe/events"] {
            let (code, _, body) = s.get_as(target, &host);
            assert_eq!(code, 403, "{host:?} {target}");
            let body = String::from_utf8_lossy(&body);
            assert!(
                !body.contains("<html") && !body.contains("generation"),
                "{body}"
            );
        }
    }
    // No Host at all (HTTP/1.0 allows it; a browser always sends one).
    let (code, _, _) = s.exchange("GET /en/ HTTP/1.0\r\n\r\n");
    assert_eq!(code, 403);
}

/// Linux routes all of 127.0.0.0/8 to the loopback interface, so a second loopback address
/// stands for an address other than the default.
#[cfg(target_os = "linux")]
#[test]
fn the_bound_address_and_allowed_hosts_are_accepted() {
    let s = Served::launch(
        &["--bind", "127.0.0.2", "--allow-host", "KP-Preview.test"],
        &[],
    );
    assert_eq!(s.ip, "127.0.0.2");
    let p = s.port;
    for host in [
        format!("127.0.0.2:{p}"),
        format!("kp-preview.test:{p}"),
        format!("localhost:{p}"),
    ] {
        assert_eq!(s.get_as("/en/", &host).0, 200, "{host}");
    }
    for host in [format!("evil.example:{p}"), format!("127.0.0.3:{p}")] {
        assert_eq!(s.get_as("/en/", &host).0, 403, "{host}");
    }
}

/// Whether `e` says the server cut the connection (as opposed to a timeout of ours).
fn cut_off(e: &std::io::Error) -> bool {
    !matches!(
        e.kind(),
        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
    )
}

#[test]
fn an_endless_header_line_is_cut_off() {
    let s = Served::start();
    let mut c = s.connect();
    c.set_write_timeout(Some(PATIENCE)).unwrap();
    write!(c, "GET / HTTP/1.1\r\nHost: {}\r\nX-Long: ", s.host()).unwrap();
    let chunk = vec![b'a'; 64 * 1024];
    let limit = 64 * 1024 * 1024;
    let mut sent = 0;
    let outcome = loop {
        if sent >= limit {
            break None;
        }
        match c.write(&chunk) {
            Ok(n) => sent += n,
            Err(e) => break Some(e),
        }
    };
    match outcome {
        None => panic!("the server read a header line of {sent} bytes"),
        Some(e) => assert!(cut_off(&e), "{e} after {sent} bytes"),
    }
    // Whatever it answered (431, or nothing), it goes on serving.
    assert_eq!(s.get("/en/").0, 200);
}

/// How long a test waits for the server to drop a connection it should drop (the server's
/// own limit is a few seconds).
const DROPPED_WITHIN: Duration = Duration::from_secs(12);

/// Reads from `c` until the server closes it; `None` when it stays open past `within`.
fn closed_within(
    c: &mut TcpStream,
    within: Duration,
    mut tick: impl FnMut(&mut TcpStream),
) -> Option<Duration> {
    let start = Instant::now();
    c.set_read_timeout(Some(Duration::from_millis(250)))
        .unwrap();
    let mut buf = [0u8; 4096];
    while start.elapsed() < within {
        match c.read(&mut buf) {
            Ok(0) => return Some(start.elapsed()),
            Ok(_) => {}
            Err(e) if cut_off(&e) => return Some(start.elapsed()),
            Err(_) => {}
        }
        tick(c);
    }
    None
}

#[test]
fn a_header_sent_slowly_is_dropped() {
    let s = Served::start();
    let mut c = s.connect();
    write!(c, "GET /en/ HTTP/1.1\r\nHost: {}\r\n", s.host()).unwrap();
    // A slowloris client: one more header line every quarter of a second, never the end.
    let mut n = 0;
    let closed = closed_within(&mut c, DROPPED_WITHIN, |c| {
        n += 1;
        let _ = write!(c, "X-Slow-{n}: 1\r\n");
    });
    let took = closed.expect("a slow header kept its connection open");
    assert!(took > Duration::from_secs(1), "dropped after {took:?}");
    assert_eq!(s.get("/en/").0, 200);
}

#[test]
fn an_idle_kept_alive_connection_is_closed() {
    let s = Served::start();
    let mut c = s.open("/__loupe/status");
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    while !got.windows(1).any(|w| w == b"}") {
        let n = c.read(&mut buf).unwrap();
        assert!(n > 0, "closed before the response");
        got.extend_from_slice(&buf[..n]);
    }
    assert!(String::from_utf8_lossy(&got).starts_with("HTTP/1.1 200"));
    closed_within(&mut c, DROPPED_WITHIN, |_| {}).expect("an idle connection stayed open");
}

/// The file name that makes a rebuild panic, through the debug-only test trigger.
const PANIC_FILE: &str = "panic-on-purpose.md";

#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "the panic trigger exists in debug builds only"
)]
fn a_panicking_rebuild_is_reported_and_the_next_edit_rebuilds_fully() {
    let s = Served::launch(&[], &[("LOUPE_SERVE_TEST_PANIC", PANIC_FILE)]);
    let before = s.status();
    assert_eq!(before["ok"], true);
    let cert = "content/en/guidance/certificates.md";
    let good = std::fs::read_to_string(s.site().join(cert)).unwrap();
    let (_, page_before) = s.text("/en/guidance/certificates/");

    let mut events = s.open("/__loupe/events");

    // A change that makes the rebuild panic: reported as an error, the last good build stays.
    s.write(
        &format!("content/en/guidance/{PANIC_FILE}"),
        &page("Panic on purpose", "Body."),
    );
    let st = s.wait_status("the panic", |st| st["ok"] == false);
    let errors = st["errors"].to_string();
    assert!(errors.contains("panicked"), "{errors}");
    assert_eq!(st["generation"], before["generation"]);
    assert_eq!(s.text("/en/guidance/certificates/").1, page_before);
    assert_eq!(s.get("/en/guidance/panic-on-purpose/").0, 404);
    wait_for(&mut events, "panicked");
    assert!(s.log().contains("panicked"), "{}", s.log());

    // The next edit rebuilds everything from the disk, the page that panicked included.
    s.write(
        cert,
        &good.replace("## Fields", "## Fields after the panic"),
    );
    let st = s.wait_status("the edit after the panic", |st| st["ok"] == true);
    assert_eq!(st["mode"], "full", "{st}");
    assert!(s
        .text("/en/guidance/certificates/")
        .1
        .contains("Fields after the panic"));
    assert_eq!(s.get("/en/guidance/panic-on-purpose/").0, 200);
    s.assert_equal_to_fresh_build("after the panic");

    // And it goes on rebuilding edits as usual.
    s.write(cert, &good.replace("## Fields", "## Fields, later"));
    s.assert_equal_to_fresh_build("a later edit");
    assert_eq!(s.status()["ok"], true);
}

/// Opens the event stream; returns the connection once the stream has begun, or the status
/// of the refusal.
fn open_events(s: &Served) -> Result<TcpStream, u16> {
    let mut c = s.open("/__loupe/events");
    let mut seen = String::new();
    let mut buf = [0u8; 4096];
    while !seen.contains("event: errors") {
        let n = c.read(&mut buf).unwrap();
        assert!(n > 0, "closed: {seen}");
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
        if seen.contains("\r\n\r\n") && !seen.starts_with("HTTP/1.1 200") {
            return Err(seen[9..12].parse().unwrap());
        }
    }
    Ok(c)
}

/// Reads `c` until `needle` arrives.
fn wait_for(c: &mut TcpStream, needle: &str) {
    let mut seen = String::new();
    let mut buf = [0u8; 4096];
    let start = Instant::now();
    while !seen.contains(needle) {
        assert!(start.elapsed() < PATIENCE, "no {needle:?}: {seen}");
        let n = c.read(&mut buf).unwrap();
        assert!(n > 0, "event stream closed: {seen}");
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
}

#[test]
fn event_streams_outlive_the_idle_timeout_and_are_bounded() {
    use loupe::serve::http::{HEADER_TIMEOUT, MAX_EVENT_STREAMS};
    let s = Served::start();
    let mut streams: Vec<TcpStream> = (0..MAX_EVENT_STREAMS)
        .map(|i| open_events(&s).unwrap_or_else(|code| panic!("stream {i}: {code}")))
        .collect();
    assert_eq!(open_events(&s).err(), Some(503));
    // Pages and files are still served meanwhile.
    assert_eq!(s.get("/en/").0, 200);

    // Longer than a kept-alive connection may stay idle: the streams are still told.
    std::thread::sleep(HEADER_TIMEOUT + Duration::from_secs(1));
    s.write("static/extra.css", "body { color: #111; }\n");
    for c in &mut streams {
        wait_for(c, "event: reload");
    }

    // A page that goes away gives its place back.
    streams.pop();
    let start = Instant::now();
    let c = loop {
        match open_events(&s) {
            Ok(c) => break c,
            Err(code) => {
                assert_eq!(code, 503);
                assert!(
                    start.elapsed() < PATIENCE,
                    "the closed stream kept its place"
                );
                std::thread::sleep(Duration::from_millis(100));
            }
        }
    };
    drop(c);
}
