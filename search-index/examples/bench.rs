//! Benchmark of the search budgets on a synthetic corpus (until `cargo xtask gen-corpus`
//! lands): 10,000 documents per language (en, fr) of 300–1,500 words.
//!
//! Run: `cargo run --release -p search-index --example bench [-- DOCS_PER_LANG]`
//! Prints index build and export times, the client index size, and the bytes a cold
//! one-word and three-word query load (runtime included), measured with the node driver.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use search_index::{FacetLabels, IndexPaths, LanguageCorpus, SearchDoc, TermGroup};
use serde_json::{json, Value};
use xtask::rng::XorShift64;

const EN_CORE: &[&str] = &[
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "is",
    "for",
    "diamonds",
    "rough",
    "diamond",
    "kimberley",
    "process",
    "certificate",
    "certificates",
    "export",
    "mining",
    "controls",
    "internal",
    "civil",
    "society",
    "review",
    "visit",
    "smuggling",
    "border",
    "statistics",
    "valuation",
    "footprint",
    "artisanal",
    "alluvial",
    "miners",
    "traders",
    "security",
    "government",
    "participants",
];
const FR_CORE: &[&str] = &[
    "le",
    "de",
    "la",
    "et",
    "les",
    "des",
    "à",
    "en",
    "diamants",
    "bruts",
    "diamant",
    "kimberley",
    "processus",
    "certificat",
    "certificats",
    "exportation",
    "exploitation",
    "contrôles",
    "internes",
    "société",
    "civile",
    "visite",
    "d'examen",
    "contrebande",
    "frontière",
    "statistiques",
    "évaluation",
    "empreinte",
    "artisanale",
    "alluviale",
    "mineurs",
    "négociants",
    "sécurité",
    "gouvernement",
    "été",
];

/// A synthetic vocabulary: core words first, then syllable words (French ones with accents).
fn vocabulary(rng: &mut XorShift64, core: &[&str], fr: bool, size: usize) -> Vec<String> {
    let syl: &[&str] = if fr {
        &[
            "ca", "ré", "mi", "tion", "ne", "sé", "lo", "ter", "vè", "que", "men", "pa", "di", "ê",
            "ment", "ri", "go", "çon", "bu", "ti",
        ]
    } else {
        &[
            "ca", "re", "mi", "tion", "ne", "se", "lo", "ter", "ve", "que", "men", "pa", "di",
            "ing", "ment", "ri", "go", "ous", "bu", "ti",
        ]
    };
    let mut v: Vec<String> = core.iter().map(|s| s.to_string()).collect();
    let mut seen: std::collections::HashSet<String> = v.iter().cloned().collect();
    while v.len() < size {
        let n = 2 + rng.below(3);
        let w: String = (0..n).map(|_| syl[rng.below(syl.len())]).collect();
        if seen.insert(w.clone()) {
            v.push(w);
        }
    }
    v
}

