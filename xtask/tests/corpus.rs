//! Properties of the generated benchmark corpus that do not need loupe itself: determinism,
//! translations in pairs, document sizes, links that resolve, front matter per type.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use xtask::corpus::{self, body_words, md_links, CorpusOptions, Kind};

fn generate(dir: &Path, docs: usize, seed: u64) -> corpus::CorpusStats {
    corpus::generate(&CorpusOptions {
        docs,
        seed,
        out: dir.to_path_buf(),
        extra_terms: 0,
    })
    .expect("corpus generation")
}

/// Every file of a folder, by path relative to it, with its contents.
fn read_tree(root: &Path) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(root).unwrap().to_path_buf();
                out.insert(rel, fs::read_to_string(&path).unwrap());
            }
        }
    }
    out
}

/// The front matter of a document, as its top-level keys.
fn front_matter_keys(doc: &str) -> BTreeSet<String> {
    let rest = doc
        .strip_prefix("---\n")
        .expect("front matter opens the file");
    let end = rest.find("\n---\n").expect("front matter is closed");
    rest[..end]
        .lines()
        .filter(|l| !l.starts_with(' ') && l.contains(':'))
        .map(|l| l.split(':').next().unwrap().to_string())
        .collect()
}

#[test]
fn same_seed_gives_identical_files_and_another_seed_does_not() {
    let (a, b, c) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    let sa = generate(a.path(), 24, 7);
    let sb = generate(b.path(), 24, 7);
    generate(c.path(), 24, 8);
    assert_eq!(sa, sb);
    let (ta, tb, tc) = (
        read_tree(a.path()),
        read_tree(b.path()),
        read_tree(c.path()),
    );
    assert_eq!(ta, tb);
    assert_eq!(ta.keys().collect::<Vec<_>>(), tc.keys().collect::<Vec<_>>());
    assert_ne!(ta, tc);
    // 24 documents in two languages, two glossaries, two home pages and loupe.yaml.
    assert_eq!(sa.files, 24 * 2 + 5);
    assert_eq!(ta.len(), sa.files);
    assert_eq!(sa.bytes, ta.values().map(|t| t.len() as u64).sum::<u64>());
}

#[test]
fn regenerating_a_smaller_corpus_removes_the_old_documents() {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), 30, 1);
    generate(dir.path(), 10, 1);
    let docs = read_tree(dir.path())
        .keys()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .count();
    assert_eq!(docs, 2 * (10 + 1));
}

