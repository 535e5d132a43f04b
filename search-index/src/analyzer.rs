//! Text analysis shared by indexing, export and query: NFC normalisation, the per-language
//! stemming analyzer, the fold-only analyzer (whose terms are the vocabulary's words), and
//! the recording of each indexed token's folded word (`Recorder`) for the vocabulary.
//!
//! Tokenizers are not saved with a tantivy index, so [`register`] must run whenever an index
//! is created or opened.

use std::borrow::Cow;
use std::sync::{Arc, Mutex, PoisonError};

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, Stemmer,
    TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer, TokenizerManager,
};
use tantivy::Index;
use unicode_normalization::UnicodeNormalization;

use crate::vocabulary::Table;
pub use crate::word_tokenizer::{words, WordTokenizer};

/// Name of the stemming analyzer (title, headings, body). The same name in every language's
/// schema; the analyzer behind it depends on the language the index is opened for.
pub const STEM_TOKENIZER: &str = "loupe_stem";
/// Tokens of this many bytes or more are dropped (tantivy's `RemoveLongFilter`).
pub const MAX_TOKEN_BYTES: usize = 40;

/// The snowball stemmer for a language code, or `None` when loupe has none for it.
pub fn stemmer_language(lang: &str) -> Option<Language> {
    match lang.to_ascii_lowercase().as_str() {
        "en" => Some(Language::English),
        "fr" => Some(Language::French),
        _ => None,
    }
}

/// The stemming analyzer: tantivy's `SimpleTokenizer` → `RemoveLongFilter` → `LowerCaser` →
/// `AsciiFoldingFilter` → `Stemmer(language)` (no stemmer for an unknown language), with the
/// same terms from a faster tokenizer ([`WordTokenizer`]) and the filters after
/// `RemoveLongFilter` remembered by word ([`Remembered`]).
pub fn stem_analyzer(lang: &str) -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(Remembered::new(stemmer_language(lang)))
        .build()
}

/// [`stem_analyzer`], which also gives `words` the folded word of each token it makes.
fn recording_stem_analyzer(lang: &str, words: Recorder) -> TextAnalyzer {
    let mut remembered = Remembered::new(stemmer_language(lang));
    remembered.recorder = Some(words);
    TextAnalyzer::builder(WordTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(remembered)
        .build()
}

/// The fold-only analyzer: the stemming analyzer without its stemmer.
pub fn fold_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(Remembered::new(None))
        .build()
}

/// How many distinct words a memo of stems ([`Remembered`], and the export's memo of stem ids
/// by word) remembers before it starts afresh.
pub(crate) const MEMO_WORDS: usize = 200_000;

/// tantivy's `LowerCaser` → `AsciiFoldingFilter` → `Stemmer(language)` (no stemmer without a
/// language), applied to each word once: a word met again gets the term remembered for it.
/// The same terms, but lower-casing, folding and stemming (the largest costs of indexing) run
/// once per distinct word instead of at every occurrence; a folded-only ASCII word is just
/// lower-cased, all the filters do to it.
#[derive(Clone)]
pub struct Remembered {
    language: Option<Language>,
    recorder: Option<Recorder>,
}

impl Remembered {
    /// The filters after `RemoveLongFilter`, stemming in `language` if there is one.
    pub fn new(language: Option<Language>) -> Self {
        Remembered {
            language,
            recorder: None,
        }
    }
}

impl TokenFilter for Remembered {
    type Tokenizer<T: Tokenizer> = RememberedFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> RememberedFilter<T> {
        RememberedFilter {
            inner: tokenizer,
            memo: Memo {
                filters: word_filters(self.language),
                stems: self.language.is_some(),
                words: foldhash::HashMap::default(),
                recorder: self.recorder,
                recorded: Vec::new(),
            },
        }
    }
}

/// tantivy's `LowerCaser` → `AsciiFoldingFilter` → `Stemmer(language)` (no stemmer without a
/// language) over one whole word: the filters of the stemming analyzer after its tokenizer and
/// `RemoveLongFilter`.
fn word_filters(language: Option<Language>) -> TextAnalyzer {
    let filters = TextAnalyzer::builder(RawTokenizer::default())
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter);
    match language {
        Some(language) => filters.filter(Stemmer::new(language)).build(),
        None => filters.build(),
    }
}

