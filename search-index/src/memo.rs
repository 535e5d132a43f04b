//! What a language's export leaves beside its tantivy index for the next build: each
//! document's hash, its snippet fragments and what they were chosen from, so that a build
//! after an edit updates the index in place and chooses again only the snippets whose inputs
//! changed. The export it gives is byte for byte the one a build from scratch gives.
//!
//! A snippet ([`crate::snippets::Sentences::choose`]) depends on the document's text and on
//! the weights of the stems of its sentences; a weight depends on the number of documents and
//! on the stem's body document frequency. The memo keeps, per document, the stems of its
//! sentences, and per stem the frequency its weight came from: a document whose text and
//! stems' frequencies are unchanged keeps its fragments.

use std::hash::BuildHasher;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::snippets::{Sentences, Stems};
use crate::SearchDoc;

/// The memo's file in a language's tantivy index folder (tantivy leaves files it did not
/// write alone).
const FILE: &str = "loupe-memo.bin";

/// The memo of one language's last export. Vectors are by ordinal (doc id).
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct Memo {
    /// Who wrote it (the caller's key: the loupe binary); another key, another format.
    pub key: String,
    /// Tokens per searched field over all documents (what tantivy's BM25 averages: exact, where
    /// an index merged after deletes only estimates it). Kept second, so that [`totals`] reads
    /// the memo's head only.
    pub totals: [u64; 3],
    /// The URLs of the documents in build order.
    pub urls: Vec<String>,
    /// [`doc_hash`] of each document.
    pub hashes: Vec<u64>,
    /// The stems the documents' stem ids stand for.
    pub stems: Vec<String>,
    /// The body document frequency each stem's weight was computed from (`None`: the stem
    /// was in no searched field, so it had no weight).
    pub dfs: Vec<Option<u32>>,
    /// The documents' distinct sentence stems (ids into `stems`), one document after the
    /// other: document `o`'s are `doc_stems[stem_ends[o - 1]..stem_ends[o]]`.
    pub doc_stems: Vec<u32>,
    /// Where each document's stems end in `doc_stems`.
    pub stem_ends: Vec<u32>,
    /// Each document's snippet fragments.
    pub frags: Vec<Vec<String>>,
    /// Each document's non-ASCII letters and digits (for the folding table).
    pub chars: Vec<Vec<char>>,
    /// The stems of each sentence of each document, as indexes into the document's stems
    /// ([`Memo::stems_of`]), in the order the snippets sum their weights: document after
    /// document, sentence after sentence. A document whose text is unchanged but some of whose
    /// stems are weighed anew chooses its fragments again from these, with no analysis.
    pub sent_stems: Vec<u32>,
    /// Where each sentence's stems end in its document's part of `sent_stems` (counted from
    /// the part's start).
    pub sent_ends: Vec<u32>,
    /// Where each document's sentences end in `sent_ends`.
    pub doc_sents: Vec<u32>,
    /// Where each document's part of `sent_stems` starts (worked out on loading).
    #[serde(skip)]
    sent_starts: Vec<u32>,
}

/// The head of a [`Memo`].
#[derive(Deserialize)]
struct Head {
    _key: String,
    totals: [u64; 3],
}

/// A hash of everything of a document that its index entry, its text for the snippets and its
/// record depend on.
pub(crate) fn doc_hash(d: &SearchDoc) -> u64 {
    // foldhash with a fixed seed: fast over whole texts, the same in every run of a binary.
    foldhash::fast::FixedState::with_seed(0).hash_one((
        &d.url,
        &d.title,
        &d.headings,
        &d.body,
        &d.kind,
        &d.date,
        &d.countries,
        &d.topics,
        &d.summary,
    ))
}

/// The memo's path in the index folder `dir`.
pub(crate) fn path(dir: &Path) -> PathBuf {
    dir.join(FILE)
}

