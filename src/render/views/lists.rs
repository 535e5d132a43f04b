//! Pages that list things: a section, the documents of a country or topic, the index of a
//! taxonomy, the glossary.

use serde::Serialize;

use super::{Common, ItemView, TagCount, Views};
use crate::content::front_matter::Kind;
use crate::render::record::{Fact, Key, Recorder};
use crate::site::routes::{self, Route, Taxonomy};

impl<'a> Views<'a> {
    /// The tags of taxonomy `tax` used by documents of `code`, with counts, by name.
    pub(crate) fn tag_counts(&self, rec: &Recorder, code: &str, tax: Taxonomy) -> Vec<TagCount> {
        let site = self.site;
        let ld = self.lang(code);
        let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
        for &i in self.list(rec, code, None) {
            for tag in tax.tags(&site.docs[i].page.fm) {
                *counts.entry(tag).or_default() += 1;
            }
        }
        let mut v: Vec<TagCount> = counts
            .into_iter()
            .map(|(tag, count)| TagCount {
                code: tag.to_string(),
                name: match tax {
                    Taxonomy::Countries => ld.i18n.country(tag),
                    Taxonomy::Topics => site.config.topic_label(tag, code),
                },
                count,
                url: routes::tag(code, tax, tag),
            })
            .collect();
        v.sort_by_key(|t| crate::content::glossary::sort_key(&t.name));
        v
    }

    /// A list of documents: a section (`kind`) or a tag page. `eyebrow` names what the page
    /// lists (the taxonomy of a tag page); tag pages group their documents by type.
    pub(crate) fn list_page(
        &self,
        rec: &Recorder,
        route: &Route,
        code: &str,
        title: &str,
        intro: String,
        items: Vec<usize>,
    ) -> ListPage<'_> {
        let site = self.site;
        let ld = self.lang(code);
        let (eyebrow, groups) = match route {
            Route::Tag(_, tax, _) => {
                let groups = Kind::SECTIONS
                    .iter()
                    .map(|&k| KindGroup {
                        kind: k.name(),
                        label: ld.i18n.t(k.folder().unwrap_or_default()),
                        count: items
                            .iter()
                            .filter(|&&i| site.docs[i].page.kind == k)
                            .count(),
                    })
                    .filter(|g| g.count > 0)
                    .collect();
                let eyebrow = match tax {
                    Taxonomy::Countries => ld.i18n.t("country"),
                    Taxonomy::Topics => ld.i18n.t("topic"),
                };
                (eyebrow, groups)
            }
            _ => (String::new(), Vec::new()),
        };
        ListPage {
            common: self.common_generated(rec, route, code, title),
            count: items.len(),
            items: items.into_iter().map(|i| self.item(rec, code, i)).collect(),
            intro,
            eyebrow,
            groups,
        }
    }

    /// The index of a taxonomy.
    pub(crate) fn terms(&self, rec: &Recorder, code: &str, tax: Taxonomy) -> TermsPage<'_> {
        let ld = self.lang(code);
        let route = Route::Terms(code.into(), tax);
        TermsPage {
            common: self.common_generated(rec, &route, code, &ld.i18n.t(tax.folder())),
            terms: self.tag_counts(rec, code, tax),
            intro: ld.i18n.t2("intros", tax.folder()),
        }
    }

    /// The glossary of `code`.
    pub(crate) fn glossary(&self, rec: &Recorder, code: &str) -> GlossaryPage<'_> {
        let site = self.site;
        let ld = self.lang(code);
        for l in &site.config.languages {
            rec.read(Fact::Glossary(Key::of(&l.code)));
        }
        let route = Route::Glossary(code.into());
        let common = self.common_generated(rec, &route, code, &ld.i18n.t("glossary"));
        let empty = Vec::new();
        let terms = site
            .glossaries
            .get(code)
            .map(|g| g.as_slice())
            .unwrap_or(&empty);
        let mut letters: Vec<String> = Vec::new();
        let list = terms
            .iter()
            .map(|t| {
                let letter = crate::markdown::slug::slugify(&t.term)
                    .chars()
                    .next()
                    .unwrap_or('#')
                    .to_ascii_uppercase()
                    .to_string();
                let letter_start = letters.last() != Some(&letter);
                if letter_start {
                    letters.push(letter.clone());
                }
                let other = site
                    .config
                    .languages
                    .iter()
                    .filter(|l| l.code != code)
                    .filter_map(|l| {
                        let o = site
                            .glossaries
                            .get(&l.code)?
                            .iter()
                            .find(|o| o.key == t.key)?;
                        Some(OtherTerm {
                            code: l.code.clone(),
                            term: o.term.clone(),
                            url: routes::glossary(&l.code, Some(&o.key)),
                        })
                    })
                    .collect();
                GlossaryTerm {
                    key: t.key.clone(),
                    term: t.term.clone(),
                    abbr: t.abbr.clone(),
                    definition: t.definition.clone(),
                    letter,
                    letter_start,
                    other,
                }
            })
            .collect();
        GlossaryPage {
            common,
            terms: list,
            letters,
        }
    }
}

/// The documents of one type on a tag page.
#[derive(Serialize)]
pub(crate) struct KindGroup {
    kind: &'static str,
    label: String,
    count: usize,
}

/// `list.html`.
#[derive(Serialize)]
pub(crate) struct ListPage<'a> {
    #[serde(flatten)]
    pub(super) common: Common<'a>,
    items: Vec<&'a ItemView<'a>>,
    count: usize,
    intro: String,
    /// What the page lists, above its title ("Country").
    eyebrow: String,
    /// The types of document of a tag page, with their numbers (empty on section pages).
    groups: Vec<KindGroup>,
}

/// `terms.html`.
#[derive(Serialize)]
pub(crate) struct TermsPage<'a> {
    #[serde(flatten)]
    pub(super) common: Common<'a>,
    terms: Vec<TagCount>,
    intro: String,
}

/// A glossary term's translation.
#[derive(Serialize)]
pub(crate) struct OtherTerm {
    code: String,
    term: String,
    url: String,
}

/// One glossary entry.
#[derive(Serialize)]
pub(crate) struct GlossaryTerm {
    key: String,
    term: String,
    abbr: Option<String>,
    definition: String,
    letter: String,
    letter_start: bool,
    other: Vec<OtherTerm>,
}

/// `glossary.html`.
#[derive(Serialize)]
pub(crate) struct GlossaryPage<'a> {
    #[serde(flatten)]
    pub(super) common: Common<'a>,
    terms: Vec<GlossaryTerm>,
    letters: Vec<String>,
}
