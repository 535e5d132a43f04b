//! Impact tiers: with frequent stems split into tier 1 (highest BM25 contributions) and tier-2
//! blocks, the runtime's first answer (rendered before tier 2 is fully loaded) must be the
//! exact top k of a full evaluation, same documents, same order, same scores; and the complete
//! answer (every tier loaded) must give tantivy's full result count and the same facet counts
//! as an untiered export.

mod common;

use search_index::export::ExportOptions;
use search_index::query::{build_query, open, top_docs};
use search_index::{FacetLabels, IndexPaths, LanguageCorpus, SearchDoc};
use serde_json::{json, Value};
use xtask::rng::XorShift64;

/// Tiny shards and tiers, so that a small corpus has many tiered stems and many blocks
/// (three blocks and three document records a file).
fn tiny(tier_min_bytes: usize, tier1_bytes: usize, tier2_block_bytes: usize) -> ExportOptions {
    ExportOptions {
        postings_shard_bytes: 512,
        vocab_shard_bytes: 256,
        tier_min_bytes,
        tier1_bytes,
        tier1_min_docs: 2,
        tier2_block_bytes,
        body_block_bytes: tier2_block_bytes / 2,
        tier2_file_bytes: 3 * tier2_block_bytes,
        tier2_file_per_part: false,
        records_per_file: 3,
        carry_min_body_bytes: 0,
    }
}