impl Memo {
    /// The memo in the index folder `dir`, if there is one written with `key`.
    pub(crate) fn load(dir: &Path, key: &str) -> Option<Memo> {
        let bytes = std::fs::read(path(dir)).ok()?;
        let memo: Memo = postcard::from_bytes(&bytes).ok()?;
        let n = memo.urls.len();
        let consistent = memo.key == key
            && [
                memo.hashes.len(),
                memo.stem_ends.len(),
                memo.frags.len(),
                memo.chars.len(),
            ]
            .iter()
            .all(|&len| len == n)
            && memo.dfs.len() == memo.stems.len()
            && memo.stem_ends.windows(2).all(|w| w[0] <= w[1])
            && memo.stem_ends.last().map_or(0, |&e| e as usize) == memo.doc_stems.len()
            && memo
                .doc_stems
                .iter()
                .all(|&id| (id as usize) < memo.stems.len());
        let mut memo = consistent.then_some(memo)?;
        memo.sent_starts = memo.sentence_starts()?;
        Some(memo)
    }

    /// Where each document's part of `sent_stems` starts, once the sentences are checked to
    /// fit: `None` if they do not.
    fn sentence_starts(&self) -> Option<Vec<u32>> {
        if self.doc_sents.len() != self.urls.len()
            || self.doc_sents.windows(2).any(|w| w[0] > w[1])
            || self.doc_sents.last().map_or(0, |&e| e as usize) != self.sent_ends.len()
        {
            return None;
        }
        let mut starts = Vec::with_capacity(self.urls.len());
        let (mut sentence, mut start) = (0usize, 0usize);
        for (ordinal, &end) in self.doc_sents.iter().enumerate() {
            let ends = &self.sent_ends[sentence..end as usize];
            let len = ends.last().map_or(0, |&e| e as usize);
            let part = self.sent_stems.get(start..start + len)?;
            let distinct = self.stems_of(ordinal).len();
            if ends.windows(2).any(|w| w[0] > w[1]) || part.iter().any(|&i| i as usize >= distinct)
            {
                return None;
            }
            starts.push(u32::try_from(start).ok()?);
            (sentence, start) = (end as usize, start + len);
        }
        (start == self.sent_stems.len()).then_some(starts)
    }

    /// The sentences' stems of document `ordinal` (ids into `stems`), sentence after
    /// sentence, and where each sentence's end: what [`crate::snippets::Sentences::with_stems`]
    /// takes.
    pub(crate) fn sentences_of(&self, ordinal: usize) -> (Vec<u32>, Vec<u32>) {
        let first = ordinal
            .checked_sub(1)
            .map_or(0, |o| self.doc_sents[o] as usize);
        let ends = self.sent_ends[first..self.doc_sents[ordinal] as usize].to_vec();
        let start = self.sent_starts[ordinal] as usize;
        let len = ends.last().map_or(0, |&e| e as usize);
        let distinct = self.stems_of(ordinal);
        let stems = self.sent_stems[start..start + len]
            .iter()
            .map(|&i| distinct[i as usize])
            .collect();
        (stems, ends)
    }

    /// The distinct sentence stems of document `ordinal` (ids into `stems`).
    pub(crate) fn stems_of(&self, ordinal: usize) -> &[u32] {
        let start = ordinal
            .checked_sub(1)
            .map_or(0, |o| self.stem_ends[o] as usize);
        &self.doc_stems[start..self.stem_ends[ordinal] as usize]
    }

    /// Writes the memo into the index folder `dir`.
    pub(crate) fn save(&self, dir: &Path) -> std::io::Result<()> {
        let bytes = postcard::to_stdvec(self).map_err(std::io::Error::other)?;
        std::fs::write(path(dir), bytes)
    }

    /// The documents (ordinals) whose index entries must be made again, when the documents
    /// `docs` (with their [`doc_hash`]es, `hashes`) in build `order` are those of the memo in
    /// the same order (an edit that moves none); `None` otherwise (documents added, removed or
    /// reordered: ordinals shift).
    pub(crate) fn changed(
        &self,
        docs: &[SearchDoc],
        hashes: &[u64],
        order: &[usize],
    ) -> Option<Vec<usize>> {
        if order.len() != self.urls.len()
            || order
                .iter()
                .zip(&self.urls)
                .any(|(&i, url)| docs[i].url != *url)
        {
            return None;
        }
        Some(
            order
                .iter()
                .enumerate()
                .filter(|&(o, &i)| hashes[i] != self.hashes[o])
                .map(|(o, _)| o)
                .collect(),
        )
    }
}