/// The tokenizer a [`Remembered`] makes of the tokenizer before it.
#[derive(Clone)]
pub struct RememberedFilter<T> {
    inner: T,
    memo: Memo,
}

#[derive(Clone)]
struct Memo {
    /// tantivy's filters applied to one whole word.
    filters: TextAnalyzer,
    /// Whether `filters` end with a stemmer.
    stems: bool,
    /// Word as tokenized → term, and the id of the folded word when recording. Hashed with
    /// foldhash (seeded per map, so content cannot aim collisions at it), several times faster
    /// than the standard SipHash on these short keys.
    words: foldhash::HashMap<String, (String, u32)>,
    /// Where the folded words of the tokens go, if anywhere.
    recorder: Option<Recorder>,
    /// The ids of the folded words of the tokens of the text being tokenized (handed to the
    /// recorder when its stream ends).
    recorded: Vec<u32>,
}

/// Where an indexing analyzer puts the folded word ([`crate::vocabulary::Table`]'s id) of each
/// token it makes, for the vocabulary: the words are looked up once, with their terms, not
/// split again from the texts. Taken after each document ([`Recorder::take`]).
#[derive(Clone)]
pub(crate) struct Recorder {
    table: Table,
    ids: Arc<Mutex<Vec<u32>>>,
}

impl Recorder {
    /// A recorder of ids into `table`.
    pub(crate) fn new(table: Table) -> Self {
        Recorder {
            table,
            ids: Arc::default(),
        }
    }

    /// The ids recorded since the last call, in the order the texts were tokenized.
    pub(crate) fn take(&self) -> Vec<u32> {
        std::mem::take(&mut *self.ids.lock().unwrap_or_else(PoisonError::into_inner))
    }

    fn append(&self, ids: &mut Vec<u32>) {
        self.ids
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .append(ids);
    }
}

impl<T: Tokenizer> Tokenizer for RememberedFilter<T> {
    type TokenStream<'a> = RememberedStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        RememberedStream {
            tail: self.inner.token_stream(text),
            memo: &mut self.memo,
        }
    }
}

/// The token stream of a [`RememberedFilter`].
pub struct RememberedStream<'a, T> {
    tail: T,
    memo: &'a mut Memo,
}

impl<T: TokenStream> TokenStream for RememberedStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        let memo = &mut *self.memo;
        if !memo.stems && memo.recorder.is_none() && token.text.is_ascii() {
            // All that `LowerCaser` and `AsciiFoldingFilter` do to ASCII.
            token.text.make_ascii_lowercase();
            return true;
        }
        if let Some((term, id)) = memo.words.get(token.text.as_str()) {
            if memo.recorder.is_some() {
                memo.recorded.push(*id);
            }
            token.text.clear();
            token.text.push_str(term);
            return true;
        }
        let term = tokens(&mut memo.filters, &token.text)
            .into_iter()
            .next()
            .unwrap_or_else(|| token.text.clone());
        let id = match &memo.recorder {
            Some(recorder) => {
                let id = recorder.table.id(&token.text);
                memo.recorded.push(id);
                id
            }
            None => u32::MAX,
        };
        if memo.words.len() >= MEMO_WORDS {
            memo.words.clear();
        }
        memo.words
            .insert(std::mem::replace(&mut token.text, term.clone()), (term, id));
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// A stream hands the folded words it recorded over when it is done with, however far it was
/// read.
impl<T> Drop for RememberedStream<'_, T> {
    fn drop(&mut self) {
        if let Some(recorder) = &self.memo.recorder {
            if !self.memo.recorded.is_empty() {
                recorder.append(&mut self.memo.recorded);
            }
        }
    }
}

/// tantivy's analyzers and loupe's for `lang`, for an index being created, whose stemming
/// analyzer gives `words` the folded word of every token of the searched fields.
pub(crate) fn recording_tokenizers(lang: &str, words: Recorder) -> TokenizerManager {
    let manager = TokenizerManager::default();
    manager.register(STEM_TOKENIZER, recording_stem_analyzer(lang, words));
    manager
}

