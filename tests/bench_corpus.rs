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

/// The Hugo site that `cargo xtask bench` compares loupe with renders what loupe's pages
/// show (issue 16): on a document, the related documents, previous and next, the country and
/// topic links and every link between documents resolved to a page; on each home, the table of
/// the meetings' actions (loupe's register).
#[test]
fn hugo_layouts_render_what_loupe_pages_show() {
    // The test `cargo xtask bench` itself makes before it compares with Hugo.
    if xtask::measure::which("hugo").is_none() {
        let msg = "hugo is not installed: apt-get install hugo";
        assert!(std::env::var_os("CI").is_none(), "{msg}");
        eprintln!("skipped: {msg}");
        return;
    }
    let corpus = generated_site();
    let work = tempfile::tempdir().unwrap();
    let site = work.path().join("hugo-site");
    xtask::hugo::write_site(corpus.path(), &site).unwrap();
    let out = work.path().join("hugo-public");
    let built = Command::new("hugo")
        .arg("--quiet")
        .arg("--source")
        .arg(&site)
        .arg("--destination")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "hugo failed:\n{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let mut related = 0;
    let mut resolved = 0;
    for i in 0..DOCS {
        let page = corpus::doc_rel_path(i, DOCS);
        let file = out
            .join("en")
            .join(page.trim_end_matches(".md"))
            .join("index.html");
        let html = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{file:?}: {e}"));
        assert!(!html.contains(".md\""), "{file:?}: a link left unresolved");
        assert!(!html.contains(".md#"), "{file:?}: a link left unresolved");
        assert!(
            html.contains("hreflang=\"fr\""),
            "{file:?}: no translation link"
        );
        assert!(html.contains("/countries/"), "{file:?}: no country link");
        assert!(html.contains("/topics/"), "{file:?}: no topic link");
        assert!(
            html.contains("class=\"crumbs\""),
            "{file:?}: no breadcrumbs"
        );
        assert!(
            html.contains("rel=\"prev\"") || html.contains("rel=\"next\""),
            "{file:?}: no previous or next"
        );
        related += usize::from(html.contains("id=\"loupe-related\""));
        resolved += html.matches("href=\"../../../en/").count();
    }
    assert!(
        related > DOCS / 2,
        "{related} of {DOCS} with related documents"
    );
    assert!(resolved > DOCS, "{resolved} links into the site");
    let home = std::fs::read_to_string(out.join("en").join("index.html")).unwrap();
    assert!(home.contains("class=\"register\""), "{home}");
    assert!(home.contains("<table class=\"actions\">"), "{home}");
    assert!(out.join("404.html").is_file() || out.join("en").join("404.html").is_file());
}
