//! The default site as a Kiwix file: `zimcheck -A` passes, and served by `kiwix-serve` on
//! 127.0.0.1, headless Chromium reaches every page, every link answers, and loupe's own search
//! returns results.

mod offline;

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use offline::{bundle_default_site, have, have_browser, run_node, text};

/// Bundles the default site with `--zim`; returns (tempdir, bundle folder, ZIM path).
fn default_site_zim() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let bundle = tmp.path().join("bundle");
    bundle_default_site(&bundle, &["--zim"]);
    let zims: Vec<PathBuf> = std::fs::read_dir(bundle.join("kiwix"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "zim"))
        .collect();
    assert_eq!(zims.len(), 1, "one Kiwix file for the site: {zims:?}");
    let zim = zims[0].clone();
    (tmp, bundle, zim)
}

#[test]
fn the_kiwix_file_passes_zimcheck() {
    if !have(&["zimcheck"], "zim-tools") {
        return;
    }
    let (_tmp, _bundle, zim) = default_site_zim();
    let o = Command::new("zimcheck")
        .arg("-A")
        .arg(&zim)
        .output()
        .unwrap();
    let out = text(&o);
    eprintln!("{out}");
    assert!(o.status.success(), "zimcheck -A failed:\n{out}");
    assert!(out.contains("Overall Test Status: Pass"), "{out}");
    let name = zim.file_name().unwrap().to_string_lossy();
    assert!(
        name.starts_with("kimberley-process-peer-learning_mul_all_"),
        "{name}"
    );
}

/// `kiwix-serve`, stopped when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn serve(zim: &Path) -> (Server, u16) {
    let port = free_port();
    let child = Command::new("kiwix-serve")
        .arg("--address=127.0.0.1")
        .arg(format!("--port={port}"))
        .arg(zim)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start kiwix-serve");
    let server = Server(child);
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "kiwix-serve did not listen on port {port}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    (server, port)
}

#[test]
fn the_kiwix_file_works_in_kiwix_serve_with_links_and_search() {
    if !have(&["kiwix-serve"], "kiwix-tools") || !have_browser() {
        return;
    }
    let (_tmp, bundle, zim) = default_site_zim();
    let (_server, port) = serve(&zim);
    // kiwix-serve names a book after its file.
    let book = zim.file_stem().unwrap().to_string_lossy().into_owned();
    let base = format!("http://127.0.0.1:{port}/{book}/");
    let site = bundle.join("site");
    run_node("kiwix.mjs", &[&base, site.to_str().unwrap()]);
}
