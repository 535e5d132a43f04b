//! loupe's search: one tantivy index per language, and the export of a compact client index
//! that the browser runtime (`js/src/`, built into one minified script by `build.rs`) loads
//! through classic `<script>` tags, so search works from `file://` with no server.
//!
//! The generator calls [`build_site_index`] once per build with every language's documents.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

pub mod analyzer;
pub mod encode;
pub mod export;
pub mod indexer;
mod memo;
pub mod query;
pub mod schema;
pub mod snippets;
mod vocabulary;
pub mod word_tokenizer;

/// The browser runtime, written to `search/loupe-search.js`: the files of `js/src/` in one
/// IIFE, minified by `build.rs`.
pub const RUNTIME_JS: &str = include_str!(concat!(env!("OUT_DIR"), "/loupe-search.js"));
/// The search styles, written to `search/loupe-search.css`.
pub const RUNTIME_CSS: &str = include_str!("../js/loupe-search.css");

/// One document to index, as the generator rendered it.
#[derive(Debug, Clone, Default)]
pub struct SearchDoc {
    /// URL relative to the site root, ending in a file name, e.g. `fr/guidance/x/index.html`.
    pub url: String,
    /// The document title (plain text).
    pub title: String,
    /// Headings of the document (plain text), in order.
    pub headings: Vec<String>,
    /// Body text (plain text, no markup), shared with the site that gave it.
    pub body: Arc<str>,
    /// Document type: `guidance`, `minutes`, `case-study` or `page`.
    pub kind: String,
    /// ISO date `YYYY-MM-DD`, if any.
    pub date: Option<String>,
    /// ISO 3166 alpha-2 codes.
    pub countries: Vec<String>,
    /// Topic slugs.
    pub topics: Vec<String>,
    /// One- or two-sentence summary, if any.
    pub summary: Option<String>,
    /// What the document shares with its translations, the same in every language (for
    /// example the URL of one of them); `None` when it has none. "All languages" shows a
    /// group once.
    pub translation_group: Option<String>,
}

/// Labels, in one language, for the facet values a search page shows.
#[derive(Debug, Clone, Default)]
pub struct FacetLabels {
    /// Document type → label (`guidance` → `Guidance notes`).
    pub kinds: BTreeMap<String, String>,
    /// Country code → name in this language.
    pub countries: BTreeMap<String, String>,
    /// Topic slug → label in this language.
    pub topics: BTreeMap<String, String>,
    /// Language code → the language's name (as the site names it), for "also in: Français".
    pub languages: BTreeMap<String, String>,
}

/// All documents of one language.
#[derive(Debug, Clone, Default)]
pub struct LanguageCorpus {
    /// Language code, e.g. `en`, `fr`.
    pub lang: String,
    /// Documents of this language.
    pub docs: Vec<SearchDoc>,
    /// Facet labels in this language.
    pub labels: FacetLabels,
}

/// One glossary concept across languages: language code → the term and its abbreviation.
/// Used to expand a query across languages (`diamant brut` ↔ `rough diamond`).
#[derive(Debug, Clone, Default)]
pub struct TermGroup {
    /// The glossary key shared across languages.
    pub key: String,
    /// Language code → surface forms (term, abbreviation).
    pub terms: BTreeMap<String, Vec<String>>,
}

/// Where a build puts its search output.
#[derive(Debug, Clone)]
pub struct IndexPaths {
    /// Folder for the tantivy indexes (one subfolder per language); kept outside the site.
    pub tantivy_dir: PathBuf,
    /// The output site root: the client index goes to `search/` below it.
    pub site_dir: PathBuf,
}

/// Where the export puts the files of the client index: loupe's build hands them to its
/// staging folder, `loupe serve` keeps them in memory, tests write them to a folder
/// ([`export::DirSink`]).
pub trait FileSink: Sync {
    /// Writes `bytes` at `rel`, a path relative to the site's `search/` folder with `/`
    /// separators (`en/p/3.js`).
    fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()>;
}