/// Registers loupe's analyzers for `lang` on an index (to do on every create/open).
pub fn register(index: &Index, lang: &str) {
    register_into(index.tokenizers(), lang);
}

/// Registers loupe's analyzers for `lang` in `manager`.
fn register_into(manager: &TokenizerManager, lang: &str) {
    manager.register(STEM_TOKENIZER, stem_analyzer(lang));
}

/// Unicode NFC normalisation (combining accents otherwise split words): `text` itself when it
/// is NFC already, as most text is (the quick check avoids decomposing, recomposing and
/// copying it).
pub fn nfc(text: &str) -> Cow<'_, str> {
    if is_nfc_quickly(text) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.nfc().collect())
}

/// Whether the NFC quick check says `text` is NFC ([`unicode_normalization::is_nfc_quick`]
/// gives `Yes`), checking only its runs of non-ASCII characters. An ASCII character is NFC on
/// its own and has combining class 0, which is all the check remembers from one character to
/// the next: each run is checked as the whole text would check it, while the ASCII bytes (most
/// of an English or French text) are skipped eight at a time instead of decoded and looked up.
fn is_nfc_quickly(text: &str) -> bool {
    use unicode_normalization::{is_nfc_quick, IsNormalized};
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        // Skip ASCII, a word at a time while eight bytes remain.
        while at + 8 <= bytes.len() && bytes[at..at + 8].is_ascii() {
            at += 8;
        }
        while at < bytes.len() && bytes[at].is_ascii() {
            at += 1;
        }
        if at == bytes.len() {
            break;
        }
        // `at` is on a non-ASCII byte after an ASCII one (or the start): a character's first
        // byte. The run ends at the next ASCII byte, also a character boundary.
        let end = bytes[at..]
            .iter()
            .position(u8::is_ascii)
            .map_or(bytes.len(), |n| at + n);
        if is_nfc_quick(text[at..end].chars()) != IsNormalized::Yes {
            return false;
        }
        at = end;
    }
    true
}

/// Runs an analyzer over a text and collects its tokens.
pub fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

/// Splits a query into words exactly as `SimpleTokenizer` does (after NFC): runs of
/// alphanumeric characters. `l'été` gives `l` and `été`, two separate query terms.
pub fn split_words(text: &str) -> Vec<String> {
    words(&nfc(text)).map(str::to_string).collect()
}

/// Stems one already-folded surface word as a single token (no re-tokenization).
pub struct SurfaceStemmer {
    analyzer: TextAnalyzer,
}

impl SurfaceStemmer {
    /// A stemmer of surface words for `lang` (identity for an unknown language).
    pub fn new(lang: &str) -> Self {
        let analyzer = match stemmer_language(lang) {
            Some(language) => TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::new(language))
                .build(),
            None => TextAnalyzer::builder(RawTokenizer::default()).build(),
        };
        SurfaceStemmer { analyzer }
    }

    /// The stemmed term of a folded surface word.
    pub fn stem(&mut self, surface: &str) -> String {
        tokens(&mut self.analyzer, surface)
            .into_iter()
            .next()
            .unwrap_or_else(|| surface.to_string())
    }
}

/// The stemming analyzer's tokens word by word: each word of a text as written (those the
/// analyzers keep: not too long), and its term ([`WordStemmer::stem`]), so that a caller can
/// remember the term, or what it derives from it, by the word as written: lower-casing,
/// folding and stemming then run once per distinct word.
pub struct WordStemmer {
    filters: TextAnalyzer,
}

impl WordStemmer {
    /// The stemmer of `lang`'s words (no stemming for an unknown language).
    pub fn new(lang: &str) -> Self {
        WordStemmer {
            filters: word_filters(stemmer_language(lang)),
        }
    }

    /// The fold-only analyzer's filters ([`fold_analyzer`]) over one word: lower-cased and
    /// folded, not stemmed, whatever the language.
    pub fn folding() -> Self {
        WordStemmer {
            filters: word_filters(None),
        }
    }

