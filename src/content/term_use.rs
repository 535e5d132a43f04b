//! Which glossary terms a text uses.
//!
//! A text uses a term when it contains the term's words in order, ignoring case and accents and
//! a plural `s` or `x` at the end of each word (`rough diamonds` uses *Rough diamond*,
//! `contrôles internes` uses *Contrôle interne*), or the term's abbreviation exactly as
//! written (`KP`), as whole words. The text is read once into an index of its words, so asking
//! about every term of a glossary costs the occurrences of the terms' first words, not the
//! length of the text times the number of terms.

use std::collections::{HashMap, HashSet};

use super::glossary::Term;
use crate::markdown::slug::fold;

/// The words of a text, indexed for [`Words::uses`].
#[derive(Debug, Default)]
pub struct Words {
    /// Folded, lower-cased, singular words, in order.
    stems: Vec<String>,
    /// Where each stem occurs.
    at: HashMap<String, Vec<usize>>,
    /// Words as written (for abbreviations), each once.
    raw: HashSet<String>,
    /// Consecutive pairs of words as written (for abbreviations of two words).
    raw_seq: Vec<String>,
}

/// Splits `s` into words: runs of letters and digits.
fn split(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// A word folded (accents removed), in lower case, without a plural `s` or `x`.
fn stem(word: &str) -> String {
    let mut w = fold(word).to_lowercase();
    if w.chars().count() > 3 && (w.ends_with('s') || w.ends_with('x')) {
        w.pop();
    }
    w
}

impl Words {
    /// The words of `text`.
    pub fn new(text: &str) -> Words {
        let mut words = Words::default();
        words.add(text);
        words
    }

    /// Adds the words of `text` (a new paragraph: no term spans the join).
    pub fn add(&mut self, text: &str) {
        // An empty stem between texts keeps a term from matching across them.
        if !self.stems.is_empty() {
            self.stems.push(String::new());
            self.raw_seq.push(String::new());
        }
        for w in split(text) {
            let s = stem(w);
            self.at.entry(s.clone()).or_default().push(self.stems.len());
            self.stems.push(s);
            self.raw.insert(w.to_string());
            self.raw_seq.push(w.to_string());
        }
    }

    /// Whether the text uses `term` (see the module's documentation).
    pub fn uses(&self, term: &Term) -> bool {
        self.has_phrase(&term.term) || term.abbr.as_deref().is_some_and(|a| self.has_abbr(a))
    }

    /// Whether the words of `phrase` occur in order, as stems.
    fn has_phrase(&self, phrase: &str) -> bool {
        let want: Vec<String> = split(phrase).map(stem).collect();
        let Some(first) = want.first() else {
            return false;
        };
        self.at.get(first).is_some_and(|starts| {
            starts.iter().any(|&p| {
                want.iter()
                    .enumerate()
                    .all(|(k, w)| self.stems.get(p + k) == Some(w))
            })
        })
    }

    /// Whether the abbreviation occurs exactly as written.
    fn has_abbr(&self, abbr: &str) -> bool {
        let want: Vec<&str> = split(abbr).collect();
        match want.as_slice() {
            [] => false,
            [one] => self.raw.contains(*one),
            many => self
                .raw_seq
                .windows(many.len())
                .any(|w| w.iter().zip(many).all(|(a, b)| a == b)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(t: &str, abbr: Option<&str>) -> Term {
        Term {
            key: "k".into(),
            term: t.into(),
            abbr: abbr.map(String::from),
            definition: String::new(),
        }
    }

    #[test]
    fn terms_match_whole_words_in_any_case_and_number() {
        let w = Words::new(
            "Les contrôles internes des diamants bruts. A Vice-Chair spoke; the KP met.",
        );
        assert!(w.uses(&term("Contrôle interne", None)));
        assert!(w.uses(&term("Diamant brut", None)));
        assert!(w.uses(&term("Vice-chair", None)));
        assert!(w.uses(&term("Kimberley Process", Some("KP"))));
        assert!(!w.uses(&term(
            "Kimberley Process Certification Scheme",
            Some("KPCS")
        )));
        assert!(
            !w.uses(&term("Process", Some("kp"))),
            "abbreviations keep their case"
        );
        assert!(
            !w.uses(&term("Interne diamant", None)),
            "words in order only"
        );
        assert!(!w.uses(&term("Diam", None)), "whole words only");
    }

    #[test]
    fn a_term_never_spans_two_texts() {
        let mut w = Words::new("the rough");
        w.add("diamond trade");
        assert!(!w.uses(&term("Rough diamond", None)));
        w.add("Minimum requirement");
        assert!(w.uses(&term("Minimum requirements", None)));
    }
}
