//! Builds one tantivy index per language, in a deterministic document order, merged to one
//! segment so that doc ids are stable and equal to the build's ordinals.

use std::cmp::Ordering;
use std::path::{Path, PathBuf};

use tantivy::{Index, IndexWriter, TantivyDocument};

use crate::analyzer::{nfc, register};
use crate::schema::{build_schema, Fields};
use crate::{LanguageCorpus, SearchDoc, SearchError};

/// Memory budget of the single indexing thread: large enough to keep one segment for a
/// 10,000-document language, so that doc ids follow the insertion order.
const WRITER_BUDGET: usize = 1_500_000_000;

/// The year of an ISO date (`2019-04-02` → `2019`), if it starts with four digits.
pub fn year_of(date: Option<&str>) -> Option<String> {
    let d = date?;
    let y = d.get(0..4)?;
    y.bytes().all(|b| b.is_ascii_digit()).then(|| y.to_string())
}

/// The build order: by type, then newest first, then URL. Type and year then form runs of
/// consecutive doc ids, which the client stores as ranges.
pub fn build_order(docs: &[SearchDoc]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by(|&a, &b| {
        let (da, db) = (&docs[a], &docs[b]);
        da.kind
            .cmp(&db.kind)
            .then_with(|| match (&da.date, &db.date) {
                (Some(x), Some(y)) => y.cmp(x),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            })
            .then_with(|| da.url.cmp(&db.url))
            .then_with(|| a.cmp(&b))
    });
    order
}

/// Checks that a language code is safe as a folder and file name part.
pub fn check_lang(lang: &str) -> Result<(), SearchError> {
    let ok = !lang.is_empty()
        && lang.len() <= 16
        && lang
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(SearchError::Query(format!(
            "invalid language code {lang:?}"
        )))
    }
}

/// The folder of one language's tantivy index.
pub fn lang_dir(tantivy_dir: &Path, lang: &str) -> PathBuf {
    tantivy_dir.join(lang)
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> SearchError + '_ {
    move |source| SearchError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Builds (from scratch) the index of one language; returns it with the build order
/// (doc id → position in `corpus.docs`).
pub fn build_language_index(
    corpus: &LanguageCorpus,
    tantivy_dir: &Path,
) -> Result<(Index, Fields, Vec<usize>), SearchError> {
    check_lang(&corpus.lang)?;
    let dir = lang_dir(tantivy_dir, &corpus.lang);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).map_err(io_err(&dir))?;
    }
    std::fs::create_dir_all(&dir).map_err(io_err(&dir))?;
    let (schema, fields) = build_schema();
    let index = Index::create_in_dir(&dir, schema)?;
    register(&index, &corpus.lang);
    let order = build_order(&corpus.docs);
    let mut writer: IndexWriter = index.writer_with_num_threads(1, WRITER_BUDGET)?;
    for (ordinal, &i) in order.iter().enumerate() {
        writer.add_document(to_document(&fields, &corpus.docs[i], ordinal as u64))?;
    }
    writer.commit()?;
    let segments = index.searchable_segment_ids()?;
    if segments.len() > 1 {
        writer.merge(&segments).wait()?;
    }
    writer.wait_merging_threads()?;
    Ok((index, fields, order))
}

fn to_document(f: &Fields, d: &SearchDoc, ordinal: u64) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    let title = nfc(&d.title);
    let body = nfc(&d.body);
    doc.add_text(f.title, &title);
    doc.add_text(f.words, &title);
    for h in &d.headings {
        let h = nfc(h);
        doc.add_text(f.headings, &h);
        doc.add_text(f.words, &h);
    }
    doc.add_text(f.body, &body);
    doc.add_text(f.words, &body);
    doc.add_u64(f.id, ordinal);
    doc.add_text(f.url, &d.url);
    doc.add_text(f.kind, &d.kind);
    if let Some(date) = &d.date {
        doc.add_text(f.date, date);
    }
    for c in &d.countries {
        doc.add_text(f.countries, c);
    }
    for t in &d.topics {
        doc.add_text(f.topics, t);
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_are_read_leniently() {
        assert_eq!(year_of(Some("2019-04-02")).as_deref(), Some("2019"));
        assert_eq!(year_of(Some("20")), None);
        assert_eq!(year_of(Some("éé-01")), None);
        assert_eq!(year_of(None), None);
    }

    #[test]
    fn language_codes_must_be_plain() {
        assert!(check_lang("fr").is_ok());
        assert!(check_lang("pt-BR").is_ok());
        assert!(check_lang("../x").is_err());
        assert!(check_lang("").is_err());
    }
}