    /// Calls `each` with every word of `text` that the stemming analyzer keeps, as written,
    /// in order, and this stemmer.
    pub fn for_each_word(&mut self, text: &str, mut each: impl FnMut(&str, &mut WordStemmer)) {
        for word in words(text).filter(|w| w.len() < MAX_TOKEN_BYTES) {
            each(word, self);
        }
    }

    /// The stemming analyzer's term for one word of [`Self::for_each_word`]: the word
    /// lower-cased, folded and stemmed.
    pub fn stem(&mut self, word: &str) -> String {
        tokens(&mut self.filters, word)
            .into_iter()
            .next()
            .unwrap_or_else(|| word.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// tantivy's own analyzer, which loupe's must equal: its tokenizer and every filter at
    /// every token.
    fn tantivys_analyzer(language: Option<Language>) -> TextAnalyzer {
        let builder = TextAnalyzer::builder(tantivy::tokenizer::SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter);
        match language {
            Some(language) => builder.filter(Stemmer::new(language)).build(),
            None => builder.build(),
        }
    }

    /// Every token of `analyzer` over `text`, in full.
    fn all_tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            out.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
        }
        out
    }

    #[test]
    fn loupes_analyzers_give_tantivys_tokens() {
        let text =
            "Les certificats, certificat; sécurités SÉCURITÉ exportations exportation l'été été";
        // Words that lower-casing, folding and stemming change: case, accents, ligatures,
        // letters that lower-case to two characters (İ) or fold to two (ß, Æ), and words
        // around the length limit before and after lower-casing.
        let words: Vec<String> = [
            "Certificates",
            "CERTIFICATE",
            "certified",
            "Sécurité",
            "SÉCURITÉS",
            "sécurite",
            "Œuvre",
            "Straße",
            "ÆSIR",
            "İstanbul",
            "Côte",
            "d",
            "Ivoire",
            "KP",
            "2003",
            "mining",
            "miners",
            "exportations",
            "Guinée",
            "东京",
            "½",
            "ǅemal",
        ]
        .iter()
        .map(|w| w.to_string())
        .chain([
            "a".repeat(MAX_TOKEN_BYTES - 1),
            "a".repeat(MAX_TOKEN_BYTES),
            "é".repeat(MAX_TOKEN_BYTES / 2),
            "İ".repeat(MAX_TOKEN_BYTES / 2 - 1),
        ])
        .collect();
        let separators = [" ", ", ", "'", "\n", " — ", "\u{a0}", "; ", "-"];
        let mut rng = xtask::rng::SplitMix64::new(2003);
        let mut texts = vec![text.to_string(), String::new()];
        for _ in 0..400 {
            let mut t = String::new();
            for _ in 0..rng.below(40) {
                let (word, separator): (&String, &&str) = (rng.pick(&words), rng.pick(&separators));
                t.push_str(word);
                t.push_str(separator);
            }
            texts.push(t);
        }
        for lang in ["en", "fr", "xx"] {
            let language = stemmer_language(lang);
            let mut plain = tantivys_analyzer(language);
            let mut ours = stem_analyzer(lang);
            let mut plain_fold = tantivys_analyzer(None);
            let mut fold = fold_analyzer();
            // Each text twice: the second time is answered from the memo.
            for t in texts.iter().chain(&texts) {
                assert_eq!(
                    all_tokens(&mut ours, t),
                    all_tokens(&mut plain, t),
                    "{lang} {t:?}"
                );
                assert_eq!(
                    all_tokens(&mut fold, t),
                    all_tokens(&mut plain_fold, t),
                    "{t:?}"
                );
            }
        }
    }

    #[test]
    fn accents_case_and_plural_reach_one_term() {
        let mut a = stem_analyzer("fr");
        let forms = ["Sécurité", "sécurités", "securite", "SECURITE"];
        let terms: Vec<Vec<String>> = forms.iter().map(|f| tokens(&mut a, f)).collect();
        for t in &terms {
            assert_eq!(t, &terms[0]);
        }
        assert_eq!(terms[0].len(), 1);
    }

    /// The whole text's quick check, which [`is_nfc_quickly`] must agree with.
    fn whole_text_check(text: &str) -> bool {
        unicode_normalization::is_nfc_quick(text.chars())
            == unicode_normalization::IsNormalized::Yes
    }

