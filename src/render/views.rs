//! Typed template data: what each template gets, as serde structs (in the manner of Zola's
//! `SerializingPage`), built from the site by functions that record the facts they read.
//!
//! Templates see nothing else: a field a template shows is a field of one of these views, and
//! the function that fills it records the [`Fact`] that covers it, so incremental rebuilds stay
//! right whatever a template shows.

use serde::Serialize;
use serde_json::Value as Json;

mod pack;
pub use pack::{css_string, PackPage};

use super::body;
use super::record::{Fact, Key, Recorder};
use crate::content::date::Date;
use crate::content::front_matter::{Action, Kind};
use crate::markdown::links::root_prefix;
use crate::markdown::render::TocEntry;
use crate::site::routes::{self, NavLabel, Route, Taxonomy};
use crate::site::{status, Site};
use crate::theme::I18n;

/// Per-language data shared by every page of that language, computed once per render.
pub struct Lang<'a> {
    /// Language code.
    pub code: &'a str,
    /// UI strings.
    pub i18n: &'a I18n,
    /// The `search_strings` map as JSON text, for the search form's `data-strings`.
    search_strings: String,
    /// The `offline` map as JSON text, for the "Save for offline" box's `data-strings`.
    offline_strings: String,
    /// Navigation entries: (label, output path).
    nav: Vec<(String, String)>,
}

impl<'a> Lang<'a> {
    /// The shared data of language `code`.
    pub fn new(site: &'a Site, code: &'a str) -> Self {
        let i18n = &site.theme.i18n[code];
        let search_strings = i18n
            .strings
            .get("search_strings")
            .map(Json::to_string)
            .unwrap_or_else(|| "{}".into());
        let offline_strings = i18n
            .strings
            .get("offline")
            .map(Json::to_string)
            .unwrap_or_else(|| "{}".into());
        let nav = routes::navigation(site, code)
            .into_iter()
            .map(|(label, url)| match label {
                NavLabel::Ui(key) => (i18n.t(key), url),
                NavLabel::Title(title) => (title, url),
            })
            .collect();
        Lang {
            code,
            i18n,
            search_strings,
            offline_strings,
            nav,
        }
    }

    /// A date written this language's way.
    pub fn date(&self, d: &Date) -> String {
        d.format(&self.i18n.date_format, &self.i18n.months)
    }
}

/// The site's title and description in the page's language.
#[derive(Serialize)]
pub struct SiteView {
    title: String,
    description: String,
}

/// One language in the switcher.
#[derive(Serialize)]
pub struct SwitchEntry<'a> {
    code: &'a str,
    name: &'a str,
    current: bool,
    translated: bool,
    url: String,
    note: String,
}

/// A translation of the page, for `hreflang` links.
#[derive(Serialize)]
pub struct Alternate<'a> {
    code: &'a str,
    url: String,
}

/// One navigation entry.
#[derive(Serialize)]
pub struct NavEntry<'a> {
    label: &'a str,
    url: &'a str,
    current: bool,
}

/// What every page gets.
#[derive(Serialize)]
pub struct Common<'a> {
    site: SiteView,
    lang: &'a str,
    t: &'a Json,
    /// The way from this page to the output root (`../../`).
    root: String,
    url: String,
    page_title: String,
    description: String,
    switcher: Vec<SwitchEntry<'a>>,
    alternates: Vec<Alternate<'a>>,
    nav: Vec<NavEntry<'a>>,
    search_strings: &'a str,
    /// True when the site offers "Save for offline" (`offline.service_worker`).
    offline: bool,
    /// The `offline` strings as JSON text.
    offline_strings: &'a str,
    /// The home page of the page's language.
    home_url: String,
    /// The search page of the page's language.
    search_url: String,
}

/// Builds views of one site, recording what each page reads.
pub struct Views<'a> {
    site: &'a Site,
    langs: std::collections::BTreeMap<&'a str, Lang<'a>>,
}

/// How many newest items of each section the home page lists.
const HOME_ITEMS: usize = 5;

impl<'a> Views<'a> {
    /// The views of `site`.
    pub fn new(site: &'a Site) -> Self {
        let langs = site
            .config
            .languages
            .iter()
            .map(|l| (l.code.as_str(), Lang::new(site, &l.code)))
            .collect();
        Views { site, langs }
    }

