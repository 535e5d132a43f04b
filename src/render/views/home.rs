//! The home page of a language: where to start, the most useful guidance, recent minutes, open
//! actions, case studies by country and the topics, each under its own heading.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{is_overdue, open_dues, Common, DateView, ItemView, Link, TagCount, Views};
use crate::content::front_matter::Kind;
use crate::render::body;
use crate::render::record::{Fact, Key, Recorder};
use crate::site::routes::{self, Route, Taxonomy};

/// How many documents of each section the home page lists (after "start here").
const HOME_ITEMS: usize = 4;
/// How many open actions the home page lists.
const HOME_ACTIONS: usize = 4;
/// How many case studies the home page lists under each country.
const CASES_PER_COUNTRY: usize = 3;

impl<'a> Views<'a> {
    /// The home page of `code`, with the text of `doc` (its `_index.md`) when there is one.
    pub(crate) fn home(&self, rec: &Recorder, code: &str, doc: Option<usize>) -> HomePage<'_> {
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
        // Start here: the documents trainers gave a reading order (`weight`), in that order.
        let all = self.list(rec, code, None);
        let start: Vec<usize> = all
            .iter()
            .copied()
            .filter(|&i| site.docs[i].page.fm.weight.is_some())
            .collect();
        let sections = Kind::SECTIONS
            .iter()
            .map(|&k| {
                let list = self.list(rec, code, Some(k));
                let folder = k.folder().unwrap_or_default();
                HomeSection {
                    key: folder,
                    label: ld.i18n.t(folder),
                    url: routes::section(code, k),
                    count: list.len(),
                    items: list
                        .iter()
                        .filter(|i| !start.contains(i))
                        .take(HOME_ITEMS)
                        .map(|&i| self.item(rec, code, i))
                        .collect(),
                }
            })
            .collect();

        // Open actions, the longest overdue first.
        let as_of = self.status_date(rec, code);
        let mut open = Vec::new();
        for &i in self.list(rec, code, Some(Kind::Minutes)) {
            let d = &site.docs[i];
            for a in d.page.fm.actions.iter().filter(|a| !a.done) {
                open.push((a, d));
            }
        }
        open.sort_by(|(a, da), (b, db)| {
            (a.due.is_none(), a.due, &da.url).cmp(&(b.due.is_none(), b.due, &db.url))
        });
        let overdue_count = open.iter().filter(|(a, _)| is_overdue(a, as_of)).count();
        let dues = open_dues(open.iter().map(|(a, _)| *a));
        let open_count = open.len();
        let open_actions = open
            .into_iter()
            .take(HOME_ACTIONS)
            .map(|(a, d)| OpenAction {
                action: &a.action,
                owner: a.owner.as_deref(),
                done: false,
                due: a.due.map(|x| ld.date_view(&x)),
                overdue: is_overdue(a, as_of),
                meeting: Link {
                    label: d.page.fm.title.clone(),
                    url: d.url.clone(),
                },
            })
            .collect();

        // Case studies by country, countries by name.
        let mut by_country: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for &i in self.list(rec, code, Some(Kind::CaseStudy)) {
            for c in &site.docs[i].page.fm.countries {
                by_country.entry(c.as_str()).or_default().push(i);
            }
        }
        let mut case_countries: Vec<CountryGroup> = by_country
            .into_iter()
            .map(|(c, docs)| CountryGroup {
                name: ld.i18n.country(c),
                url: routes::tag(code, Taxonomy::Countries, c),
                count: docs.len(),
                items: docs
                    .iter()
                    .take(CASES_PER_COUNTRY)
                    .map(|&i| {
                        let d = &site.docs[i];
                        rec.read(Fact::Meta(Key::of(&d.page.content_path)));
                        Link {
                            label: d.page.fm.title.clone(),
                            url: d.url.clone(),
                        }
                    })
                    .collect(),
            })
            .collect();
        case_countries.sort_by_key(|g| crate::content::glossary::sort_key(&g.name));

        let [countries, topics] = Taxonomy::ALL.map(|t| self.tag_counts(rec, code, t));
        HomePage {
            common,
            intro_title,
            intro_html,
            start: start.iter().map(|&i| self.item(rec, code, i)).collect(),
            sections,
            open_actions,
            open_count,
            overdue_count,
            open_dues: dues,
            status_date: as_of.map(|x| ld.date_view(&x)),
            register_url: routes::register(code),
            open_url: routes::register_showing(code, "open"),
            case_countries,
            countries,
            topics,
        }
    }
}

/// One section on the home page.
#[derive(Serialize)]
pub(crate) struct HomeSection<'a> {
    key: &'static str,
    label: String,
    url: String,
    count: usize,
    items: Vec<&'a ItemView<'a>>,
}

/// An open action on the home page, with the meeting that agreed it.
#[derive(Serialize)]
pub(crate) struct OpenAction<'a> {
    action: &'a str,
    owner: Option<&'a str>,
    /// Always false (the status component reads it).
    done: bool,
    due: Option<DateView>,
    overdue: bool,
    meeting: Link,
}

/// A country with its case studies.
#[derive(Serialize)]
pub(crate) struct CountryGroup {
    name: String,
    url: String,
    count: usize,
    items: Vec<Link>,
}

/// `home.html`.
#[derive(Serialize)]
pub(crate) struct HomePage<'a> {
    #[serde(flatten)]
    pub(super) common: Common<'a>,
    intro_title: String,
    intro_html: String,
    /// The reading order trainers set (`weight`).
    start: Vec<&'a ItemView<'a>>,
    sections: Vec<HomeSection<'a>>,
    open_actions: Vec<OpenAction<'a>>,
    open_count: usize,
    overdue_count: usize,
    /// Due dates of every open action, for the script's overdue count.
    open_dues: String,
    status_date: Option<DateView>,
    register_url: String,
    /// The register showing open actions only.
    open_url: String,
    case_countries: Vec<CountryGroup>,
    countries: Vec<TagCount>,
    topics: Vec<TagCount>,
}
