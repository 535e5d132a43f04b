//! Chooses, per document, a few short text fragments the browser shows as snippets: the
//! summary (or first sentence) and the sentences richest in the document's rarest terms.

use std::borrow::Cow;

use foldhash::HashMap;

use crate::analyzer::{WordStemmer, MEMO_WORDS};

/// Longest fragment, in characters.
const MAX_SENTENCE_CHARS: usize = 180;
/// Longest summary used as the first fragment, in characters.
const MAX_LEAD_CHARS: usize = 200;
/// Budget of all fragments of one document, in characters. Records share files ten to a file
/// and a page of results usually reads ten files, so every character here is loaded about a
/// hundred times by a first answer: 300 keeps the records under 500 bytes.
const MAX_TOTAL_CHARS: usize = 300;
/// Most fragments per document.
const MAX_FRAGMENTS: usize = 4;

/// Splits text into sentences (at `.`, `!`, `?`, `;` followed by a space, and at line breaks),
/// each with its words joined by single spaces and cut to `MAX_SENTENCE_CHARS` at a word
/// boundary.
pub fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    each_sentence(text, |s| out.push(s.to_string()));
    out
}

/// Calls `f` with each of [`sentences`]`(text)`, copying only the sentences whose spaces must
/// be joined or that must be cut.
fn each_sentence(text: &str, mut f: impl FnMut(&str)) {
    // Every boundary character is one ASCII byte, and no byte of a longer character is ASCII:
    // the boundaries are found in the bytes, and the text is decoded only after `.`, `!`, `?`
    // and `;`, to read the one character that follows.
    let bytes = text.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' || b == b'\r' {
            flush(&text[start..i], &mut f);
            start = i + 1;
        } else if matches!(b, b'.' | b'!' | b'?' | b';')
            && text[i + 1..].chars().next().is_none_or(char::is_whitespace)
        {
            flush(&text[start..=i], &mut f);
            start = i + 1;
        }
    }
    flush(&text[start..], &mut f);
}

/// Calls `f` with `sentence`, its words joined by single spaces and shortened, if it has a
/// letter or digit.
fn flush(sentence: &str, f: &mut impl FnMut(&str)) {
    if !sentence.chars().any(char::is_alphanumeric) {
        return;
    }
    // Every sentence after the first of a line starts with the space after the one before:
    // without it (white space at either end is dropped anyway), most are single-spaced.
    let sentence = sentence.trim();
    if single_spaced(sentence) {
        f(&shortened(sentence, MAX_SENTENCE_CHARS));
    } else {
        let joined = sentence.split_whitespace().collect::<Vec<_>>().join(" ");
        f(&shortened(&joined, MAX_SENTENCE_CHARS));
    }
}

/// Whether `s`'s words are already joined by single spaces: no other white space, and none at
/// either end (most sentences: no copy needed to join them).
fn single_spaced(s: &str) -> bool {
    let bytes = s.as_bytes();
    // Most sentences are printable ASCII, where a space is the only white space: read eight
    // bytes at a time for both what is not and doubled spaces, rather than byte by byte.
    if let Some(doubled) = printable_ascii_doubled_space(bytes) {
        return !bytes.is_empty()
            && bytes.first() != Some(&b' ')
            && bytes.last() != Some(&b' ')
            && !doubled;
    }
    let mut after_space = true;
    for (i, &b) in bytes.iter().enumerate() {
        let space = if b.is_ascii() {
            // `char::is_whitespace` of the ASCII characters: tab to carriage return, space.
            matches!(b, b'\t'..=b'\r' | b' ')
        } else if b >= 0xc0 {
            // The first byte of a character of two to four bytes.
            s[i..].chars().next().is_some_and(char::is_whitespace)
        } else {
            // A byte inside that character: already read.
            continue;
        };
        if space && (b != b' ' || after_space) {
            return false;
        }
        after_space = space;
    }
    !after_space
}

