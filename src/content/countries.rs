//! Country codes (ISO 3166-1 alpha-2) and what people write instead: names in any of the
//! site's languages (`Guinea`, `Guinée`), lower case (`sl`), three-letter codes of the region
//! (`SLE`) and codes that are common but not ISO (`UK` for `GB`).

use std::collections::{BTreeMap, BTreeSet};

use unicode_normalization::UnicodeNormalization;

/// Codes that people write but ISO 3166 does not use for the country they mean, with the right
/// code. (`UK` and `EL` are reserved by ISO for the United Kingdom and Greece, and used by the
/// EU, but are not their alpha-2 codes.)
const WRONG_CODES: &[(&str, &str)] = &[
    ("UK", "GB"),
    ("EL", "GR"),
    ("SLE", "SL"),
    ("GIN", "GN"),
    ("LBR", "LR"),
    ("CIV", "CI"),
    ("RCI", "CI"),
    ("USA", "US"),
    ("DRC", "CD"),
    ("RDC", "CD"),
    ("RSA", "ZA"),
    ("UAE", "AE"),
];

/// Other names people give countries of the region and of the KP, folded (see [`fold`]).
const OTHER_NAMES: &[(&str, &str)] = &[
    ("ivory coast", "CI"),
    ("cote divoire", "CI"),
    ("england", "GB"),
    ("great britain", "GB"),
    ("britain", "GB"),
    ("angleterre", "GB"),
    ("grande bretagne", "GB"),
    ("america", "US"),
    ("usa", "US"),
    ("democratic republic of the congo", "CD"),
    ("drc", "CD"),
    ("rdc", "CD"),
    ("congo kinshasa", "CD"),
    ("congo brazzaville", "CG"),
    ("guinea conakry", "GN"),
    ("guinee conakry", "GN"),
    ("holland", "NL"),
];

/// The country codes a site knows, with every name its languages give them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Countries {
    codes: BTreeSet<String>,
    /// Folded name → code.
    names: BTreeMap<String, String>,
    /// Code → the first name given (the default language's), for messages.
    display: BTreeMap<String, String>,
}

/// What to write instead of an unknown country code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Suggestion {
    /// The same code in capitals (`sl` → `SL`).
    Capitals(String),
    /// A common code that is not ISO's (`UK` → `GB`).
    WrongCode {
        /// The ISO code.
        code: String,
    },
    /// A country's name (`Guinée` → `GN`).
    Name {
        /// The ISO code.
        code: String,
        /// The country's name (in the site's default language).
        name: String,
    },
}

impl Countries {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `code`, named `name` in one of the site's languages.
    pub fn add(&mut self, code: &str, name: &str) {
        self.codes.insert(code.to_string());
        self.display
            .entry(code.to_string())
            .or_insert_with(|| name.to_string());
        self.names
            .entry(fold(name))
            .or_insert_with(|| code.to_string());
    }

    /// True when `code` is known.
    pub fn contains(&self, code: &str) -> bool {
        self.codes.contains(code)
    }

    /// Every known code, sorted.
    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.codes.iter().map(String::as_str)
    }

    /// True when no code is known.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// What `written` (not a known code) probably means, if anything.
    pub fn suggest(&self, written: &str) -> Option<Suggestion> {
        let upper = written.trim().to_uppercase();
        if upper != written && self.contains(&upper) {
            return Some(Suggestion::Capitals(upper));
        }
        if let Some((_, code)) = WRONG_CODES.iter().find(|(w, _)| *w == upper) {
            if self.contains(code) {
                return Some(Suggestion::WrongCode {
                    code: code.to_string(),
                });
            }
        }
        let folded = fold(written);
        if folded.is_empty() {
            return None;
        }
        let named = |code: &str| {
            let name = self.display.get(code).cloned().unwrap_or_default();
            Suggestion::Name {
                code: code.to_string(),
                name,
            }
        };
        if let Some(code) = self.names.get(&folded) {
            // The name as the author wrote it, in their language.
            return Some(Suggestion::Name {
                code: code.clone(),
                name: written.trim().to_string(),
            });
        }
        if let Some((_, code)) = OTHER_NAMES.iter().find(|(n, _)| *n == folded) {
            if self.contains(code) {
                return Some(named(code));
            }
        }
        // A name with a typo: only for names long enough that one or two letters off is
        // still clearly that name.
        if folded.chars().count() >= 5 {
            let best = self
                .names
                .iter()
                .map(|(n, c)| (strsim::damerau_levenshtein(&folded, n), n, c))
                .filter(|(d, n, _)| *d <= n.chars().count() / 5)
                .min();
            if let Some((_, _, code)) = best {
                return Some(named(code));
            }
        }
        None
    }
}

/// A name reduced for comparison: lower case, accents removed, every run of other characters
/// than letters and digits one space, apostrophes dropped (`Côte d'Ivoire` → `cote divoire`).
pub fn fold(name: &str) -> String {
    let mut out = String::new();
    let mut space = false;
    for c in name.nfd() {
        if unicode_normalization::char::is_combining_mark(c) || c == '\'' || c == '’' {
            continue;
        }
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.extend(c.to_lowercase());
        } else {
            space = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Countries {
        let mut c = Countries::new();
        for (code, en, fr) in [
            ("GN", "Guinea", "Guinée"),
            ("GB", "United Kingdom", "Royaume-Uni"),
            ("CI", "Côte d'Ivoire", "Côte d'Ivoire"),
            ("SL", "Sierra Leone", "Sierra Leone"),
            ("CK", "Cook Islands", "Îles Cook"),
            ("GW", "Guinea-Bissau", "Guinée-Bissau"),
        ] {
            c.add(code, en);
            c.add(code, fr);
        }
        c
    }

    #[test]
    fn names_in_any_language_give_the_code() {
        let c = site();
        for (w, code) in [
            ("Guinea", "GN"),
            ("Guinée", "GN"),
            ("guinee", "GN"),
            ("Cote d'Ivoire", "CI"),
            ("Ivory Coast", "CI"),
            ("Royaume Uni", "GB"),
            ("Sierra Leonne", "SL"),
            ("Guinea Bissau", "GW"),
        ] {
            match c.suggest(w) {
                Some(Suggestion::Name { code: got, .. }) => assert_eq!(got, code, "{w}"),
                other => panic!("{w}: {other:?}"),
            }
        }
    }

    #[test]
    fn common_wrong_codes_and_capitals() {
        let c = site();
        assert_eq!(
            c.suggest("UK"),
            Some(Suggestion::WrongCode { code: "GB".into() })
        );
        assert_eq!(
            c.suggest("SLE"),
            Some(Suggestion::WrongCode { code: "SL".into() })
        );
        assert_eq!(c.suggest("sl"), Some(Suggestion::Capitals("SL".into())));
        assert_eq!(c.suggest("XX"), None);
        assert_eq!(c.suggest("CX"), None);
    }

    #[test]
    fn folding() {
        assert_eq!(fold("Côte d’Ivoire"), "cote divoire");
        assert_eq!(fold("  Guinée-Bissau "), "guinee bissau");
    }
}