#[test]
fn documents_are_valid_translated_linked_and_sized() {
    let dir = tempfile::tempdir().unwrap();
    let n = 40;
    let stats = generate(dir.path(), n, 2003);
    let tree = read_tree(dir.path());
    let content = dir.path().join("content");

    // The site configuration: both languages and every topic of the repository.
    let config = &tree[Path::new("loupe.yaml")];
    assert!(config.contains("- code: en") && config.contains("- code: fr"));
    let topics = corpus::topic_slugs();
    assert_eq!(
        topics.len(),
        13,
        "topics of the repository's loupe.yaml: {topics:?}"
    );
    for t in &topics {
        assert!(
            config.contains(&format!("\n  {t}:\n")),
            "topic {t} in loupe.yaml"
        );
    }

    // Glossaries with the same keys in both languages.
    let keys = |lang: &str| -> Vec<String> {
        tree[&PathBuf::from(format!("content/{lang}/glossary.yaml"))]
            .lines()
            .filter_map(|l| l.strip_prefix("- key: ").map(str::to_string))
            .collect()
    };
    assert!(keys("en").len() >= 8);
    assert_eq!(keys("en"), keys("fr"));

    let mut per_kind = BTreeMap::new();
    let mut words_total = 0u64;
    let (mut tables, mut lists, mut h3, mut anchors) = (0, 0, 0, 0);
    for i in 0..n {
        let rel = corpus::doc_rel_path(i, n);
        let kind = Kind::of(i, n);
        *per_kind.entry(kind.dir()).or_insert(0) += 1;
        for lang in corpus::LANGUAGES {
            let path = PathBuf::from(format!("content/{lang}/{rel}"));
            let doc = tree
                .get(&path)
                .unwrap_or_else(|| panic!("{} exists", path.display()));

            let words = body_words(doc);
            words_total += words as u64;
            assert!(
                (300..=1500).contains(&words),
                "{}: {words} words",
                path.display()
            );

            let keys = front_matter_keys(doc);
            let allowed: &[&str] = match kind {
                Kind::Guidance => &["audience", "key_points", "updated"],
                Kind::Minutes => &[
                    "meeting",
                    "location",
                    "participants",
                    "decisions",
                    "actions",
                ],
                Kind::CaseStudy => &["lessons", "discussion_questions"],
            };
            for k in &keys {
                assert!(
                    [
                        "title",
                        "summary",
                        "date",
                        "countries",
                        "topics",
                        "illustrative"
                    ]
                    .contains(&k.as_str())
                        || allowed.contains(&k.as_str()),
                    "{}: unexpected key {k}",
                    path.display()
                );
            }
            for required in ["title", "summary", "date", "countries", "topics"] {
                assert!(keys.contains(required), "{}: {required}", path.display());
            }
            match kind {
                Kind::Minutes => {
                    assert!(keys.contains("actions") && keys.contains("decisions"));
                    assert!(doc
                        .lines()
                        .filter(|l| l.starts_with("    status: "))
                        .all(|l| l == "    status: open" || l == "    status: done"));
                }
                Kind::CaseStudy => {
                    assert!(keys.contains("lessons") && keys.contains("discussion_questions"))
                }
                Kind::Guidance => assert!(keys.contains("key_points") && keys.contains("audience")),
            }
            let topic_line = doc.lines().find(|l| l.starts_with("topics: [")).unwrap();
            for t in topic_line["topics: [".len()..topic_line.len() - 1].split(", ") {
                assert!(topics.contains(&t), "{}: unknown topic {t}", path.display());
            }

            // Structure: headings with the explicit context id, a footnote and its definition.
            assert!(
                doc.contains("\n## ") && doc.contains(" {#context}\n"),
                "{}",
                path.display()
            );
            assert!(
                doc.contains("[^1]") && doc.contains("\n[^1]: "),
                "{}",
                path.display()
            );
            tables += doc.contains("| --- |") as usize;
            lists += (doc.contains("\n- ") || doc.contains("\n1. ")) as usize;
            h3 += doc.contains("\n### ") as usize;

            // Every relative link names a document of the same language; anchors exist.
            for link in md_links(doc) {
                let (file, anchor) = link.split_once('#').unwrap_or((link, ""));
                let target = content.join(lang).join(kind.dir()).join(file);
                let target = fs::canonicalize(&target).unwrap_or_else(|_| {
                    panic!("{}: link {link} to a missing file", path.display())
                });
                assert!(target.starts_with(fs::canonicalize(content.join(lang)).unwrap()));
                if !anchor.is_empty() {
                    anchors += 1;
                    assert!(fs::read_to_string(&target)
                        .unwrap()
                        .contains(&format!("{{#{anchor}}}")));
                }
            }
        }
        // The translation has the same structure: as many headings, links and footnotes.
        let en = &tree[&PathBuf::from(format!("content/en/{rel}"))];
        let fr = &tree[&PathBuf::from(format!("content/fr/{rel}"))];
        assert_eq!(md_links(en), md_links(fr));
        assert_eq!(en.matches("\n## ").count(), fr.matches("\n## ").count());
        assert_eq!(en.matches("[^").count(), fr.matches("[^").count());
        assert!(fr.contains('é'), "French text has accents");
    }
    assert_eq!(per_kind["guidance"], 20);
    assert_eq!(per_kind["minutes"], 10);
    assert_eq!(per_kind["case-studies"], 10);
    assert!(
        tables > 0 && lists > 0 && h3 > 0 && anchors > 0,
        "{tables} {lists} {h3} {anchors}"
    );
    assert_eq!(stats.words, words_total);

    // Home pages link to a document that exists.
    for lang in corpus::LANGUAGES {
        let home = &tree[&PathBuf::from(format!("content/{lang}/_index.md"))];
        for link in md_links(home) {
            assert!(
                content.join(lang).join(link).is_file(),
                "{lang} home page: {link}"
            );
        }
    }
}

#[test]
fn file_names_sort_and_split_by_type() {
    assert_eq!(corpus::doc_name(42, 1000), "doc-00042");
    assert_eq!(corpus::doc_name(42, 200_000), "doc-000042");
    assert_eq!(Kind::of(0, 4), Kind::Guidance);
    assert_eq!(Kind::of(2, 4), Kind::Minutes);
    assert_eq!(Kind::of(3, 4), Kind::CaseStudy);
    assert_eq!(Kind::of(0, 1), Kind::Guidance);
    assert_eq!(corpus::doc_rel_path(3, 4), "case-studies/doc-00003.md");
}