    /// The shared data of language `code`.
    pub fn lang(&self, code: &str) -> &Lang<'a> {
        &self.langs[code]
    }

    /// What every page gets. `translation(lang)` is the output path of this page in another
    /// language, if it exists there.
    pub fn common(
        &self,
        rec: &Recorder,
        code: &str,
        url: &str,
        page_title: &str,
        translation: &dyn Fn(&str) -> Option<String>,
    ) -> Common<'_> {
        let site = self.site;
        let ld = self.lang(code);
        rec.read(Fact::Nav(Key::of(code)));
        let mut switcher = Vec::new();
        let mut alternates = Vec::new();
        for l in &site.config.languages {
            let target = if l.code == code {
                Some(url.to_string())
            } else {
                translation(&l.code)
            };
            if let Some(t) = &target {
                alternates.push(Alternate {
                    code: &l.code,
                    url: t.clone(),
                });
            }
            let note = site
                .theme
                .i18n
                .get(&l.code)
                .map(|i| i.t("not_translated_short"))
                .unwrap_or_default();
            switcher.push(SwitchEntry {
                code: &l.code,
                name: &l.name,
                current: l.code == code,
                translated: target.is_some(),
                url: target.unwrap_or_else(|| routes::home(&l.code)),
                note,
            });
        }
        let nav = ld
            .nav
            .iter()
            .map(|(label, u)| NavEntry {
                label,
                url: u,
                current: u == url,
            })
            .collect();
        let default = site.config.default_language();
        Common {
            site: SiteView {
                title: site.config.title.get(code, default),
                description: site.config.description.get(code, default),
            },
            lang: ld.code,
            t: &ld.i18n.strings,
            root: root_prefix(url),
            url: url.to_string(),
            page_title: page_title.to_string(),
            description: String::new(),
            switcher,
            alternates,
            nav,
            search_strings: &ld.search_strings,
            offline: site.config.offline.service_worker,
            offline_strings: &ld.offline_strings,
            home_url: routes::home(code),
            search_url: routes::search(code),
        }
    }

    /// The common data of a generated page, which exists in every language.
    pub fn common_generated(
        &self,
        rec: &Recorder,
        route: &Route,
        code: &str,
        page_title: &str,
    ) -> Common<'_> {
        let url = route.url(self.site);
        self.common(rec, code, &url, page_title, &|l| {
            route.in_lang(l).map(|r| r.url(self.site))
        })
    }

    /// What lists show of document `i`, in the language of the list.
    pub fn item(&self, rec: &Recorder, code: &str, i: usize) -> ItemView<'a> {
        let site = self.site;
        let d = &site.docs[i];
        rec.read(Fact::Meta(Key::of(&d.page.content_path)));
        let ld = self.lang(code);
        let fm = &d.page.fm;
        let other_lang = (d.page.lang != code).then_some(d.page.lang.as_str());
        let other_lang_name = other_lang.and_then(|c| {
            site.config
                .languages
                .iter()
                .find(|l| l.code == c)
                .map(|l| l.name.as_str())
        });
        ItemView {
            title: &fm.title,
            url: &d.url,
            summary: fm.summary.as_deref(),
            kind: d.page.kind.name(),
            kind_label: ld.i18n.t2("kind_singular", d.page.kind.name()),
            date: fm.date.map(|x| ld.date(&x)),
            date_iso: fm.date.map(|x| x.to_string()),
            updated: fm.updated.map(|x| ld.date(&x)),
            updated_iso: fm.updated.map(|x| x.to_string()),
            countries: fm.countries.iter().map(|c| ld.i18n.country(c)).collect(),
            topics: fm
                .topics
                .iter()
                .map(|t| site.config.topic_label(t, code))
                .collect(),
            location: fm.location.as_deref(),
            meeting: fm.meeting.as_deref(),
            audience: fm.audience.as_deref(),
            illustrative: fm.illustrative,
            other_lang,
            other_lang_name,
        }
    }

    /// The documents of `code` (of `kind`, when given), newest first.
    pub fn list(&self, rec: &Recorder, code: &str, kind: Option<Kind>) -> Vec<usize> {
        rec.read(Fact::Lists(Key::of(code)));
        self.site.list(code, kind)
    }

    /// Action items of minutes, with dates in the language `code`.
    pub fn actions(&self, code: &str, actions: &'a [Action]) -> Vec<ActionView<'a>> {
        let ld = self.lang(code);
        actions
            .iter()
            .map(|a| ActionView {
                action: &a.action,
                owner: a.owner.as_deref(),
                done: a.done,
                due: a.due.map(|x| ld.date(&x)),
                due_iso: a.due.map(|x| x.to_string()),
            })
            .collect()
    }

    /// The page of document `i`.
    pub fn document(&self, rec: &Recorder, i: usize) -> DocPage<'_> {
        let site = self.site;
        let d = &site.docs[i];
        let code = d.page.lang.as_str();
        rec.read(Fact::Doc(Key::of(&d.page.content_path)));
        rec.read(Fact::Meta(Key::of(&d.page.content_path)));
        // Bodies mark the first use of the glossary's abbreviations.
        rec.read(Fact::Glossary(Key::of(code)));
        let translation = |lang: &str| d.translations.get(lang).map(|&j| site.docs[j].url.clone());
        let mut common = self.common(rec, code, &d.url, &d.page.fm.title, &translation);
        let fm = &d.page.fm;
        // A translation says when its source changed after it (see `site::status`).
        if let Some(s) = status::translation_source(site, i) {
            rec.read(Fact::Meta(Key::of(&site.docs[s].page.content_path)));
        }
        let outdated = status::outdated_source(site, i).map(|s| {
            let source = &site.docs[s];
            let lang = source.page.lang.as_str();
            SourceLink {
                url: source.url.clone(),
                lang: lang.to_string(),
                name: site
                    .config
                    .languages
                    .iter()
                    .find(|l| l.code == lang)
                    .map(|l| l.name.clone())
                    .unwrap_or_else(|| lang.to_string()),
            }
        });
        common.description = fm.summary.clone().unwrap_or_default();
        let ld = self.lang(code);
        let countries = fm
            .countries
            .iter()
            .map(|c| Tag {
                name: ld.i18n.country(c),
                url: routes::tag(code, Taxonomy::Countries, c),
            })
            .collect::<Vec<_>>();
        let topics = fm
            .topics
            .iter()
            .map(|t| Tag {
                name: site.config.topic_label(t, code),
                url: routes::tag(code, Taxonomy::Topics, t),
            })
            .collect::<Vec<_>>();
        let kind_label = if d.page.kind == Kind::Page {
            String::new()
        } else {
            ld.i18n.t2("kind_singular", d.page.kind.name())
        };
        let has_meta = fm.date.is_some()
            || fm.updated.is_some()
            || fm.location.is_some()
            || !fm.participants.is_empty()
            || fm.audience.is_some()
            || !countries.is_empty()
            || !topics.is_empty();
        DocPage {
            common,
            doc: DocView {
                title: &fm.title,
                summary: fm.summary.as_deref(),
                kind: d.page.kind.name(),
                kind_label,
                illustrative: fm.illustrative,
                has_meta,
                date: fm.date.map(|x| ld.date(&x)),
                date_iso: fm.date.map(|x| x.to_string()),
                updated: fm.updated.map(|x| ld.date(&x)),
                updated_iso: fm.updated.map(|x| x.to_string()),
                reviewed: fm.reviewed.as_ref().map(|r| ReviewView {
                    by: &r.by,
                    date: ld.date(&r.date),
                    date_iso: r.date.to_string(),
                }),
                countries,
                topics,
                audience: fm.audience.as_deref(),
                key_points: &fm.key_points,
                meeting: fm.meeting.as_deref(),
                location: fm.location.as_deref(),
                participants: &fm.participants,
                decisions: &fm.decisions,
                actions: self.actions(code, &fm.actions),
                lessons: &fm.lessons,
                // The questions only: answer notes are for the facilitator edition of a pack.
                discussion_questions: fm
                    .discussion_questions
                    .iter()
                    .map(|q| q.text.as_str())
                    .collect(),
                outdated,
                toc: &d.rendered.toc,
                html: body::finish(d, site),
                related: d.related.iter().map(|&j| self.item(rec, code, j)).collect(),
                backlinks: d
                    .backlinks
                    .iter()
                    .map(|&j| self.item(rec, code, j))
                    .collect(),
            },
        }
    }

    /// The home page of `code`, with the text of `doc` (its `_index.md`) when there is one.
    pub fn home(&self, rec: &Recorder, code: &str, doc: Option<usize>) -> HomePage<'_> {
        let site = self.site;
        let ld = self.lang(code);
        let route = Route::Home(code.into());
        let common = self.common_generated(rec, &route, code, "");
        let (intro_title, intro_html) = match doc {
            Some(i) => {
                let d = &site.docs[i];
                rec.read(Fact::Doc(Key::of(&d.page.content_path)));
                rec.read(Fact::Meta(Key::of(&d.page.content_path)));
                rec.read(Fact::Glossary(Key::of(code)));
                (d.page.fm.title.clone(), body::finish(d, site))
            }
            None => (
                site.config.title.get(code, site.config.default_language()),
                String::new(),
            ),
        };
        let sections = Kind::SECTIONS
            .iter()
            .map(|&k| {
                let all = self.list(rec, code, Some(k));
                let folder = k.folder().unwrap_or_default();
                HomeSection {
                    key: folder,
                    label: ld.i18n.t(folder),
                    url: routes::section(code, k),
                    count: all.len(),
                    items: all
                        .iter()
                        .take(HOME_ITEMS)
                        .map(|&i| self.item(rec, code, i))
                        .collect(),
                }
            })
            .collect();
        let [countries, topics] = Taxonomy::ALL.map(|t| self.tag_counts(rec, code, t));
        HomePage {
            common,
            intro_title,
            intro_html,
            sections,
            countries,
            topics,
        }
    }

    /// The tags of taxonomy `tax` used by documents of `code`, with counts, by name.
    pub fn tag_counts(&self, rec: &Recorder, code: &str, tax: Taxonomy) -> Vec<TagCount> {
        let site = self.site;
        let ld = self.lang(code);
        let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
        for i in self.list(rec, code, None) {
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

    /// A list of documents: a section (`kind`) or a tag page.
    pub fn list_page(
        &self,
        rec: &Recorder,
        route: &Route,
        code: &str,
        title: &str,
        intro: String,
        items: Vec<usize>,
    ) -> ListPage<'_> {
        ListPage {
            common: self.common_generated(rec, route, code, title),
            items: items.into_iter().map(|i| self.item(rec, code, i)).collect(),
            intro,
        }
    }

    /// The index of a taxonomy.
    pub fn terms(&self, rec: &Recorder, code: &str, tax: Taxonomy) -> TermsPage<'_> {
        let ld = self.lang(code);
        let route = Route::Terms(code.into(), tax);
        TermsPage {
            common: self.common_generated(rec, &route, code, &ld.i18n.t(tax.folder())),
            terms: self.tag_counts(rec, code, tax),
        }
    }

    /// The glossary of `code`.
    pub fn glossary(&self, rec: &Recorder, code: &str) -> GlossaryPage<'_> {
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

    /// The register of decisions and actions of `code`.
    pub fn register(&self, rec: &Recorder, code: &str) -> RegisterPage<'_> {
        let site = self.site;
        let ld = self.lang(code);
        let route = Route::Register(code.into());
        let common = self.common_generated(rec, &route, code, &ld.i18n.t("register"));
        let mut open_count = 0;
        let meetings = self
            .list(rec, code, Some(Kind::Minutes))
            .into_iter()
            .map(|i| {
                let d = &site.docs[i];
                rec.read(Fact::Meta(Key::of(&d.page.content_path)));
                let fm = &d.page.fm;
                open_count += fm.actions.iter().filter(|a| !a.done).count();
                Meeting {
                    title: &fm.title,
                    url: &d.url,
                    date: fm.date.map(|x| ld.date(&x)),
                    date_iso: fm.date.map(|x| x.to_string()),
                    location: fm.location.as_deref(),
                    countries: fm.countries.iter().map(|c| ld.i18n.country(c)).collect(),
                    decisions: &fm.decisions,
                    actions: self.actions(code, &fm.actions),
                }
            })
            .collect();
        RegisterPage {
            common,
            meetings,
            open_count,
        }
    }

    /// The root language chooser.
    pub fn root(&self, rec: &Recorder) -> RootPage<'_> {
        let site = self.site;
        let default = site.config.default_language();
        let common = self.common(rec, default, routes::ROOT, "", &|l| Some(routes::home(l)));
        let languages = site
            .config
            .languages
            .iter()
            .map(|l| RootLanguage {
                code: &l.code,
                name: &l.name,
                url: routes::home(&l.code),
                choose: site
                    .theme
                    .i18n
                    .get(&l.code)
                    .map(|i| i.t("choose_language"))
                    .unwrap_or_default(),
            })
            .collect();
        RootPage { common, languages }
    }

    /// A page that shows only what every page shows (search, 404).
    pub fn plain(
        &self,
        rec: &Recorder,
        code: &str,
        url: &str,
        title: &str,
        route: Option<&Route>,
    ) -> Common<'_> {
        match route {
            Some(r) => self.common_generated(rec, r, code, title),
            None => self.common(rec, code, url, title, &|l| Some(routes::home(l))),
        }
    }
}