/// When every byte of `bytes` is printable ASCII (space to `~`), whether two spaces follow
/// each other; `None` otherwise. Read eight bytes at a time.
fn printable_ascii_doubled_space(bytes: &[u8]) -> Option<bool> {
    const ONES: u64 = u64::MAX / 255;
    const HIGH: u64 = ONES * 0x80;
    let mut chunks = bytes.chunks_exact(8);
    let mut outside = 0u64;
    let mut doubled = 0u64;
    // The high bit of each byte that is a space, in the chunk before.
    let mut before = 0u64;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        // The high bit of a byte below 0x20 (once 0x20 is taken from each byte with no bit
        // over 0x7f set), or of one over 0x7e (once 1 is added to each), or of one over 0x7f.
        outside |= (x.wrapping_sub(ONES * 0x20) & !x) | (x.wrapping_add(ONES) | x);
        // The high bit of each byte that is a space (exactly: no carry crosses a byte), and
        // of each byte after one, the first byte after the last of the chunk before.
        let t = x ^ (ONES * 0x20);
        let space = !((((t & !HIGH) + !HIGH) | t) & HIGH) & HIGH;
        doubled |= space & ((space << 8) | (before >> 56));
        before = space;
    }
    let rest = chunks.remainder();
    if outside & HIGH != 0 || !rest.iter().all(|b| (0x20..0x7f).contains(b)) {
        return None;
    }
    let mut after_space = before >> 63 == 1;
    let mut rest_doubled = false;
    for &b in rest {
        rest_doubled |= after_space && b == b' ';
        after_space = b == b' ';
    }
    Some(doubled != 0 || rest_doubled)
}

/// Cuts a text to at most `max` characters at a word boundary, adding `…` when cut.
pub fn shorten(s: &str, max: usize) -> String {
    shortened(s, max).into_owned()
}

/// [`shorten`], with no copy of a text short enough.
fn shortened(s: &str, max: usize) -> Cow<'_, str> {
    // At most `max` bytes: at most `max` characters.
    if s.len() <= max || s.chars().count() <= max {
        return Cow::Borrowed(s);
    }
    let cut: String = s.chars().take(max).collect();
    let end = cut.rfind(' ').filter(|&i| i > max / 2).unwrap_or(cut.len());
    Cow::Owned(format!("{}…", cut[..end].trim_end()))
}

/// The fragments of one document, in text order. `idf` gives the weight of a stemmed term.
pub fn fragments(
    summary: Option<&str>,
    body: &str,
    analyzer: &mut WordStemmer,
    idf: &HashMap<String, f32>,
) -> Vec<String> {
    let mut stems = Stems::default();
    let sentences = Sentences::of(summary, body, analyzer, &mut stems);
    let mut weights = Vec::new();
    stems.extend_weights(&mut weights, idf);
    sentences.choose(&weights)
}

/// The first eight bytes of `word` as a big-endian number (zeros after a shorter word): words
/// whose keys differ are in the order of their keys; only words with equal keys need comparing
/// as text ([`sort_by_word`]). Stems hold no zero byte, so a word shorter than another it
/// begins gets the smaller key, as in byte order.
pub(crate) fn order_key(word: &str) -> u64 {
    let mut bytes = [0u8; 8];
    let head = &word.as_bytes()[..word.len().min(8)];
    bytes[..head.len()].copy_from_slice(head);
    u64::from_be_bytes(bytes)
}

/// Sorts distinct words, given as ([`order_key`], id) with `word` giving each id's text, into
/// byte order: as numbers, then, where the keys of some are the same (their first eight bytes
/// are), those as text. Distinct words shorter than eight bytes never share a key: stems hold
/// no zero byte.
pub(crate) fn sort_by_word<'w>(keyed: &mut [(u64, u32)], word: impl Fn(u32) -> &'w str) {
    keyed.sort_unstable();
    let mut start = 0;
    while start < keyed.len() {
        let key = keyed[start].0;
        let end = start
            + keyed[start..]
                .iter()
                .take_while(|&&(k, _)| k == key)
                .count();
        if end - start > 1 {
            keyed[start..end].sort_unstable_by(|a, b| word(a.1).cmp(word(b.1)));
        }
        start = end;
    }
}

/// The distinct stems met by [`Sentences::of`], numbered in the order met.
#[derive(Debug, Default)]
pub struct Stems {
    ids: HashMap<String, u32>,
    words: Vec<String>,
    /// The [`order_key`] of each stem, by id.
    keys: Vec<u64>,
    /// Word as written → the id of its stem: a word met before is neither folded, stemmed
    /// nor looked up by its stem again.
    by_word: HashMap<String, u32>,
    /// By stem id, the last sentence ([`Stems::next_sentence`]) the stem was met in.
    met_in: Vec<u32>,
    /// The sentence being analysed (0: none yet).
    sentence: u32,
}

