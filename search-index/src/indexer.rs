//! Builds one tantivy index per language, in a deterministic document order, merged to one
//! segment so that doc ids are stable and equal to the build's ordinals.

use std::cmp::Ordering;
use std::path::{Path, PathBuf};

use tantivy::directory::MmapDirectory;
use tantivy::indexer::NoMergePolicy;
use tantivy::{Index, IndexSettings, IndexSortByField, IndexWriter, Order, TantivyDocument, Term};

use std::borrow::Cow;

use crate::analyzer::{nfc, recording_tokenizers, register, Recorder};
use crate::schema::{build_schema, fields_of, Fields};
use crate::vocabulary::{Kept, Table, Vocabulary};
use crate::{LanguageCorpus, SearchDoc, SearchError};

/// Memory budget of a language's single-segment writer. That writer never splits its segment,
/// so the budget only sizes the term table it starts with (a third of the budget: 2^17
/// entries); the table doubles as terms arrive. A budget sized for the largest site would
/// reserve 8 MB per language up front.
const TABLE_BUDGET: usize = 8 << 20;

/// Memory budget of an update in place (a few documents).
const UPDATE_BUDGET: usize = 64_000_000;

/// The index's settings: documents sorted by their ordinal (the `id` field), in every
/// segment and through every merge, so that doc ids follow the build order also after an
/// update in place.
fn settings() -> IndexSettings {
    IndexSettings {
        sort_by_field: Some(IndexSortByField {
            field: "id".to_string(),
            order: Order::Asc,
        }),
        ..IndexSettings::default()
    }
}

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

/// A searcher over `index` as it is now. Its reader is never reloaded, so it starts no thread
/// to watch the index for commits (tantivy's default polls every half second until dropped):
/// an export or a query reads an index that no one writes meanwhile.
pub(crate) fn searcher(index: &Index) -> Result<tantivy::Searcher, SearchError> {
    let reader: tantivy::IndexReader = index
        .reader_builder()
        .reload_policy(tantivy::ReloadPolicy::Manual)
        .try_into()?;
    Ok(reader.searcher())
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

/// An index built or updated, with the build order (doc id → position in `corpus.docs`) and
/// the words of its documents.
pub(crate) type Built = (Index, Fields, Vec<usize>, Vocabulary);

/// Builds (from scratch) the index of one language. Also says, for each document of the
/// corpus (in its order), whether its body is NFC as it is: the export need not check again.
pub(crate) fn build_language_index(
    corpus: &LanguageCorpus,
    tantivy_dir: &Path,
) -> Result<(Built, Vec<bool>), SearchError> {
    let dir = fresh_dir(tantivy_dir, &corpus.lang)?;
    let (schema, fields) = build_schema();
    let directory = MmapDirectory::open(&dir).map_err(tantivy::TantivyError::from)?;
    // The stemming analyzer records the folded word of each token: the vocabulary's words
    // come from the indexing itself, not from splitting the texts again.
    let table = Table::default();
    let recorder = Recorder::new(table.clone());
    // One segment written on this thread, in insertion order: no indexing thread, no queue of
    // documents waiting for it (the whole language at once: 17 MB at 1,000 documents), no
    // merge. The doc ids are the insertion order, and so the build order. The writer is
    // tantivy's (`doc(hidden)`) API for this case; an upgrade that changes it fails to compile.
    let mut writer = Index::builder()
        .schema(schema)
        .settings(settings())
        .tokenizers(recording_tokenizers(&corpus.lang, recorder.clone()))
        .single_segment_index_writer(directory, TABLE_BUDGET)?;
    let order = build_order(&corpus.docs);
    let mut vocabulary = Vocabulary::with_table(table);
    let mut nfc_bodies = vec![false; corpus.docs.len()];
    for (ordinal, &i) in order.iter().enumerate() {
        let d = &corpus.docs[i];
        let texts = searched_texts(d);
        nfc_bodies[i] = matches!(texts.last(), Some(Cow::Borrowed(_)));
        writer.add_document(to_document(&fields, d, &texts, ordinal as u64))?;
        vocabulary.push_ids(&recorder.take());
    }
    let index = writer.finalize()?;
    Ok(((index, fields, order, vocabulary), nfc_bodies))
}

/// The empty folder of the index of `lang` in `tantivy_dir` (what was there is removed).
fn fresh_dir(tantivy_dir: &Path, lang: &str) -> Result<PathBuf, SearchError> {
    check_lang(lang)?;
    let dir = lang_dir(tantivy_dir, lang);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).map_err(io_err(&dir))?;
    }
    std::fs::create_dir_all(&dir).map_err(io_err(&dir))?;
    Ok(dir)
}

