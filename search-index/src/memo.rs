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

use crate::snippets::{order_key, sort_by_word, Sentences, Stems};
use crate::vocabulary::Kept;
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
    /// The stems of each sentence of each document, as LEB128 varints: per sentence, its
    /// number of stems, then each stem in the order the snippets sum their weights, as an
    /// index into the document's stems ([`Memo::stems_of`]) taken in the order of their
    /// words. A document whose text is unchanged but some of whose stems are weighed anew
    /// chooses its fragments again from these, with no analysis. (Mostly one byte a stem: a
    /// quarter of the memory of `u32`s.)
    pub sentences: Vec<u8>,
    /// Where each document's part of `sentences` ends.
    pub sentence_ends: Vec<u32>,
    /// The folded words of each document (the client's vocabulary is theirs).
    pub words: Kept,
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
            && [memo.hashes.len(), memo.frags.len(), memo.chars.len()]
                .iter()
                .all(|&len| len == n)
            && memo.dfs.len() == memo.stems.len()
            && ids_fit(&memo.stem_ends, &memo.doc_stems, memo.stems.len(), n)
            // Each document's part of `sentences` is read, and checked, only when it is used
            // ([`Memo::sentences_of`]).
            && parts_fit(&memo.sentence_ends, memo.sentences.len(), n)
            && memo.words.fits(n);
        consistent.then_some(memo)
    }

    /// Document `ordinal`'s part of `sentences`.
    fn sentence_bytes(&self, ordinal: usize) -> Option<&[u8]> {
        let start = match ordinal.checked_sub(1) {
            Some(o) => *self.sentence_ends.get(o)? as usize,
            None => 0,
        };
        self.sentences
            .get(start..*self.sentence_ends.get(ordinal)? as usize)
    }

    /// The sentences' stems of document `ordinal` (ids into `stems`), sentence after
    /// sentence, and where each sentence's stems end: what [`crate::snippets::Sentences::with_stems`]
    /// takes. `None` if the part is damaged.
    pub(crate) fn sentences_of(&self, ordinal: usize) -> Option<(Vec<u32>, Vec<u32>)> {
        let by_word = by_word(self.stems_of(ordinal), &self.stems);
        let mut bytes = self.sentence_bytes(ordinal)?;
        let (mut stems, mut ends) = (Vec::new(), Vec::new());
        while !bytes.is_empty() {
            for _ in 0..take_varint(&mut bytes)? {
                stems.push(*by_word.get(take_varint(&mut bytes)? as usize)?);
            }
            ends.push(stems.len() as u32);
        }
        Some((stems, ends))
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
        // Streamed: no second copy of the memo in memory.
        let file = std::io::BufWriter::new(std::fs::File::create(path(dir))?);
        let file = postcard::to_io(self, file).map_err(std::io::Error::other)?;
        file.into_inner()
            .map_err(std::io::IntoInnerError::into_error)?;
        Ok(())
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

/// Whether `ends` marks where each of `documents` parts ends in a list of `len` items: one
/// end per document, none before the one before, the last at the list's end.
fn parts_fit(ends: &[u32], len: usize, documents: usize) -> bool {
    ends.len() == documents
        && ends.windows(2).all(|w| w[0] <= w[1])
        && ends.last().map_or(0, |&e| e as usize) == len
}

/// [`parts_fit`] for a list of ids into a table of `table` items, each of which must name
/// one (the documents' stems, the documents' words).
pub(crate) fn ids_fit(ends: &[u32], ids: &[u32], table: usize, documents: usize) -> bool {
    parts_fit(ends, ids.len(), documents) && ids.iter().all(|&id| (id as usize) < table)
}

/// The stem ids `ids` in the order of their words in `words`: what a sentence's indexes count
/// in, an order that does not change when a memo's table is numbered anew.
fn by_word(ids: &[u32], words: &[String]) -> Vec<u32> {
    let mut keyed: Vec<(u64, u32)> = ids
        .iter()
        .map(|&id| (order_key(&words[id as usize]), id))
        .collect();
    sort_by_word(&mut keyed, |id| &words[id as usize]);
    keyed.into_iter().map(|(_, id)| id).collect()
}

/// Appends `value` to `out` as a LEB128 varint (seven bits a byte, low bits first).
fn put_varint(out: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// Takes a LEB128 varint off the front of `bytes`: `None` if it is cut short or over 32 bits.
fn take_varint(bytes: &mut &[u8]) -> Option<u32> {
    let mut value = 0u32;
    for (i, &b) in bytes.iter().enumerate().take(5) {
        if i == 4 && b > 0x0f {
            return None;
        }
        value |= u32::from(b & 0x7f) << (7 * i);
        if b & 0x80 == 0 {
            *bytes = &bytes[i + 1..];
            return Some(value);
        }
    }
    None
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
    /// Scratch: the index of each table stem among the stems of the document being pushed,
    /// by table id (valid only for that document's stems).
    position: Vec<u32>,
    /// Scratch: by table id, the number (from 1) of the last document pushed that held the
    /// stem, so that a document's repeated stems are dropped without sorting them all.
    last_doc: Vec<u32>,
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

    /// Adds a document whose stems' ids were just pushed to `doc_stems` (since `start`), but
    /// not its sentences.
    fn push(&mut self, url: &str, hash: u64, frags: &[String], chars: &[char], start: usize) {
        // This document's number, from 1: one more than the documents pushed before it.
        let doc = self.memo.urls.len() as u32 + 1;
        let ids = &mut self.memo.doc_stems;
        let mut kept = start;
        for i in start..ids.len() {
            let id = ids[i];
            let slot = id as usize;
            if self.last_doc.len() <= slot {
                self.last_doc.resize(slot + 1, 0);
            }
            if self.last_doc[slot] != doc {
                self.last_doc[slot] = doc;
                ids[kept] = id;
                kept += 1;
            }
        }
        ids.truncate(kept);
        ids[start..].sort_unstable();
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
        let ids = self.memo.doc_stems[start..].to_vec();
        self.push(url, hash, frags, chars, start);
        // Each sentence's stems as indexes into the document's, in the order of their words:
        // the index of each of the document's stems is noted by table id, then read by id.
        let by_word = by_word(&self.memo.doc_stems[start..], &self.memo.stems);
        if self.position.len() < self.memo.stems.len() {
            self.position.resize(self.memo.stems.len(), 0);
        }
        for (index, &id) in by_word.iter().enumerate() {
            self.position[id as usize] = index as u32;
        }
        let mut from = 0;
        for &end in sentences.ends() {
            let sentence = ids.get(from..end as usize).unwrap_or_default();
            put_varint(&mut self.memo.sentences, sentence.len() as u32);
            for &id in sentence {
                // Every stem of a sentence is among the document's.
                put_varint(&mut self.memo.sentences, self.position[id as usize]);
            }
            from = end as usize;
        }
        self.memo
            .sentence_ends
            .push(self.memo.sentences.len() as u32);
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
        for &t in previous.stems_of(ordinal) {
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
        );
        // The same stems, so the same order of their words: the sentences as they were.
        let sentences = previous.sentence_bytes(ordinal).unwrap_or_default();
        self.memo.sentences.extend_from_slice(sentences);
        self.memo
            .sentence_ends
            .push(self.memo.sentences.len() as u32);
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
    use crate::analyzer::WordStemmer;

    const BODIES: [&str; 2] = [
        "Exporters file the footprint. The footprint is checked; exporters sign.",
        "Nothing here repeats. Checked parcels leave the mine.",
    ];

    /// A memo of two documents ([`BODIES`]) whose fragments were chosen from their
    /// sentences, saved.
    fn saved(dir: &Path) -> Vec<Sentences> {
        let mut analyzer = WordStemmer::new("en");
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
        let mut words = crate::vocabulary::Vocabulary::default();
        for b in bodies {
            words.push([b]);
        }
        memo.words = words.finish().1;
        memo.key = "k".into();
        memo.save(dir).expect("memo saved");
        sentences
    }

    #[test]
    fn a_memo_keeps_each_sentences_stems_in_order() {
        let dir = tempfile::tempdir().expect("temp dir");
        let sentences = saved(dir.path());
        let memo = Memo::load(dir.path(), "k").expect("memo loads");
        let mut analyzer = WordStemmer::new("en");
        let mut stems = Stems::default();
        for (o, s) in sentences.iter().enumerate() {
            let (ids, ends) = memo.sentences_of(o).expect("whole sentences");
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
    fn varints_read_back_and_damaged_ones_are_refused() {
        let values = [0, 1, 127, 128, 300, 16_383, 16_384, 1 << 28, u32::MAX];
        let mut bytes = Vec::new();
        for v in values {
            put_varint(&mut bytes, v);
        }
        let mut rest = bytes.as_slice();
        for v in values {
            assert_eq!(take_varint(&mut rest), Some(v));
        }
        assert!(rest.is_empty());
        // Cut short, and more than 32 bits.
        assert_eq!(take_varint(&mut [0x80u8, 0x80].as_slice()), None);
        assert_eq!(
            take_varint(&mut [0xffu8, 0xff, 0xff, 0xff, 0x1f].as_slice()),
            None
        );
        assert_eq!(take_varint(&mut [0x80u8; 6].as_slice()), None);
    }

    #[test]
    fn damaged_sentences_are_not_used() {
        let dir = tempfile::tempdir().expect("temp dir");
        saved(dir.path());
        let reloaded = |damage: fn(&mut Memo)| {
            let mut m = Memo::load(dir.path(), "k").expect("memo loads");
            damage(&mut m);
            let other = tempfile::tempdir().expect("temp dir");
            m.save(other.path()).expect("memo saved");
            Memo::load(other.path(), "k")
        };
        assert!(reloaded(|_| {}).is_some());
        // Parts out of place: the memo is not used.
        let misplaced: [fn(&mut Memo); 5] = [
            |m| {
                m.sentences.pop();
            },
            |m| m.sentence_ends.swap(0, 1),
            |m| {
                m.words.ids.pop();
            },
            |m| m.words.ends.swap(0, 1),
            |m| m.words.ids[0] = m.words.surfaces.len() as u32,
        ];
        for damage in misplaced {
            assert!(reloaded(damage).is_none());
        }
        // A damaged part: its document is analysed again (no sentences), the others are not.
        let damaged: [fn(&mut Memo); 3] = [
            // A stem index past the document's stems.
            |m| m.sentences[1] = 120,
            // A sentence with more stems than the part holds.
            |m| m.sentences[0] = 0x7f,
            // A varint cut short.
            |m| {
                let end = m.sentence_ends[0] as usize;
                m.sentences[end - 1] = 0x80;
            },
        ];
        for damage in damaged {
            let m = reloaded(damage).expect("memo loads");
            assert!(m.sentences_of(0).is_none());
            assert!(m.sentences_of(1).is_some());
        }
    }
}