    #[test]
    fn the_nfc_check_of_non_ascii_runs_agrees_with_the_whole_texts() {
        // Pieces with every kind of answer: ASCII; composed letters (yes); a combining accent
        // after a letter (maybe); two accents out of canonical order (no); a character that is
        // never NFC (U+0344, U+2126 ohm); Hangul syllable and jamo (maybe); CJK, emoji,
        // non-ASCII spaces and punctuation.
        let pieces: Vec<&str> = concat!(
            "a|Kimberley |Process| |.|\n|12345678|é|É|Côte d'Ivoire|e\u{301}|\u{301}|",
            "a\u{323}\u{301}|a\u{301}\u{323}|\u{344}|\u{2126}|\u{ac00}|\u{1100}\u{1161}|",
            "東京|🙂|\u{a0}|\u{2019}|«\u{202f}|ḍ|ñ|\u{327}|ǅ"
        )
        .split('|')
        .collect();
        let mut cases: Vec<String> = vec![
            String::new(),
            "\u{301}abc".into(),
            "abcdefg\u{301}".into(),
            "abcdefgh\u{301}".into(),
            "abcdefghi\u{301}".into(),
            "é\u{301}".into(),
            "Guinée\u{323}\u{301}".into(),
        ];
        let mut rng = xtask::rng::SplitMix64::new(2003);
        for _ in 0..20_000 {
            let len = rng.below(12);
            cases.push((0..len).map(|_| *rng.pick(&pieces)).collect());
        }
        let mut answers = [0usize; 2];
        for text in &cases {
            let want = whole_text_check(text);
            assert_eq!(is_nfc_quickly(text), want, "{text:?}");
            answers[usize::from(want)] += 1;
        }
        // Both answers were met, many times.
        assert!(answers[0] > 1_000 && answers[1] > 1_000, "{answers:?}");
        // And the texts said not to be NFC are composed.
        assert_eq!(nfc("Guine\u{301}e"), "Guinée");
        assert!(matches!(nfc("Guinée, Côte d'Ivoire"), Cow::Borrowed(_)));
    }

    #[test]
    fn combining_accents_are_composed_before_tokenizing() {
        let decomposed = "se\u{301}curite\u{301}";
        assert_eq!(split_words(decomposed), vec!["sécurité".to_string()]);
    }

    #[test]
    fn elision_splits_into_two_words() {
        assert_eq!(
            split_words("l'été"),
            vec!["l".to_string(), "été".to_string()]
        );
    }

    #[test]
    fn surface_stemmer_agrees_with_the_analyzer() {
        let mut a = stem_analyzer("en");
        let mut f = fold_analyzer();
        let mut s = SurfaceStemmer::new("en");
        for w in ["Certificates", "diamonds", "Côte", "running"] {
            let surface = tokens(&mut f, w).remove(0);
            assert_eq!(s.stem(&surface), tokens(&mut a, w).remove(0));
        }
    }

    #[test]
    fn word_stemmer_gives_the_stemming_analyzers_terms() {
        let long = "é".repeat(MAX_TOKEN_BYTES / 2);
        let longer = "a".repeat(MAX_TOKEN_BYTES);
        let shorter = "A".repeat(MAX_TOKEN_BYTES - 1);
        let text = format!(
            "Les certificats, l'été SÉCURITÉ; Côte d'Ivoire 2003 ½ 東京 running exporters \
             {long} {longer} {shorter} Straße İstanbul Œuvre"
        );
        let text = text.as_str();
        for lang in ["en", "fr", "xx"] {
            let mut words = WordStemmer::new(lang);
            let mut stems = Vec::new();
            words.for_each_word(text, |w, stemmer| stems.push(stemmer.stem(w)));
            assert_eq!(stems, tokens(&mut stem_analyzer(lang), text), "{lang}");
        }
    }

    #[test]
    fn unknown_language_has_no_stemmer() {
        let mut a = stem_analyzer("xx");
        assert_eq!(tokens(&mut a, "Diamonds"), vec!["diamonds".to_string()]);
    }
}
