//! The page of a document: its text, metadata, table of contents, its place in its section
//! (breadcrumbs, the section's other documents, previous and next), and the documents around it.

use serde::Serialize;

use super::{
    open_dues, ActionView, Common, DateView, ItemView, Lang, Link, SectionLink, SectionMore, Tag,
    Views,
};
use crate::content::date::Date;
use crate::content::front_matter::{Kind, Review};
use crate::markdown::render::TocEntry;
use crate::render::body;
use crate::render::record::{Fact, Key, Recorder};
use crate::site::routes::{self, Taxonomy};
use crate::site::status;

impl<'a> Views<'a> {
    /// The page of document `i`.
    pub(crate) fn document(&self, rec: &Recorder, i: usize) -> DocPage<'_> {
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
        common.description = fm.summary.clone().unwrap_or_default();
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
        let ld = self.lang(code);
        let kind = d.page.kind;
        let (mut prev, mut next) = (None, None);
        if kind.is_document() {
            common.in_section(&routes::section(code, kind));
            let list = self.list(rec, code, Some(kind));
            let at = self.position(code, Some(kind), i);
            let link = |j: usize| {
                let o = &site.docs[j];
                rec.read(Fact::Meta(Key::of(&o.page.content_path)));
                Link {
                    label: o.page.fm.title.clone(),
                    url: o.url.clone(),
                }
            };
            if let Some(at) = at {
                prev = at.checked_sub(1).map(|p| link(list[p]));
                next = list.get(at + 1).map(|&n| link(n));
            }
            let shown = section_window(list.len(), at);
            common.section_links = shown
                .iter()
                .enumerate()
                .map(|(n, &p)| {
                    let j = list[p];
                    let o = &site.docs[j];
                    rec.read(Fact::Meta(Key::of(&o.page.content_path)));
                    SectionLink {
                        title: &o.page.fm.title,
                        url: &o.url,
                        current: j == i,
                        gap: n.checked_sub(1).is_some_and(|m| shown[m] + 1 != p),
                    }
                })
                .collect();
            if shown.len() < list.len() {
                common.section_more = Some(SectionMore {
                    url: routes::section(code, kind),
                    count: list.len(),
                });
            }
        } else {
            common.under_home();
        }
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
        let kind_label = if kind == Kind::Page {
            String::new()
        } else {
            ld.i18n.t2("kind_singular", kind.name())
        };
        let has_meta = fm.date.is_some()
            || fm.updated.is_some()
            || fm.location.is_some()
            || !fm.participants.is_empty()
            || fm.audience.is_some()
            || !countries.is_empty()
            || !topics.is_empty();
        let status_date = if fm.actions.is_empty() {
            None
        } else {
            self.status_date(rec, code)
        };
        let actions = self.actions(code, &fm.actions, status_date);
        let outcome = (kind == Kind::Minutes && (!fm.decisions.is_empty() || !actions.is_empty()))
            .then(|| Outcome::of(fm.decisions.len(), &actions));
        DocPage {
            common,
            doc: DocView {
                title: &fm.title,
                summary: fm.summary.as_deref(),
                kind: kind.name(),
                kind_label,
                illustrative: fm.illustrative,
                has_meta,
                date: fm.date.map(|x| ld.date(&x)),
                date_iso: fm.date.map(|x| x.to_string()),
                updated: fm.updated.map(|x| ld.date(&x)),
                updated_iso: fm.updated.map(|x| x.to_string()),
                reviewed: fm.reviewed.as_ref().map(|r| ReviewView::new(r, ld)),
                countries,
                topics,
                audience: fm.audience.as_deref(),
                key_points: &fm.key_points,
                meeting: fm.meeting.as_deref(),
                location: fm.location.as_deref(),
                participants: &fm.participants,
                decisions: &fm.decisions,
                actions,
                outcome,
                status_date: status_date.map(|x: Date| ld.date_view(&x)),
                open_dues: open_dues(&fm.actions),
                lessons: &fm.lessons,
                // The questions only: answer notes are for the facilitator edition of a pack.
                discussion_questions: fm
                    .discussion_questions
                    .iter()
                    .map(|q| q.text.as_str())
                    .collect(),
                outdated,
                toc: TocItem::tree(&d.rendered.toc),
                html: body::finish(d, site),
                // A document that links here is listed once, as a backlink.
                related: d
                    .related
                    .iter()
                    .filter(|j| !d.backlinks.contains(j))
                    .map(|&j| self.item(rec, code, j))
                    .collect(),
                backlinks: d
                    .backlinks
                    .iter()
                    .map(|&j| self.item(rec, code, j))
                    .collect(),
                prev,
                next,
            },
        }
    }
}

/// One entry of the table of contents, with the level-3 headings under a level-2 one.
#[derive(Serialize, Debug, PartialEq)]
pub(crate) struct TocItem {
    id: String,
    text: String,
    children: Vec<TocItem>,
}

impl TocItem {
    /// The headings of a page as a tree: a level-3 heading goes under the level-2 heading
    /// before it (at the top when there is none).
    pub(crate) fn tree(entries: &[TocEntry]) -> Vec<TocItem> {
        let mut out: Vec<TocItem> = Vec::new();
        for e in entries {
            let item = TocItem {
                id: e.id.clone(),
                text: e.text.clone(),
                children: Vec::new(),
            };
            match out.last_mut() {
                Some(parent) if e.level > 2 => parent.children.push(item),
                _ => out.push(item),
            }
        }
        out
    }
}

