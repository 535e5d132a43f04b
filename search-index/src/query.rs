//! Answers a query with tantivy itself, from the index a build left on disk (the CLI's
//! `loupe search`), and builds the query the client runtime reproduces.

use std::path::Path;

use tantivy::collector::TopDocs;
use tantivy::query::{Bm25StatisticsProvider, Query, QueryParser};
use tantivy::schema::{Field, Value as _};
use tantivy::{DocAddress, Index, Score, Searcher, TantivyDocument, Term};

use crate::analyzer::{register, split_words};
use crate::indexer::{check_lang, lang_dir};
use crate::schema::{fields_of, Fields, SEARCHED};
use crate::{Hit, SearchError};

/// An index opened for querying, with loupe's analyzers registered.
pub struct OpenIndex {
    /// The tantivy index.
    pub index: Index,
    /// Its fields.
    pub fields: Fields,
    /// A searcher over it.
    pub searcher: Searcher,
    /// The tokens of each searched field, as the build counted them (`None`: as the index
    /// says).
    totals: Option<[u64; 3]>,
}

/// The BM25 statistics of an index, with the token totals its build counted: an index merged
/// after an update in place only estimates them (from its rounded field lengths), and
/// `loupe search` must rank as a build from scratch, and the site's search, do.
struct Statistics<'a> {
    open: &'a OpenIndex,
}

impl Bm25StatisticsProvider for Statistics<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        let searched = self.open.fields.searched();
        match (self.open.totals, searched.iter().position(|&f| f == field)) {
            (Some(totals), Some(i)) => Ok(totals[i]),
            _ => Bm25StatisticsProvider::total_num_tokens(&self.open.searcher, field),
        }
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Bm25StatisticsProvider::total_num_docs(&self.open.searcher)
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        self.open.searcher.doc_freq(term)
    }
}

/// Opens the index of `lang` under `tantivy_dir` (registering the analyzers).
pub fn open(tantivy_dir: &Path, lang: &str) -> Result<OpenIndex, SearchError> {
    check_lang(lang)?;
    let dir = lang_dir(tantivy_dir, lang);
    if !dir.join("meta.json").is_file() {
        return Err(SearchError::Query(format!(
            "no search index for language {lang:?} in {} (build the site first)",
            tantivy_dir.display()
        )));
    }
    let index = Index::open_in_dir(&dir)?;
    register(&index, lang);
    let fields = fields_of(&index.schema())?;
    let searcher = crate::indexer::searcher(&index)?;
    Ok(OpenIndex {
        index,
        fields,
        searcher,
        totals: crate::memo::totals(&dir),
    })
}

/// An empty index of `lang` in memory, with loupe's schema and analyzers: for checking how
/// queries are built and answered without a site (the fuzz targets' search check).
pub fn open_empty(lang: &str) -> Result<OpenIndex, SearchError> {
    check_lang(lang)?;
    let (schema, fields) = crate::schema::build_schema();
    let index = Index::create_in_ram(schema);
    register(&index, lang);
    let searcher = crate::indexer::searcher(&index)?;
    Ok(OpenIndex {
        index,
        fields,
        searcher,
        totals: None,
    })
}

/// The query the runtime reproduces: the text is split into words as the tokenizer splits
/// it (`l'été` → `l`, `été`), each word is searched in title, headings and body with their
/// boosts, and the scores of all words add up (tantivy's `QueryParser`, disjunction).
/// Returns `None` when the text has no word.
pub fn build_query(open: &OpenIndex, text: &str) -> Result<Option<Box<dyn Query>>, SearchError> {
    // Lowercased so that `AND`/`OR`/`NOT` are words, not operators; only alphanumerics
    // remain, so no other query syntax can occur.
    let words: Vec<String> = split_words(text)
        .into_iter()
        .map(|w| w.to_lowercase())
        .collect();
    if words.is_empty() {
        return Ok(None);
    }
    let mut parser = QueryParser::for_index(&open.index, open.fields.searched().to_vec());
    for (field, (_, boost)) in open.fields.searched().iter().zip(SEARCHED) {
        parser.set_field_boost(*field, boost);
    }
    let q = parser
        .parse_query(&words.join(" "))
        .map_err(|e| SearchError::Query(e.to_string()))?;
    Ok(Some(q))
}

/// The top `limit` (score, doc address) of a query, by score then doc address.
pub fn top_docs(
    open: &OpenIndex,
    text: &str,
    limit: usize,
) -> Result<Vec<(Score, DocAddress)>, SearchError> {
    match build_query(open, text)? {
        None => Ok(Vec::new()),
        Some(q) => Ok(open.searcher.search_with_statistics_provider(
            &q,
            &TopDocs::with_limit(limit.max(1)).order_by_score(),
            &Statistics { open },
        )?),
    }
}

/// Answers `text` from the index of `lang` under `tantivy_dir`.
pub fn query(
    tantivy_dir: &Path,
    lang: &str,
    text: &str,
    limit: usize,
) -> Result<Vec<Hit>, SearchError> {
    let open = open(tantivy_dir, lang)?;
    if limit == 0 {
        return Ok(Vec::new());
    }
    let mut hits = Vec::new();
    for (score, addr) in top_docs(&open, text, limit)? {
        let doc: TantivyDocument = open.searcher.doc(addr)?;
        let text_of = |f| {
            doc.get_first(f)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string()
        };
        let all_of = |f| {
            doc.get_all(f)
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect::<Vec<_>>()
        };
        let date = text_of(open.fields.date);
        hits.push(Hit {
            url: text_of(open.fields.url),
            title: text_of(open.fields.title),
            score,
            lang: lang.to_string(),
            kind: text_of(open.fields.kind),
            date: (!date.is_empty()).then_some(date),
            countries: all_of(open.fields.countries),
            topics: all_of(open.fields.topics),
        });
    }
    Ok(hits)
}
