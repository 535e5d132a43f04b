//! What a reader gets from the runtime (under node) and from `query()`, on the fixture corpus.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{json, Value};

/// The fixture with small files (postings shards of 2 KB, 3 records a file), so that its few
/// documents span several files of each kind as a large site's do: a word's postings can be in
/// a shard not loaded yet.
fn site() -> (tempfile::TempDir, search_index::IndexPaths) {
    let tmp = tempfile::tempdir().unwrap();
    let opts = search_index::export::ExportOptions {
        postings_shard_bytes: 2 * 1024,
        records_per_file: 3,
        ..Default::default()
    };
    let paths = common::build_with(tmp.path(), &opts);
    (tmp, paths)
}

fn hits(r: &Value) -> &Vec<Value> {
    r["hits"].as_array().unwrap()
}

#[test]
fn accents_prefix_typos_facets_and_languages() {
    let (_tmp, paths) = site();
    let reqs = json!([
        {"lang": "fr", "q": "securite "},                                   // 0 accents
        {"lang": "en", "q": "certif"},                                      // 1 prefix
        {"lang": "en", "q": "certif", "opts": {"prefix": false}},           // 2 no prefix
        {"lang": "en", "q": "smugling "},                                   // 3 one typo
        {"lang": "en", "q": "smuggling "},                                  // 4 exact
        {"lang": "en", "q": "certficates "},                                // 5 typo, 11 letters
        {"lang": "en", "q": "tade "},                                       // 6 too short for typos
        {"lang": "fr", "q": "", "opts": {"facets": true, "limit": 100}},    // 7 browse
        {"lang": "fr", "q": "", "opts": {"facets": true, "limit": 100, "filters": {"type": ["guidance"]}}},
        {"lang": "fr", "q": "diamants", "opts": {"facets": true, "limit": 100, "filters": {"country": ["SL"]}}},
        {"lang": "fr", "q": "diamant brut ", "opts": {"allLanguages": true, "limit": 40}}, // 10
        {"lang": "fr", "q": "diamant brut ", "opts": {"limit": 40}},        // 11
        {"lang": "fr", "q": "", "opts": {"facets": true, "limit": 100, "filters": {"year": ["2015", "2016"], "type": ["minutes"]}}},
    ]);
    let r = common::run_node(&paths.site_dir.join("search"), &reqs);

    // Accent- and case-insensitive: `securite` finds the document titled with `Sécurité`.
    assert!(hits(&r[0])
        .iter()
        .any(|h| h["title"].as_str().unwrap().contains("Sécurité")));
    // Snippets come from each document's precomputed fragments: matched words are marked
    // where a fragment contains them.
    assert!(hits(&r[0]).iter().any(|h| h["snippet"]
        .as_str()
        .unwrap()
        .contains("<mark>sécurité</mark>")));

    // Prefix on the word being typed, only while typing.
    assert!(!hits(&r[1]).is_empty());
    let (corpora, _) = common::fixture();
    let text_of = |url: &str| -> String {
        let d = corpora
            .iter()
            .flat_map(|c| &c.docs)
            .find(|d| d.url == url)
            .unwrap();
        format!("{} {} {}", d.title, d.headings.join(" "), d.body).to_lowercase()
    };
    assert!(hits(&r[1])
        .iter()
        .all(|h| text_of(h["url"].as_str().unwrap()).contains("certif")));
    assert!(hits(&r[2]).is_empty());

    // Typos: found, same top document, below the exact match's score.
    let (typo, exact) = (hits(&r[3]), hits(&r[4]));
    assert!(!typo.is_empty());
    assert_eq!(typo[0]["doc"], exact[0]["doc"]);
    assert!(typo[0]["score"].as_f64().unwrap() < exact[0]["score"].as_f64().unwrap());
    assert!(!hits(&r[5]).is_empty());
    assert!(hits(&r[6]).is_empty());

    // Facets with an empty query: counts cover every document; a filter keeps its count.
    let all = &r[7];
    let n = all["total"].as_u64().unwrap();
    assert_eq!(n, 20);
    let type_counts: BTreeMap<String, u64> =
        serde_json::from_value(all["facets"]["type"].clone()).unwrap();
    assert_eq!(type_counts.values().sum::<u64>(), n);
    let guidance = &r[8];
    assert_eq!(guidance["total"].as_u64().unwrap(), type_counts["guidance"]);
    assert!(hits(guidance).iter().all(|h| h["type"] == "guidance"));
    // Disjunctive counts: the other types still show what selecting them would give.
    assert_eq!(guidance["facets"]["type"], all["facets"]["type"]);

    // Facets combine with a query.
    let sl = &r[9];
    assert!(!hits(sl).is_empty());
    assert!(hits(sl)
        .iter()
        .all(|h| h["countries"].as_array().unwrap().contains(&json!("SL"))));

    // All languages: the glossary carries `diamant brut` to `rough diamond`.
    assert!(hits(&r[10]).iter().any(|h| h["lang"] == "en"));
    assert!(hits(&r[10]).iter().any(|h| h["lang"] == "fr"));
    assert!(hits(&r[11]).iter().all(|h| h["lang"] == "fr"));

    // Year and type filters combine (AND across facets, OR within one).
    for h in hits(&r[12]) {
        assert_eq!(h["type"], "minutes");
        assert!(["2015", "2016"].contains(&h["year"].as_str().unwrap()));
    }
}

