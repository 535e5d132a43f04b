//! `content/<lang>/glossary.yaml`: terms, definitions and abbreviations of one language.

use std::collections::BTreeSet;
use std::path::Path;

use serde_yaml::Value;

use crate::diagnostics::{did_you_mean, Diagnostics, Pos};

/// One glossary entry.
#[derive(Debug, Clone, PartialEq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Term {
    /// Shared across languages; also the entry's anchor on the glossary page.
    pub key: String,
    /// The term.
    pub term: String,
    /// Its abbreviation, if any (`KPCS`).
    pub abbr: Option<String>,
    /// The definition (plain text).
    pub definition: String,
}

const KEYS: &[&str] = &["key", "term", "abbr", "definition"];

/// Parses a glossary file's text. Problems go to `diags`.
pub fn parse(text: &str, path: &Path, diags: &mut Diagnostics) -> Vec<Term> {
    let Some(value): Option<Value> = super::yaml::parse(text, path, 0, "the glossary", diags)
    else {
        return Vec::new();
    };
    let items = match value {
        Value::Sequence(items) => items,
        Value::Null => return Vec::new(),
        _ => {
            diags.error(
                path,
                Pos::new(1, 1),
                "the glossary must be a list of entries (`- key: …`, `term: …`, `definition: …`)",
            );
            return Vec::new();
        }
    };
    let item_lines: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("- "))
        .map(|(i, _)| i + 1)
        .collect();
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let pos = Pos::new(item_lines.get(i).copied().unwrap_or(1), 1);
        let Value::Mapping(m) = item else {
            diags.error(
                path,
                pos,
                format!(
                    "entry {} must be a map with `key`, `term` and `definition`",
                    i + 1
                ),
            );
            continue;
        };
        let get = |k: &str| match m.get(k) {
            Some(Value::String(s)) => Some(s.trim().to_string()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        for k in m.keys() {
            let k = k.as_str().unwrap_or_default();
            if !KEYS.contains(&k) {
                let hint = did_you_mean(k, KEYS.iter().copied());
                diags.error(
                    path,
                    pos,
                    format!("unknown key `{k}` in glossary entry {}{hint}", i + 1),
                );
            }
        }
        let (Some(key), Some(term), Some(definition)) =
            (get("key"), get("term"), get("definition"))
        else {
            diags.error(
                path,
                pos,
                format!(
                    "glossary entry {} needs `key`, `term` and `definition` (as text)",
                    i + 1
                ),
            );
            continue;
        };
        let key_ok = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !key_ok {
            diags.error(path, pos, format!("glossary key `{key}` must be lowercase letters, digits or `-` (it is the term's anchor)"));
            continue;
        }
        if !seen.insert(key.clone()) {
            diags.error(path, pos, format!("glossary key `{key}` is used twice"));
            continue;
        }
        out.push(Term {
            key,
            term,
            abbr: get("abbr").filter(|a| !a.is_empty()),
            definition,
        });
    }
    out.sort_by_key(|t| sort_key(&t.term));
    out
}

/// A sort key that ignores case and accents (`État` sorts with `E`).
pub fn sort_key(s: &str) -> String {
    crate::markdown::slug::fold(s).to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_reports() {
        let mut d = Diagnostics::new();
        let t = parse(
            "- key: kpcs\n  term: Kimberley Process Certification Scheme\n  abbr: KPCS\n  definition: The scheme.\n- key: kpcs\n  term: Again\n  definition: x\n- term: No key\n  definiton: y\n",
            Path::new("g.yaml"),
            &mut d,
        );
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].abbr.as_deref(), Some("KPCS"));
        let all: Vec<String> = d.sorted().iter().map(|x| x.to_string()).collect();
        assert!(
            all.iter()
                .any(|e| e.starts_with("g.yaml:5:1:") && e.contains("used twice")),
            "{all:?}"
        );
        assert!(
            all.iter()
                .any(|e| e.starts_with("g.yaml:8:1:") && e.contains("did you mean `definition`")),
            "{all:?}"
        );
    }
}