/// Zipf-like sampler over a vocabulary (s ≈ 1).
fn corpus(lang: &str, docs: usize, seed: u64) -> LanguageCorpus {
    let mut rng = XorShift64::new(seed);
    let fr = lang == "fr";
    let vocab = vocabulary(&mut rng, if fr { FR_CORE } else { EN_CORE }, fr, 40_000);
    let text = |rng: &mut XorShift64, n: usize| -> String {
        let mut s = String::new();
        for i in 0..n {
            if i > 0 {
                s.push(' ');
            }
            let w = &vocab[rng.zipf(vocab.len())];
            if i == 0 || rng.below(12) == 0 {
                let mut c = w.chars();
                if let Some(f) = c.next() {
                    s.extend(f.to_uppercase());
                    s.push_str(c.as_str());
                }
            } else {
                s.push_str(w);
            }
            if rng.below(15) == 0 {
                s.push('.');
            }
        }
        s.push('.');
        s
    };
    let kinds = ["guidance", "minutes", "case-study", "page"];
    let countries = [
        "SL", "LR", "GN", "CI", "GH", "BE", "AE", "ZA", "BW", "AO", "CD", "IN",
    ];
    let topics = [
        "certificates",
        "internal-controls",
        "artisanal-mining",
        "civil-society",
        "smuggling",
        "valuation",
        "statistics",
        "peer-review",
        "kp-basics",
        "regional-approach",
    ];
    let mut out = Vec::with_capacity(docs);
    for i in 0..docs {
        let words = 300 + rng.below(1_201);
        let body = text(&mut rng, words);
        let tn = 3 + rng.below(6);
        let title = text(&mut rng, tn);
        let headings = (0..rng.below(6))
            .map(|_| {
                let hn = 2 + rng.below(5);
                text(&mut rng, hn)
            })
            .collect();
        let kind = kinds[rng.below(4)];
        out.push(SearchDoc {
            url: format!("{lang}/{kind}/doc-{i:05}/index.html"),
            title,
            headings,
            body: body.into(),
            kind: kind.into(),
            date: Some(format!(
                "{}-{:02}-{:02}",
                2004 + rng.below(21),
                1 + rng.below(12),
                1 + rng.below(28)
            )),
            countries: (0..1 + rng.below(2))
                .map(|_| countries[rng.below(12)].to_string())
                .collect(),
            topics: (0..1 + rng.below(2))
                .map(|_| topics[rng.below(10)].to_string())
                .collect(),
            summary: (rng.below(2) == 0).then(|| text(&mut rng, 25)),
            // Every language has the same paths, as translations of a real site would.
            translation_group: Some(format!("{kind}/doc-{i:05}")),
        });
    }
    let labels = FacetLabels {
        kinds: kinds
            .iter()
            .map(|k| (k.to_string(), k.to_string()))
            .collect(),
        countries: countries
            .iter()
            .map(|k| (k.to_string(), k.to_string()))
            .collect(),
        topics: topics
            .iter()
            .map(|k| (k.to_string(), k.to_string()))
            .collect(),
        ..FacetLabels::default()
    };
    LanguageCorpus {
        lang: lang.into(),
        docs: out,
        labels,
    }
}

