//! Reads tantivy's own structures of a merged (one-segment) index and writes the client index
//! of one language under `<site>/search/<lang>/`. See README.md for the file formats.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

// Seeded per map (see `analyzer::Memo`): faster than SipHash on the export's many lookups.
use foldhash::HashMap;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::Postings;
use tantivy::schema::{IndexRecordOption, Value as _};
use tantivy::{DocSet, Index, TantivyDocument, TERMINATED};

use crate::analyzer::{fold_analyzer, nfc, tokens, SurfaceStemmer, WordStemmer};
use crate::encode::{common_prefix_js, js_cmp, js_value, push_varint, register_script};
use crate::indexer::year_of;
use crate::memo::{Memo, MemoWriter};
use crate::schema::{Fields, SEARCHED};
use crate::snippets::{Sentences, Stems};
use crate::vocabulary::Vocabulary;
use crate::{FileSink, LanguageCorpus, SearchDoc, SearchError};

/// Sizes of the client index's shards and of the impact tiers of frequent terms.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// Target size of a postings shard, in bytes (a term larger than this gets its own shard).
    pub postings_shard_bytes: usize,
    /// Target size of a vocabulary shard, in bytes.
    pub vocab_shard_bytes: usize,
    /// A stem whose encoded postings exceed this is split into impact tiers.
    pub tier_min_bytes: usize,
    /// Target size of tier 1 (the postings of highest BM25 contribution).
    pub tier1_bytes: usize,
    /// Tier 1 holds at least this many documents (when the term has more).
    pub tier1_min_docs: usize,
    /// Target size of one tier-2 block of title and headings postings (each part of tier 2 is
    /// split by doc id ranges).
    pub tier2_block_bytes: usize,
    /// Target size of one tier-2 block of body postings.
    pub body_block_bytes: usize,
    /// Target size of a file of tier-2 blocks: consecutive blocks (in stem order, a stem's T
    /// blocks then its B blocks, each part's in doc order) share a file up to this size (0:
    /// one block a file). Most parts are smaller than 16 KB, so with `tier2_file_per_part` a
    /// part is mostly one file: a query needs a title part whole, and of a large body part
    /// the blocks of its contenders' doc ranges, spread over the part.
    pub tier2_file_bytes: usize,
    /// A file of tier-2 blocks holds blocks of one part of one stem only (so loading a part's
    /// blocks loads no other part's); otherwise files run on across parts and stems, for fewer
    /// files.
    pub tier2_file_per_part: bool,
    /// Document records per file of `d/`: file `f` registers the records of docs
    /// `f × n .. (f + 1) × n` as one array under id `f`.
    pub records_per_file: usize,
    /// A tiered stem whose body part of tier 2 holds at least this many bytes is *carried*:
    /// every document record gives the stem's term frequency in the document's body (and the
    /// body's fieldnorm id), so the runtime makes the scores of a few contenders exact from
    /// their records (which it loads anyway to show them) instead of loading body blocks
    /// (0: none carried).
    pub carry_min_body_bytes: usize,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            postings_shard_bytes: 6 * 1024,
            vocab_shard_bytes: 3 * 1024,
            tier_min_bytes: 6 * 1024,
            tier1_bytes: 1536,
            tier1_min_docs: 16,
            tier2_block_bytes: 1024,
            body_block_bytes: 512,
            tier2_file_bytes: 16 * 1024,
            tier2_file_per_part: true,
            records_per_file: 9,
            carry_min_body_bytes: 20 * 1024,
        }
    }
}

/// Relative margin added to a stored tier-2 maximum so that it bounds the runtime's f32 scores
/// even if its `Math.log` differs from Rust's `ln` in the last bit.
const TIER_MAX_MARGIN: f64 = 1e-5;

/// A tier-2 block's maximum is stored as `q` in `0..=BLOCK_LEVELS`, standing for
/// `part max × q / BLOCK_LEVELS` (one varint character a block), rounded up.
const BLOCK_LEVELS: u32 = 31;

/// One posting: doc id, term frequency, fieldnorm id.
type Posting = (u32, u32, u8);

/// What the export of one language produced.
#[derive(Debug, Default)]
pub struct LangExport {
    /// Files written (relative to `search/`) and their sizes.
    pub files: Vec<(String, u64)>,
}

/// Hands the files of the client index to a [`FileSink`], recording their sizes.
pub struct Writer<'a> {
    sink: &'a dyn FileSink,
    /// Files written (path relative to `search/`, bytes).
    pub files: Vec<(String, u64)>,
}

impl<'a> Writer<'a> {
    /// A writer into `sink`.
    pub fn new(sink: &'a dyn FileSink) -> Self {
        Writer {
            sink,
            files: Vec::new(),
        }
    }

    /// Writes one file.
    pub fn write(&mut self, rel: &str, content: &str) -> Result<(), SearchError> {
        self.sink
            .write(rel, content.as_bytes())
            .map_err(|source| SearchError::Io {
                path: PathBuf::from(rel),
                source,
            })?;
        self.files.push((rel.to_string(), content.len() as u64));
        Ok(())
    }
}

/// A [`FileSink`] that writes below a folder (the `search/` folder of a site), creating
/// folders as needed.
pub struct DirSink {
    root: PathBuf,
}

impl DirSink {
    /// A sink writing below `root`.
    pub fn new(root: &Path) -> Self {
        DirSink {
            root: root.to_path_buf(),
        }
    }
}

impl FileSink for DirSink {
    fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        let path = self.root.join(rel);
        // Shards share few folders: create them only when a write fails for want of one.
        match std::fs::write(&path, bytes) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                std::fs::write(&path, bytes)
            }
            other => other,
        }
    }
}

/// Term frequencies below this share a varint with the doc delta (`delta × TF_SHARED + tf − 1`);
/// a larger one is written there as `TF_SHARED − 1`, followed by `tf − TF_SHARED`. Dense postings
/// of frequent words (deltas of a few docs, tf 1 to 3) then take one character, not two.
const TF_SHARED: u32 = 4;

/// Encodes the postings of one term in one field: count, base fieldnorm id, then per posting
/// the doc delta (the first from `origin`) with the term frequency (see [`TF_SHARED`]), and
/// fieldnorm id − base.
fn encode_field_postings(out: &mut String, postings: &[Posting], origin: u32) {
    push_varint(out, postings.len() as u64);
    if postings.is_empty() {
        return;
    }
    let base = postings.iter().map(|p| p.2).min().unwrap_or(0);
    push_varint(out, u64::from(base));
    let mut prev = origin;
    for &(doc, tf, fnid) in postings {
        let tf = tf.max(1);
        let shared = (tf - 1).min(TF_SHARED - 1);
        push_varint(
            out,
            u64::from(doc - prev) * u64::from(TF_SHARED) + u64::from(shared),
        );
        if shared == TF_SHARED - 1 {
            push_varint(out, u64::from(tf - TF_SHARED));
        }
        prev = doc;
        push_varint(out, u64::from(fnid - base));
    }
}

