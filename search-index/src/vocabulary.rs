//! The folded words of a language's documents, from which the client's vocabulary is written
//! (each word with its stem; see README.md), kept per document so that an update in place
//! knows them for the documents it does not read again.
//!
//! A tantivy field of each document's distinct words held this before. tantivy then split,
//! folded and hashed those words into postings that nothing read but the export's walk of the
//! field's terms: a quarter of the search index's time. Here a document's words are looked up
//! once each, by the word as written, in a table of the words met so far.

use std::sync::{Arc, Mutex, PoisonError};

use serde::{Deserialize, Serialize};

use crate::analyzer::{words, WordStemmer, MAX_TOKEN_BYTES};

/// How many words as written a vocabulary remembers before it starts afresh (their folded
/// forms, the table's, are all kept).
const WORDS: usize = 200_000;

/// The words of the documents of a language, by ordinal: what the memo keeps of them.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Kept {
    /// The folded words the ids stand for.
    pub surfaces: Vec<String>,
    /// The documents' distinct folded words (ids into `surfaces`), one document after the
    /// other: document `o`'s are `ids[ends[o - 1]..ends[o]]`.
    pub ids: Vec<u32>,
    /// Where each document's ids end in `ids`.
    pub ends: Vec<u32>,
}

impl Kept {
    /// Whether the parts fit together: every document's ids are in `ids`, and every id
    /// names a word.
    pub(crate) fn fits(&self, documents: usize) -> bool {
        crate::memo::ids_fit(&self.ends, &self.ids, self.surfaces.len(), documents)
    }

    /// Document `ordinal`'s ids.
    #[cfg(test)]
    fn of(&self, ordinal: usize) -> &[u32] {
        let start = ordinal.checked_sub(1).map_or(0, |o| self.ends[o] as usize);
        &self.ids[start..self.ends[ordinal] as usize]
    }
}

/// The folded words met so far, numbered: shared by a language's [`Vocabulary`] and the
/// analyzer that records the words of the documents it indexes
/// ([`crate::analyzer::Recorder`]). Only a word not met before locks it.
#[derive(Clone)]
pub(crate) struct Table(Arc<Mutex<TableWords>>);

struct TableWords {
    /// The folded words, by id.
    surfaces: Vec<String>,
    /// The id of each folded word.
    by_surface: foldhash::HashMap<String, u32>,
    fold: WordStemmer,
}

impl Default for Table {
    fn default() -> Self {
        Table::of(Vec::new())
    }
}

impl Table {
    /// A table that starts with `surfaces`, numbered in order.
    fn of(surfaces: Vec<String>) -> Self {
        let by_surface = surfaces
            .iter()
            .enumerate()
            .map(|(id, s)| (s.clone(), id as u32))
            .collect();
        Table(Arc::new(Mutex::new(TableWords {
            surfaces,
            by_surface,
            fold: WordStemmer::folding(),
        })))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, TableWords> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The id of the folded form of `word` (a word as written that the analyzers keep), added
    /// to the table if it is new.
    pub(crate) fn id(&self, word: &str) -> u32 {
        let mut t = self.lock();
        let surface = t.fold.stem(word);
        if let Some(&id) = t.by_surface.get(&surface) {
            return id;
        }
        let id = t.surfaces.len() as u32;
        t.by_surface.insert(surface.clone(), id);
        t.surfaces.push(surface);
        id
    }
}

/// The folded words of documents pushed one by one in ordinal order.
#[derive(Default)]
pub(crate) struct Vocabulary {
    kept: Kept,
    table: Table,
    /// The id of each word as written met so far (at most [`WORDS`]), when documents are
    /// pushed as texts.
    by_word: foldhash::HashMap<String, u32>,
    /// By id, the number (from 1) of the last document that held the word, so that a
    /// document's repeated words are dropped as they come.
    last_doc: Vec<u32>,
}

impl Vocabulary {
    /// A vocabulary with no documents yet, whose words are numbered in `table` (which an
    /// analyzer may share, see [`Vocabulary::push_ids`]).
    pub(crate) fn with_table(table: Table) -> Self {
        Vocabulary {
            table,
            ..Vocabulary::default()
        }
    }

