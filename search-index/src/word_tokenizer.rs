//! [`WordTokenizer`]: tantivy's `SimpleTokenizer` (runs of letters and digits), reading the
//! bytes of the text instead of decoding every character.
//!
//! Tokenizing was the largest single cost of indexing and of the export's sentences. Most of
//! an English or French text is ASCII: an ASCII byte is a whole character, classified as it
//! is, and only the bytes of other characters are decoded. The tokens are tantivy's, with the
//! same text, byte offsets and positions (tested against `SimpleTokenizer` below).

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// Splits a text into its runs of alphanumeric characters (`char::is_alphanumeric`), as
/// tantivy's `SimpleTokenizer` does.
#[derive(Clone, Default)]
pub struct WordTokenizer {
    token: Token,
}

/// The token stream of a [`WordTokenizer`].
pub struct WordTokenStream<'a> {
    text: &'a str,
    /// Where the search for the next word starts: a character boundary.
    at: usize,
    token: &'a mut Token,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordTokenStream<'a> {
        self.token.reset();
        WordTokenStream {
            text,
            at: 0,
            token: &mut self.token,
        }
    }
}

/// Whether the character at byte `at` of `text` (a character boundary before its end) is a
/// letter or digit, and its length in bytes.
#[inline]
fn char_at(text: &str, at: usize) -> (bool, usize) {
    let b = text.as_bytes()[at];
    if b.is_ascii() {
        return (b.is_ascii_alphanumeric(), 1);
    }
    text[at..]
        .chars()
        .next()
        .map_or((false, 1), |c| (c.is_alphanumeric(), c.len_utf8()))
}

/// The next word of `text` from byte `at` (a character boundary): its start and end, and
/// where the search for the one after starts. `None` when there is none.
#[inline(always)]
fn next_word(text: &str, mut at: usize) -> Option<(usize, usize, usize)> {
    let bytes = text.as_bytes();
    let len = bytes.len();
    // The first letter or digit from `at`.
    let start = loop {
        // ASCII bytes that are neither, without a call.
        while at < len && bytes[at].is_ascii() && !bytes[at].is_ascii_alphanumeric() {
            at += 1;
        }
        if at >= len {
            return None;
        }
        let (word, n) = char_at(text, at);
        if word {
            break at;
        }
        at += n;
    };
    // The first character after it that is not one.
    let mut end = start;
    while end < len {
        if bytes[end].is_ascii_alphanumeric() {
            end += 1;
            continue;
        }
        let (word, n) = char_at(text, end);
        if !word {
            // That character ends the word and cannot start the next: skip it.
            return Some((start, end, end + n));
        }
        end += n;
    }
    Some((start, end, len))
}

/// The words of `text` (runs of letters and digits), as written, in order: the texts of the
/// tokens of a [`WordTokenizer`].
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    let mut at = 0;
    std::iter::from_fn(move || {
        let (start, end, next) = next_word(text, at)?;
        at = next;
        Some(&text[start..end])
    })
}

impl TokenStream for WordTokenStream<'_> {
    fn advance(&mut self) -> bool {
        self.token.text.clear();
        self.token.position = self.token.position.wrapping_add(1);
        let Some((start, end, next)) = next_word(self.text, self.at) else {
            self.at = self.text.len();
            return false;
        };
        self.at = next;
        self.token.offset_from = start;
        self.token.offset_to = end;
        self.token.text.push_str(&self.text[start..end]);
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::SimpleTokenizer;

    /// Every token of `tokenizer` over `text`, in full.
    fn all_tokens(
        tokenizer: &mut impl Tokenizer,
        text: &str,
    ) -> Vec<(String, usize, usize, usize)> {
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            out.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
        }
        // A finished stream stays finished.
        assert!(!stream.advance());
        out
    }

    #[test]
    fn the_tokens_are_those_of_tantivys_simple_tokenizer() {
        let mut ours = WordTokenizer::default();
        let mut simple = SimpleTokenizer::default();
        let cases = [
            "",
            " ",
            "word",
            "Hello, happy tax payer!",
            "Côte d'Ivoire: l'été 2003 — KP/PK ½ x² Ⅻ",
            "se\u{301}curite\u{301} Guinée\u{a0}Conakry\u{202f}; 東京🙂東京 a_b a-b",
            "  leading and trailing  ",
            "\u{301}starts with a combining mark",
            "ends in a non-ASCII letter é",
            "ends in a non-ASCII space\u{3000}",
        ];
        for text in cases {
            assert_eq!(
                all_tokens(&mut ours, text),
                all_tokens(&mut simple, text),
                "{text:?}"
            );
        }
        // Random texts over ASCII and non-ASCII letters, digits, marks, spaces and symbols
        // of one to four bytes.
        let alphabet: Vec<char> =
            "aZ09 .,'-_\t\n\u{0}éÉçœß\u{301}\u{a0}\u{2019}\u{3000}½²Ⅻ٣東京🙂𝔸"
                .chars()
                .collect();
        let mut rng = xtask::rng::SplitMix64::new(2003);
        for _ in 0..5_000 {
            let len = rng.below(30);
            let text: String = (0..len).map(|_| *rng.pick(&alphabet)).collect();
            assert_eq!(
                all_tokens(&mut ours, &text),
                all_tokens(&mut simple, &text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn words_are_the_tokens_texts() {
        let mut simple = SimpleTokenizer::default();
        let text = "Côte d'Ivoire: l'été 2003 — KP/PK ½ x² 東京🙂東京 a_b ";
        let texts: Vec<String> = all_tokens(&mut simple, text)
            .into_iter()
            .map(|t| t.0)
            .collect();
        assert_eq!(words(text).collect::<Vec<_>>(), texts);
        assert_eq!(words("").count(), 0);
        assert_eq!(words(" ,; ").count(), 0);
    }

    #[test]
    fn one_tokenizer_starts_afresh_on_each_text() {
        let mut ours = WordTokenizer::default();
        let first = all_tokens(&mut ours, "one two three");
        let second = all_tokens(&mut ours, "four");
        assert_eq!(first.len(), 3);
        assert_eq!(second, vec![("four".to_string(), 0, 4, 0)]);
    }
}