/// Encodes the postings of one stem in the three searched fields.
fn encode_postings(lists: &[Vec<Posting>; 3], origin: u32) -> String {
    let mut data = String::new();
    for list in lists {
        encode_field_postings(&mut data, list, origin);
    }
    data
}

/// Rounds a double to f32, as JavaScript's `Math.fround`.
fn fr(x: f64) -> f32 {
    x as f32
}

/// tantivy's BM25 as the runtime computes it (every step of `stemScores` in the runtime's
/// order, doubles rounded to f32 where it calls `Math.fround`), to rank postings into tiers.
struct Bm25 {
    docs: u32,
    boosts: [f32; 3],
    /// Per field, per fieldnorm id: K1 × (1 − B + B × fieldnorm / avg).
    cache: [Vec<f32>; 3],
}

impl Bm25 {
    fn new(docs: u32, totals: [u64; 3]) -> Self {
        let (k1, b) = (fr(1.2), fr(0.75));
        let omb = fr(1.0 - f64::from(b));
        let boosts = SEARCHED.map(|(_, boost)| boost);
        let cache = totals.map(|total| {
            let avg = fr(f64::from(fr(total as f64)) / f64::from(fr(f64::from(docs))));
            (0..=255u8)
                .map(|id| {
                    let fieldnorm = f64::from(FieldNormReader::id_to_fieldnorm(id));
                    let x = fr(f64::from(fr(f64::from(b) * fieldnorm)) / f64::from(avg));
                    fr(f64::from(k1) * f64::from(fr(f64::from(omb) + f64::from(x))))
                })
                .collect()
        });
        Bm25 {
            docs,
            boosts,
            cache,
        }
    }

    /// The runtime's `idf(df, n)`.
    fn idf(&self, df: usize) -> f32 {
        let n = f64::from(self.docs);
        let df = df as f64;
        let x = fr(f64::from(fr(f64::from(fr(n - df)) + 0.5)) / f64::from(fr(df + 0.5)));
        fr(f64::from(fr(1.0 + f64::from(x))).ln())
    }

    /// Score of the stem per document in each part of tier 2, as the runtime sums them:
    /// `[title + headings, body]` (fields summed in order, f32), absent when the document has
    /// no posting in the part's fields. A document's score is `part 0 + part 1` in f32. With
    /// each part's encoded bytes; in doc order.
    fn scored(&self, lists: &[Vec<Posting>; 3]) -> Vec<Scored> {
        let k1p1 = fr(1.0 + f64::from(fr(1.2)));
        // Every posting's score, field by field; then in doc order (a stable sort of the
        // lists, each in doc order already, keeps each document's fields in order).
        let mut all: Vec<(u32, usize, f32, usize)> =
            Vec::with_capacity(lists.iter().map(Vec::len).sum());
        for (f, list) in lists.iter().enumerate() {
            if list.is_empty() {
                continue;
            }
            let weight = fr(
                f64::from(fr(f64::from(self.idf(list.len())) * f64::from(k1p1)))
                    * f64::from(self.boosts[f]),
            );
            let part = usize::from(f == BODY);
            for &(doc, tf, id) in list {
                let norm = f64::from(self.cache[f][id as usize]);
                let tf64 = f64::from(tf);
                let s = fr(f64::from(weight) * f64::from(fr(tf64 / f64::from(fr(tf64 + norm)))));
                let cost = 2 + if tf >= TF_SHARED {
                    varint_len(u64::from(tf - TF_SHARED))
                } else {
                    0
                };
                all.push((doc, part, s, cost));
            }
        }
        all.sort_by_key(|p| p.0);
        let mut out: Vec<Scored> = Vec::new();
        for (doc, part, s, cost) in all {
            if out.last().is_none_or(|d| d.doc != doc) {
                out.push(Scored {
                    doc,
                    parts: [None; 2],
                    cost: [0; 2],
                });
            }
            if let Some(d) = out.last_mut() {
                let slot = &mut d.parts[part];
                *slot = Some(slot.map_or(s, |p| fr(f64::from(p) + f64::from(s))));
                d.cost[part] += cost;
            }
        }
        out
    }
}

/// A document's postings of one stem, scored ([`Bm25::scored`]).
struct Scored {
    /// The document.
    doc: u32,
    /// Its score in each part of tier 2 (see [`Bm25::scored`]).
    parts: [Option<f32>; 2],
    /// The encoded bytes of its postings in each part.
    cost: [usize; 2],
}

/// Index of the body among the searched fields: tier 2 keeps it apart from title and headings.
const BODY: usize = 2;

/// A document's score from its part scores, summed as the runtime sums them.
fn total(parts: &[Option<f32>; 2]) -> f32 {
    let a = parts[0].unwrap_or(0.0);
    let b = parts[1].unwrap_or(0.0);
    fr(f64::from(a) + f64::from(b))
}

/// Length of a varint.
fn varint_len(v: u64) -> usize {
    let mut s = String::new();
    push_varint(&mut s, v);
    s.len()
}

/// A frequent stem split into impact tiers.
struct Tiered {
    /// Postings of the documents of highest score (all fields of each such document).
    tier1: [Vec<Posting>; 3],
    /// Tier 2 in two parts: the title and headings postings, and the body postings, of the
    /// other documents.
    parts: [Part; 2],
}

/// One part of tier 2, split into blocks of consecutive doc ids.
#[derive(Default)]
struct Part {
    /// Upper bound of the part's score of any of its documents (margin included).
    max: f64,
    /// Blocks: first doc of the range, postings, the level of the block's maximum score.
    blocks: Vec<(u32, [Vec<Posting>; 3], u32)>,
    /// One past the last doc of the part: the last block's range ends there.
    end: u32,
}

/// The level `q` (`0..=BLOCK_LEVELS`) such that `max × q / BLOCK_LEVELS`, computed as the
/// runtime computes it, bounds `score` with the margin.
fn block_level(score: f32, max: f64) -> u32 {
    let bound = f64::from(score) * (1.0 + TIER_MAX_MARGIN);
    let levels = f64::from(BLOCK_LEVELS);
    let mut q = ((bound * levels / max).ceil() as u32).min(BLOCK_LEVELS);
    while q < BLOCK_LEVELS && max * f64::from(q) / levels < bound {
        q += 1;
    }
    q
}

