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

use crate::snippets::Stems;
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
        consistent.then_some(memo)
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

    /// Adds a document whose stems' ids were just pushed to `doc_stems` (since `start`).
    fn push(&mut self, url: &str, hash: u64, frags: &[String], chars: &[char], start: usize) {
        let ids = &mut self.memo.doc_stems;
        ids[start..].sort_unstable();
        let mut kept = start;
        for i in start..ids.len() {
            if kept == start || ids[i] != ids[kept - 1] {
                ids[kept] = ids[i];
                kept += 1;
            }
        }
        ids.truncate(kept);
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
        text_ids: &[u32],
        stems: &Stems,
        dfs: &[Option<u32>],
    ) {
        let start = self.memo.doc_stems.len();
        for &t in text_ids {
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
        self.push(url, hash, frags, chars, start);
    }

    /// Adds the next document, whose fragments `previous` kept (it is document `ordinal`
    /// there).
    pub(crate) fn push_kept(&mut self, previous: &Memo, ordinal: usize, frags: &[String]) {
        if self.from_memo.len() < previous.stems.len() {
            self.from_memo.resize(previous.stems.len(), None);
        }
        let start = self.memo.doc_stems.len();
        for &t in previous.stems_of(ordinal) {
            let t = t as usize;
            let id = match self.from_memo[t] {
                Some(id) => id,
                None => {
                    let id = self.id(&previous.stems[t], previous.dfs[t]);
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