/// Errors of indexing, export and query.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// An error from tantivy.
    #[error("search index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// An I/O error, with the path concerned.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// An I/O error while reading a tantivy index's structures.
    #[error("reading the search index: {0}")]
    IndexIo(#[from] std::io::Error),
    /// A query could not be run (no index for the language, bad query, ...).
    #[error("{0}")]
    Query(String),
}

/// Timings and sizes of one index build, for `--timings` and the benchmarks.
#[derive(Debug, Clone, Default)]
pub struct BuildReport {
    /// Time spent building tantivy indexes (and, beside them, cutting the documents into
    /// sentences for the snippets).
    pub index_seconds: f64,
    /// Time spent exporting the client index.
    pub export_seconds: f64,
    /// Total bytes of the client index written under `search/`.
    pub client_bytes: u64,
    /// Every file written under `search/` (relative path, bytes), in writing order.
    pub files: Vec<(String, u64)>,
    /// The languages whose tantivy index was updated in place ([`Reuse`]), not built from
    /// scratch.
    pub in_place: Vec<String>,
}

/// Builds the tantivy index of every language and exports the client index under
/// `paths.site_dir/search/` (runtime, styles, glossary and one folder per language).
/// The output is deterministic: the same corpora give byte-identical files.
pub fn build_site_index(
    corpora: &[LanguageCorpus],
    glossary: &[TermGroup],
    paths: &IndexPaths,
) -> Result<BuildReport, SearchError> {
    build_site_index_with(corpora, glossary, paths, &export::ExportOptions::default())
}

/// [`build_site_index`] with explicit shard and tier sizes (tests use small ones).
pub fn build_site_index_with(
    corpora: &[LanguageCorpus],
    glossary: &[TermGroup],
    paths: &IndexPaths,
    opts: &export::ExportOptions,
) -> Result<BuildReport, SearchError> {
    let langs: Vec<String> = corpora.iter().map(|c| c.lang.clone()).collect();
    build_languages(corpora, &langs, glossary, paths, opts)
}

/// Builds and exports the languages of `corpora` only, for a site whose languages are `langs`
/// (`loupe serve` indexes again just the languages an edit changed), into the folder
/// `paths.site_dir/search/`. The files of the other languages are neither written nor
/// removed: only `search/<lang>/` of each language built and the shared runtime, styles and
/// glossary are (re)written.
pub fn build_languages(
    corpora: &[LanguageCorpus],
    langs: &[String],
    glossary: &[TermGroup],
    paths: &IndexPaths,
    opts: &export::ExportOptions,
) -> Result<BuildReport, SearchError> {
    let search_dir = paths.site_dir.join("search");
    for dir in std::iter::once(search_dir.clone())
        .filter(|_| corpora.len() == langs.len())
        .chain(corpora.iter().map(|c| search_dir.join(&c.lang)))
    {
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|source| SearchError::Io {
                path: dir.clone(),
                source,
            })?;
        }
    }
    let sink = export::DirSink::new(&search_dir);
    let reuse = Reuse {
        from: None,
        key: "",
    };
    build_languages_into(
        corpora,
        langs,
        glossary,
        &paths.tantivy_dir,
        &sink,
        opts,
        reuse,
    )
}

/// What a build may start from, and what it leaves for the next: the tantivy indexes of an
/// earlier build, with the memos their exports left beside them, to update in place instead
/// of building from scratch.
#[derive(Debug, Clone, Copy)]
pub struct Reuse<'a> {
    /// The folder of the earlier build's tantivy indexes (one subfolder per language), if it
    /// may be used; it is only read.
    pub from: Option<&'a Path>,
    /// Who may use a memo: each records the key of the build that wrote it, and one written
    /// with another key (by another loupe binary) is not used.
    pub key: &'a str,
}