/// What lists show of a document.
#[derive(Serialize)]
pub struct ItemView<'a> {
    title: &'a str,
    url: &'a str,
    summary: Option<&'a str>,
    kind: &'static str,
    kind_label: String,
    date: Option<String>,
    date_iso: Option<String>,
    updated: Option<String>,
    updated_iso: Option<String>,
    countries: Vec<String>,
    topics: Vec<String>,
    location: Option<&'a str>,
    meeting: Option<&'a str>,
    audience: Option<&'a str>,
    illustrative: bool,
    other_lang: Option<&'a str>,
    other_lang_name: Option<&'a str>,
}

/// An action item.
#[derive(Serialize)]
pub struct ActionView<'a> {
    action: &'a str,
    owner: Option<&'a str>,
    done: bool,
    due: Option<String>,
    due_iso: Option<String>,
}

/// The record of a document's last review.
#[derive(Serialize)]
pub struct ReviewView<'a> {
    by: &'a str,
    date: String,
    date_iso: String,
}

/// A country or topic of a document, with its page.
#[derive(Serialize)]
pub struct Tag {
    name: String,
    url: String,
}

/// A country or topic with its number of documents.
#[derive(Serialize)]
pub struct TagCount {
    code: String,
    name: String,
    count: usize,
    url: String,
}