/// What the meeting decided and who is to do what, counted for the top of a minutes page.
#[derive(Serialize, Debug, PartialEq)]
pub(crate) struct Outcome {
    decisions: usize,
    actions: usize,
    open: usize,
    overdue: usize,
    done: usize,
}

impl Outcome {
    fn of(decisions: usize, actions: &[ActionView<'_>]) -> Outcome {
        Outcome {
            decisions,
            actions: actions.len(),
            open: actions.iter().filter(|a| !a.done).count(),
            overdue: actions.iter().filter(|a| a.overdue).count(),
            done: actions.iter().filter(|a| a.done).count(),
        }
    }
}

/// The record of a document's last review.
#[derive(Serialize)]
pub(super) struct ReviewView<'a> {
    by: &'a str,
    date: String,
    date_iso: String,
}

impl<'a> ReviewView<'a> {
    /// The review record `r`, its date written in the language `ld`.
    pub(super) fn new(r: &'a Review, ld: &Lang<'_>) -> Self {
        ReviewView {
            by: &r.by,
            date: ld.date(&r.date),
            date_iso: r.date.to_string(),
        }
    }
}

/// A document, for `page.html`.
#[derive(Serialize)]
pub(crate) struct DocView<'a> {
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
    outcome: Option<Outcome>,
    /// The date overdue actions are judged against without a script.
    status_date: Option<DateView>,
    /// Due dates of the open actions, for the script's overdue count.
    open_dues: String,
    lessons: &'a [String],
    discussion_questions: Vec<&'a str>,
    /// When this translation is older than its source: the source.
    outdated: Option<SourceLink>,
    toc: Vec<TocItem>,
    html: String,
    related: Vec<&'a ItemView<'a>>,
    backlinks: Vec<&'a ItemView<'a>>,
    /// The documents before and after this one in its section's list.
    prev: Option<Link>,
    next: Option<Link>,
}

/// The source of a translation older than it, for the note on the translation's page.
#[derive(Serialize)]
pub(super) struct SourceLink {
    /// Root-relative URL of the source.
    url: String,
    /// Its language code.
    lang: String,
    /// Its language's own name.
    name: String,
}

/// `page.html`.
#[derive(Serialize)]
pub(crate) struct DocPage<'a> {
    #[serde(flatten)]
    pub(super) common: Common<'a>,
    doc: DocView<'a>,
}

/// A section shown whole in the sidebar of its documents.
const SECTION_LINKS_ALL: usize = 15;
/// In a longer section: how many documents first (the reading order trainers set comes
/// first), and how many on each side of the page.
const SECTION_LINKS_FIRST: usize = 5;
const SECTION_LINKS_AROUND: usize = 3;

/// The positions in a section of `len` documents that the sidebar of the one at `at` shows:
/// all of a short section; in a long one the first few and those around the page, so that
/// a page's size, and the time to build a site, do not grow with the square of a section.
pub(crate) fn section_window(len: usize, at: Option<usize>) -> Vec<usize> {
    if len <= SECTION_LINKS_ALL {
        return (0..len).collect();
    }
    let mut shown: Vec<usize> = (0..SECTION_LINKS_FIRST).collect();
    if let Some(at) = at {
        let from = at.saturating_sub(SECTION_LINKS_AROUND);
        let to = (at + SECTION_LINKS_AROUND + 1).min(len);
        shown.extend((from..to).filter(|&p| p >= SECTION_LINKS_FIRST));
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::section_window;

    #[test]
    fn a_long_section_shows_its_first_documents_and_those_around_the_page() {
        assert_eq!(section_window(4, Some(2)), vec![0, 1, 2, 3]);
        assert_eq!(section_window(15, Some(14)).len(), 15);
        assert_eq!(
            section_window(100, Some(50)),
            vec![0, 1, 2, 3, 4, 47, 48, 49, 50, 51, 52, 53]
        );
        assert_eq!(
            section_window(100, Some(6)),
            vec![0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
        );
        assert_eq!(
            section_window(100, Some(99)),
            vec![0, 1, 2, 3, 4, 96, 97, 98, 99]
        );
        assert_eq!(section_window(100, None), vec![0, 1, 2, 3, 4]);
        // The same size whatever the section's length.
        assert_eq!(section_window(10_000, Some(5_000)).len(), 12);
    }

    use super::*;

    fn e(level: u8, id: &str) -> TocEntry {
        TocEntry {
            level,
            id: id.into(),
            text: id.into(),
        }
    }

    #[test]
    fn level_three_headings_nest_under_the_level_two_before_them() {
        let tree = TocItem::tree(&[e(3, "a"), e(2, "b"), e(3, "c"), e(3, "d"), e(2, "f")]);
        let ids: Vec<(&str, Vec<&str>)> = tree
            .iter()
            .map(|t| {
                (
                    t.id.as_str(),
                    t.children.iter().map(|c| c.id.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            ids,
            vec![("a", vec![]), ("b", vec!["c", "d"]), ("f", vec![])]
        );
    }
}