/// [`build_languages`] with the client index handed to `sink` (paths relative to `search/`)
/// and the tantivy indexes in `tantivy_dir`. Removing the files of a previous export is the
/// caller's job.
///
/// With `reuse`, a language whose documents are those of the earlier build, at the same
/// ordinals, has its index updated in place (from a copy) and keeps the snippets whose inputs
/// did not change; the files written are byte for byte those of a build from scratch.
pub fn build_languages_into(
    corpora: &[LanguageCorpus],
    langs: &[String],
    glossary: &[TermGroup],
    tantivy_dir: &Path,
    sink: &dyn FileSink,
    opts: &export::ExportOptions,
    reuse: Reuse<'_>,
) -> Result<BuildReport, SearchError> {
    // Languages are independent: each is indexed, then exported, on a thread of its own. Each
    // phase is timed on the wall clock, so the stage timings add up to the build's time.
    // With a core to spare for each language (one language built again after an edit, on
    // two cores), the export's work that needs no index (the documents' sentences and stems)
    // runs beside the index, on a thread of its own; otherwise the export does it document by
    // document, keeping none of it for long.
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let ahead = 2 * corpora.len() <= cores;
    build_and_export(
        corpora,
        langs,
        glossary,
        tantivy_dir,
        sink,
        opts,
        ahead,
        reuse,
    )
}

/// [`build_languages_into`], preparing the documents' texts beside each index built from
/// scratch when `ahead`.
#[expect(
    clippy::too_many_arguments,
    reason = "build_languages_into's arguments, and how to prepare the texts"
)]
fn build_and_export(
    corpora: &[LanguageCorpus],
    langs: &[String],
    glossary: &[TermGroup],
    tantivy_dir: &Path,
    sink: &dyn FileSink,
    opts: &export::ExportOptions,
    ahead: bool,
    reuse: Reuse<'_>,
) -> Result<BuildReport, SearchError> {
    let mut report = BuildReport::default();
    let t = Instant::now();
    let indexes = per_language(corpora.iter(), |corpus| {
        // What each document is indexed and exported from, hashed once for the memos.
        let hashes: Vec<u64> = corpus.docs.iter().map(memo::doc_hash).collect();
        let mut memo = reuse
            .from
            .and_then(|from| memo::Memo::load(&indexer::lang_dir(from, &corpus.lang), reuse.key));
        // The words of the memo's documents are for the index's update only.
        let words = memo.as_mut().map(|m| std::mem::take(&mut m.words));
        if let (Some(from), Some(m), Some(words)) = (reuse.from, &memo, words) {
            let order = indexer::build_order(&corpus.docs);
            // In place when the documents are those of the earlier build, at the same
            // ordinals, and few of them changed; if that fails, from scratch.
            if let Some(changed) = m
                .changed(&corpus.docs, &hashes, &order)
                .filter(|c| c.len() <= (order.len() / 4).max(8))
            {
                if let Ok(index) = indexer::update_language_index(
                    corpus,
                    order,
                    &changed,
                    words,
                    from,
                    tantivy_dir,
                ) {
                    let texts = export::Prepared::as_needed(&corpus.lang).with_memo(memo, hashes);
                    return Ok((index, texts, true));
                }
            }
        }
        std::thread::scope(|scope| {
            let texts = ahead.then(|| scope.spawn(|| export::prepare(corpus)));
            let index = indexer::build_language_index(corpus, tantivy_dir);
            let texts = match texts {
                Some(job) => job.join().unwrap_or_else(|p| std::panic::resume_unwind(p)),
                None => export::Prepared::as_needed(&corpus.lang),
            };
            index.map(|(index, nfc_bodies)| {
                let texts = texts.with_memo(memo, hashes).with_nfc_bodies(nfc_bodies);
                (index, texts, false)
            })
        })
    })?;
    report.index_seconds = t.elapsed().as_secs_f64();
    report.in_place = corpora
        .iter()
        .zip(&indexes)
        .filter(|(_, built)| built.2)
        .map(|(c, _)| c.lang.clone())
        .collect();
    let t = Instant::now();
    let writers = per_language(
        corpora.iter().zip(indexes),
        |(corpus, ((index, fields, order, words), texts, _))| {
            let mut out = export::Writer::new(sink);
            let mut memo = export::export_language(
                &index, &fields, corpus, texts, &order, words, langs, opts, &mut out,
            )?;
            // Without a memo, the next build starts from scratch: only its speed is lost.
            memo.key = reuse.key.to_string();
            let _ = memo.save(&indexer::lang_dir(tantivy_dir, &corpus.lang));
            Ok(out)
        },
    )?;
    report.export_seconds = t.elapsed().as_secs_f64();
    let mut out = export::Writer::new(sink);
    for w in writers {
        out.files.extend(w.files);
    }
    let t = Instant::now();
    out.write("loupe-search.js", RUNTIME_JS)?;
    out.write("loupe-search.css", RUNTIME_CSS)?;
    out.write("glossary.js", &export::glossary_script(glossary))?;
    report.export_seconds += t.elapsed().as_secs_f64();
    report.client_bytes = out.files.iter().map(|f| f.1).sum();
    report.files = out.files;
    Ok(report)
}

