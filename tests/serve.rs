//! `loupe serve` end to end: the binary on a free loopback port, a temporary copy of
//! tests/fixtures/serve-site, changes made on disk, and everything checked over HTTP.

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use loupe::serve::reload::SCRIPT_TAG;

const PATIENCE: Duration = Duration::from_secs(20);

/// A running `loupe serve` on a copy of the fixture; killed on drop.
struct Served {
    child: Child,
    port: u16,
    tmp: tempfile::TempDir,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Served {
    fn start() -> Served {
        let tmp = tempfile::tempdir().unwrap();
        common::copy_dir(&common::fixture("serve-site"), &tmp.path().join("site"));
        let mut child = Command::new(env!("CARGO_BIN_EXE_loupe"))
            .args(["serve", "--port", "0", "--root"])
            .arg(tmp.path().join("site"))
            .arg("--output")
            .arg(tmp.path().join("served"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let _ = tx.send(line.unwrap_or_default());
            }
        });
        let line = rx
            .recv_timeout(PATIENCE)
            .expect("the server prints its URL");
        let port = line
            .rsplit_once("127.0.0.1:")
            .and_then(|(_, p)| p.trim_end_matches('/').parse().ok())
            .unwrap_or_else(|| panic!("no port in {line:?}"));
        Served { child, port, tmp }
    }

    fn site(&self) -> PathBuf {
        self.tmp.path().join("site")
    }

    fn served_dir(&self) -> PathBuf {
        self.tmp.path().join("served")
    }

    /// Sends `GET target` as written (no normalisation) and returns (status, body).
    fn get(&self, target: &str) -> (u16, Vec<u8>) {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        s.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(
            s,
            "GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).unwrap();
        let end = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a complete response");
        let head = String::from_utf8_lossy(&raw[..end]).to_string();
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap();
        assert!(
            !head
                .to_ascii_lowercase()
                .contains("transfer-encoding: chunked"),
            "{head}"
        );
        (status, raw[end + 4..].to_vec())
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
    let mut events = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    events.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(
        events,
        "GET /__loupe/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    )
    .unwrap();

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
    let mut events = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    events.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(
        events,
        "GET /__loupe/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    )
    .unwrap();
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