/// Builds the memo of an export, document by document in ordinal order. A stem is copied into
/// the memo's table once, however many documents have it.
#[derive(Debug, Default)]
pub(crate) struct MemoWriter {
    memo: Memo,
    /// The table's id of each stem, by its text.
    ids: foldhash::HashMap<String, u32>,
    /// The table's id of each stem of the export's [`Stems`], by its id there.
    from_text: Vec<Option<u32>>,
    /// The table's id of each stem of the previous memo, by its id there.
    from_memo: Vec<Option<u32>>,
}

impl MemoWriter {
    /// The id in the table of `stem`, weighed from body document frequency `df`.
    fn id(&mut self, stem: &str, df: Option<u32>) -> u32 {
        if let Some(&id) = self.ids.get(stem) {
            return id;
        }
        let id = self.memo.stems.len() as u32;
        self.ids.insert(stem.to_string(), id);
        self.memo.stems.push(stem.to_string());
        self.memo.dfs.push(df);
        id
    }

    /// Adds a document whose sentences' stems (ids into the table, sentence after sentence,
    /// ending at `ends`) were just pushed to `doc_stems` (since `start`).
    fn push(
        &mut self,
        url: &str,
        hash: u64,
        frags: &[String],
        chars: &[char],
        start: usize,
        ends: &[u32],
    ) {
        let ids = &mut self.memo.doc_stems;
        let sentences = ids[start..].to_vec();
        ids[start..].sort_unstable();
        let mut kept = start;
        for i in start..ids.len() {
            if kept == start || ids[i] != ids[kept - 1] {
                ids[kept] = ids[i];
                kept += 1;
            }
        }
        ids.truncate(kept);
        let distinct = &ids[start..];
        self.memo
            .sent_starts
            .push(self.memo.sent_stems.len() as u32);
        self.memo.sent_stems.extend(
            sentences
                .iter()
                .filter_map(|id| distinct.binary_search(id).ok())
                .map(|i| i as u32),
        );
        self.memo.sent_ends.extend_from_slice(ends);
        self.memo.doc_sents.push(self.memo.sent_ends.len() as u32);
        self.memo.stem_ends.push(kept as u32);
        self.memo.urls.push(url.to_string());
        self.memo.hashes.push(hash);
        self.memo.frags.push(frags.to_vec());
        self.memo.chars.push(chars.to_vec());
    }

    /// Adds the next document, whose fragments were chosen now from its sentences, whose stems
    /// are `text_ids` in `stems`, weighed from the body document frequencies `dfs` (by id).
    #[expect(
        clippy::too_many_arguments,
        reason = "a document's memo: its identity, its fragments and what they came from"
    )]
    pub(crate) fn push_chosen(
        &mut self,
        url: &str,
        hash: u64,
        frags: &[String],
        chars: &[char],
        sentences: &Sentences,
        stems: &Stems,
        dfs: &[Option<u32>],
    ) {
        let start = self.memo.doc_stems.len();
        for &t in sentences.stem_ids() {
            let t = t as usize;
            if self.from_text.len() <= t {
                self.from_text.resize(t + 1, None);
            }
            let id = match self.from_text[t] {
                Some(id) => id,
                None => {
                    let id = self.id(stems.word(t as u32), dfs.get(t).copied().flatten());
                    self.from_text[t] = Some(id);
                    id
                }
            };
            self.memo.doc_stems.push(id);
        }
        self.push(url, hash, frags, chars, start, sentences.ends());
    }

    /// Adds the next document, whose text is that of document `ordinal` of `previous`, with
    /// the fragments `frags`: kept from `previous`, or chosen again from its sentences' stems.
    /// `dfs` is the body document frequency each of `previous`'s stems is weighed from now.
    pub(crate) fn push_same_text(
        &mut self,
        previous: &Memo,
        ordinal: usize,
        frags: &[String],
        dfs: &[Option<u32>],
    ) {
        if self.from_memo.len() < previous.stems.len() {
            self.from_memo.resize(previous.stems.len(), None);
        }
        let start = self.memo.doc_stems.len();
        let (stems, ends) = previous.sentences_of(ordinal);
        for t in stems {
            let t = t as usize;
            let id = match self.from_memo[t] {
                Some(id) => id,
                None => {
                    let id = self.id(&previous.stems[t], dfs.get(t).copied().flatten());
                    self.from_memo[t] = Some(id);
                    id
                }
            };
            self.memo.doc_stems.push(id);
        }
        self.push(
            &previous.urls[ordinal],
            previous.hashes[ordinal],
            frags,
            &previous.chars[ordinal],
            start,
            &ends,
        );
    }

    /// The memo, with the corpus' token totals (its key unset).
    pub(crate) fn finish(mut self, totals: [u64; 3]) -> Memo {
        self.memo.totals = totals;
        self.memo
    }
}