/// Runs `job` on every item on a thread of its own; results in the items' order.
fn per_language<I, T, F>(items: I, job: F) -> Result<Vec<T>, SearchError>
where
    I: Iterator,
    I::Item: Send,
    T: Send,
    F: Fn(I::Item) -> Result<T, SearchError> + Sync,
{
    std::thread::scope(|scope| {
        let job = &job;
        let handles: Vec<_> = items.map(|item| scope.spawn(move || job(item))).collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    })
}

/// One ranked hit of [`query()`].
#[derive(Debug, Clone, serde::Serialize)]
pub struct Hit {
    /// URL relative to the site root.
    pub url: String,
    /// Document title.
    pub title: String,
    /// tantivy's BM25 score.
    pub score: f32,
    /// Language of the document.
    pub lang: String,
    /// Document type.
    #[serde(rename = "type")]
    pub kind: String,
    /// ISO date, if any.
    pub date: Option<String>,
    /// Country codes.
    pub countries: Vec<String>,
    /// Topic slugs.
    pub topics: Vec<String>,
}

/// Answers a query with tantivy from the indexes a build left in `tantivy_dir`: words are
/// split as the tokenizer splits them, each searched in title, headings and body (boosted),
/// scores summed; the top `limit` by BM25 score, ties by doc address.
pub fn query(
    tantivy_dir: &Path,
    lang: &str,
    query: &str,
    limit: usize,
) -> Result<Vec<Hit>, SearchError> {
    query::query(tantivy_dir, lang, query, limit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;
    use xtask::rng::XorShift64;

    /// Files by path, in memory.
    #[derive(Default)]
    struct Memory(Mutex<BTreeMap<String, Vec<u8>>>);

    impl FileSink for Memory {
        fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
            let mut files = self.0.lock().unwrap_or_else(|p| p.into_inner());
            files.insert(rel.to_string(), bytes.to_vec());
            Ok(())
        }
    }

    /// Documents of random sentences (some with a summary, some with accents), in `lang`.
    fn corpus(lang: &str, rng: &mut XorShift64) -> LanguageCorpus {
        const WORDS: [&str; 16] = [
            "diamond",
            "export",
            "certificate",
            "vault",
            "mine",
            "garantie",
            "contrôle",
            "société",
            "civil",
            "review",
            "plenary",
            "footprint",
            "artisanal",
            "données",
            "the",
            "of",
        ];
        let sentence = |rng: &mut XorShift64| {
            let n = 3 + rng.below(20);
            let words: Vec<&str> = (0..n).map(|_| WORDS[rng.below(16)]).collect();
            format!("{}.", words.join(" "))
        };
        let docs = (0..40)
            .map(|i| SearchDoc {
                url: format!("{lang}/guidance/doc-{i}/index.html"),
                title: sentence(rng),
                headings: vec![sentence(rng)],
                body: (0..2 + rng.below(30))
                    .map(|_| sentence(rng))
                    .collect::<Vec<_>>()
                    .join(" ")
                    .into(),
                kind: "guidance".into(),
                summary: (i % 3 == 0).then(|| sentence(rng)),
                ..SearchDoc::default()
            })
            .collect();
        LanguageCorpus {
            lang: lang.into(),
            docs,
            labels: FacetLabels::default(),
        }
    }

    #[test]
    fn texts_prepared_ahead_or_as_needed_export_the_same_files() {
        let mut rng = XorShift64::new(7);
        let corpora = [corpus("en", &mut rng), corpus("fr", &mut rng)];
        let langs = ["en".to_string(), "fr".to_string()];
        let export = |ahead: bool| {
            let tmp = tempfile::tempdir().unwrap();
            let files = Memory::default();
            let opts = export::ExportOptions::default();
            let reuse = Reuse {
                from: None,
                key: "",
            };
            build_and_export(
                &corpora,
                &langs,
                &[],
                tmp.path(),
                &files,
                &opts,
                ahead,
                reuse,
            )
            .unwrap();
            files.0.into_inner().unwrap()
        };
        let ahead = export(true);
        let as_needed = export(false);
        assert!(
            ahead.keys().any(|k| k.starts_with("fr/d/")),
            "{:?}",
            ahead.keys()
        );
        assert_eq!(
            ahead.keys().collect::<Vec<_>>(),
            as_needed.keys().collect::<Vec<_>>()
        );
        for (path, bytes) in &ahead {
            assert!(as_needed[path] == *bytes, "{path} differs");
        }
    }

    #[test]
    fn bodies_written_decomposed_export_as_composed_ones() {
        // Some bodies with their accents as combining marks (not NFC), the others composed:
        // the export, which checks again only the bodies the index did not find NFC, writes
        // the files of the same corpus written composed, whether texts are prepared ahead or
        // as needed.
        let mut rng = XorShift64::new(11);
        let mut composed = corpus("fr", &mut rng);
        let mut decomposed = composed.clone();
        for (i, d) in composed.docs.iter_mut().enumerate() {
            let body = format!("{} Guinée, Côte d'Ivoire et Libéria ; sécurité.", d.body);
            d.body = body.into();
            let written = decomposed.docs[i].body.to_string();
            decomposed.docs[i].body = if i % 2 == 0 {
                format!("{written} Guine\u{301}e, Co\u{302}te d'Ivoire et Libe\u{301}ria ; se\u{301}curite\u{301}.")
            } else {
                format!("{written} Guinée, Côte d'Ivoire et Libéria ; sécurité.")
            }
            .into();
        }
        let export = |corpus: &LanguageCorpus, ahead: bool| {
            let tmp = tempfile::tempdir().unwrap();
            let files = Memory::default();
            let reuse = Reuse {
                from: None,
                key: "",
            };
            build_and_export(
                std::slice::from_ref(corpus),
                &["fr".to_string()],
                &[],
                tmp.path(),
                &files,
                &export::ExportOptions::default(),
                ahead,
                reuse,
            )
            .unwrap();
            files.0.into_inner().unwrap()
        };
        for ahead in [false, true] {
            let expected = export(&composed, ahead);
            let got = export(&decomposed, ahead);
            assert_eq!(
                got.keys().collect::<Vec<_>>(),
                expected.keys().collect::<Vec<_>>()
            );
            for (path, bytes) in &expected {
                assert!(got[path] == *bytes, "{path} differs (ahead: {ahead})");
            }
            // The composed words are searched: they are in the index files.
            assert!(expected
                .values()
                .any(|b| b.windows(5).any(|w| w == "guine".as_bytes())));
        }
    }

    /// Exports `corpora` with the memos and indexes in `from` (if any) into the tantivy folder
    /// `into`, with key `key`: the files written, and the languages updated in place.
    fn export_reusing(
        corpora: &[LanguageCorpus],
        from: Option<&Path>,
        into: &Path,
    ) -> (BTreeMap<String, Vec<u8>>, Vec<String>) {
        let langs: Vec<String> = corpora.iter().map(|c| c.lang.clone()).collect();
        let files = Memory::default();
        let opts = export::ExportOptions::default();
        let reuse = Reuse { from, key: "test" };
        let report =
            build_languages_into(corpora, &langs, &[], into, &files, &opts, reuse).unwrap();
        (files.0.into_inner().unwrap(), report.in_place)
    }

    /// Asserts that two exports wrote the same files, byte for byte.
    fn assert_same_files(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) {
        assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
        for (path, bytes) in a {
            assert!(b[path] == *bytes, "{path} differs");
        }
    }

    #[test]
    fn an_index_updated_in_place_exports_and_ranks_as_one_built_from_scratch() {
        let mut rng = XorShift64::new(11);
        let mut corpora = vec![corpus("en", &mut rng)];
        let tmp = tempfile::tempdir().unwrap();
        let dir = |name: &str| tmp.path().join(name);
        let (_, in_place) = export_reusing(&corpora, None, &dir("0"));
        assert!(in_place.is_empty());

        // Each edit, then: the build from the previous one's index and memo against a build
        // from scratch, files and `loupe search` answers alike.
        /// An edit: what it changes, how, and whether the index is then updated in place.
        type Edit = (&'static str, fn(&mut LanguageCorpus), bool);
        let edits: [Edit; 5] = [
            // Words no other document has: only the edited document's snippets change.
            (
                "a sentence of new words",
                |c| {
                    c.docs[3].body =
                        format!("{} Zyzzyva quartzite kimberlite vaulted.", c.docs[3].body).into()
                },
                true,
            ),
            // Words many documents share lose one document: their weights change, and so may
            // the snippets of every document that has them.
            (
                "a body of one word",
                |c| c.docs[5].body = "diamond diamond diamond.".into(),
                true,
            ),
            // The words only one document had leave the site, and its vocabulary: also
            // `vaulted`, whose stem other documents have (so the export would list it).
            (
                "the new words taken out again",
                |c| c.docs[3].body = "Diamond export vault.".into(),
                true,
            ),
            (
                "a title and a summary",
                |c| {
                    c.docs[7].title = "Vault review".into();
                    c.docs[7].summary = Some("A new summary.".into());
                },
                true,
            ),
            // A date moves documents: the ordinals shift, the index is built from scratch.
            (
                "a date",
                |c| c.docs[39].date = Some("2031-01-01".into()),
                false,
            ),
        ];
        for (n, (what, edit, expect_in_place)) in edits.into_iter().enumerate() {
            edit(&mut corpora[0]);
            let (updated, in_place) = export_reusing(
                &corpora,
                Some(&dir(&n.to_string())),
                &dir(&format!("{}", n + 1)),
            );
            assert_eq!(
                in_place.is_empty(),
                !expect_in_place,
                "after {what}: {in_place:?}"
            );
            let (scratch, _) = export_reusing(&corpora, None, &dir(&format!("scratch{n}")));
            assert_same_files(&updated, &scratch);
            for q in ["diamond vault", "zyzzyva", "review certificate the"] {
                let a = query(&dir(&format!("{}", n + 1)), "en", q, 50).unwrap();
                let b = query(&dir(&format!("scratch{n}")), "en", q, 50).unwrap();
                let key = |h: &Vec<Hit>| {
                    h.iter()
                        .map(|h| (h.url.clone(), h.score))
                        .collect::<Vec<_>>()
                };
                assert_eq!(key(&a), key(&b), "after {what}, {q:?}");
            }
        }
    }

    /// The size of the runtime before it was split into `js/src/` and minified by oxc (the
    /// hand-stripped `loupe-search.js`): the runtime must not grow past it.
    const RUNTIME_BUDGET_BYTES: usize = 27_041;

    #[test]
    fn the_runtime_is_one_minified_script_within_its_budget() {
        assert!(
            RUNTIME_JS.len() <= RUNTIME_BUDGET_BYTES,
            "the runtime is {} bytes, over its budget of {RUNTIME_BUDGET_BYTES}",
            RUNTIME_JS.len()
        );
        // One classic script: an IIFE, no module syntax, no comments left.
        assert!(
            RUNTIME_JS.starts_with("(function(){"),
            "{}",
            &RUNTIME_JS[..40]
        );
        assert!(!RUNTIME_JS.contains("@ts-check") && !RUNTIME_JS.contains("/**"));
        for banned in [
            "import ",
            "export ",
            "import(",
            "fetch(",
            "XMLHttpRequest",
            "Worker(",
        ] {
            assert!(!RUNTIME_JS.contains(banned), "the runtime uses {banned}");
        }
        // The API names survive mangling.
        for name in ["loupeSearch", "loupeRegister", "loupeHost"] {
            assert!(RUNTIME_JS.contains(name), "{name} is missing");
        }
    }
}