/// A document, for `page.html`.
#[derive(Serialize)]
pub struct DocView<'a> {
    title: &'a str,
    summary: Option<&'a str>,
    kind: &'static str,
    kind_label: String,
    illustrative: bool,
    has_meta: bool,
    date: Option<String>,
    date_iso: Option<String>,
    updated: Option<String>,
    updated_iso: Option<String>,
    reviewed: Option<ReviewView<'a>>,
    countries: Vec<Tag>,
    topics: Vec<Tag>,
    audience: Option<&'a str>,
    key_points: &'a [String],
    meeting: Option<&'a str>,
    location: Option<&'a str>,
    participants: &'a [String],
    decisions: &'a [String],
    actions: Vec<ActionView<'a>>,
    lessons: &'a [String],
    discussion_questions: Vec<&'a str>,
    /// When this translation is older than its source: the source.
    outdated: Option<SourceLink>,
    toc: &'a [TocEntry],
    html: String,
    related: Vec<ItemView<'a>>,
    backlinks: Vec<ItemView<'a>>,
}

/// The source of a translation older than it, for the note on the translation's page.
#[derive(Serialize)]
pub struct SourceLink {
    /// Root-relative URL of the source.
    url: String,
    /// Its language code.
    lang: String,
    /// Its language's own name.
    name: String,
}