/// The token totals the memo in the index folder `dir` records, whatever its key (for
/// `loupe search`'s BM25 statistics).
pub(crate) fn totals(dir: &Path) -> Option<[u64; 3]> {
    let bytes = std::fs::read(path(dir)).ok()?;
    let (head, _) = postcard::take_from_bytes::<Head>(&bytes).ok()?;
    Some(head.totals)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyzer::stem_analyzer;

    const BODIES: [&str; 2] = [
        "Exporters file the footprint. The footprint is checked; exporters sign.",
        "Nothing here repeats. Checked parcels leave the mine.",
    ];

    /// A memo of two documents ([`BODIES`]) whose fragments were chosen from their
    /// sentences, saved.
    fn saved(dir: &Path) -> Vec<Sentences> {
        let mut analyzer = stem_analyzer("en");
        let mut stems = Stems::default();
        let bodies = BODIES;
        let sentences: Vec<Sentences> = bodies
            .iter()
            .map(|b| Sentences::of(None, b, &mut analyzer, &mut stems))
            .collect();
        // More than the stems met: each has a frequency.
        let dfs = vec![Some(1); 64];
        let mut writer = MemoWriter::default();
        for (o, s) in sentences.iter().enumerate() {
            writer.push_chosen(&format!("d{o}"), o as u64, &[], &[], s, &stems, &dfs);
        }
        let mut memo = writer.finish([0; 3]);
        memo.key = "k".into();
        memo.save(dir).expect("memo saved");
        sentences
    }

    #[test]
    fn a_memo_keeps_each_sentences_stems_in_order() {
        let dir = tempfile::tempdir().expect("temp dir");
        let sentences = saved(dir.path());
        let memo = Memo::load(dir.path(), "k").expect("memo loads");
        let mut analyzer = stem_analyzer("en");
        let mut stems = Stems::default();
        for (o, s) in sentences.iter().enumerate() {
            let (ids, ends) = memo.sentences_of(o);
            assert_eq!(ends, s.ends());
            // The same stems, sentence by sentence, in the same order, as words.
            let words: Vec<&str> = ids
                .iter()
                .map(|&t| memo.stems[t as usize].as_str())
                .collect();
            let again = Sentences::of(None, BODIES[o], &mut analyzer, &mut stems);
            let expected: Vec<&str> = again.stem_ids().iter().map(|&t| stems.word(t)).collect();
            assert_eq!(words, expected);
        }
    }

    #[test]
    fn a_memo_whose_sentences_do_not_fit_is_not_used() {
        let dir = tempfile::tempdir().expect("temp dir");
        saved(dir.path());
        let good = Memo::load(dir.path(), "k").expect("memo loads");
        let damaged: [fn(&mut Memo); 4] = [
            |m| m.sent_stems[0] = 999,
            |m| {
                m.sent_stems.pop();
            },
            |m| m.doc_sents[0] += 1,
            |m| m.sent_ends.swap(0, 1),
        ];
        for damage in damaged {
            let mut m = Memo::load(dir.path(), "k").expect("memo loads");
            damage(&mut m);
            let other = tempfile::tempdir().expect("temp dir");
            m.save(other.path()).expect("memo saved");
            assert!(Memo::load(other.path(), "k").is_none());
        }
        assert_eq!(good.doc_sents.len(), 2);
    }
}