impl Stems {
    /// The id of the stem of `word`, a word of [`WordStemmer::for_each_word`].
    fn id_of_word(&mut self, word: &str, stemmer: &mut WordStemmer) -> u32 {
        if let Some(&id) = self.by_word.get(word) {
            return id;
        }
        let id = self.id(&stemmer.stem(word));
        // Past the memo's size it starts afresh; the stems keep their numbering.
        if self.by_word.len() >= MEMO_WORDS {
            self.by_word.clear();
        }
        self.by_word.insert(word.to_string(), id);
        id
    }

    fn id(&mut self, stem: &str) -> u32 {
        if let Some(&id) = self.ids.get(stem) {
            return id;
        }
        let id = self.words.len() as u32;
        self.ids.insert(stem.to_string(), id);
        self.words.push(stem.to_string());
        self.keys.push(order_key(stem));
        id
    }

    /// Starts a sentence: no stem has been met in it yet.
    fn next_sentence(&mut self) {
        if self.sentence == u32::MAX {
            self.met_in.iter_mut().for_each(|m| *m = 0);
            self.sentence = 0;
        }
        self.sentence += 1;
    }

    /// Whether stem `id` is met for the first time in this sentence (it is then noted).
    fn first_in_sentence(&mut self, id: u32) -> bool {
        let id = id as usize;
        if self.met_in.len() <= id {
            self.met_in.resize(id + 1, 0);
        }
        let first = self.met_in[id] != self.sentence;
        self.met_in[id] = self.sentence;
        first
    }

    /// The stem numbered `id`.
    pub(crate) fn word(&self, id: u32) -> &str {
        &self.words[id as usize]
    }

    /// Extends `weights`, the weight in `idf` of each stem by id (`None`: no weight), to the
    /// stems numbered since.
    pub fn extend_weights(&self, weights: &mut Vec<Option<f32>>, idf: &HashMap<String, f32>) {
        self.extend_values(weights, idf, |&w| w);
    }

    /// Extends `values`, `value` of each stem's entry in `of` by id (`None`: no entry), to the
    /// stems numbered since.
    pub(crate) fn extend_values<T, U>(
        &self,
        values: &mut Vec<Option<U>>,
        of: &HashMap<String, T>,
        value: impl Fn(&T) -> U,
    ) {
        let known = values.len().min(self.words.len());
        values.extend(self.words[known..].iter().map(|w| of.get(w).map(&value)));
    }
}

/// A document's text cut into sentences, each with its distinct stems: all of [`fragments`]'
/// work that needs no term weights, so that it can run before the index that gives them
/// (and beside it, on another core). Compact, as every document's is kept until the export.
#[derive(Debug, Clone, Default)]
pub struct Sentences {
    /// The first fragment: the summary, or else the first sentence.
    lead: Option<String>,
    /// The index of the lead among the sentences, when it is the first sentence.
    first_index: Option<usize>,
    /// The body's sentences, each followed by a line break (they hold none).
    text: String,
    /// The ids ([`Stems`]) of each sentence's distinct stems, in the stems' byte order, one
    /// sentence after the other; sentence `i`'s are `stems[ends[i - 1]..ends[i]]`.
    stems: Vec<u32>,
    /// Where each sentence's stems end in `stems`.
    ends: Vec<u32>,
}

impl Sentences {
    /// Cuts `body` into sentences and finds the stems of each with `analyzer`, numbering them
    /// in `stems`.
    pub fn of(
        summary: Option<&str>,
        body: &str,
        analyzer: &mut WordStemmer,
        stems: &mut Stems,
    ) -> Sentences {
        // A sentence's distinct stems, as ids with their order keys (sorted as numbers; only
        // stems whose first eight bytes are the same are compared as text): only a stem never
        // met before is copied. Each sentence is analysed as it is cut.
        let mut distinct: Vec<(u64, u32)> = Vec::new();
        let mut ids: Vec<u32> = Vec::new();
        let mut ends: Vec<u32> = Vec::new();
        let (mut out, _) = Sentences::cut_with(summary, body, |lead, s| {
            if !lead {
                distinct.clear();
                stems.next_sentence();
                analyzer.for_each_word(s, |word, stemmer| {
                    let id = stems.id_of_word(word, stemmer);
                    if stems.first_in_sentence(id) {
                        distinct.push((stems.keys[id as usize], id));
                    }
                });
                sort_by_word(&mut distinct, |id| stems.word(id));
                ids.extend(distinct.iter().map(|&(_, id)| id));
            }
            ends.push(ids.len() as u32);
        });
        out.stems = ids;
        out.ends = ends;
        out
    }