/// `page.html`.
#[derive(Serialize)]
pub struct DocPage<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    doc: DocView<'a>,
}

/// One section on the home page.
#[derive(Serialize)]
pub struct HomeSection<'a> {
    key: &'static str,
    label: String,
    url: String,
    count: usize,
    items: Vec<ItemView<'a>>,
}

/// `home.html`.
#[derive(Serialize)]
pub struct HomePage<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    intro_title: String,
    intro_html: String,
    sections: Vec<HomeSection<'a>>,
    countries: Vec<TagCount>,
    topics: Vec<TagCount>,
}

/// `list.html`.
#[derive(Serialize)]
pub struct ListPage<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    items: Vec<ItemView<'a>>,
    intro: String,
}

/// `terms.html`.
#[derive(Serialize)]
pub struct TermsPage<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    terms: Vec<TagCount>,
}

/// A glossary term's translation.
#[derive(Serialize)]
pub struct OtherTerm {
    code: String,
    term: String,
    url: String,
}

/// One glossary entry.
#[derive(Serialize)]
pub struct GlossaryTerm {
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
pub struct GlossaryPage<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    terms: Vec<GlossaryTerm>,
    letters: Vec<String>,
}

/// A meeting in the register.
#[derive(Serialize)]
pub struct Meeting<'a> {
    title: &'a str,
    url: &'a str,
    date: Option<String>,
    date_iso: Option<String>,
    location: Option<&'a str>,
    countries: Vec<String>,
    decisions: &'a [String],
    actions: Vec<ActionView<'a>>,
}

/// `register.html`.
#[derive(Serialize)]
pub struct RegisterPage<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    meetings: Vec<Meeting<'a>>,
    open_count: usize,
}

/// A language on the root chooser.
#[derive(Serialize)]
pub struct RootLanguage<'a> {
    code: &'a str,
    name: &'a str,
    url: String,
    choose: String,
}

/// `root.html`.
#[derive(Serialize)]
pub struct RootPage<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    languages: Vec<RootLanguage<'a>>,
}