#[test]
fn quick_searches_answer_from_loaded_files_only() {
    let (_tmp, paths) = site();
    let quick = json!({"quick": true});
    let reqs = json!([
        {"lang": "en", "q": "diamonds ", "opts": quick, "cold": true},     // 0 nothing loaded
        {"lang": "en", "q": "diamonds "},                                  // 1 loads
        {"lang": "en", "q": "diamonds ", "opts": quick},                   // 2 from what 1 loaded
        {"lang": "en", "q": "smuggling ", "opts": quick},                  // 3 its postings are not loaded
        {"lang": "en", "q": "smuggling "},                                 // 4 the pause's search
    ]);
    let r = common::run_node(&paths.site_dir.join("search"), &reqs);
    // A quick search loads nothing: a miss, so the box searches again after its pause.
    for i in [0, 3] {
        assert_eq!(r[i]["miss"], json!(true), "{i}: {}", r[i]);
        assert_eq!(r[i]["loaded"], json!([]), "{i}");
    }
    // With every file it needs loaded, the same answer as a search that loads.
    assert_eq!(r[2]["miss"], Value::Null);
    assert_eq!(r[2]["hits"], r[1]["hits"]);
    assert_eq!(r[2]["total"], r[1]["total"]);
    assert_eq!(r[2]["loaded"], json!([]));
    assert!(!hits(&r[1]).is_empty() && !hits(&r[4]).is_empty());
}

fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

#[test]
fn output_is_deterministic_and_script_only() {
    let (_a, pa) = site();
    let (_b, pb) = site();
    let fa = files(&pa.site_dir.join("search"));
    let fb = files(&pb.site_dir.join("search"));
    // Every kind of file is there, several of the grouped ones (records, postings shards).
    for kind in ["meta.js", "f.js", "x.js", "/v/", "/p/", "/d/"] {
        assert!(
            fa.keys().any(|k| k.contains(kind)),
            "no {kind} in {:?}",
            fa.keys()
        );
    }
    assert!(fa.keys().filter(|k| k.contains("/d/")).count() > 4);
    assert!(fa.keys().filter(|k| k.contains("/p/")).count() > 2);
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    for (k, v) in &fa {
        assert!(v == &fb[k], "{k} differs between two builds");
        if k.ends_with(".js") && k != "loupe-search.js" {
            assert!(
                v.starts_with(b"loupeRegister("),
                "{k} is not a registration script"
            );
        }
    }
    let runtime = String::from_utf8(fa["loupe-search.js"].clone()).unwrap();
    for banned in [
        "fetch(",
        "XMLHttpRequest",
        "import(",
        "Worker(",
        "WebAssembly",
    ] {
        assert!(!runtime.contains(banned), "runtime uses {banned}");
    }
}

#[test]
fn cli_query_answers_from_tantivy() {
    let (_tmp, paths) = site();
    let hits = search_index::query(&paths.tantivy_dir, "fr", "securite", 5).unwrap();
    assert!(!hits.is_empty() && hits.len() <= 5);
    assert!(hits.iter().any(|h| h.title.contains("Sécurité")));
    assert!(hits.windows(2).all(|w| w[0].score >= w[1].score));
    // Query syntax in user input is not an error: it is split into words.
    assert!(search_index::query(&paths.tantivy_dir, "en", "title:\"diamond AND (", 5).is_ok());
    assert!(search_index::query(&paths.tantivy_dir, "en", "", 5)
        .unwrap()
        .is_empty());
    assert!(search_index::query(&paths.tantivy_dir, "de", "x", 5).is_err());
    assert!(search_index::query(&paths.tantivy_dir, "../en", "x", 5).is_err());
}