    /// The sentences of `body` with the stems found in them before ([`Sentences::stem_ids`] and
    /// [`Sentences::ends`] of the same text, in any numbering of the stems): no analysis.
    /// `None` when they do not fit the text's sentences.
    pub(crate) fn with_stems(
        summary: Option<&str>,
        body: &str,
        stems: Vec<u32>,
        ends: Vec<u32>,
    ) -> Option<Sentences> {
        let (mut out, count) = Sentences::cut(summary, body);
        let fits = ends.len() == count
            && ends.windows(2).all(|w| w[0] <= w[1])
            && ends.last().map_or(0, |&e| e as usize) == stems.len()
            // The lead, when it is the first sentence, has no stems.
            && (out.first_index.is_none() || ends.first().is_none_or(|&e| e == 0));
        out.stems = stems;
        out.ends = ends;
        fits.then_some(out)
    }

    /// The lead and text of `body`'s sentences, with no stems yet, and how many sentences
    /// there are.
    fn cut(summary: Option<&str>, body: &str) -> (Sentences, usize) {
        Sentences::cut_with(summary, body, |_, _| {})
    }

    /// [`Sentences::cut`], calling `each` with every sentence as it is cut, after whether it
    /// is the lead.
    fn cut_with(
        summary: Option<&str>,
        body: &str,
        mut each: impl FnMut(bool, &str),
    ) -> (Sentences, usize) {
        let lead: Option<String> = summary
            .map(|s| {
                shorten(
                    s.split_whitespace().collect::<Vec<_>>().join(" ").as_str(),
                    MAX_LEAD_CHARS,
                )
            })
            .filter(|s| !s.is_empty());
        // Without a summary, the first sentence is the lead.
        let first_index = lead.is_none().then_some(0);
        let mut text = String::with_capacity(body.len() + body.len() / 32);
        let mut count = 0;
        each_sentence(body, |s| {
            each(first_index == Some(count), s);
            text.push_str(s);
            text.push('\n');
            count += 1;
        });
        let lead = lead.or_else(|| text.split_terminator('\n').next().map(str::to_string));
        let out = Sentences {
            lead,
            first_index,
            text,
            stems: Vec::new(),
            ends: Vec::with_capacity(count),
        };
        (out, count)
    }

    /// Where each sentence's stems end in [`Sentences::stem_ids`].
    pub(crate) fn ends(&self) -> &[u32] {
        &self.ends
    }

    /// The ids of the sentences' distinct stems, sentence after sentence (a stem may recur
    /// across sentences).
    pub(crate) fn stem_ids(&self) -> &[u32] {
        &self.stems
    }

