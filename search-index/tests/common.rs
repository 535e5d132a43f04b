//! Shared by the integration tests: the fixture corpus, the site build and the node driver.
#![allow(
    unreachable_pub,
    reason = "helpers of integration test crates are not an API"
)]
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use search_index::{FacetLabels, IndexPaths, LanguageCorpus, SearchDoc, TermGroup};
use serde_json::Value;

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

fn map(v: &Value) -> BTreeMap<String, String> {
    v.as_object()
        .map(|o| {
            o.iter()
                .map(|(k, x)| (k.clone(), x.as_str().unwrap_or_default().to_string()))
                .collect()
        })
        .unwrap_or_default()
}

/// The fixture corpus (tests/fixtures/corpus.json) and its glossary.
pub fn fixture() -> (Vec<LanguageCorpus>, Vec<TermGroup>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus.json");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let corpora = v["languages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| LanguageCorpus {
            lang: l["lang"].as_str().unwrap().into(),
            docs: l["docs"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| SearchDoc {
                    url: d["url"].as_str().unwrap().into(),
                    title: d["title"].as_str().unwrap().into(),
                    headings: strings(&d["headings"]),
                    body: d["body"].as_str().unwrap().into(),
                    kind: d["kind"].as_str().unwrap().into(),
                    date: d["date"].as_str().map(String::from),
                    countries: strings(&d["countries"]),
                    topics: strings(&d["topics"]),
                    summary: d["summary"].as_str().map(String::from),
                    translation_group: d["translation_group"].as_str().map(String::from),
                })
                .collect(),
            labels: FacetLabels {
                kinds: map(&l["labels"]["kinds"]),
                countries: map(&l["labels"]["countries"]),
                topics: map(&l["labels"]["topics"]),
                languages: map(&l["labels"]["languages"]),
            },
        })
        .collect();
    let glossary = v["glossary"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| TermGroup {
            key: g["key"].as_str().unwrap().into(),
            terms: g["terms"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, x)| (k.clone(), strings(x)))
                .collect(),
        })
        .collect();
    (corpora, glossary)
}

/// Builds the fixture site in `root` (tantivy indexes in root/.loupe/search, site in root/public).
pub fn build(root: &Path) -> IndexPaths {
    build_with(root, &search_index::export::ExportOptions::default())
}

/// Builds the fixture into `root` with the client index's files sized by `opts`.
#[allow(dead_code)]
pub fn build_with(root: &Path, opts: &search_index::export::ExportOptions) -> IndexPaths {
    let (corpora, glossary) = fixture();
    let paths = IndexPaths {
        tantivy_dir: root.join(".loupe/search"),
        site_dir: root.join("public"),
    };
    search_index::build_site_index_with(&corpora, &glossary, &paths, opts).unwrap();
    paths
}

/// Runs the JS runtime under node over `search_dir` with requests `[{lang, q, opts}]`.
pub fn run_node(search_dir: &Path, requests: &Value) -> Vec<Value> {
    let driver: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/driver.cjs");
    let mut child = Command::new("node")
        .arg(driver)
        .arg(search_dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node must be installed to test the browser runtime");
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(requests.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "node driver failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice::<Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}
