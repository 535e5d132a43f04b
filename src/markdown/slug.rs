//! Heading ids and URL slugs with accents folded (`Sécurité` → `securite`).

use std::collections::HashMap;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Removes accents: decomposes and drops combining marks; also folds `œ`, `æ`, `ß`.
pub(crate) fn fold(s: &str) -> String {
    // ASCII has no accents to remove: its decomposition is itself (and most headings are).
    if s.is_ascii() {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            'œ' => out.push_str("oe"),
            'Œ' => out.push_str("OE"),
            'æ' => out.push_str("ae"),
            'Æ' => out.push_str("AE"),
            'ß' => out.push_str("ss"),
            _ => out.push(c),
        }
    }
    out
}

/// A URL- and anchor-safe slug: accents folded, lowercase, words joined by `-`.
pub(crate) fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut dash = false;
    for c in fold(s).chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' || c == '_' || c == '\'' || c == '’' || c == '/' {
            dash = true;
        }
    }
    out
}

/// Ids the default theme gives its own elements, which headings never take (the theme's other
/// ids all start with `loupe-`, which heading ids never do).
pub(crate) const THEME_IDS: &[&str] = &["main", "search-page", "search-input", "search-dropdown"];

/// Prefixes that heading ids never start with: the theme's (`loupe-`) and the one given to ids
/// written in raw HTML (`user-content-`).
pub(crate) const RESERVED_PREFIXES: &[&str] = &["loupe-", "user-content-"];

/// Why an id written with `{#id}` cannot be used, if it cannot.
pub(crate) fn explicit_id_problem(id: &str) -> Option<String> {
    let ok_chars = id
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if id.is_empty() || !ok_chars {
        return Some(format!(
            "heading id `{id}` must be written in lowercase letters, digits and hyphens, such as `{{#{}}}`",
            slugify(id)
        ));
    }
    if THEME_IDS.contains(&id) || RESERVED_PREFIXES.iter().any(|p| id.starts_with(p)) {
        return Some(format!(
            "heading id `{id}` is used by the site's own page layout: choose another"
        ));
    }
    None
}

/// Hands out unique ids within one page: the second `securite` becomes `securite-1`.
#[derive(Debug, Default)]
pub(crate) struct UniqueIds {
    used: HashMap<String, usize>,
}

impl UniqueIds {
    /// Marks `id` as taken (ids given explicitly with `{#id}`).
    pub(crate) fn reserve(&mut self, id: &str) {
        self.used.entry(id.to_string()).or_insert(0);
    }

    /// Ids for the headings of one page: the theme's own ids are taken already.
    pub(crate) fn for_page() -> Self {
        let mut ids = UniqueIds::default();
        for id in THEME_IDS {
            ids.reserve(id);
        }
        ids
    }

    /// A unique id based on `base` (`section` when `base` is empty; `h-` is put before a base
    /// that starts with a reserved prefix).
    pub(crate) fn make(&mut self, base: &str) -> String {
        let prefixed;
        let base = if base.is_empty() {
            "section"
        } else if RESERVED_PREFIXES.iter().any(|p| base.starts_with(p)) {
            prefixed = format!("h-{base}");
            &prefixed
        } else {
            base
        };
        if !self.used.contains_key(base) {
            self.used.insert(base.to_string(), 0);
            return base.to_string();
        }
        let mut n = self.used[base];
        loop {
            n += 1;
            let candidate = format!("{base}-{n}");
            if !self.used.contains_key(&candidate) {
                self.used.insert(base.to_string(), n);
                self.used.insert(candidate.clone(), 0);
                return candidate;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents() {
        assert_eq!(slugify("Sécurité"), "securite");
        assert_eq!(
            slugify("L'été à Kénéma : contrôles"),
            "l-ete-a-kenema-controles"
        );
        assert_eq!(slugify("  Œuvre   d’art "), "oeuvre-d-art");
        assert_eq!(slugify("Côte d'Ivoire"), "cote-d-ivoire");
        // ASCII is its own decomposition (the fast path), whatever its punctuation.
        assert_eq!(
            fold("Plain ASCII: KP_2003 / x-y's ~!"),
            "Plain ASCII: KP_2003 / x-y's ~!"
        );
        assert_eq!(
            slugify("Plain ASCII: KP_2003 / x-y's"),
            "plain-ascii-kp-2003-x-y-s"
        );
        assert_eq!(fold("e\u{301}"), "e");
    }

    #[test]
    fn ids_are_unique() {
        let mut ids = UniqueIds::default();
        ids.reserve("securite-1");
        assert_eq!(ids.make("securite"), "securite");
        assert_eq!(ids.make("securite"), "securite-2");
        assert_eq!(ids.make(""), "section");
    }

    #[test]
    fn headings_never_take_the_themes_ids() {
        let mut ids = UniqueIds::for_page();
        assert_eq!(ids.make("main"), "main-1");
        assert_eq!(ids.make("search-input"), "search-input-1");
        assert_eq!(ids.make("loupe-toc"), "h-loupe-toc");
        assert_eq!(ids.make("user-content-x"), "h-user-content-x");
        assert!(explicit_id_problem("visites-examen").is_none());
        for bad in ["Mine", "main", "loupe-toc", "a b", "", "loupeSearchBase"] {
            assert!(explicit_id_problem(bad).is_some(), "{bad}");
        }
    }
}