    /// The fragments, in text order: the lead, then the sentences richest in the stems that
    /// `weights` ([`Stems::extend_weights`]) weighs most (for their length) that fit the budget.
    pub fn choose(&self, weights: &[Option<f32>]) -> Vec<String> {
        let sents: Vec<&str> = self.text.split_terminator('\n').collect();
        let mut start = 0;
        let mut scored: Vec<(f32, usize)> = Vec::with_capacity(sents.len());
        for (i, s) in sents.iter().enumerate() {
            let end = self.ends.get(i).map_or(start, |&e| e as usize);
            if Some(i) != self.first_index {
                // The weights of the sentence's distinct stems, summed in the stems' order;
                // stems without a weight add nothing.
                let w: f32 = self.stems[start..end]
                    .iter()
                    .filter_map(|&id| weights.get(id as usize).copied().flatten())
                    .sum();
                scored.push((w / (1.0 + s.chars().count() as f32 / 80.0), i));
            }
            start = end;
        }
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut total = self.lead.as_ref().map_or(0, |s| s.chars().count());
        let mut chosen: Vec<usize> = Vec::new();
        for (_, i) in scored {
            if chosen.len() + 1 >= MAX_FRAGMENTS {
                break;
            }
            let len = sents[i].chars().count();
            if total + len > MAX_TOTAL_CHARS {
                continue;
            }
            total += len;
            chosen.push(i);
        }
        chosen.sort_unstable();
        self.lead
            .iter()
            .cloned()
            .chain(chosen.into_iter().map(|i| sents[i].to_string()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyzer::WordStemmer;

    /// The first implementation of [`sentences`], one character at a time: the oracle.
    fn sentences_one_char_at_a_time(text: &str) -> Vec<String> {
        fn flush(current: &mut String, out: &mut Vec<String>) {
            let s = current.split_whitespace().collect::<Vec<_>>().join(" ");
            current.clear();
            if s.chars().any(char::is_alphanumeric) {
                out.push(shorten(&s, MAX_SENTENCE_CHARS));
            }
        }
        let mut out = Vec::new();
        let mut current = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\n' || c == '\r' {
                flush(&mut current, &mut out);
                continue;
            }
            current.push(c);
            if matches!(c, '.' | '!' | '?' | ';') && chars.peek().is_none_or(|n| n.is_whitespace())
            {
                flush(&mut current, &mut out);
            }
        }
        flush(&mut current, &mut out);
        out
    }

    #[test]
    fn sentences_are_those_of_the_first_implementation() {
        let long = "mot ".repeat(60);
        let cases = [
            "One two. Three four!\nFive six? 3.5 carats",
            "  Leading and trailing  spaces .  Tabs\tand\u{a0}no-break spaces ; end",
            "Windows\r\nline ends\r\n\r\nand blank lines.\n\n",
            "Le rapport\u{202f}; la réunion\u{a0}! Fin…",
            "No boundary at all",
            "Dots.in.words and 1.5. Then? ? ! ;;; …",
            "",
            " \n \t ",
            &long,
        ];
        for text in cases {
            assert_eq!(
                sentences(text),
                sentences_one_char_at_a_time(text),
                "{text:?}"
            );
        }
        // Random texts over the characters that matter.
        let alphabet: Vec<char> =
            "ab .!?;\n\r\t\u{b}\u{c}\u{85}\u{a0}\u{202f}\u{2028}\u{3000}é東🙂1"
                .chars()
                .collect();
        let mut rng = xtask::rng::SplitMix64::new(2003);
        for _ in 0..2000 {
            let len = rng.below(40);
            let text: String = (0..len).map(|_| *rng.pick(&alphabet)).collect();
            assert_eq!(
                sentences(&text),
                sentences_one_char_at_a_time(&text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn printable_ascii_and_doubled_spaces_are_read_eight_bytes_at_a_time_as_one_at_a_time() {
        fn one_at_a_time(bytes: &[u8]) -> Option<bool> {
            bytes
                .iter()
                .all(|b| (0x20..0x7f).contains(b))
                .then(|| bytes.windows(2).any(|w| w == b"  "))
        }
        // Each byte at the edges of the range, at every place of a word and in the remainder.
        let edges = [0x00, 0x1f, 0x20, 0x21, 0x7e, 0x7f, 0x80, 0xc3, 0xff];
        for len in 0..20 {
            for at in 0..len {
                for &b in &edges {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = b;
                    assert_eq!(
                        printable_ascii_doubled_space(&bytes),
                        one_at_a_time(&bytes),
                        "{bytes:?}"
                    );
                }
            }
        }
        // Spaces and letters, with now and then a byte at an edge of the range.
        let mut rng = xtask::rng::SplitMix64::new(7);
        let mostly = [b' ', b' ', b'a', b'a', b'a', 0x1f, 0x7f, 0x80];
        for _ in 0..50_000 {
            let len = rng.below(40);
            let bytes: Vec<u8> = (0..len).map(|_| *rng.pick(&mostly)).collect();
            assert_eq!(
                printable_ascii_doubled_space(&bytes),
                one_at_a_time(&bytes),
                "{bytes:?}"
            );
        }
    }

    #[test]
    fn order_keys_then_words_sort_as_bytes() {
        // Short and long words, shared prefixes of every length around eight bytes, and
        // non-ASCII letters (bytes over 0x7f).
        let alphabet: Vec<char> = "aabz09é".chars().collect();
        let mut rng = xtask::rng::SplitMix64::new(2003);
        let mut words: Vec<String> = (0..3000)
            .map(|_| {
                let len = 1 + rng.below(12);
                (0..len).map(|_| *rng.pick(&alphabet)).collect()
            })
            .collect();
        words.extend(
            ["aaaaaaaa", "aaaaaaa", "aaaaaaaaa", "aaaaaaaab", "aaaaaaab"].map(String::from),
        );
        words.sort_unstable();
        words.dedup();
        let mut by_bytes = words.clone();
        by_bytes.sort_unstable();
        // In a scrambled order, as ids into `words`.
        let mut keyed: Vec<(u64, u32)> = (0..words.len() as u32)
            .rev()
            .map(|id| (order_key(&words[id as usize]), id))
            .collect();
        keyed.swap(0, words.len() / 2);
        sort_by_word(&mut keyed, |id| &words[id as usize]);
        let by_keys: Vec<&String> = keyed.iter().map(|&(_, id)| &words[id as usize]).collect();
        assert_eq!(by_keys, by_bytes.iter().collect::<Vec<_>>());
        // Words sharing their first eight bytes were met, and sorted as text.
        assert!(keyed.windows(2).any(|w| w[0].0 == w[1].0));
    }

    #[test]
    fn sentences_split_and_shorten() {
        let s = sentences("One two. Three four!\nFive six? 3.5 carats");
        assert_eq!(
            s,
            vec!["One two.", "Three four!", "Five six?", "3.5 carats"]
        );
        let long = "word ".repeat(100);
        assert!(shorten(&long, 50).chars().count() <= 51);
        assert!(shorten(&long, 50).ends_with('…'));
    }

    #[test]
    fn fragments_prefer_rare_terms_and_fit_the_budget() {
        let mut a = WordStemmer::new("en");
        let mut idf = HashMap::default();
        idf.insert("footprint".to_string(), 5.0);
        let body = "Intro sentence here. Common words only. Diamond footprints matter.";
        let f = fragments(None, body, &mut a, &idf);
        assert_eq!(f[0], "Intro sentence here.");
        assert!(f.contains(&"Diamond footprints matter.".to_string()));
        let total: usize = f.iter().map(|s| s.chars().count()).sum();
        assert!(total <= MAX_TOTAL_CHARS + MAX_LEAD_CHARS);
    }

    #[test]
    fn each_sentence_has_its_distinct_stems_once_in_byte_order() {
        let mut a = WordStemmer::new("en");
        let mut stems = Stems::default();
        // Words repeated in a sentence and across sentences, forms of one stem (parcel,
        // parcels), and a second document analysed with the same stems.
        let bodies = [
            "Parcels, parcels and a parcel. The parcel is sealed; sealed again and again.\n\
             A diamond, then diamonds: a diamond footprint.",
            "The footprint of the parcel. Footprints, parcels, diamonds.",
        ];
        for body in bodies {
            let analysed = Sentences::of(None, body, &mut a, &mut stems);
            let mut reference = WordStemmer::new("en");
            let mut from = 0;
            for (i, sentence) in sentences(body).iter().enumerate() {
                let end = analysed.ends()[i] as usize;
                let got: Vec<&str> = analysed.stem_ids()[from..end]
                    .iter()
                    .map(|&id| stems.word(id))
                    .collect();
                let mut expected: Vec<String> = Vec::new();
                if i > 0 {
                    // The first sentence is the lead: no stems.
                    reference.for_each_word(sentence, |word, stemmer| {
                        expected.push(stemmer.stem(word));
                    });
                    expected.sort();
                    expected.dedup();
                }
                assert_eq!(got, expected, "sentence {i} of {body:?}");
                from = end;
            }
        }
        // Repeated words were met: a sentence had fewer stems than words.
        assert!(stems.words.len() < 20, "{:?}", stems.words);
    }

    #[test]
    fn sentences_with_their_stems_choose_as_after_analysis() {
        let mut a = WordStemmer::new("en");
        let mut stems = Stems::default();
        let body = "Intro sentence here. Common words only; nothing rare.\n\
                    Diamond footprints matter. Exporters file the footprint of each parcel.";
        for summary in [None, Some("A summary of the note.")] {
            let analysed = Sentences::of(summary, body, &mut a, &mut stems);
            let again = Sentences::with_stems(
                summary,
                body,
                analysed.stem_ids().to_vec(),
                analysed.ends().to_vec(),
            )
            .expect("the stems fit their own text");
            // Every weighing of the stems chooses the same fragments from both.
            for rare in 0..stems.words.len() {
                let weights: Vec<Option<f32>> = (0..stems.words.len())
                    .map(|i| Some(if i == rare { 9.0 } else { 0.5 }))
                    .collect();
                assert_eq!(again.choose(&weights), analysed.choose(&weights));
            }
        }
        // Stems that do not fit the text's sentences are refused, not used.
        let analysed = Sentences::of(None, body, &mut a, &mut stems);
        let ends = analysed.ends();
        let fewer = ends[..ends.len() - 1].to_vec();
        let ids = analysed.stem_ids().to_vec();
        assert!(Sentences::with_stems(None, body, ids.clone(), fewer).is_none());
        assert!(Sentences::with_stems(None, body, ids[1..].to_vec(), ends.to_vec()).is_none());
        assert!(Sentences::with_stems(None, "Another text.", ids, ends.to_vec()).is_none());
    }
}
