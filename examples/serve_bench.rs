//! Benchmark of `loupe serve`: the time from saving one edited Markdown file to the rebuilt
//! page being served over HTTP (median of 20 edits), against a full `loupe build` of the same
//! site in the same run.
//!
//! `cargo run --release --example serve_bench -- [DOCS_PER_LANGUAGE] [SITE_DIR]`
//! (default 10000 documents per language, in a fresh folder under the system temp folder). The
//! corpus is generated here: bilingual guidance notes, minutes and case studies with
//! countries, topics and links between them.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use loupe::pipeline::{self, Options};
use loupe::serve;

const COUNTRIES: &[&str] = &["SL", "GN", "LR", "CI", "GH", "CD", "AO", "ZW"];
const TOPICS: &[&str] = &["certificates", "civil-society"];
const SECTIONS: &[&str] = &["guidance", "minutes", "case-studies"];

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

fn doc(lang: &str, section: &str, i: usize, n: usize) -> String {
    let c = COUNTRIES[i % COUNTRIES.len()];
    let t = TOPICS[i % TOPICS.len()];
    let mut fm = format!(
        "---\ntitle: Document {i} ({lang})\nsummary: Summary of document {i}.\ndate: {}-{:02}-{:02}\ncountries: [{c}]\ntopics: [{t}]\n",
        2005 + i % 20,
        1 + i % 12,
        1 + i % 28
    );
    if section == "minutes" {
        fm.push_str("decisions:\n  - Meet again.\n");
    }
    fm.push_str("---\n\n");
    let j = (i + 1) % n;
    let next = SECTIONS[j % 3];
    let mut body = format!(
        "## Background\n\nThe Kimberley Process certification scheme in document {i}. See [the next one](../{next}/doc-{j:05}.md).\n\n"
    );
    for p in 0..6 {
        body.push_str(&format!(
            "Paragraph {p}: rough diamonds, artisanal mining, export certificates, community monitoring and the work of civil society coalitions in the region.\n\n"
        ));
    }
    fm + &body
}

fn generate(root: &Path, per_lang: usize) -> Vec<PathBuf> {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve-site");
    std::fs::copy(fixture.join("loupe.yaml"), root.join("loupe.yaml")).expect("loupe.yaml");
    let mut edited = Vec::new();
    for lang in ["en", "fr"] {
        write(
            &root.join(format!("content/{lang}/_index.md")),
            "---\ntitle: Home\n---\n\nWelcome.\n",
        );
        for i in 0..per_lang {
            let section = SECTIONS[i % 3];
            let path = root.join(format!("content/{lang}/{section}/doc-{i:05}.md"));
            write(&path, &doc(lang, section, i, per_lang));
            if lang == "en" && section == "guidance" && edited.len() < 20 {
                edited.push(path);
            }
        }
    }
    edited
}

fn get(addr: SocketAddr, path: &str) -> String {
    let mut s = TcpStream::connect(addr).expect("connect");
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    out
}