/// Splits the postings of a stem into tiers: tier 1 holds the documents of highest score
/// (cut where the score drops, so every tier-2 score is below every tier-1 score), tier 2 the
/// rest, its title and headings postings apart from its body postings (a frequent word's body
/// postings score little but are many), each part in blocks of consecutive doc ids with the
/// maximum score of each block. `None` when no such cut exists.
fn tier(lists: &[Vec<Posting>; 3], bm: &Bm25, opts: &ExportOptions) -> Option<Tiered> {
    let docs = bm.scored(lists);
    // Positions in `docs`, by score then doc.
    let mut ranked: Vec<(usize, f32)> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (i, total(&d.parts)))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut size = 0;
    let mut cut = 0;
    while cut < ranked.len() && (cut < opts.tier1_min_docs || size < opts.tier1_bytes) {
        let c = docs[ranked[cut].0].cost;
        size += c[0] + c[1];
        cut += 1;
    }
    // Move the cut to a score drop: back if possible, else forward.
    let back = (1..=cut)
        .rev()
        .find(|&c| c < ranked.len() && ranked[c].1 < ranked[c - 1].1);
    let cut = match back {
        Some(c) => c,
        None => (cut..ranked.len()).find(|&c| c > 0 && ranked[c].1 < ranked[c - 1].1)?,
    };
    // Tier 1, by position in `docs` and by doc id.
    let mut in_top = vec![false; docs.len()];
    let mut top = vec![false; docs.last().map_or(0, |d| d.doc as usize + 1)];
    for &(i, _) in &ranked[..cut] {
        in_top[i] = true;
        top[docs[i].doc as usize] = true;
    }
    let is_top = |doc: u32| top.get(doc as usize).copied().unwrap_or(false);
    let tier1 = std::array::from_fn(|f| lists[f].iter().filter(|p| is_top(p.0)).copied().collect());
    let mut tiered = Tiered {
        tier1,
        parts: Default::default(),
    };
    for (pi, part) in tiered.parts.iter_mut().enumerate() {
        let target = if pi == 0 {
            opts.tier2_block_bytes
        } else {
            opts.body_block_bytes
        };
        // The part's documents (not in tier 1) in doc order, with their part score and cost.
        let part_docs: Vec<(u32, f32, usize)> = docs
            .iter()
            .zip(&in_top)
            .filter(|(_, &top)| !top)
            .filter_map(|(d, _)| d.parts[pi].map(|s| (d.doc, s, d.cost[pi])))
            .collect();
        let Some(max) = part_docs.iter().map(|d| d.1).max_by(f32::total_cmp) else {
            continue;
        };
        part.max = f64::from(max) * (1.0 + TIER_MAX_MARGIN);
        part.end = part_docs.last().map_or(0, |d| d.0 + 1);
        let mut ranges: Vec<(u32, f32)> = Vec::new();
        let mut size = 0;
        for &(d, s, cost) in &part_docs {
            match ranges.last_mut() {
                Some(r) if size < target => r.1 = r.1.max(s),
                _ => {
                    ranges.push((d, s));
                    size = 0;
                }
            }
            size += cost;
        }
        for (j, &(start, block_max)) in ranges.iter().enumerate() {
            let end = ranges.get(j + 1).map_or(u32::MAX, |r| r.0);
            let mut postings: [Vec<Posting>; 3] = Default::default();
            for (f, list) in lists.iter().enumerate() {
                if usize::from(f == BODY) == pi {
                    // A list is in doc order: the block's range is found, not filtered for.
                    let from = list.partition_point(|p| p.0 < start);
                    let to = from + list[from..].partition_point(|p| p.0 < end);
                    postings[f] = list[from..to]
                        .iter()
                        .filter(|p| !is_top(p.0))
                        .copied()
                        .collect();
                }
            }
            part.blocks
                .push((start, postings, block_level(block_max, part.max)));
        }
    }
    Some(tiered)
}

/// A stem's postings data, encoded ([`encode_stems`]).
enum EncodedStem {
    /// Not tiered: its postings, serialised.
    Plain(String),
    /// Tiered: what is written once its blocks are numbered.
    Tiered(Box<EncodedTiers>),
}

/// A tiered stem, encoded but for the numbers of its blocks and their files.
struct EncodedTiers {
    /// Tier 1's postings.
    tier1: String,
    /// The document frequency in each field (varints).
    dfs: String,
    /// The two parts of tier 2.
    parts: [EncodedPart; 2],
    /// When the stem is carried, the body term frequency of each document of its body part.
    carried: Option<HashMap<u32, u32>>,
}

/// One part of tier 2, encoded.
struct EncodedPart {
    /// Upper bound of the part's scores.
    max: f64,
    /// Each block's first doc, then the part's end (varints, as differences).
    starts: String,
    /// Each block's level (varints).
    levels: String,
    /// Each block's postings, serialised.
    blocks: Vec<String>,
}