/// Commits what `writer` did, then merges the index to one segment, the export's input.
fn commit_as_one_segment(index: &Index, mut writer: IndexWriter) -> Result<(), SearchError> {
    writer.commit()?;
    let segments = index.searchable_segment_ids()?;
    if segments.len() > 1 {
        writer.merge(&segments).wait()?;
    }
    writer.wait_merging_threads()?;
    Ok(())
}

/// Updates in place, into `tantivy_dir`, a copy of the index of the language that
/// `previous_dir` holds: the documents at the ordinals `changed` of the build `order` are
/// deleted (by URL) and indexed again, then the index is merged to one segment, sorted by
/// ordinal. The caller has checked that the other documents are those of the previous index,
/// at the same ordinals ([`crate::memo::Memo::changed`]); `words` are the words the memo of
/// the previous index kept of its documents, taken as they are for the others.
pub(crate) fn update_language_index(
    corpus: &LanguageCorpus,
    order: Vec<usize>,
    changed: &[usize],
    words: Kept,
    previous_dir: &Path,
    tantivy_dir: &Path,
) -> Result<Built, SearchError> {
    let dir = fresh_dir(tantivy_dir, &corpus.lang)?;
    let from = lang_dir(previous_dir, &corpus.lang);
    for entry in std::fs::read_dir(&from).map_err(io_err(&from))? {
        let entry = entry.map_err(io_err(&from))?;
        if entry.file_type().map_err(io_err(&from))?.is_file() {
            std::fs::copy(entry.path(), dir.join(entry.file_name()))
                .map_err(io_err(&entry.path()))?;
        }
    }
    let index = Index::open_in_dir(&dir)?;
    if index.settings().sort_by_field != settings().sort_by_field {
        return Err(SearchError::Query(format!(
            "the index of {} is not sorted by ordinal",
            corpus.lang
        )));
    }
    register(&index, &corpus.lang);
    let fields = fields_of(&index.schema())?;
    let vocabulary = Vocabulary::updated(words, changed, |ordinal| {
        order
            .get(ordinal)
            .and_then(|&i| corpus.docs.get(i))
            .map(searched_texts)
            .unwrap_or_default()
    });
    if !changed.is_empty() {
        let writer: IndexWriter = index.writer_with_num_threads(1, UPDATE_BUDGET)?;
        writer.set_merge_policy(Box::new(NoMergePolicy));
        for &ordinal in changed {
            let d = order
                .get(ordinal)
                .and_then(|&i| corpus.docs.get(i))
                .ok_or_else(|| SearchError::Query("document ordinal out of range".into()))?;
            // A document added after the deletion is not deleted by it.
            writer.delete_term(Term::from_field_text(fields.url, &d.url));
            writer.add_document(to_document(&fields, d, &searched_texts(d), ordinal as u64))?;
        }
        commit_as_one_segment(&index, writer)?;
    }
    Ok((index, fields, order, vocabulary))
}

/// The searched texts of `d`, NFC: its title, its headings, then its body.
fn searched_texts(d: &SearchDoc) -> Vec<Cow<'_, str>> {
    let mut texts = Vec::with_capacity(d.headings.len() + 2);
    texts.push(nfc(&d.title));
    texts.extend(d.headings.iter().map(|h| nfc(h)));
    texts.push(nfc(&d.body));
    texts
}

/// The tantivy document of `d`, whose [`searched_texts`] are `texts`.
fn to_document(f: &Fields, d: &SearchDoc, texts: &[Cow<'_, str>], ordinal: u64) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    if let Some((title, rest)) = texts.split_first() {
        doc.add_text(f.title, title);
        if let Some((body, headings)) = rest.split_last() {
            for h in headings {
                doc.add_text(f.headings, h);
            }
            doc.add_text(f.body, body);
        }
    }
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