    /// The vocabulary of an update in place: the words of every document in ordinal order,
    /// read from `texts(ordinal)` for the ordinals `changed` (ascending) and taken from
    /// `earlier` (what the memo kept, of as many documents) for the others.
    pub(crate) fn updated<'t>(
        earlier: Kept,
        changed: &[usize],
        mut texts: impl FnMut(usize) -> Vec<std::borrow::Cow<'t, str>>,
    ) -> Self {
        let Kept {
            surfaces,
            ids: earlier_ids,
            ends: earlier_ends,
        } = earlier;
        let mut next = Vocabulary::with_table(Table::of(surfaces));
        let mut changed = changed.iter().copied().peekable();
        let mut start = 0;
        for (ordinal, &end) in earlier_ends.iter().enumerate() {
            let end = end as usize;
            if changed.next_if_eq(&ordinal).is_some() {
                let texts = texts(ordinal);
                next.push(texts.iter().map(|t| &**t));
            } else {
                next.kept.ids.extend_from_slice(&earlier_ids[start..end]);
                next.kept.ends.push(next.kept.ids.len() as u32);
            }
            start = end;
        }
        next
    }

    /// Adds the next document, whose searched texts (title, headings, body; NFC) are `texts`.
    /// Its words are those the indexes' analyzers keep: runs of letters and digits shorter
    /// than [`MAX_TOKEN_BYTES`], lower-cased and folded.
    pub(crate) fn push<'a>(&mut self, texts: impl IntoIterator<Item = &'a str>) {
        let doc = self.kept.ends.len() as u32 + 1;
        for text in texts {
            for word in words(text).filter(|w| w.len() < MAX_TOKEN_BYTES) {
                let id = match self.by_word.get(word) {
                    Some(&id) => id,
                    None => {
                        let id = self.table.id(word);
                        if self.by_word.len() >= WORDS {
                            self.by_word.clear();
                        }
                        self.by_word.insert(word.to_string(), id);
                        id
                    }
                };
                self.note(doc, id);
            }
        }
        self.kept.ends.push(self.kept.ids.len() as u32);
    }

    /// Adds the next document, whose words' ids in the table are `ids` (repeats included),
    /// as an analyzer recorded them while indexing it.
    pub(crate) fn push_ids(&mut self, ids: &[u32]) {
        let doc = self.kept.ends.len() as u32 + 1;
        for &id in ids {
            self.note(doc, id);
        }
        self.kept.ends.push(self.kept.ids.len() as u32);
    }

    /// Adds word `id` to document `doc` (numbered from 1), if it is not there yet.
    fn note(&mut self, doc: u32, id: u32) {
        let slot = id as usize;
        if self.last_doc.len() <= slot {
            self.last_doc.resize(slot + 1, 0);
        }
        if self.last_doc[slot] != doc {
            self.last_doc[slot] = doc;
            self.kept.ids.push(id);
        }
    }

    /// The folded words of the documents, each once (in no particular order), and what the
    /// memo keeps of them: the table holds only the words some document has, numbered in
    /// the order documents first use them, so that it does not grow edit after edit.
    pub(crate) fn finish(self) -> (Vec<String>, Kept) {
        let table = self.table.lock();
        let mut renumbered = vec![u32::MAX; table.surfaces.len()];
        let mut surfaces = Vec::new();
        let mut ids = Vec::with_capacity(self.kept.ids.len());
        for &id in &self.kept.ids {
            let new = &mut renumbered[id as usize];
            if *new == u32::MAX {
                *new = surfaces.len() as u32;
                surfaces.push(table.surfaces[id as usize].clone());
            }
            ids.push(*new);
        }
        let kept = Kept {
            surfaces: surfaces.clone(),
            ids,
            ends: self.kept.ends,
        };
        (surfaces, kept)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyzer::{fold_analyzer, tokens};
    use std::borrow::Cow;
    use std::collections::BTreeSet;

    const LONG: &str = "a word far too long to be one: abcdefghijklmnopqrstuvwxyzabcdefghijklmn";

    const DOCS: [&[&str]; 4] = [
        &[
            "Côte d'Ivoire",
            "Exporters",
            "Exporters file; EXPORTERS sign. Étape 2003/2003, l'été, L'ÉTÉ; ete",
        ],
        &["Diamonds", "", "diamonds and Diamonds, côte"],
        &["Rough", "Rough", LONG],
        &[
            "se\u{301}curite\u{301} Guinée",
            "guinée\tGUINEE\nx2 x2 ½ 東京 東京 🙂🙂 a_b a-b",
            "The Kimberley Process: the KP. Process, process! longlonglonglonglonglonglonglonglong",
        ],
    ];

    /// The fold-only analyzer's terms of a document's texts: what tantivy's field of folded
    /// words held.
    fn analyzed(texts: &[&str]) -> BTreeSet<String> {
        let mut analyzer = fold_analyzer();
        texts
            .iter()
            .flat_map(|t| tokens(&mut analyzer, t))
            .collect()
    }

    fn words_of(surfaces: &[String], kept: &Kept, ordinal: usize) -> BTreeSet<String> {
        kept.of(ordinal)
            .iter()
            .map(|&id| surfaces[id as usize].clone())
            .collect()
    }

    fn built(docs: &[&[&str]]) -> Vocabulary {
        let mut v = Vocabulary::default();
        for d in docs {
            v.push(d.iter().copied());
        }
        v
    }

    #[test]
    fn each_document_has_the_fold_analyzers_terms_once() {
        let (surfaces, kept) = built(&DOCS).finish();
        assert!(kept.fits(DOCS.len()));
        for (o, d) in DOCS.iter().enumerate() {
            assert_eq!(words_of(&surfaces, &kept, o), analyzed(d), "document {o}");
            let ids = kept.of(o);
            assert_eq!(ids.len(), BTreeSet::from_iter(ids).len(), "repeats in {o}");
        }
        let all: BTreeSet<String> = DOCS.iter().flat_map(|d| analyzed(d)).collect();
        assert_eq!(BTreeSet::from_iter(surfaces.iter().cloned()), all);
        assert_eq!(surfaces.len(), all.len(), "each folded word once");
        assert!(all.contains("cote") && all.contains("exporters") && all.contains("2003"));
        assert!(!all.iter().any(|w| w.starts_with("abcdefghij")));
    }

    #[test]
    fn the_indexing_analyzer_records_the_words_a_scan_of_the_texts_finds() {
        use crate::analyzer::{recording_tokenizers, Recorder, STEM_TOKENIZER};
        // "xx" has no stemmer: its ASCII words take no shortcut past the recording.
        for lang in ["en", "fr", "xx"] {
            let table = Table::default();
            let recorder = Recorder::new(table.clone());
            let mut analyzer = recording_tokenizers(lang, recorder.clone())
                .get(STEM_TOKENIZER)
                .expect("the stemming analyzer");
            let mut recorded = Vocabulary::with_table(table);
            for d in DOCS {
                for text in d {
                    // The ids are handed over when the stream is dropped.
                    let mut stream = analyzer.token_stream(text);
                    while stream.advance() {}
                }
                recorded.push_ids(&recorder.take());
            }
            let (surfaces, kept) = recorded.finish();
            let (scanned_surfaces, scanned) = built(&DOCS).finish();
            for o in 0..DOCS.len() {
                assert_eq!(
                    words_of(&surfaces, &kept, o),
                    words_of(&scanned_surfaces, &scanned, o),
                    "{lang}, document {o}"
                );
            }
            assert!(recorder.take().is_empty());
        }
    }

    #[test]
    fn an_update_gives_the_vocabulary_of_a_build_from_scratch() {
        let (_, earlier) = built(&DOCS).finish();
        let edited: [&[&str]; 4] = [
            DOCS[0],
            &["Kimberley", "", "only new words here"],
            DOCS[2],
            DOCS[3],
        ];
        let updated = Vocabulary::updated(earlier, &[1], |o| {
            edited[o].iter().map(|t| Cow::Borrowed(*t)).collect()
        });
        let (surfaces, kept) = updated.finish();
        let (scratch_surfaces, scratch) = built(&edited).finish();
        for o in 0..edited.len() {
            assert_eq!(
                words_of(&surfaces, &kept, o),
                words_of(&scratch_surfaces, &scratch, o)
            );
        }
        // "diamonds" is in no document now, and the table forgot it.
        let all: BTreeSet<&String> = surfaces.iter().collect();
        assert_eq!(all, scratch_surfaces.iter().collect());
        assert!(!all.contains(&"diamonds".to_string()));
        assert_eq!((surfaces, kept), (scratch_surfaces, scratch), "same memo");
    }

    #[test]
    fn a_table_full_of_words_as_written_starts_afresh_and_keeps_the_ids() {
        let mut v = Vocabulary::default();
        let many: Vec<String> = (0..WORDS + 10).map(|i| format!("w{i}")).collect();
        v.push(many.iter().map(String::as_str));
        v.push(["W0 w1"]);
        let (surfaces, kept) = v.finish();
        assert_eq!(surfaces.len(), WORDS + 10);
        assert_eq!(
            words_of(&surfaces, &kept, 1),
            BTreeSet::from(["w0".into(), "w1".into()])
        );
    }
}
