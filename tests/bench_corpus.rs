//! The benchmark corpus of `cargo xtask gen-corpus` must stay a valid loupe site: generate a
//! small one and build it with this loupe, so the benchmark input cannot rot.

use std::path::Path;
use std::process::Command;

use xtask::corpus::{self, CorpusOptions, LANGUAGES};

const DOCS: usize = 20;

fn loupe(args: &[&str], site: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_loupe"))
        .args(args)
        .arg("--root")
        .arg(site)
        .output()
        .expect("loupe runs")
}

fn generated_site() -> tempfile::TempDir {
    generated_site_with(0)
}

/// The generated site, with `extra_terms` more glossary terms per language.
fn generated_site_with(extra_terms: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    corpus::generate(&CorpusOptions {
        docs: DOCS,
        seed: 2003,
        out: dir.path().to_path_buf(),
        extra_terms,
    })
    .expect("corpus generation");
    dir
}

#[test]
fn generated_corpus_passes_check() {
    let site = generated_site();
    let out = loupe(&["check"], site.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "loupe check failed:\n{stderr}");
    assert!(
        !stderr.lines().any(|l| l.trim_start().starts_with("error")),
        "loupe check reported errors:\n{stderr}"
    );
}

#[test]
fn a_large_generated_glossary_passes_check() {
    let site = generated_site_with(40);
    let out = loupe(&["check"], site.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "loupe check failed:\n{stderr}");
    for lang in LANGUAGES {
        let glossary =
            std::fs::read_to_string(site.path().join("content").join(lang).join("glossary.yaml"))
                .unwrap();
        assert!(glossary.contains("abbr: XQ39"), "{lang}: {glossary}");
    }
}

#[test]
fn generated_corpus_builds_every_document() {
    let site = generated_site();
    let public = tempfile::tempdir().unwrap();
    let mut args = vec!["build", "--output"];
    let output = public.path().to_str().unwrap();
    args.push(output);
    let out = loupe(&args, site.path());
    assert!(
        out.status.success(),
        "loupe build failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // One page per document and language at least (plus lists and home pages).
    let html = xtask::bench::count_html(public.path());
    assert!(html >= DOCS * LANGUAGES.len(), "{html} HTML files");
    for i in [0, DOCS / 2, DOCS - 1] {
        let rel = corpus::doc_rel_path(i, DOCS);
        let page = rel.trim_end_matches(".md");
        for lang in LANGUAGES {
            let file = public.path().join(lang).join(page).join("index.html");
            assert!(file.is_file(), "{} is missing", file.display());
        }
    }
}