/// A synthetic English vocabulary: frequent function words first, then syllable words.
fn vocabulary() -> Vec<String> {
    let mut v: Vec<String> = [
        "the", "of", "and", "to", "in", "a", "is", "for", "diamond", "rough",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let syl = [
        "ka", "ro", "mi", "tan", "se", "lu", "ver", "po", "din", "que",
    ];
    let mut rng = XorShift64::new(11);
    while v.len() < 500 {
        let w: String = (0..2 + rng.below(2)).map(|_| syl[rng.below(10)]).collect();
        if !v.contains(&w) {
            v.push(w);
        }
    }
    v
}

fn synthetic(docs: usize) -> LanguageCorpus {
    let vocab = vocabulary();
    let mut rng = XorShift64::new(5);
    let text = |rng: &mut XorShift64, n: usize| -> String {
        (0..n)
            .map(|_| vocab[rng.zipf(vocab.len())].clone())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let kinds = ["guidance", "minutes", "case-study", "page"];
    let countries = ["SL", "GH", "BE", "IN"];
    let out = (0..docs)
        .map(|i| SearchDoc {
            url: format!("en/doc-{i}/index.html"),
            title: text(&mut rng, 2 + i % 5),
            headings: (0..i % 3).map(|_| text(&mut rng, 3)).collect(),
            body: text(&mut rng, 20 + (i * 37) % 180).into(),
            kind: kinds[i % 4].into(),
            date: Some(format!("{}-01-01", 2010 + i % 9)),
            countries: vec![countries[i % 4].into()],
            topics: vec![],
            summary: None,
            translation_group: None,
        })
        .collect();
    LanguageCorpus {
        lang: "en".into(),
        docs: out,
        labels: FacetLabels::default(),
    }
}

fn build(root: &std::path::Path, corpora: &[LanguageCorpus], opts: &ExportOptions) -> IndexPaths {
    let paths = IndexPaths {
        tantivy_dir: root.join(".loupe/search"),
        site_dir: root.join("public"),
    };
    search_index::build_site_index_with(corpora, &[], &paths, opts).unwrap();
    paths
}

/// What the comparisons exercised.
#[derive(Default, Debug)]
struct Seen {
    compared: usize,
    partial: usize,
    blocks_first: usize,
    blocks_saved: usize,
}

fn blocks(v: &Value) -> usize {
    v.as_array()
        .unwrap()
        .iter()
        .filter(|p| p.as_str().unwrap().contains("/t/"))
        .count()
}

/// Runs `queries` (lang, text, offset, limit) against a tiered and an untiered export of the
/// same corpora and checks the tiered answers against tantivy and the untiered answers.
fn check(
    corpora: &[LanguageCorpus],
    opts: &ExportOptions,
    queries: &[(String, String, usize, usize)],
    seen: &mut Seen,
) {
    let tmp_t = tempfile::tempdir().unwrap();
    let tmp_f = tempfile::tempdir().unwrap();
    let tiered = build(tmp_t.path(), corpora, opts);
    let full = build(tmp_f.path(), corpora, &ExportOptions::default());
    let reqs: Vec<Value> = queries
        .iter()
        .map(|(lang, q, offset, limit)| {
            json!({"lang": lang, "q": q, "cold": true,
                   "opts": {"offset": offset, "limit": limit, "prefix": false, "typo": false, "facets": true}})
        })
        .collect();
    let t = common::run_node(&tiered.site_dir.join("search"), &json!(reqs));
    let f = common::run_node(&full.site_dir.join("search"), &json!(reqs));
    for (((lang, q, offset, limit), t), f) in queries.iter().zip(&t).zip(&f) {
        let ctx = format!("{lang} {q:?} offset {offset} limit {limit}");
        // The untiered export answers completely at once.
        assert_eq!(f["partial"], json!(false), "{ctx}");
        // First answer: the exact page, same documents, order and scores as a full evaluation.
        assert_eq!(t["hits"], f["hits"], "{ctx}: first answer differs");
        // ... and as tantivy.
        let index = open(&tiered.tantivy_dir, lang).unwrap();
        let expected = top_docs(&index, q, offset + limit).unwrap();
        let exp_docs: Vec<u64> = expected
            .iter()
            .skip(*offset)
            .map(|(_, a)| u64::from(a.doc_id))
            .collect();
        let got: Vec<u64> = t["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["doc"].as_u64().unwrap())
            .collect();
        assert_eq!(got, exp_docs, "{ctx}: not tantivy's ranking");
        for ((score, _), h) in expected
            .iter()
            .skip(*offset)
            .zip(t["hits"].as_array().unwrap())
        {
            let s = h["score"].as_f64().unwrap();
            assert!(
                (s - f64::from(*score)).abs() <= 1e-4,
                "{ctx}: {s} vs {score}"
            );
        }
        // Complete answer: every match counted.
        let count = match build_query(&index, q).unwrap() {
            Some(query) => index
                .searcher
                .search(&query, &tantivy::collector::Count)
                .unwrap(),
            None => 0,
        };
        let complete = if t["partial"] == json!(true) {
            seen.partial += 1;
            let c = &t["complete"];
            let (first, all) = (blocks(&t["loaded"]), blocks(&c["loaded"]));
            seen.blocks_first += first;
            seen.blocks_saved += all - first;
            // The counts of the first answer are lower bounds.
            assert!(t["total"].as_u64().unwrap() <= c["total"].as_u64().unwrap());
            c
        } else {
            t
        };
        assert_eq!(
            complete["total"].as_u64().unwrap() as usize,
            count,
            "{ctx}: total"
        );
        assert_eq!(complete["total"], f["total"], "{ctx}");
        assert_eq!(complete["facets"], f["facets"], "{ctx}: facet counts");
        assert_eq!(complete["hits"], f["hits"], "{ctx}: complete answer");
        seen.compared += got.len();
    }
}

#[test]
fn tiered_first_answers_equal_full_evaluation_on_the_fixture() {
    let (corpora, _) = common::fixture();
    let words = [
        ("en", "the"),
        ("en", "the of and"),
        ("en", "diamonds the"),
        ("en", "kimberley process certificate"),
        ("en", "rough diamonds of the"),
        ("en", "smuggling borders"),
        ("fr", "le de la"),
        ("fr", "les diamants"),
        ("fr", "sécurité des creuseurs"),
        ("fr", "l'été"),
        ("fr", "statistiques de production"),
    ];
    let mut queries = Vec::new();
    for (lang, q) in words {
        for (offset, limit) in [(0, 1), (0, 3), (0, 10), (3, 5)] {
            queries.push((lang.to_string(), q.to_string(), offset, limit));
        }
    }
    let mut seen = Seen::default();
    check(&corpora, &tiny(40, 40, 30), &queries, &mut seen);
    assert!(seen.compared > 150, "{seen:?}");
    // The tiers were used: some first answers came before all of tier 2 was loaded.
    assert!(seen.partial > 5 && seen.blocks_saved > 0, "{seen:?}");
}

#[test]
fn tiered_first_answers_equal_full_evaluation_on_frequent_words() {
    let corpora = vec![synthetic(300)];
    let vocab = vocabulary();
    let mut rng = XorShift64::new(3);
    let mut queries = Vec::new();
    // One frequent word; two and three words mixing frequent and rarer ones.
    for w in &vocab[..12] {
        queries.push(("en".to_string(), w.clone(), 0, 10));
    }
    for _ in 0..24 {
        let n = 2 + rng.below(2);
        let q: Vec<&str> = (0..n)
            .map(|j| {
                vocab[if j == 0 {
                    rng.below(8)
                } else {
                    rng.zipf(vocab.len())
                }]
                .as_str()
            })
            .collect();
        queries.push(("en".to_string(), q.join(" "), 0, 10));
    }
    // A rarer word with frequent ones: the rare word's documents lead, their scores need
    // the frequent words' tier-2 blocks that hold them.
    for i in 0..12 {
        let rare = &vocab[150 + 7 * i];
        let q = format!("{} {rare} {}", vocab[i % 4], vocab[4 + i % 3]);
        queries.push(("en".to_string(), q, 0, 10));
    }
    for w in &vocab[..6] {
        queries.push(("en".to_string(), w.clone(), 10, 10));
        queries.push(("en".to_string(), w.clone(), 0, 1));
    }
    let mut seen = Seen::default();
    check(&corpora, &tiny(200, 600, 80), &queries, &mut seen);
    assert!(seen.compared > 500, "{seen:?}");
    assert!(seen.partial > 25 && seen.blocks_saved > 50, "{seen:?}");
    // Some first answers needed a few tier-2 blocks (to make their top scores exact).
    assert!(seen.blocks_first >= 10, "{seen:?}");
}

#[test]
fn carried_stems_make_contenders_exact_from_their_records() {
    let corpora = vec![synthetic(300)];
    let vocab = vocabulary();
    // A rarer word with frequent ones: the frequent words' body scores of the rare word's
    // documents decide their order; with the frequent words carried, the records of those
    // documents give them instead of body blocks.
    let mut queries = Vec::new();
    for i in 0..16 {
        let rare = &vocab[150 + 7 * i];
        let q = format!("{} {rare} {}", vocab[i % 4], vocab[4 + i % 3]);
        for (offset, limit) in [(0, 10), (0, 3), (5, 5)] {
            queries.push(("en".to_string(), q.clone(), offset, limit));
        }
    }
    let plain = tiny(200, 600, 80);
    let carrying = ExportOptions {
        carry_min_body_bytes: 400,
        ..plain.clone()
    };
    // The same exact answers (against tantivy and the untiered export) either way ...
    let (mut without, mut with) = (Seen::default(), Seen::default());
    check(&corpora, &plain, &queries, &mut without);
    check(&corpora, &carrying, &queries, &mut with);
    assert!(with.compared > 250 && with.partial > 20, "{with:?}");
    // ... with fewer body blocks before the first answer.
    assert!(
        with.blocks_first < without.blocks_first,
        "{with:?} vs {without:?}"
    );

    // The carried stems are listed in meta.js, and a record gives a carried stem's body term
    // frequency: the first value is the body's fieldnorm id, then one per carried stem.
    let tmp = tempfile::tempdir().unwrap();
    let paths = build(tmp.path(), &corpora, &carrying);
    let search = paths.site_dir.join("search");
    let meta = std::fs::read_to_string(search.join("en/meta.js")).unwrap();
    assert!(meta.contains(r#""carry":["#), "{meta}");
    let mut with_tfs = 0;
    for file in 0..10 {
        let records = std::fs::read_to_string(search.join(format!("en/d/{file}.js"))).unwrap();
        let args = records
            .trim_end()
            .strip_prefix("loupeRegister(")
            .and_then(|t| t.strip_suffix(");"))
            .unwrap();
        let v: Value = serde_json::from_str(&format!("[{args}]")).unwrap();
        for record in v[3].as_array().unwrap() {
            // A record without an 8th value has none of the carried stems in its body part.
            let Some(carried) = record.get(7) else {
                continue;
            };
            let values = search_index::encode::decode_varints(carried.as_str().unwrap()).unwrap();
            assert!(
                values.len() >= 2 && values[values.len() - 1] > 0,
                "{values:?}"
            );
            with_tfs += 1;
        }
    }
    assert!(with_tfs > 0);
}

/// The tiered entry of `stem` in the postings shards of `lang`: `[tier1, dfs, first, T, B]`.
fn tiered_entry(search: &std::path::Path, lang: &str, stem: &str) -> Value {
    for e in std::fs::read_dir(search.join(lang).join("p")).unwrap() {
        let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
        let args = text
            .trim_end()
            .strip_prefix("loupeRegister(")
            .and_then(|t| t.strip_suffix(");"))
            .unwrap();
        let v: Value = serde_json::from_str(&format!("[{args}]")).unwrap();
        let data = v[3].as_array().unwrap();
        for pair in data.chunks(2) {
            if pair[0] == json!(stem) {
                assert!(pair[1].is_array(), "{stem} is not tiered");
                return pair[1].clone();
            }
        }
    }
    panic!("no postings for {stem}");
}

/// The block ids of part `p` (0: title and headings, 1: body) of a tiered entry.
fn part_blocks(e: &Value, p: usize) -> std::ops::Range<u64> {
    let first = e[2].as_u64().unwrap();
    // The part's starts hold one more value, its end.
    let count = |p: usize| -> u64 {
        e[3 + p].get(1).and_then(Value::as_str).map_or(0, |s| {
            search_index::encode::decode_varints(s).unwrap().len() as u64 - 1
        })
    };
    let start = first + if p == 1 { count(0) } else { 0 };
    start..start + count(p)
}

/// The tier-2 blocks loaded (one block a file: `tier2_file_bytes: 0`), from a node answer.
fn blocks_loaded(answer: &Value) -> Vec<u64> {
    answer["loaded"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p.as_str().unwrap().strip_prefix("en/t/"))
        .map(|p| p.trim_end_matches(".js").parse().unwrap())
        .collect()
}

/// A corpus where two frequent words score high in different doc ranges: `alpha` in the
/// short titles of docs 0–39 (high scores), and in the long titles of docs 120–159 (low
/// scores), where `bravo` is in a short heading (medium scores); both are once in every body
/// (long bodies, where they weigh little).
fn clustered(docs: usize) -> LanguageCorpus {
    let filler = [
        "kaso", "rimu", "tepal", "vordi", "lunek", "mosta", "pirel", "sandu", "wekor", "zilap",
    ];
    let mut rng = XorShift64::new(17);
    let out = (0..docs)
        .map(|i| {
            let mut words: Vec<&str> = (0..40 + (i * 13) % 60)
                .map(|_| filler[rng.below(filler.len())])
                .collect();
            words.insert(i % words.len(), "alpha");
            words.insert((i * 7) % words.len(), "bravo");
            let f = |k: usize| filler[(i + k) % filler.len()];
            let (title, headings) = if i < 40 {
                (format!("alpha {}", f(0)), vec![])
            } else if (120..160).contains(&i) {
                let long: Vec<&str> = (0..15).map(f).collect();
                (
                    format!("alpha {}", long.join(" ")),
                    vec![format!("bravo {}", f(3))],
                )
            } else {
                (format!("{} {}", f(0), f(5)), vec![])
            };
            // Same type and date: doc ids follow the URLs, so the clusters stay clusters.
            guidance(i, title, headings, words.join(" "))
        })
        .collect();
    english(out)
}

/// Document `i`: a guidance note of 2020-01-01 (doc ids then follow the URLs).
fn guidance(i: usize, title: String, headings: Vec<String>, body: String) -> SearchDoc {
    SearchDoc {
        url: format!("en/doc-{i:03}/index.html"),
        title,
        headings,
        body: body.into(),
        kind: "guidance".into(),
        date: Some("2020-01-01".into()),
        countries: vec![],
        topics: vec![],
        summary: None,
        translation_group: None,
    }
}

/// An English corpus of `docs`.
fn english(docs: Vec<SearchDoc>) -> LanguageCorpus {
    LanguageCorpus {
        lang: "en".into(),
        docs,
        labels: FacetLabels::default(),
    }
}

/// Pages (offset, limit) of an English query.
fn pages_of(q: &str, pages: &[(usize, usize)]) -> Vec<(String, String, usize, usize)> {
    pages
        .iter()
        .map(|&(offset, limit)| ("en".to_string(), q.to_string(), offset, limit))
        .collect()
}

/// Checks that the tiered export answers `queries` exactly (as the untiered export and
/// tantivy), each first answer partial; then builds it again to look at its files: the
/// temporary folder (removed when dropped) and its `search/`.
fn check_partial_then_build(
    corpora: &[LanguageCorpus],
    opts: &ExportOptions,
    queries: &[(String, String, usize, usize)],
) -> (tempfile::TempDir, std::path::PathBuf) {
    let mut seen = Seen::default();
    check(corpora, opts, queries, &mut seen);
    assert_eq!(seen.partial, queries.len(), "{seen:?}");
    let tmp = tempfile::tempdir().unwrap();
    let search = build(tmp.path(), corpora, opts).site_dir.join("search");
    (tmp, search)
}

/// The node driver's requests for `queries`, cold, without prefixes and typos.
fn cold_requests(queries: &[(String, String, usize, usize)]) -> Vec<Value> {
    queries
        .iter()
        .map(|(lang, q, offset, limit)| {
            json!({"lang": lang, "q": q, "cold": true,
                   "opts": {"offset": offset, "limit": limit, "prefix": false, "typo": false}})
        })
        .collect()
}

#[test]
fn block_maxima_rule_out_doc_ranges() {
    let corpora = vec![clustered(240)];
    // One block a file: the files loaded name the blocks.
    let opts = ExportOptions {
        tier2_file_bytes: 0,
        ..tiny(200, 60, 30)
    };
    let queries = pages_of("alpha bravo", &[(0, 3), (0, 5), (2, 3)]);
    let (_tmp, search) = check_partial_then_build(&corpora, &opts, &queries);
    let (alpha, bravo) = (
        tiered_entry(&search, "en", "alpha"),
        tiered_entry(&search, "en", "bravo"),
    );
    let part_max = |e: &Value, p: usize| e[3 + p].get(0).and_then(Value::as_f64).unwrap_or(0.0);
    let blocks = part_blocks;
    assert!(!blocks(&bravo, 0).is_empty() && !blocks(&alpha, 0).is_empty());
    // alpha's title and headings part ends after bravo's starts: its blocks cover that range.
    let bounds_of = |e: &Value| -> (u64, u64) {
        let v = search_index::encode::decode_varints(e[3][1].as_str().unwrap()).unwrap();
        (v[0], v.iter().sum())
    };
    assert!(bounds_of(&alpha).1 > bounds_of(&bravo).0 + 20);
    let reqs = cold_requests(&queries);
    for (r, (_, q, offset, limit)) in common::run_node(&search, &json!(reqs)).iter().zip(&queries) {
        let ctx = format!("{q:?} offset {offset} limit {limit}");
        let loaded = blocks_loaded(r);
        // With only each part's maximum, a document seen nowhere could still reach the k-th
        // score (the sum of the maxima is above it): every block would have to be loaded.
        let kth = r["hits"].as_array().unwrap().last().unwrap()["score"]
            .as_f64()
            .unwrap();
        let sum = [&alpha, &bravo]
            .iter()
            .map(|e| part_max(e, 0) + part_max(e, 1))
            .sum::<f64>();
        assert!(sum > kth, "{ctx}: {sum} <= {kth}");
        // Block maxima rule out most of bravo's range, although alpha's title blocks cover it
        // too (with its long titles there, of low scores): some of bravo's heading blocks are
        // not loaded, and the answer came before most blocks were.
        let bravo_loaded = loaded
            .iter()
            .filter(|b| blocks(&bravo, 0).contains(b))
            .count();
        assert!(
            bravo_loaded < blocks(&bravo, 0).count(),
            "{ctx}: loaded {loaded:?}"
        );
        let all = [&alpha, &bravo]
            .iter()
            .map(|e| blocks(e, 0).count() + blocks(e, 1).count())
            .sum::<usize>();
        assert!(
            2 * loaded.len() < all,
            "{ctx}: {} of {all} blocks",
            loaded.len()
        );
        assert_eq!(r["partial"], json!(true), "{ctx}");
    }
}

/// A rare title word with two words of every body, both carried: `mira` (1 to 5 times in
/// most bodies: scores spread) and `zo` (once in every body: its idf, so its scores, near 0).
fn stop_and_spread(docs: usize) -> LanguageCorpus {
    let filler = [
        "kaso", "rimu", "tepal", "vordi", "lunek", "mosta", "pirel", "sandu", "wekor", "zilap",
    ];
    let mut rng = XorShift64::new(23);
    let out = (0..docs)
        .map(|i| {
            let mut words: Vec<&str> = (0..60 + (i * 11) % 50)
                .map(|_| filler[rng.below(filler.len())])
                .collect();
            words.insert(i % words.len(), "zo");
            if i % 5 != 4 {
                for k in 0..1 + (i * 7) % 5 {
                    words.insert((i + 13 * k) % words.len(), "mira");
                }
            }
            let title: Vec<&str> = (0..1 + i % 4)
                .map(|k| filler[(i + k) % filler.len()])
                .collect();
            let title = title.join(" ");
            let title = if i % 8 == 0 {
                format!("quix {title}")
            } else {
                title
            };
            guidance(i, title, vec![], words.join(" "))
        })
        .collect();
    english(out)
}

#[test]
fn a_carried_stop_word_waits_while_a_wider_carried_bound_rules_out_contenders() {
    let corpora = vec![stop_and_spread(320)];
    // One block a file: the files loaded name the blocks. zo and mira are carried.
    let opts = ExportOptions {
        tier2_file_bytes: 0,
        carry_min_body_bytes: 300,
        ..tiny(200, 60, 80)
    };
    let queries = pages_of("zo quix mira", &[(0, 10), (0, 5), (3, 5)]);
    let (_tmp, search) = check_partial_then_build(&corpora, &opts, &queries);
    let meta = std::fs::read_to_string(search.join("en/meta.js")).unwrap();
    assert!(
        meta.contains(r#""mira""#) && meta.contains(r#""zo""#),
        "not carried: {meta}"
    );
    let (zo, mira) = (
        tiered_entry(&search, "en", "zo"),
        tiered_entry(&search, "en", "mira"),
    );
    let reqs = cold_requests(&queries);
    for (r, (_, q, offset, limit)) in common::run_node(&search, &json!(reqs)).iter().zip(&queries) {
        let ctx = format!("{q:?} offset {offset} limit {limit}");
        let loaded = blocks_loaded(r);
        let of = |e: &Value| {
            loaded
                .iter()
                .filter(|b| part_blocks(e, 1).contains(b))
                .count()
        };
        // The quix documents are more than the records would settle (1.5 k): mira's body
        // blocks load first and leave few contenders, whose records give zo's body scores;
        // zo's blocks, one for nearly every contender, are not loaded.
        assert!(of(&mira) > 0, "{ctx}: loaded {loaded:?}");
        assert_eq!(of(&zo), 0, "{ctx}: loaded {loaded:?}");
    }
}

/// Words typed (prefix expansion) and misspelt (typo candidates) give a word several
/// candidates, tiered or not, at factors below 1: the first answer must still be the exact
/// top k of the full evaluation (the untiered export's answer; tantivy has no prefixes).
#[test]
fn tiered_first_answers_equal_full_evaluation_with_prefixes_and_typos() {
    let corpora = vec![synthetic(300)];
    let vocab = vocabulary();
    let tmp_t = tempfile::tempdir().unwrap();
    let tmp_f = tempfile::tempdir().unwrap();
    // Small tiers 1: tier 2 decides many top 10s.
    let tiered = build(tmp_t.path(), &corpora, &tiny(200, 40, 60));
    let full = build(tmp_f.path(), &corpora, &ExportOptions::default());
    let mut rng = XorShift64::new(23);
    let mut queries = Vec::new();
    // Prefixes of the most frequent syllable words: their first candidate (the shortest
    // word) is tiered, longer and rarer words after it are not.
    for (i, w) in vocab[10..70].iter().enumerate() {
        queries.push(w[..3].to_string());
        queries.push(format!("{} {}", vocab[i % 10], &w[..3]));
    }
    for i in 0..40 {
        // A frequent word, then the first letters of another word, still being typed.
        let typed = &vocab[10 + rng.zipf(vocab.len() - 10)];
        let cut = 3.min(typed.len());
        queries.push(format!("{} {}", vocab[i % 8], &typed[..cut]));
        // One letter of a longer word changed: typo candidates.
        let w = vocab.iter().filter(|w| w.len() >= 6).nth(i).unwrap();
        let mut typo: Vec<char> = w.chars().collect();
        typo[2] = if typo[2] == 'x' { 'y' } else { 'x' };
        queries.push(format!(
            "{} {} ",
            vocab[i % 5],
            typo.iter().collect::<String>()
        ));
    }
    let reqs: Vec<Value> = queries
        .iter()
        .map(|q| json!({"lang": "en", "q": q, "cold": true, "opts": {"limit": 10}}))
        .collect();
    let t = common::run_node(&tiered.site_dir.join("search"), &json!(reqs));
    let f = common::run_node(&full.site_dir.join("search"), &json!(reqs));
    let mut partial = 0;
    for ((q, t), f) in queries.iter().zip(&t).zip(&f) {
        assert_eq!(t["hits"], f["hits"], "{q:?}: first answer differs");
        assert!(!f["hits"].as_array().unwrap().is_empty(), "{q:?}");
        if t["partial"] == json!(true) {
            partial += 1;
            assert_eq!(t["complete"]["total"], f["total"], "{q:?}");
        }
    }
    assert!(partial > 40, "{partial} partial answers");
}

/// One typed word, two candidates: `delta` (frequent, tiered, high in the short titles of
/// docs 0–11) and `deltoid` (rare, not tiered, in the bodies of those same documents). A
/// document's score for the word is its best candidate's: where `delta`'s block is not loaded,
/// the bound must stay `delta`'s block maximum, not drop to the exact `deltoid` score.
#[test]
fn a_word_with_tiered_and_untiered_candidates_is_bounded_by_the_best() {
    let filler = ["kaso", "rimu", "tepal", "vordi", "lunek", "mosta"];
    let docs = (0..80)
        .map(|i| {
            let mut body: Vec<&str> = (0..30 + i % 20).map(|k| filler[(i + k) % 6]).collect();
            body.push("delta");
            if i < 12 {
                body.push("deltoid");
            }
            SearchDoc {
                url: format!("en/doc-{i:03}/index.html"),
                title: if i < 12 {
                    format!("delta {}", filler[i % 6])
                } else {
                    format!("{} {}", filler[i % 6], filler[(i + 1) % 6])
                },
                body: body.join(" ").into(),
                kind: "guidance".into(),
                date: Some("2020-01-01".into()),
                ..SearchDoc::default()
            }
        })
        .collect();
    let corpora = vec![LanguageCorpus {
        lang: "en".into(),
        docs,
        labels: FacetLabels::default(),
    }];
    let tmp_t = tempfile::tempdir().unwrap();
    let tmp_f = tempfile::tempdir().unwrap();
    let tiered = build(tmp_t.path(), &corpora, &tiny(100, 10, 20));
    let full = build(tmp_f.path(), &corpora, &ExportOptions::default());
    let reqs = json!([
        {"lang": "en", "q": "del", "cold": true, "opts": {"limit": 10}},
        {"lang": "en", "q": "delt", "cold": true, "opts": {"limit": 5}},
    ]);
    let t = common::run_node(&tiered.site_dir.join("search"), &reqs);
    let f = common::run_node(&full.site_dir.join("search"), &reqs);
    for (t, f) in t.iter().zip(&f) {
        assert_eq!(t["partial"], json!(true), "the tiers were not used");
        assert_eq!(t["hits"], f["hits"], "first answer differs");
    }
}