fn percentile(v: &mut [u64], p: f64) -> u64 {
    v.sort_unstable();
    v[((v.len() - 1) as f64 * p).round() as usize]
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000);
    let t = Instant::now();
    let corpora = vec![
        corpus("en", n, 0x9E37_79B9_7F4A_7C15),
        corpus("fr", n, 0xD1B5_4A32_D192_ED03),
    ];
    println!(
        "corpus: {n} docs/language generated in {:.1}s",
        t.elapsed().as_secs_f64()
    );
    let glossary = vec![TermGroup {
        key: "rough-diamond".into(),
        terms: BTreeMap::from([
            ("en".into(), vec!["rough diamond".into()]),
            ("fr".into(), vec!["diamant brut".into()]),
        ]),
    }];
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench-site");
    let paths = IndexPaths {
        tantivy_dir: root.join(".loupe/search"),
        site_dir: root.join("public"),
    };
    // BENCH_REUSE=1: query the site the last run built (to measure a change of the runtime
    // alone, in seconds).
    let reuse = std::env::var("BENCH_REUSE").is_ok() && paths.site_dir.join("search").exists();
    if !reuse {
        let t = Instant::now();
        let report = search_index::build_site_index(&corpora, &glossary, &paths).expect("build");
        let total = t.elapsed().as_secs_f64();
        println!(
            "build+export: {total:.1}s (tantivy build {:.1}s = {:.0}%, export {:.1}s)",
            report.index_seconds,
            100.0 * report.index_seconds / total,
            report.export_seconds
        );
        println!(
            "client index: {} files, {:.1} MB",
            report.files.len(),
            report.client_bytes as f64 / 1e6
        );
    } else {
        println!("client index: reused from the last run; runtime written again");
        let search = paths.site_dir.join("search");
        std::fs::write(search.join("loupe-search.js"), search_index::RUNTIME_JS).expect("runtime");
    }

    // Queries: words of every frequency band, typed and finished.
    let mut rng = XorShift64::new(7);
    let mut reqs = Vec::new();
    let mut kinds = Vec::new();
    for c in &corpora {
        let core = if c.lang == "fr" { FR_CORE } else { EN_CORE };
        let mut vocab = vocabulary(
            &mut XorShift64::new(if c.lang == "fr" {
                0xD1B5_4A32_D192_ED03
            } else {
                0x9E37_79B9_7F4A_7C15
            }),
            core,
            c.lang == "fr",
            40_000,
        );
        vocab.truncate(20_000);
        for _ in 0..40 {
            let w = &vocab[rng.zipf(vocab.len())];
            reqs.push(json!({"lang": c.lang, "q": format!("{w} "), "cold": true}));
            kinds.push(1);
            let three: Vec<&String> = (0..3).map(|_| &vocab[rng.zipf(vocab.len())]).collect();
            reqs.push(json!({"lang": c.lang, "q": format!("{} {} {}", three[0], three[1], three[2]), "cold": true}));
            kinds.push(3);
        }
    }
    if let Ok(file) = std::env::var("BENCH_REQUESTS") {
        std::fs::write(file, Value::Array(reqs.clone()).to_string()).expect("requests");
    }
    let driver = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/driver.cjs");
    let search = paths.site_dir.join("search");
    let mut child = Command::new("node")
        .arg(&driver)
        .arg(&search)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("node");
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(Value::Array(reqs.clone()).to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let results: Vec<Value> = serde_json::from_slice(&out.stdout).expect("driver output");
    let size = |rel: &str| {
        std::fs::metadata(search.join(rel))
            .map(|m| m.len())
            .unwrap_or(0)
    };
    let base = size("loupe-search.js") + size("loupe-search.css");
    println!("runtime: loupe-search.js + .css = {base} bytes");
    let bytes_of = |loaded: &Value| -> u64 {
        base + loaded
            .as_array()
            .unwrap()
            .iter()
            .map(|p| size(p.as_str().unwrap()))
            .sum::<u64>()
    };
    // [kind][first results, counts complete]
    let mut m: [[Vec<u64>; 2]; 2] = Default::default();
    let mut worst = (0u64, String::new());
    let mut partial = [0usize; 2];
    for ((r, req), k) in results.iter().zip(&reqs).zip(&kinds) {
        let first = bytes_of(&r["loaded"]);
        let complete = if r["partial"] == json!(true) {
            partial[usize::from(*k == 3)] += 1;
            bytes_of(&r["complete"]["loaded"])
        } else {
            first
        };
        if first > worst.0 {
            worst = (first, req["q"].to_string());
        }
        let i = usize::from(*k == 3);
        m[i][0].push(first);
        m[i][1].push(complete);
        if std::env::var("BENCH_VERBOSE").is_ok() {
            // Bytes of the first answer by kind of file: meta, vocabulary, postings, tier-2
            // blocks, records (runtime and the rest apart).
            let mut by_kind = BTreeMap::new();
            for p in r["loaded"].as_array().unwrap() {
                let p = p.as_str().unwrap();
                let kind = p
                    .split('/')
                    .nth(1)
                    .filter(|k| k.len() == 1)
                    .unwrap_or("meta");
                let e = by_kind.entry(kind).or_insert((0u64, 0u64));
                e.0 += 1;
                e.1 += size(p);
            }
            let kinds: Vec<String> = by_kind
                .iter()
                .map(|(k, (n, b))| format!("{k} {n}/{:.1}", *b as f64 / 1024.0))
                .collect();
            println!(
                "  {:>8.1} KB first, {:>8.1} KB complete  {} {}  [{}]",
                first as f64 / 1024.0,
                complete as f64 / 1024.0,
                req["lang"],
                req["q"],
                kinds.join(", ")
            );
        }
    }
    let kb = |v: &mut Vec<u64>, p: f64| percentile(v, p) as f64 / 1024.0;
    for (i, (name, budget)) in [("one-word", 100), ("three-word", 150)].iter().enumerate() {
        let n = m[i][0].len();
        let over = m[i][0].iter().filter(|&&b| b >= budget * 1024).count();
        println!(
            "cold {name} query, {n} queries, bytes until the first results (exact top 10), runtime included: median {:.1} KB, p90 {:.1} KB, max {:.1} KB (budget {budget} KB; {over} over)",
            kb(&mut m[i][0], 0.5), kb(&mut m[i][0], 0.9), kb(&mut m[i][0], 1.0)
        );
        println!(
            "  until counts are complete ({} of {n} answered first without all of tier 2): median {:.1} KB, p90 {:.1} KB, max {:.1} KB",
            partial[i], kb(&mut m[i][1], 0.5), kb(&mut m[i][1], 0.9), kb(&mut m[i][1], 1.0)
        );
    }
    println!(
        "heaviest first answer: {} ({:.1} KB)",
        worst.1,
        worst.0 as f64 / 1024.0
    );
}
