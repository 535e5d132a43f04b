//! Translation status: per language, the documents with no translation into it, the
//! translations in it that are older than their source, and the glossary terms it lacks.
//!
//! The source of a group of translations is its page in the site's default language (or, when
//! there is none, in the first language of `loupe.yaml` that has one). A translation is older
//! than its source when the source's last change (`updated:`, else `date:`) is later than the
//! translation's: translators record that they caught up by setting `updated:` on the
//! translation. Pages without any date are never counted as older.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::Site;
use crate::content::date::Date;
use crate::content::load::Page;

/// The translation status of a whole site, one entry per language (in `loupe.yaml` order).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Status {
    /// One entry per language of the site.
    pub languages: Vec<LanguageStatus>,
}

/// What one language lacks.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LanguageStatus {
    /// The language code.
    pub lang: String,
    /// The language's own name.
    pub name: String,
    /// Documents of other languages with no translation into this one.
    pub untranslated: Vec<Untranslated>,
    /// Translations in this language older than their source.
    pub outdated: Vec<Outdated>,
    /// Glossary keys of other languages with no entry in this language's glossary.
    pub missing_glossary: Vec<MissingTerm>,
}

/// A document with no translation into a language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Untranslated {
    /// The document (its source file, relative to the site root).
    pub path: String,
    /// Its language.
    pub lang: String,
    /// Its title.
    pub title: String,
}

/// A translation older than its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outdated {
    /// The translation's file, relative to the site root.
    pub path: String,
    /// The source's file.
    pub source: String,
    /// The source's last change (`updated:`, else `date:`).
    pub source_changed: String,
    /// The translation's last change (`updated:`, else `date:`).
    pub changed: String,
}

/// A glossary key that a language lacks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MissingTerm {
    /// The key shared across languages.
    pub key: String,
    /// The languages whose glossaries have it.
    pub found_in: Vec<String>,
}

impl Status {
    /// Totals: (documents not translated, translations older than their source, glossary
    /// entries missing), summed over languages.
    pub fn totals(&self) -> (usize, usize, usize) {
        self.languages.iter().fold((0, 0, 0), |(u, o, g), l| {
            (
                u + l.untranslated.len(),
                o + l.outdated.len(),
                g + l.missing_glossary.len(),
            )
        })
    }

    /// True when every language has everything.
    pub fn is_complete(&self) -> bool {
        self.totals() == (0, 0, 0)
    }
}

/// The last change of a page: `updated:`, else `date:`.
pub fn last_change(page: &Page) -> Option<Date> {
    page.fm.updated.or(page.fm.date)
}

/// The page a group of translations is translated from: the one in the earliest of `order`
/// (the site's default language first) that the group has.
pub fn source_of(group: &BTreeMap<String, usize>, order: &[&str]) -> Option<usize> {
    order.iter().find_map(|l| group.get(*l).copied())
}

/// The languages in the order sources are looked for: the default language, then the others
/// in `loupe.yaml` order.
fn source_order(site: &Site) -> Vec<&str> {
    let default = site.config.default_language();
    let mut order = vec![default];
    order.extend(
        site.config
            .languages
            .iter()
            .map(|l| l.code.as_str())
            .filter(|c| *c != default),
    );
    order
}

/// The page that `doc` (index in `site.docs`) is translated from, when it is a translation.
pub fn translation_source(site: &Site, doc: usize) -> Option<usize> {
    let order = source_order(site);
    source_of(&site.docs[doc].translations, &order).filter(|&s| s != doc)
}

/// When the translation `doc` (index in `site.docs`) is older than its source: the source's
/// index. See the module documentation for what "older" means.
pub fn outdated_source(site: &Site, doc: usize) -> Option<usize> {
    let d = &site.docs[doc];
    let source = translation_source(site, doc)?;
    let newer = last_change(&site.docs[source].page)?;
    let own = last_change(&d.page)?;
    (newer > own).then_some(source)
}

/// The translation status of `site`.
pub fn translation_status(site: &Site) -> Status {
    let order = source_order(site);
    let mut languages = Vec::new();
    for lang in &site.config.languages {
        let code = lang.code.as_str();
        let mut status = LanguageStatus {
            lang: code.to_string(),
            name: lang.name.clone(),
            ..LanguageStatus::default()
        };
        let mut groups_seen = BTreeSet::new();
        for d in &site.docs {
            let Some(source) = source_of(&d.translations, &order) else {
                continue;
            };
            if !groups_seen.insert(source) {
                continue;
            }
            let src = &site.docs[source].page;
            match d.translations.get(code) {
                None => status.untranslated.push(Untranslated {
                    path: src.source.to_string_lossy().replace('\\', "/"),
                    lang: src.lang.clone(),
                    title: src.fm.title.clone(),
                }),
                Some(&t) if t != source => {
                    if outdated_source(site, t).is_some() {
                        let tp = &site.docs[t].page;
                        status.outdated.push(Outdated {
                            path: tp.source.to_string_lossy().replace('\\', "/"),
                            source: src.source.to_string_lossy().replace('\\', "/"),
                            source_changed: last_change(src)
                                .map(|d| d.to_string())
                                .unwrap_or_default(),
                            changed: last_change(tp).map(|d| d.to_string()).unwrap_or_default(),
                        });
                    }
                }
                Some(_) => {}
            }
        }
        let own: BTreeSet<&str> = site
            .glossaries
            .get(code)
            .map(|terms| terms.iter().map(|t| t.key.as_str()).collect())
            .unwrap_or_default();
        let mut missing: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for (other, terms) in &site.glossaries {
            if other == code {
                continue;
            }
            for t in terms.iter() {
                if !own.contains(t.key.as_str()) {
                    missing.entry(&t.key).or_default().push(other.clone());
                }
            }
        }
        status.missing_glossary = missing
            .into_iter()
            .map(|(key, found_in)| MissingTerm {
                key: key.to_string(),
                found_in,
            })
            .collect();
        status.untranslated.sort_by(|a, b| a.path.cmp(&b.path));
        status.outdated.sort_by(|a, b| a.path.cmp(&b.path));
        languages.push(status);
    }
    Status { languages }
}