/// Scores, tiers and encodes the postings of every stem, on every core (stems taken in
/// turn, so that each core gets its share of the frequent ones); in the stems' order.
fn encode_stems(
    stems: &BTreeMap<String, [Vec<Posting>; 3]>,
    bm: &Bm25,
    opts: &ExportOptions,
) -> Vec<EncodedStem> {
    let lists: Vec<&[Vec<Posting>; 3]> = stems.values().collect();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let done: Vec<Vec<EncodedStem>> = std::thread::scope(|scope| {
        let jobs: Vec<_> = (0..cores)
            .map(|k| {
                let lists = &lists;
                scope.spawn(move || {
                    lists
                        .iter()
                        .skip(k)
                        .step_by(cores)
                        .map(|l| encode_stem(l, bm, opts))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        jobs.into_iter()
            .map(|j| j.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    let mut turns: Vec<_> = done.into_iter().map(Vec::into_iter).collect();
    let mut out = Vec::with_capacity(lists.len());
    for i in 0..lists.len() {
        out.extend(turns[i % cores].next());
    }
    out
}

/// Encodes one stem's postings: in tiers when they are large and a cut exists.
fn encode_stem(lists: &[Vec<Posting>; 3], bm: &Bm25, opts: &ExportOptions) -> EncodedStem {
    let plain = encode_postings(lists, 0);
    if plain.len() > opts.tier_min_bytes {
        if let Some(t) = tier(lists, bm, opts) {
            return EncodedStem::Tiered(Box::new(encode_tiers(lists, &t, opts)));
        }
    }
    EncodedStem::Plain(js_value(&Value::String(plain)))
}

/// Encodes a tiered stem.
fn encode_tiers(lists: &[Vec<Posting>; 3], t: &Tiered, opts: &ExportOptions) -> EncodedTiers {
    let raw = t.parts.each_ref().map(|part| {
        part.blocks
            .iter()
            .map(|(start, postings, _)| encode_postings(postings, *start))
            .collect::<Vec<_>>()
    });
    let body_bytes: usize = raw[1].iter().map(String::len).sum();
    let carried =
        (opts.carry_min_body_bytes > 0 && body_bytes >= opts.carry_min_body_bytes).then(|| {
            t.parts[1]
                .blocks
                .iter()
                .flat_map(|(_, postings, _)| postings[BODY].iter().map(|p| (p.0, p.1)))
                .collect()
        });
    let mut raw = raw;
    let parts = [0, 1].map(|pi| {
        let part = &t.parts[pi];
        let (mut starts, mut levels) = (String::new(), String::new());
        let mut prev = 0;
        for (start, _, level) in &part.blocks {
            push_varint(&mut starts, u64::from(start - prev));
            push_varint(&mut levels, u64::from(*level));
            prev = *start;
        }
        if !part.blocks.is_empty() {
            push_varint(&mut starts, u64::from(part.end - prev));
        }
        EncodedPart {
            max: part.max,
            starts,
            levels,
            blocks: std::mem::take(&mut raw[pi])
                .into_iter()
                .map(|r| js_value(&Value::String(r)))
                .collect(),
        }
    });
    let mut dfs = String::new();
    for l in lists {
        push_varint(&mut dfs, l.len() as u64);
    }
    EncodedTiers {
        tier1: encode_postings(&t.tier1, 0),
        dfs,
        parts,
        carried,
    }
}

/// Runs of equal values over doc ids: `[[value, start, end), ...]`.
fn runs(values: &[String]) -> Vec<Value> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=values.len() {
        if i == values.len() || values[i] != values[start] {
            if !values[start].is_empty() {
                out.push(json!([values[start], start, i]));
            }
            start = i;
        }
    }
    out
}

/// The short id of a translation group, the same in every language's export: 48 bits of the
/// group's FNV-1a hash in base 36 (at most 10 characters; with 10,000 groups the chance that
/// two share an id is about 2 × 10⁻⁷).
pub(crate) fn group_id(group: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in group.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    let mut n = hash >> 16;
    let mut digits = Vec::new();
    loop {
        digits.push(b"0123456789abcdefghijklmnopqrstuvwxyz"[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    digits.reverse();
    String::from_utf8(digits).unwrap_or_default()
}

/// What the export needs of one document's text that depends on nothing else: its sentences
/// with their stems (for the snippets) and its non-ASCII letters and digits (for the folding
/// table).
#[derive(Debug, Clone, Default)]
struct DocText {
    sentences: Sentences,
    chars: Vec<char>,
}

impl DocText {
    /// The text of `d`, whose body is known to be NFC when `nfc_body`.
    fn of(d: &SearchDoc, nfc_body: bool, analyzer: &mut WordStemmer, stems: &mut Stems) -> DocText {
        let (body, summary) = sentence_texts(d, nfc_body);
        let mut chars = Vec::new();
        non_ascii_alphanumerics(&nfc(&d.title), &mut chars);
        non_ascii_alphanumerics(&body, &mut chars);
        for h in &d.headings {
            non_ascii_alphanumerics(&nfc(h), &mut chars);
        }
        chars.sort_unstable();
        chars.dedup();
        DocText {
            sentences: Sentences::of(summary.as_deref(), &body, analyzer, stems),
            chars,
        }
    }
}

/// Pushes the letters and digits of `text` that are not ASCII onto `out`, in order, repeats
/// included. Only the bytes from the first non-ASCII one of each run are decoded: most of a
/// French or English text is ASCII.
fn non_ascii_alphanumerics(text: &str, out: &mut Vec<char>) {
    let mut from = 0;
    while let Some(at) = text.as_bytes()[from..].iter().position(|b| !b.is_ascii()) {
        // A non-ASCII byte found from a character boundary starts a character.
        let start = from + at;
        let mut end = start;
        for c in text[start..].chars() {
            if c.is_ascii() {
                break;
            }
            end += c.len_utf8();
            if c.is_alphanumeric() {
                out.push(c);
            }
        }
        // The ASCII character that ended the run (if any) is skipped too.
        from = (end + 1).min(text.len());
        if end == text.len() {
            break;
        }
    }
}

/// The body and summary a document's sentences are cut from (NFC), whether its stems are found
/// by analysis ([`DocText::of`]) or taken from a memo. A body known to be NFC (`nfc_body`) is
/// not checked again.
fn sentence_texts(d: &SearchDoc, nfc_body: bool) -> (Cow<'_, str>, Option<Cow<'_, str>>) {
    let body = if nfc_body {
        Cow::Borrowed(&*d.body)
    } else {
        nfc(&d.body)
    };
    (body, d.summary.as_deref().map(nfc))
}

/// The `DocText` of every document of a corpus, in the corpus' order, made by [`prepare`]
/// before or beside the tantivy index; or, when none was made ahead, made one by one as the
/// export needs them (less memory, no overlap).
pub struct Prepared {
    /// The stems the texts' ids stand for.
    stems: Stems,
    texts: Texts,
    /// The memo of the language's last export, whose fragments are kept where their inputs
    /// are unchanged.
    memo: Option<Memo>,
    /// The [`crate::memo::doc_hash`] of each document of the corpus, in its order.
    hashes: Vec<u64>,
    /// Whether each document's body (in the corpus' order) is known to be NFC as it is (the
    /// index found it so); empty when not known.
    nfc_bodies: Vec<bool>,
}

/// The texts of a [`Prepared`]: all made already, or the analyzer that makes each as needed.
enum Texts {
    Ahead(Vec<DocText>),
    AsNeeded(WordStemmer),
}

impl Prepared {
    /// Texts to make one by one as the export needs them.
    pub fn as_needed(lang: &str) -> Prepared {
        Prepared {
            stems: Stems::default(),
            texts: Texts::AsNeeded(WordStemmer::new(lang)),
            memo: None,
            hashes: Vec::new(),
            nfc_bodies: Vec::new(),
        }
    }

    /// These texts, with the memo of the language's last export and the documents' hashes
    /// (in the corpus' order): a document whose hash and weights the memo finds unchanged
    /// keeps its fragments, and its text is not made.
    pub(crate) fn with_memo(mut self, memo: Option<Memo>, hashes: Vec<u64>) -> Prepared {
        self.memo = memo;
        self.hashes = hashes;
        self
    }

    /// These texts, knowing which documents' bodies (in the corpus' order) are NFC as they
    /// are ([`crate::indexer::build_language_index`]).
    pub(crate) fn with_nfc_bodies(mut self, nfc_bodies: Vec<bool>) -> Prepared {
        self.nfc_bodies = nfc_bodies;
        self
    }

    /// Whether the body of `corpus.docs[i]` is known to be NFC as it is.
    fn nfc_body(&self, i: usize) -> bool {
        self.nfc_bodies.get(i).copied().unwrap_or(false)
    }

    /// The text of `corpus.docs[i]`, and the weights and body document frequencies of the
    /// stems known so far (extended from `body` for those the document brought).
    fn text(
        &mut self,
        corpus: &LanguageCorpus,
        i: usize,
        weights: &mut Vec<Option<f32>>,
        dfs: &mut Vec<Option<u32>>,
        body: &HashMap<String, (f32, u32)>,
    ) -> Result<DocText, SearchError> {
        let nfc_body = self.nfc_body(i);
        let text = match &mut self.texts {
            Texts::AsNeeded(analyzer) => {
                DocText::of(&corpus.docs[i], nfc_body, analyzer, &mut self.stems)
            }
            Texts::Ahead(texts) => texts.get_mut(i).map(std::mem::take).ok_or_else(|| {
                SearchError::Query(format!("document {i} of {} was not prepared", corpus.lang))
            })?,
        };
        self.stems.extend_values(weights, body, |v| v.0);
        self.stems.extend_values(dfs, body, |v| v.1);
        Ok(text)
    }
}

impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut d = f.debug_struct("Prepared");
        match &self.texts {
            Texts::Ahead(texts) => d.field("ahead", &texts.len()),
            Texts::AsNeeded(_) => d.field("as_needed", &true),
        };
        d.finish()
    }
}

/// The [`Prepared`] texts of every document of `corpus`, made ahead.
pub fn prepare(corpus: &LanguageCorpus) -> Prepared {
    let mut analyzer = WordStemmer::new(&corpus.lang);
    let mut stems = Stems::default();
    let texts = corpus
        .docs
        .iter()
        .map(|d| DocText::of(d, false, &mut analyzer, &mut stems))
        .collect();
    Prepared {
        stems,
        texts: Texts::Ahead(texts),
        memo: None,
        hashes: Vec::new(),
        nfc_bodies: Vec::new(),
    }
}

/// Exports one language. `langs` lists every language of the site; `prepared` is
/// [`prepare`]`(corpus)`; `words` are the words of the index's documents, in its order.
/// Returns the memo of this export, for the next one (its key unset).
#[expect(
    clippy::too_many_arguments,
    reason = "the index, its corpus and what was derived from them, and the options"
)]
pub(crate) fn export_language(
    index: &Index,
    fields: &Fields,
    corpus: &LanguageCorpus,
    mut prepared: Prepared,
    order: &[usize],
    words: Vocabulary,
    langs: &[String],
    opts: &ExportOptions,
    out: &mut Writer<'_>,
) -> Result<Memo, SearchError> {
    let lang = corpus.lang.as_str();
    let searcher = crate::indexer::searcher(index)?;
    let segments = searcher.segment_readers();
    if segments.len() > 1 {
        return Err(SearchError::Query(format!(
            "index of {lang} has {} segments after the merge",
            segments.len()
        )));
    }
    let n_docs: u32 = segments.iter().map(|s| s.max_doc()).sum();

    // doc id -> position in corpus.docs, through the stored ordinal.
    let mut doc_of: Vec<usize> = Vec::with_capacity(n_docs as usize);
    if let Some(seg) = segments.first() {
        let store = seg.get_store_reader(64)?;
        for doc_id in 0..seg.max_doc() {
            let d: TantivyDocument = store.get(doc_id)?;
            let ordinal = d
                .get_first(fields.id)
                .and_then(|v| v.as_u64())
                .ok_or_else(|| SearchError::Query("document without id".into()))?;
            let i = order
                .get(ordinal as usize)
                .copied()
                .ok_or_else(|| SearchError::Query("document id out of range".into()))?;
            doc_of.push(i);
        }
    }

    // Postings of every stemmed term, per searched field.
    let mut stems: BTreeMap<String, [Vec<Posting>; 3]> = BTreeMap::new();
    let mut totals = [0u64; 3];
    for seg in segments {
        for (fi, field) in fields.searched().iter().enumerate() {
            let inv = seg.inverted_index(*field)?;
            let norms: FieldNormReader = seg.get_fieldnorms_reader(*field)?;
            let mut stream = inv.terms().stream()?;
            while stream.advance() {
                let Ok(term) = std::str::from_utf8(stream.key()) else {
                    continue;
                };
                let mut postings =
                    inv.read_postings_from_terminfo(stream.value(), IndexRecordOption::WithFreqs)?;
                let list = &mut stems.entry(term.to_string()).or_default()[fi];
                let mut doc = postings.doc();
                while doc != TERMINATED {
                    let tf = postings.term_freq();
                    // The field's tokens, counted exactly: an index merged after an update
                    // in place only estimates `total_num_tokens`.
                    totals[fi] += u64::from(tf);
                    list.push((doc, tf, norms.fieldnorm_id(doc)));
                    doc = postings.advance();
                }
            }
        }
    }

    // Postings shards, in stem order. Each stem's postings are scored, tiered and encoded on
    // every core first; the files are then numbered and written in order.
    let mut shard_of: HashMap<String, usize> = HashMap::default();
    let mut shard: Vec<String> = Vec::new();
    let mut shard_bytes = 0usize;
    let mut n_pshards = 0usize;
    let bm = Bm25::new(n_docs, totals);
    let mut n_blocks = 0usize;
    let mut tfiles = TierFiles::default();
    let encoded = encode_stems(&stems, &bm, opts);
    // Carried stems (see `ExportOptions::carry_min_body_bytes`) and, per carried stem, the
    // body term frequency of each document of its body part.
    let mut carried: Vec<&str> = Vec::new();
    let mut carried_tfs_of: Vec<HashMap<u32, u32>> = Vec::new();
    for ((stem, _), enc) in stems.iter().zip(encoded) {
        let data = match enc {
            EncodedStem::Plain(data) => data,
            EncodedStem::Tiered(t) => {
                let first = n_blocks;
                if let Some(tfs) = t.carried {
                    carried.push(stem.as_str());
                    carried_tfs_of.push(tfs);
                }
                let mut parts = Vec::new();
                for part in t.parts {
                    if part.blocks.is_empty() {
                        parts.push(json!(0));
                        continue;
                    }
                    // The blocks go into files in doc order (a part's files hold that part
                    // only, with `tier2_file_per_part`): a title part is mostly needed whole,
                    // a body part for the doc ranges of a few contenders. `files` gives each
                    // block's file, as the part's first file then each block's file after it.
                    let first_file = tfiles.number;
                    let mut file_of = Vec::with_capacity(part.blocks.len());
                    for (b, block) in part.blocks.iter().enumerate() {
                        file_of.push(tfiles.number - first_file);
                        tfiles.add(
                            out,
                            lang,
                            &register_script("t", lang, &json!(n_blocks + b), block),
                            opts.tier2_file_bytes,
                        )?;
                    }
                    n_blocks += part.blocks.len();
                    let mut files = String::new();
                    push_varint(&mut files, first_file as u64);
                    for f in file_of {
                        push_varint(&mut files, f as u64);
                    }
                    if opts.tier2_file_per_part {
                        tfiles.flush(out, lang)?;
                    }
                    parts.push(json!([part.max, part.starts, part.levels, files]));
                }
                js_value(&json!([t.tier1, t.dfs, first, parts[0], parts[1]]))
            }
        };
        let size = data.len() + stem.len() + 6;
        if shard_bytes > 0 && shard_bytes + size > opts.postings_shard_bytes {
            flush_postings(out, lang, &mut shard, &mut shard_bytes, &mut n_pshards)?;
            tfiles.flush(out, lang)?;
        }
        shard_of.insert(stem.clone(), n_pshards);
        shard.push(js_value(&Value::String(stem.clone())));
        shard.push(data);
        shard_bytes += size;
    }
    flush_postings(out, lang, &mut shard, &mut shard_bytes, &mut n_pshards)?;

    // Surface vocabulary: folded word -> stem -> postings shard.
    let mut stemmer = SurfaceStemmer::new(lang);
    let mut surfaces: Vec<(String, String)> = Vec::new();
    let (all_surfaces, kept_words) = words.finish();
    for surface in all_surfaces {
        let stem = stemmer.stem(&surface);
        if shard_of.contains_key(&stem) {
            surfaces.push((surface, stem));
        }
    }
    surfaces.sort_by(|a, b| js_cmp(&a.0, &b.0));
    surfaces.dedup_by(|a, b| a.0 == b.0);
    let mut vshards: Vec<String> = Vec::new();
    let mut entries = String::new();
    let mut prev = String::new();
    for (surface, stem) in &surfaces {
        if entries.len() >= opts.vocab_shard_bytes {
            write_vocab(out, lang, vshards.len() - 1, &entries)?;
            entries.clear();
        }
        if entries.is_empty() {
            vshards.push(surface.clone());
            prev.clear();
        } else {
            entries.push('|');
        }
        let p = common_prefix_js(&prev, surface);
        let k = common_prefix_js(surface, stem);
        entries.push_str(&format!(
            "{} {} {} {} {:x}",
            p,
            crate::encode::skip_js(surface, p),
            k,
            crate::encode::skip_js(stem, k),
            shard_of.get(stem).copied().unwrap_or(0)
        ));
        prev = surface.clone();
    }
    if !entries.is_empty() {
        write_vocab(out, lang, vshards.len() - 1, &entries)?;
    }

    // Documents: metadata and snippet fragments, `records_per_file` a file.
    // Each stem's weight, and the body document frequency it comes from.
    let body_df: HashMap<String, (f32, u32)> = stems
        .iter()
        .map(|(s, l)| {
            let df = l[BODY].len();
            let weight = ((n_docs as f32 + 1.0) / (df as f32 + 1.0)).ln();
            (s.clone(), (weight, df as u32))
        })
        .collect();
    let mut weights = Vec::new();
    let mut dfs = Vec::new();
    let mut kinds = Vec::with_capacity(doc_of.len());
    let mut years = Vec::with_capacity(doc_of.len());
    let mut by_country: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    let mut by_topic: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    let mut groups: Vec<Value> = Vec::with_capacity(doc_of.len());
    let mut chars: BTreeSet<char> = BTreeSet::new();
    let per_file = opts.records_per_file.max(1);
    let body_norms = match segments.first() {
        Some(seg) => Some(seg.get_fieldnorms_reader(fields.searched()[BODY])?),
        None => None,
    };
    let mut records: Vec<Value> = Vec::with_capacity(per_file);
    let memo = prepared
        .memo
        .take()
        .filter(|m| m.urls.len() == doc_of.len());
    // The weight and body document frequency of each of the memo's stems now: the documents
    // with a stem whose frequency changed since choose their fragments again.
    let (memo_weights, memo_dfs): (Vec<Option<f32>>, Vec<Option<u32>>) = memo
        .iter()
        .flat_map(|m| &m.stems)
        .map(|stem| body_df.get(stem.as_str()).map(|v| (v.0, v.1)).unzip())
        .unzip();
    let mut next = MemoWriter::default();
    let carried_of = by_document(carried_tfs_of, doc_of.len());
    for (doc_id, &i) in doc_of.iter().enumerate() {
        let d = &corpus.docs[i];
        let hash = prepared
            .hashes
            .get(i)
            .copied()
            .ok_or_else(|| SearchError::Query(format!("document {i} of {lang} has no hash")))?;
        let same_text = memo
            .as_ref()
            .filter(|m| m.urls[doc_id] == d.url && m.hashes[doc_id] == hash);
        // Fragments from the memo: kept, or chosen again from the sentences' stems it keeps.
        let from_memo = same_text.and_then(|m| {
            let reweighed = |&t: &u32| memo_dfs[t as usize] != m.dfs[t as usize];
            let frags = if m.stems_of(doc_id).iter().any(reweighed) {
                let (stems, ends) = m.sentences_of(doc_id)?;
                let (body, summary) = sentence_texts(d, prepared.nfc_body(i));
                Sentences::with_stems(summary.as_deref(), &body, stems, ends)?.choose(&memo_weights)
            } else {
                m.frags[doc_id].clone()
            };
            chars.extend(m.chars[doc_id].iter().copied());
            next.push_same_text(m, doc_id, &frags, &memo_dfs);
            Some(frags)
        });
        let frags = match from_memo {
            Some(frags) => frags,
            None => {
                let text = prepared.text(corpus, i, &mut weights, &mut dfs, &body_df)?;
                chars.extend(text.chars.iter().copied());
                let frags = text.sentences.choose(&weights);
                next.push_chosen(
                    &d.url,
                    hash,
                    &frags,
                    &text.chars,
                    &text.sentences,
                    &prepared.stems,
                    &dfs,
                );
                frags
            }
        };
        let mut row = json!([
            d.url,
            nfc(&d.title),
            d.kind,
            d.date,
            d.countries,
            d.topics,
            frags
        ]);
        if !carried.is_empty() {
            if let (Some(norms), Some(row)) = (&body_norms, row.as_array_mut()) {
                let tfs = carried_tfs(carried_of.of(doc_id), norms.fieldnorm_id(doc_id as u32));
                if !tfs.is_empty() {
                    row.push(Value::String(tfs));
                }
            }
        }
        records.push(row);
        if (doc_id + 1) % per_file == 0 || doc_id + 1 == doc_of.len() {
            let file = doc_id / per_file;
            out.write(
                &format!("{lang}/d/{file}.js"),
                &register_script(
                    "d",
                    lang,
                    &json!(file),
                    &js_value(&Value::Array(std::mem::take(&mut records))),
                ),
            )?;
        }
        kinds.push(d.kind.clone());
        years.push(year_of(d.date.as_deref()).unwrap_or_default());
        groups.push(Value::String(
            d.translation_group
                .as_deref()
                .map(group_id)
                .unwrap_or_default(),
        ));
        for c in &d.countries {
            by_country
                .entry(c.as_str())
                .or_default()
                .push(doc_id as u32);
        }
        for t in &d.topics {
            by_topic.entry(t.as_str()).or_default().push(doc_id as u32);
        }
    }

    // Country and topic facets: inverted lists (loaded only when facets are needed).
    let encode_lists = |m: &BTreeMap<&str, Vec<u32>>| -> Value {
        let mut obj = serde_json::Map::new();
        for (k, docs) in m {
            let mut docs = docs.clone();
            docs.sort_unstable();
            docs.dedup();
            let mut s = String::new();
            let mut prev = 0;
            for d in docs {
                push_varint(&mut s, u64::from(d - prev));
                prev = d;
            }
            obj.insert((*k).to_string(), Value::String(s));
        }
        Value::Object(obj)
    };
    let facets = json!({"country": encode_lists(&by_country), "topic": encode_lists(&by_topic)});
    out.write(
        &format!("{lang}/f.js"),
        &register_script("f", lang, &json!(0), &js_value(&facets)),
    )?;

    // Translation groups: per document, the id it shares with its translations (loaded only
    // when a search covers every language).
    out.write(
        &format!("{lang}/x.js"),
        &register_script("x", lang, &json!(0), &js_value(&Value::Array(groups))),
    )?;

    // Folding table of the non-ASCII characters of this corpus, as tantivy folds them.
    let mut fold = fold_analyzer();
    let mut fold_map = serde_json::Map::new();
    for c in chars {
        let folded = tokens(&mut fold, &c.to_string()).join("");
        for key in std::iter::once(c).chain(c.to_lowercase()) {
            if key.to_string() != folded {
                fold_map.insert(key.to_string(), Value::String(folded.clone()));
            }
        }
    }

    // tantivy's fieldnorm id -> fieldnorm table, up to the largest id used.
    let max_id = stems
        .values()
        .flat_map(|l| l.iter().flat_map(|p| p.iter().map(|x| x.2)))
        .max()
        .unwrap_or(0);
    let norms: Vec<u32> = (0..=max_id).map(FieldNormReader::id_to_fieldnorm).collect();

    let labels = &corpus.labels;
    let meta = json!({
        "lang": lang,
        "langs": langs,
        "docs": n_docs,
        "fields": SEARCHED.iter().zip(totals).map(|((name, boost), total)| json!([name, boost, total])).collect::<Vec<_>>(),
        "norms": norms,
        "vocab": vshards,
        "type": runs(&kinds),
        "year": runs(&years),
        "fold": fold_map,
        "labels": {"type": labels.kinds, "country": labels.countries, "topic": labels.topics, "language": labels.languages},
        "records": per_file,
        "carry": carried,
    });
    out.write(
        &format!("{lang}/meta.js"),
        &register_script("meta", lang, &json!(0), &js_value(&meta)),
    )?;
    let mut memo = next.finish(totals);
    memo.words = kept_words;
    Ok(memo)
}

/// Each document's carried stems (see `ExportOptions::carry_min_body_bytes`): the index of
/// each carried stem with the document in its body part, in order, with the document's term
/// frequency there (none of 0), one document after the other.
struct CarriedByDocument {
    /// Where each document's entries start in `entries`, and where the last one's end.
    starts: Vec<usize>,
    entries: Vec<(u32, u32)>,
}

impl CarriedByDocument {
    /// Document `doc`'s entries.
    fn of(&self, doc: usize) -> &[(u32, u32)] {
        match (self.starts.get(doc), self.starts.get(doc + 1)) {
            (Some(&from), Some(&to)) => &self.entries[from..to],
            _ => &[],
        }
    }
}

/// [`CarriedByDocument`] of the body term frequencies of each carried stem in order, by
/// document id (`docs` documents): each table is read once, not once per document, and is
/// dropped once read (the entries take less room than the tables).
fn by_document(carried: Vec<HashMap<u32, u32>>, docs: usize) -> CarriedByDocument {
    // The entries kept: a term frequency of one of the `docs` documents, not 0.
    let kept = |doc: u32, tf: u32| tf > 0 && (doc as usize) < docs;
    let mut counts = vec![0usize; if carried.is_empty() { 0 } else { docs + 1 }];
    for tfs in &carried {
        for (&doc, &tf) in tfs {
            if kept(doc, tf) {
                counts[doc as usize + 1] += 1;
            }
        }
    }
    let mut total = 0;
    for n in &mut counts {
        total += *n;
        *n = total;
    }
    let starts = counts;
    let mut next = starts.clone();
    let mut entries = vec![(0, 0); total];
    for (c, tfs) in carried.into_iter().enumerate() {
        for (doc, tf) in tfs {
            if kept(doc, tf) {
                let at = &mut next[doc as usize];
                entries[*at] = (c as u32, tf);
                *at += 1;
            }
        }
    }
    // The stems were read in order: each document's entries are in stem order.
    CarriedByDocument { starts, entries }
}

/// The carried stems' part of a document's record (see
/// `ExportOptions::carry_min_body_bytes`), from the document's carried stems and term
/// frequencies ([`by_document`]): varints of the body's fieldnorm id, then per carried stem in
/// order its term frequency in the document's body part (0: none), trailing zeros cut ("" when
/// every one is 0).
fn carried_tfs(tfs: &[(u32, u32)], norm: u8) -> String {
    let mut out = String::new();
    if tfs.is_empty() {
        return out;
    }
    push_varint(&mut out, u64::from(norm));
    let mut next = 0;
    for &(c, tf) in tfs {
        for _ in next..c {
            push_varint(&mut out, 0);
        }
        push_varint(&mut out, u64::from(tf));
        next = c + 1;
    }
    out
}

/// The glossary script: every term group as language → folded word lists, for expanding a
/// query across languages.
pub fn glossary_script(glossary: &[crate::TermGroup]) -> String {
    let mut fold = fold_analyzer();
    let groups: Vec<Value> = glossary
        .iter()
        .map(|g| {
            let mut m = serde_json::Map::new();
            for (lang, forms) in &g.terms {
                let folded: Vec<Value> = forms
                    .iter()
                    .map(|f| tokens(&mut fold, &nfc(f)))
                    .filter(|t| !t.is_empty())
                    .map(|t| Value::String(t.join(" ")))
                    .collect();
                m.insert(lang.clone(), Value::Array(folded));
            }
            Value::Object(m)
        })
        .collect();
    register_script("g", "", &json!(0), &js_value(&Value::Array(groups)))
}

/// The files of tier-2 blocks: the one being filled and its number.
#[derive(Default)]
struct TierFiles {
    /// The number of the file being filled.
    number: usize,
    /// Its scripts so far.
    text: String,
}

impl TierFiles {
    /// Adds a block's script to the file being filled; writes the file once it holds `target`
    /// bytes.
    fn add(
        &mut self,
        out: &mut Writer<'_>,
        lang: &str,
        script: &str,
        target: usize,
    ) -> Result<(), SearchError> {
        self.text.push_str(script);
        if self.text.len() >= target {
            self.flush(out, lang)?;
        }
        Ok(())
    }

    /// Writes the file being filled, if it holds any block, as `t/<number>.js`.
    fn flush(&mut self, out: &mut Writer<'_>, lang: &str) -> Result<(), SearchError> {
        if self.text.is_empty() {
            return Ok(());
        }
        out.write(&format!("{lang}/t/{}.js", self.number), &self.text)?;
        self.text.clear();
        self.number += 1;
        Ok(())
    }
}

/// Writes the postings shard being filled, if any, as `p/<n>.js`: its items, each serialised
/// with `js_value`.
fn flush_postings(
    out: &mut Writer<'_>,
    lang: &str,
    shard: &mut Vec<String>,
    bytes: &mut usize,
    n: &mut usize,
) -> Result<(), SearchError> {
    if shard.is_empty() {
        return Ok(());
    }
    // The items are serialised already: the array is theirs joined, as serde_json writes it.
    let data = format!("[{}]", shard.join(","));
    shard.clear();
    out.write(
        &format!("{lang}/p/{n}.js"),
        &register_script("p", lang, &json!(*n), &data),
    )?;
    *n += 1;
    *bytes = 0;
    Ok(())
}

fn write_vocab(
    out: &mut Writer<'_>,
    lang: &str,
    n: usize,
    entries: &str,
) -> Result<(), SearchError> {
    out.write(
        &format!("{lang}/v/{n}.js"),
        &register_script(
            "v",
            lang,
            &json!(n),
            &js_value(&Value::String(entries.into())),
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encode::decode_varints;

    /// The carried stems' part of every record, as it was written before [`by_document`]:
    /// each document looked up in every carried stem's table.
    fn carried_tfs_by_lookup(carried: &[(&str, HashMap<u32, u32>)], doc: u32, norm: u8) -> String {
        let tfs: Vec<u32> = carried
            .iter()
            .map(|c| c.1.get(&doc).copied().unwrap_or(0))
            .collect();
        let used = tfs.iter().rposition(|&tf| tf > 0).map_or(0, |i| i + 1);
        let mut out = String::new();
        if used > 0 {
            push_varint(&mut out, u64::from(norm));
            for &tf in &tfs[..used] {
                push_varint(&mut out, u64::from(tf));
            }
        }
        out
    }

    #[test]
    fn carried_term_frequencies_by_document_are_those_looked_up_stem_by_stem() {
        // Stems over 40 documents: some documents in none, in one, in every one; term
        // frequencies of 0 and beyond one varint digit; a stem in no document.
        let mut state = 2003u64;
        let mut next = move || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as u32
        };
        let names = ["a", "b", "c", "d", "e", "f", "g"];
        let carried: Vec<(&str, HashMap<u32, u32>)> = names
            .iter()
            .enumerate()
            .map(|(k, &name)| {
                let mut tfs = HashMap::default();
                for doc in 0..40u32 {
                    if k != 6 && doc % 10 != 3 && next() % (k as u32 + 2) == 0 {
                        tfs.insert(doc, if doc == 7 { 0 } else { next() % 200 });
                    }
                }
                // Documents past the last are left out.
                if k == 2 {
                    tfs.extend([(40, 5), (45, 3)]);
                }
                (name, tfs)
            })
            .collect();
        let of = by_document(carried.iter().map(|c| c.1.clone()).collect(), 40);
        let mut written = 0;
        for doc in 0..40u32 {
            let norm = (doc * 7 % 256) as u8;
            let expected = carried_tfs_by_lookup(&carried, doc, norm);
            let got = carried_tfs(of.of(doc as usize), norm);
            assert_eq!(got, expected, "document {doc}");
            written += usize::from(!got.is_empty());
            if !got.is_empty() {
                assert_eq!(decode_varints(&got).unwrap()[0], u64::from(norm));
            }
        }
        // Both kinds of record were met: with carried stems and without.
        assert!(written > 10 && written < 40, "{written} of 40");
        assert!(by_document(Vec::new(), 40).of(3).is_empty());
        assert!(of.of(40).is_empty(), "past the last document");
    }

    #[test]
    fn postings_encoding_round_trips() {
        let mut s = String::new();
        let postings = [(3, 1, 20), (40, 7, 18), (41, 2, 255), (42, 4, 18)];
        encode_field_postings(&mut s, &postings, 0);
        let v = decode_varints(&s).unwrap();
        // count, base; then per posting delta × 4 + min(tf − 1, 3) [, tf − 4], id − base.
        assert_eq!(v, vec![4, 18, 12, 2, 151, 3, 0, 5, 237, 7, 0, 0]);
        // One character a posting for the delta and tf of dense postings.
        let mut dense = String::new();
        encode_field_postings(&mut dense, &[(1, 1, 7), (2, 3, 7), (9, 2, 7)], 0);
        assert_eq!(dense.len(), 2 + 3 * 2);
    }

    #[test]
    fn block_levels_round_up() {
        let max = 7.25 * (1.0 + TIER_MAX_MARGIN);
        let levels = f64::from(BLOCK_LEVELS);
        for i in 0..=1000 {
            let score = (7.25 * f64::from(i) / 1000.0) as f32;
            let q = block_level(score, max);
            // The runtime's bound, `max * q / 31`, is above the score with the margin ...
            assert!(max * f64::from(q) / levels >= f64::from(score) * (1.0 + TIER_MAX_MARGIN));
            // ... and one level less would not be.
            if q > 0 {
                assert!(
                    max * f64::from(q - 1) / levels < f64::from(score) * (1.0 + TIER_MAX_MARGIN)
                );
            }
        }
        assert_eq!(block_level(7.25, max), BLOCK_LEVELS);
    }

    #[test]
    fn runs_group_consecutive_values() {
        let v: Vec<String> = ["a", "a", "b", "", "b"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            runs(&v),
            vec![json!(["a", 0, 2]), json!(["b", 2, 3]), json!(["b", 4, 5])]
        );
    }

    #[test]
    fn non_ascii_letters_are_found_as_a_char_by_char_filter_finds_them() {
        let texts = [
            "",
            "plain ASCII only",
            "é",
            "café au lait, Côte d'Ivoire",
            "ÉÉé€—« »ß9١٢ 中文a中",
            "a\u{301}b — ŒUVRE…ñ",
            "ends with ü",
            "ü starts",
        ];
        for text in texts {
            let mut got = Vec::new();
            non_ascii_alphanumerics(text, &mut got);
            let want: Vec<char> = text
                .chars()
                .filter(|c| !c.is_ascii() && c.is_alphanumeric())
                .collect();
            assert_eq!(got, want, "{text:?}");
        }
    }
}