fn status(addr: SocketAddr) -> serde_json::Value {
    let raw = get(addr, "/__loupe/status");
    let body = raw.split("\r\n\r\n").nth(1).unwrap_or("{}");
    serde_json::from_str(body).unwrap_or_default()
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let per_lang: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let root = args
        .get(2)
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join(format!("loupe-serve-bench-{per_lang}")));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).expect("site folder");
    let t = Instant::now();
    let edited = generate(&root, per_lang.max(3));
    eprintln!(
        "generated {} documents per language in {:.1} s: {}",
        per_lang,
        t.elapsed().as_secs_f64(),
        root.display()
    );

    let out = root.join("public");
    let t = Instant::now();
    let outcome = pipeline::run(&Options {
        root: root.clone(),
        output: Some(out),
        force: false,
        clean: true,
    })
    .expect("build");
    let full_build = t.elapsed().as_secs_f64() * 1000.0;
    assert!(
        !outcome.diagnostics.has_errors(),
        "{:?}",
        outcome.diagnostics.sorted().first()
    );
    eprintln!("full build: {} pages in {full_build:.0} ms", outcome.pages);
    for t in &outcome.timings {
        eprintln!("  {:<34} {:>8.0} ms", t.stage, t.seconds * 1000.0);
    }

    let t = Instant::now();
    let running = serve::start(
        &serve::Options {
            root: root.clone(),
            bind: "127.0.0.1".into(),
            port: 0,
            output: Some(root.join(".loupe/bench-served")),
            debounce: Duration::from_millis(30),
            allowed_hosts: Vec::new(),
        },
        std::sync::Arc::new(Quiet),
    )
    .expect("serve");
    let addr = running.addr;
    eprintln!(
        "serve: first full build and start in {:.0} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );

    let mut latencies = Vec::new();
    let mut rebuilds = Vec::new();
    let mut searches = Vec::new();
    for (k, path) in edited.iter().enumerate() {
        let before = status(addr)["generation"].as_u64().unwrap_or(0);
        let text = std::fs::read_to_string(path).expect("read");
        let marker = format!("bench-edit-{k}-{}", std::process::id());
        let url = {
            let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
            format!("/en/guidance/{stem}/")
        };
        let t = Instant::now();
        std::fs::write(path, format!("{text}\n{marker}\n")).expect("save");
        loop {
            if get(addr, &url).contains(&marker) {
                break;
            }
            assert!(
                t.elapsed() < Duration::from_secs(60),
                "edit {k} never served"
            );
            std::thread::sleep(Duration::from_millis(1));
        }
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        latencies.push(ms);
        // The status is updated just after the files are written: wait for it.
        loop {
            let s = status(addr);
            if s["generation"].as_u64().unwrap_or(0) > before {
                rebuilds.push(s["millis"].as_f64().unwrap_or(f64::NAN));
                break;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        // Let the search index catch up before the next edit (it runs after the pages).
        let t2 = Instant::now();
        loop {
            let s = status(addr);
            if s["generation"].as_u64().unwrap_or(0) >= before + 2 && s["mode"] == "search" {
                searches.push(s["millis"].as_f64().unwrap_or(f64::NAN));
                break;
            }
            if t2.elapsed() > Duration::from_secs(120) {
                break;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        eprintln!("edit {k:>2}: served after {ms:6.1} ms");
    }
    // Edits while the search index is being rebuilt: a trainer saving every half second does
    // not wait for it (it runs on a thread of its own).
    let mut busy = Vec::new();
    for (k, path) in edited.iter().take(10).enumerate() {
        let text = std::fs::read_to_string(path).expect("read");
        let marker = format!("busy-edit-{k}-{}", std::process::id());
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        let url = format!("/en/guidance/{stem}/");
        std::thread::sleep(Duration::from_millis(500));
        let t = Instant::now();
        std::fs::write(path, format!("{text}\n{marker}\n")).expect("save");
        while !get(addr, &url).contains(&marker) {
            assert!(
                t.elapsed() < Duration::from_secs(60),
                "busy edit {k} never served"
            );
            std::thread::sleep(Duration::from_millis(1));
        }
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        eprintln!("edit {k:>2} during a search update: served after {ms:6.1} ms");
        busy.push(ms);
    }
    let m = median(&mut latencies);
    let r = median(&mut rebuilds);
    let s = if searches.is_empty() {
        f64::NAN
    } else {
        median(&mut searches)
    };
    println!("documents per language:            {}", per_lang);
    println!("full build (loupe build, in-process): {full_build:.0} ms");
    println!(
        "save → page served, median of {}:    {m:.1} ms",
        latencies.len()
    );
    println!("  of which the incremental rebuild:   {r:.1} ms (median)");
    println!("search index update after it:         {s:.0} ms (median, on its own thread)");
    println!(
        "save → served, edits 0.5 s apart while the search index rebuilds, median of {}: {:.1} ms (max {:.1})",
        busy.len(),
        median(&mut busy.clone()),
        busy.iter().cloned().fold(0.0, f64::max)
    );
    println!(
        "speed-up over the full build:        {:.0}x",
        full_build / m
    );
}

/// Keeps the server's reports out of the benchmark's output.
struct Quiet;

impl serve::Reporter for Quiet {
    fn report(&self, _event: serve::Event<'_>) {}
}
