//! A language's glossary abbreviations, and where a text uses one first.
//!
//! A body marks the first use of each abbreviation with `<abbr>`. Looking for every
//! abbreviation in every text of every page made rendering cost the size of the glossary times
//! the size of the content (a glossary of 310 abbreviations took a 1,000-document build from 1.3
//! to 3.4 s of CPU). Past [`AUTOMATON_FROM`] abbreviations, one automaton per language finds
//! all of them in one pass over a text, and only those a text holds are looked at further.

use std::borrow::Cow;

use aho_corasick::{AhoCorasick, MatchKind};
use memchr::memmem::Finder;

/// From this many abbreviations on, an automaton picks those a text holds. Below, looking for
/// each one (a vectorised substring search) is faster: 3.5 times for 10 abbreviations,
/// 10 times slower for 310, on the paragraphs of a generated document.
const AUTOMATON_FROM: usize = 32;

/// An abbreviation to mark up on its first use: (abbreviation, expansion).
pub(crate) type Abbreviation = (String, String);

/// A language's abbreviations, longest first (so `KPCS` wins over `KP` at the same place), with
/// the automaton that finds them.
#[derive(Debug, Clone, Default)]
pub struct Abbreviations {
    list: Vec<Abbreviation>,
    /// Finds every abbreviation of `list` that is not empty; `None` when there are fewer
    /// than [`AUTOMATON_FROM`].
    finder: Option<AhoCorasick>,
    /// The index in `list` of each of the finder's patterns.
    pattern_of: Vec<usize>,
    /// A substring search for each abbreviation of `list`, built once: `str::find` would
    /// prepare its search again at every call, for each piece of text of every body (that
    /// preparing took 2 % of a build's instructions).
    searches: Vec<Finder<'static>>,
}

impl Abbreviations {
    /// These abbreviations, in the order given.
    pub(crate) fn new(list: Vec<Abbreviation>) -> Abbreviations {
        let pattern_of: Vec<usize> = (0..list.len()).filter(|&i| !list[i].0.is_empty()).collect();
        let finder = (pattern_of.len() >= AUTOMATON_FROM)
            .then(|| {
                AhoCorasick::builder()
                    .match_kind(MatchKind::Standard)
                    .build(pattern_of.iter().map(|&i| list[i].0.as_str()))
                    .ok()
            })
            .flatten();
        let searches = list
            .iter()
            .map(|(abbr, _)| Finder::new(abbr.as_bytes()).into_owned())
            .collect();
        Abbreviations {
            list,
            finder,
            pattern_of,
            searches,
        }
    }

    /// The abbreviations, in their order.
    pub(crate) fn list(&self) -> &[Abbreviation] {
        &self.list
    }

    /// Whether there is none.
    pub(crate) fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The indexes, in order, of the abbreviations that may occur in `text`, none when all are
    /// in `done`: with an automaton, those not in `done` that occur somewhere in it (as any
    /// substring), found in one pass over the text; without, all of them, borrowed (it is
    /// called for each piece of plain text of a body, and [`Self::first_in`] skips those done).
    pub(crate) fn present_in(
        &self,
        text: &str,
        done: &foldhash::HashSet<&str>,
    ) -> Cow<'_, [usize]> {
        let not_done = |&i: &usize| !done.contains(self.list[i].0.as_str());
        let Some(finder) = &self.finder else {
            if self.pattern_of.iter().any(not_done) {
                return Cow::Borrowed(&self.pattern_of);
            }
            return Cow::Borrowed(&[]);
        };
        let mut present: Vec<usize> = finder
            .find_overlapping_iter(text)
            .map(|m| self.pattern_of[m.pattern().as_usize()])
            .filter(not_done)
            .collect();
        present.sort_unstable();
        present.dedup();
        Cow::Owned(present)
    }

    /// The first use in `text`, as a whole word, of one of the abbreviations numbered in
    /// `candidates` (in order) that is not in `done`: (byte offset, abbreviation, expansion).
    /// At the same offset, the first candidate wins.
    pub(crate) fn first_in<'a>(
        &'a self,
        text: &str,
        candidates: &[usize],
        done: &foldhash::HashSet<&str>,
    ) -> Option<(usize, &'a str, &'a str)> {
        let mut best: Option<(usize, &'a str, &'a str)> = None;
        for &i in candidates {
            let (abbr, title) = &self.list[i];
            if abbr.is_empty() || done.contains(abbr.as_str()) {
                continue;
            }
            let mut from = 0;
            // A match of the (UTF-8) abbreviation starts and ends on character boundaries.
            while let Some(found) = self.searches[i].find(&text.as_bytes()[from..]) {
                let at = from + found;
                let before = text[..at].chars().next_back();
                let after = text[at + abbr.len()..].chars().next();
                let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
                if boundary(before) && boundary(after) {
                    if best.is_none_or(|(b, _, _)| at < b) {
                        best = Some((at, abbr.as_str(), title.as_str()));
                    }
                    break;
                }
                from = at + abbr.len();
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A set of abbreviations done.
    fn done_set<'a>(done: &[&'a str]) -> foldhash::HashSet<&'a str> {
        done.iter().copied().collect()
    }

    fn abbrs(list: &[&str]) -> Abbreviations {
        Abbreviations::new(
            list.iter()
                .map(|a| (a.to_string(), format!("{a} in full")))
                .collect(),
        )
    }

    /// `list`, then enough abbreviations found in no text to need the automaton.
    fn with_automaton(list: &[&str]) -> Abbreviations {
        let fillers: Vec<String> = (0..AUTOMATON_FROM).map(|i| format!("QQ{i}")).collect();
        let all: Vec<&str> = list
            .iter()
            .copied()
            .chain(fillers.iter().map(String::as_str))
            .collect();
        let a = abbrs(&all);
        assert!(a.finder.is_some());
        a
    }

    /// Every first use in `text`, in order, as the renderer takes them: each abbreviation
    /// once, each search going on after the last use found.
    fn uses(a: &Abbreviations, text: &str, candidates: &[usize]) -> Vec<(usize, String)> {
        let mut done = done_set(&[]);
        let mut out = Vec::new();
        let mut rest = text;
        let mut offset = 0;
        while let Some((at, abbr, _)) = a.first_in(rest, candidates, &done) {
            out.push((offset + at, abbr.to_string()));
            done.insert(abbr);
            offset += at + abbr.len();
            rest = &rest[at + abbr.len()..];
        }
        out
    }

    #[test]
    fn only_abbreviations_in_the_text_are_candidates() {
        let a = with_automaton(&["KPCS", "WGM", "KP", ""]);
        let none = done_set(&[]);
        assert_eq!(a.present_in("The KPCS and the KP.", &none), vec![0, 2]);
        // As substrings: whole words are checked after.
        assert_eq!(a.present_in("KPCSX", &none), vec![0, 2]);
        assert_eq!(a.present_in("nothing here", &none), Vec::<usize>::new());
        let done = done_set(&["KPCS"]);
        assert_eq!(a.present_in("The KPCS and the KP.", &done), vec![2]);
        assert!(abbrs(&[""]).present_in("anything", &none).is_empty());
        assert!(Abbreviations::default()
            .present_in("anything", &none)
            .is_empty());
        // A short list: every abbreviation is a candidate (borrowed, not collected), until
        // all are done; `first_in` skips those done.
        let few = abbrs(&["KPCS", "", "WGM", "KP"]);
        assert!(few.finder.is_none());
        let present = few.present_in("nothing here", &done);
        assert!(matches!(present, Cow::Borrowed(_)));
        assert_eq!(present, vec![0, 2, 3]);
        assert_eq!(
            few.first_in("KPCS WGM", &present, &done),
            Some((5, "WGM", "WGM in full"))
        );
        let all_done = done_set(&["KPCS", "WGM", "KP"]);
        assert!(few.present_in("KPCS WGM KP", &all_done).is_empty());
    }

    #[test]
    fn candidates_find_what_the_whole_list_finds() {
        // Longest first, as the site orders them; overlapping, nested, with punctuation,
        // accents and repeats, next to letters and digits.
        let a = with_automaton(&["KPCS", "U.S.", "CÔTE", "KPC", "ASM", "KP", "AA", "A.A"]);
        let texts = [
            "The KPCS, the KP and KPC; not KPCSX or XKP. ASM2 ASM.",
            "U.S.KP U.S. and A.A.A then AAA AA aa",
            "CÔTE CÔTES ÉCÔTE CÔTE KP KP KP",
            "",
            "KPKPKP KP",
        ];
        let all: Vec<usize> = (0..a.list().len()).collect();
        for text in texts {
            let present = a.present_in(text, &done_set(&[]));
            assert_eq!(uses(&a, text, &present), uses(&a, text, &all), "{text}");
        }
        assert_eq!(
            uses(&a, texts[0], &all),
            vec![
                (4, "KPCS".to_string()),
                (14, "KP".to_string()),
                (21, "KPC".to_string()),
                (49, "ASM".to_string())
            ]
        );
    }
}
