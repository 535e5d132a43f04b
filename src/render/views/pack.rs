//! The view of a workshop pack (`pack.html`): one printable page with the cover, the agenda, a
//! table of contents, the documents in order, the discussion questions by session, the
//! glossary terms the documents use and a notes page per session.
//!
//! The participant edition's view holds no facilitator note at all (not hidden: absent), so no
//! template can show one by mistake.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::doc::ReviewView;
use super::{ActionView, Common, Views};
use crate::markdown::links::root_prefix;
use crate::markdown::render::LinkOut;
use crate::render::body;
use crate::render::record::{Fact, Key, Recorder};
use crate::site::routes::{self, Edition};
use crate::site::{packs, Doc};

/// `pack.html`.
#[derive(Serialize)]
pub(crate) struct PackPage<'a> {
    #[serde(flatten)]
    pub(super) common: Common<'a>,
    pack: PackView<'a>,
}

/// A workshop pack in one edition.
#[derive(Serialize)]
pub(super) struct PackView<'a> {
    title: &'a str,
    summary: Option<&'a str>,
    illustrative: bool,
    place: Option<&'a str>,
    audience: Option<&'a str>,
    /// The dates, written in the page's language (`10 March 2026 – 11 March 2026`).
    dates: Option<String>,
    facilitator: bool,
    edition: &'static str,
    /// The other edition (a link on screen only: printed pages do not show it).
    other_edition_url: String,
    days: Vec<DayView<'a>>,
    documents: Vec<PackDoc<'a>>,
    questions: Vec<QuestionGroup<'a>>,
    glossary: Vec<TermView<'a>>,
    notes: Vec<String>,
    /// CSS of the printed pages (running titles), every text escaped for CSS.
    page_css: String,
}

/// A day of the agenda.
#[derive(Serialize)]
pub(super) struct DayView<'a> {
    label: String,
    sessions: Vec<SessionView<'a>>,
}

/// A session of the agenda.
#[derive(Serialize)]
pub(super) struct SessionView<'a> {
    time: String,
    title: &'a str,
    documents: Vec<DocLink<'a>>,
    /// Paragraphs (facilitator edition only).
    facilitator_notes: Vec<&'a str>,
}

/// A document of the pack, named by its number.
#[derive(Serialize)]
pub(super) struct DocLink<'a> {
    number: usize,
    title: &'a str,
    anchor: String,
}

/// A printed reference: a link of a document or a page linking to it.
#[derive(Serialize)]
pub(super) struct Reference {
    /// `[1]` for a link out of the pack, empty for a backlink.
    mark: String,
    /// What it leads to (`Guidance note: Footprints and valuation`).
    label: String,
    /// Where to find it (`document 3 of this pack`, `on the site: en/guidance/x/index.html`).
    place: String,
    /// Its anchor in this page, when it is a document of the pack.
    anchor: Option<String>,
}

/// A document as the pack prints it.
#[derive(Serialize)]
pub(super) struct PackDoc<'a> {
    number: usize,
    anchor: String,
    kind: &'static str,
    kind_label: String,
    title: &'a str,
    summary: Option<&'a str>,
    illustrative: bool,
    date: Option<String>,
    meeting: Option<&'a str>,
    location: Option<&'a str>,
    participants: &'a [String],
    audience: Option<&'a str>,
    countries: Vec<String>,
    topics: Vec<String>,
    reviewed: Option<ReviewView<'a>>,
    key_points: &'a [String],
    decisions: &'a [String],
    actions: Vec<ActionView<'a>>,
    lessons: &'a [String],
    html: String,
    /// Paragraphs (facilitator edition only).
    facilitator_notes: Vec<&'a str>,
    /// Where its discussion questions are printed (a session's name), if it has any.
    questions_in: Option<String>,
    links: Vec<Reference>,
    backlinks: Vec<Reference>,
}

/// The discussion questions of the documents first used in one session.
#[derive(Serialize)]
pub(super) struct QuestionGroup<'a> {
    label: String,
    documents: Vec<QuestionDoc<'a>>,
}

/// The discussion questions of one document.
#[derive(Serialize)]
pub(super) struct QuestionDoc<'a> {
    number: usize,
    title: &'a str,
    anchor: String,
    questions: Vec<QuestionView<'a>>,
}

/// One discussion question.
#[derive(Serialize)]
pub(super) struct QuestionView<'a> {
    text: &'a str,
    /// Paragraphs (facilitator edition only).
    answer_notes: Vec<&'a str>,
}

/// A glossary entry.
#[derive(Serialize)]
pub(super) struct TermView<'a> {
    key: &'a str,
    term: &'a str,
    abbr: Option<&'a str>,
    definition: &'a str,
}

/// `s` as a CSS string, quotes included: every character but ASCII letters, digits and
/// spaces written as an escape, so that no text can end the string or the `<style>` element.
pub(crate) fn css_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || c == ' ' {
            out.push(c);
        } else {
            out.push_str(&format!("\\{:x} ", c as u32));
        }
    }
    out.push('"');
    out
}

/// Paragraphs of a note: its text split at blank lines.
fn paragraphs(s: Option<&str>) -> Vec<&str> {
    s.map(|s| {
        s.split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect()
    })
    .unwrap_or_default()
}

impl<'a> Views<'a> {
    /// Edition `edition` of pack `i`.
    pub(crate) fn pack(&self, rec: &Recorder, i: usize, edition: Edition) -> PackPage<'_> {
        let site = self.site;
        let p = &site.packs[i];
        let f = &p.file;
        let code = f.lang.as_str();
        let ld = self.lang(code);
        let facilitator = edition == Edition::Facilitator;
        rec.read(Fact::Pack(Key::of(&f.content_path)));
        rec.read(Fact::Glossary(Key::of(code)));
        let url = routes::pack(code, &f.name, edition);
        let translation = |lang: &str| {
            p.translations.get(lang).map(|&j| {
                let t = &site.packs[j].file;
                routes::pack(&t.lang, &t.name, edition)
            })
        };
        let mut common = self.common(rec, code, &url, &f.title, &translation);
        common.description = f.summary.clone().unwrap_or_default();
        let root = root_prefix(&url);
        let pt = |key: &str| ld.i18n.t2("pack", key);

        // Which documents each session uses, and where each document's questions go.
        let session_label = |s: usize| {
            let session = &f.agenda[s];
            format!(
                "{} {} · {} · {}",
                pt("day"),
                session.day,
                time_range(session.start, session.end),
                session.title
            )
        };
        let mut first_session: HashMap<usize, usize> = HashMap::new();
        for (s, docs) in p.sessions.iter().enumerate() {
            for &k in docs {
                first_session.entry(k).or_insert(s);
            }
        }
        let by_url: HashMap<&str, usize> = site
            .docs
            .iter()
            .enumerate()
            .map(|(j, d)| (d.url.as_str(), j))
            .collect();
        let in_pack: HashMap<usize, usize> =
            p.docs.iter().enumerate().map(|(k, &j)| (j, k)).collect();

        let documents: Vec<PackDoc<'_>> = p
            .docs
            .iter()
            .enumerate()
            .map(|(k, &j)| {
                let d = &site.docs[j];
                rec.read(Fact::Doc(Key::of(&d.page.content_path)));
                rec.read(Fact::Meta(Key::of(&d.page.content_path)));
                self.pack_doc(rec, k, d, &root, &by_url, &in_pack, facilitator, || {
                    (!d.page.fm.discussion_questions.is_empty()).then(|| {
                        match first_session.get(&k).map(|&s| &f.agenda[s]) {
                            Some(s) => {
                                format!("{} {} · {}", pt("day"), s.day, time_range(s.start, s.end))
                            }
                            None => pt("other_documents"),
                        }
                    })
                })
            })
            .collect();

        let mut days: BTreeMap<u32, Vec<SessionView<'_>>> = BTreeMap::new();
        for (s, session) in f.agenda.iter().enumerate() {
            days.entry(session.day).or_default().push(SessionView {
                time: time_range(session.start, session.end),
                title: &session.title,
                documents: p.sessions[s]
                    .iter()
                    .map(|&k| doc_link(k, &site.docs[p.docs[k]]))
                    .collect(),
                facilitator_notes: if facilitator {
                    paragraphs(session.facilitator_notes.as_deref())
                } else {
                    Vec::new()
                },
            });
        }
        let days = (1..=f.days())
            .map(|day| {
                let date = f.dates.get(day as usize - 1).map(|d| ld.date(d));
                DayView {
                    label: match date {
                        Some(date) => format!("{} {day} · {date}", pt("day")),
                        None => format!("{} {day}", pt("day")),
                    },
                    sessions: days.remove(&day).unwrap_or_default(),
                }
            })
            .collect();

        // Discussion questions, gathered under the session that first uses each document.
        let mut groups: Vec<(Option<usize>, Vec<usize>)> = Vec::new();
        for (k, &j) in p.docs.iter().enumerate() {
            if site.docs[j].page.fm.discussion_questions.is_empty() {
                continue;
            }
            let s = first_session.get(&k).copied();
            match groups.iter_mut().find(|(g, _)| *g == s) {
                Some((_, v)) => v.push(k),
                None => groups.push((s, vec![k])),
            }
        }
        groups.sort_by_key(|(s, _)| s.unwrap_or(usize::MAX));
        let questions = groups
            .into_iter()
            .map(|(s, ks)| QuestionGroup {
                label: s
                    .map(session_label)
                    .unwrap_or_else(|| pt("other_documents")),
                documents: ks
                    .into_iter()
                    .map(|k| {
                        let d = &site.docs[p.docs[k]];
                        QuestionDoc {
                            number: k + 1,
                            title: &d.page.fm.title,
                            anchor: format!("doc-{}", k + 1),
                            questions: d
                                .page
                                .fm
                                .discussion_questions
                                .iter()
                                .map(|q| QuestionView {
                                    text: &q.text,
                                    answer_notes: if facilitator {
                                        paragraphs(q.answer_notes.as_deref())
                                    } else {
                                        Vec::new()
                                    },
                                })
                                .collect(),
                        }
                    })
                    .collect(),
            })
            .collect();

        let glossary_terms: &[crate::content::glossary::Term] = site
            .glossaries
            .get(code)
            .map(|g| g.as_slice())
            .unwrap_or(&[]);
        let glossary = packs::terms(p, &site.docs, glossary_terms)
            .into_iter()
            .map(|t| TermView {
                key: &t.key,
                term: &t.term,
                abbr: t.abbr.as_deref(),
                definition: &t.definition,
            })
            .collect();
        let notes = (0..f.agenda.len()).map(session_label).collect();

        let mut css = format!("@page{{@top-left{{content:{}}}}}\n", css_string(&f.title));
        if facilitator {
            css.push_str(&format!(
                "@page{{@bottom-left{{content:{}}}}}\n",
                css_string(&pt("facilitator_edition"))
            ));
        }
        for d in &documents {
            css.push_str(&format!(
                "#{}{{page:d{}}}@page d{}{{@top-right{{content:{}}}}}\n",
                d.anchor,
                d.number,
                d.number,
                css_string(&format!("{} · {}", d.number, d.title))
            ));
        }
        for (name, key) in [
            ("questions", "discussion_questions"),
            ("glossary", "glossary"),
            ("notes", "notes"),
        ] {
            css.push_str(&format!(
                "@page {name}{{@top-right{{content:{}}}}}\n",
                css_string(&pt(key))
            ));
        }
        // The cover has no running title; this comes last, as Chromium lets later `@page`
        // rules win over `:first`.
        css.push_str("@page:first{@top-left{content:none}@top-right{content:none}@bottom-left{content:none}}\n");
        let dates = match f.dates.as_slice() {
            [] => None,
            [one] => Some(ld.date(one)),
            [first, .., last] => Some(format!("{} – {}", ld.date(first), ld.date(last))),
        };
        PackPage {
            common,
            pack: PackView {
                title: &f.title,
                summary: f.summary.as_deref(),
                illustrative: f.illustrative,
                place: f.place.as_deref(),
                audience: f.audience.as_deref(),
                dates,
                facilitator,
                edition: edition.name(),
                other_edition_url: routes::pack(
                    code,
                    &f.name,
                    if facilitator {
                        Edition::Participant
                    } else {
                        Edition::Facilitator
                    },
                ),
                days,
                documents,
                questions,
                glossary,
                notes,
                page_css: css,
            },
        }
    }

    /// Document `d`, number `k + 1` of its pack, as the pack prints it: its links lead into
    /// the page where the target is in the pack, and each becomes a printed reference.
    #[allow(clippy::too_many_arguments)]
    fn pack_doc(
        &self,
        rec: &Recorder,
        k: usize,
        d: &'a Doc,
        root: &str,
        by_url: &HashMap<&str, usize>,
        in_pack: &HashMap<usize, usize>,
        facilitator: bool,
        questions_in: impl FnOnce() -> Option<String>,
    ) -> PackDoc<'a> {
        let site = self.site;
        let code = d.page.lang.as_str();
        let ld = self.lang(code);
        let pt = |key: &str| ld.i18n.t2("pack", key);
        let number = k + 1;
        let prefix = format!("d{number}-");
        let describe = |j: usize| {
            let t = &site.docs[j];
            rec.read(Fact::Meta(Key::of(&t.page.content_path)));
            format!(
                "{}: {}",
                ld.i18n.t2("kind_singular", t.page.kind.name()),
                t.page.fm.title
            )
        };
        let mut refs: Vec<Reference> = Vec::new();
        let mut ref_of: HashMap<String, usize> = HashMap::new();
        let links: Vec<Option<LinkOut>> = d
            .links
            .iter()
            .zip(&d.rendered.links)
            .map(|(resolved, written)| {
                let resolved = resolved.as_ref()?;
                let (path, anchor) = match resolved.url.split_once('#') {
                    Some((p, a)) => (p, Some(a)),
                    None => (resolved.url.as_str(), None),
                };
                let other_lang = resolved.other_lang.as_ref().map(|c| {
                    let name = site
                        .config
                        .languages
                        .iter()
                        .find(|l| &l.code == c)
                        .map(|l| l.name.clone())
                        .unwrap_or_else(|| c.clone());
                    (c.clone(), name)
                });
                let target = by_url.get(path).copied();
                let inside = target.and_then(|j| in_pack.get(&j).copied());
                if let Some(k2) = inside.filter(|_| !written.image) {
                    let href = match anchor {
                        Some(a) if !a.is_empty() => format!("#d{}-{a}", k2 + 1),
                        _ => format!("#doc-{}", k2 + 1),
                    };
                    let note =
                        (k2 != k).then(|| pt("see_document").replace("{n}", &(k2 + 1).to_string()));
                    return Some(LinkOut {
                        href,
                        other_lang,
                        note,
                    });
                }
                let href = format!("{root}{}", resolved.url);
                if written.image {
                    return Some(LinkOut {
                        href,
                        other_lang: None,
                        note: None,
                    });
                }
                let mark = match ref_of.get(path) {
                    Some(&n) => n,
                    None => {
                        let n = refs.len() + 1;
                        ref_of.insert(path.to_string(), n);
                        let label = match target {
                            Some(j) => describe(j),
                            None => path.rsplit('/').next().unwrap_or(path).to_string(),
                        };
                        refs.push(Reference {
                            mark: format!("[{n}]"),
                            label,
                            place: format!("{} {}", pt("on_the_site"), folder_of(path)),
                            anchor: None,
                        });
                        n
                    }
                };
                Some(LinkOut {
                    href,
                    other_lang,
                    note: Some(format!("[{mark}]")),
                })
            })
            .collect();
        let backlinks = d
            .backlinks
            .iter()
            .map(|&j| match in_pack.get(&j) {
                Some(&k2) => Reference {
                    mark: String::new(),
                    label: describe(j),
                    place: pt("see_document").replace("{n}", &(k2 + 1).to_string()),
                    anchor: Some(format!("doc-{}", k2 + 1)),
                },
                None => Reference {
                    mark: String::new(),
                    label: describe(j),
                    place: format!("{} {}", pt("on_the_site"), folder_of(&site.docs[j].url)),
                    anchor: None,
                },
            })
            .collect();
        let fm = &d.page.fm;
        PackDoc {
            number,
            anchor: format!("doc-{number}"),
            kind: d.page.kind.name(),
            kind_label: ld.i18n.t2("kind_singular", d.page.kind.name()),
            title: &fm.title,
            summary: fm.summary.as_deref(),
            illustrative: fm.illustrative,
            date: fm.date.map(|x| ld.date(&x)),
            meeting: fm.meeting.as_deref(),
            location: fm.location.as_deref(),
            participants: &fm.participants,
            audience: fm.audience.as_deref(),
            countries: fm.countries.iter().map(|c| ld.i18n.country(c)).collect(),
            topics: fm
                .topics
                .iter()
                .map(|t| site.config.topic_label(t, code))
                .collect(),
            reviewed: fm.reviewed.as_ref().map(|r| ReviewView::new(r, ld)),
            key_points: &fm.key_points,
            decisions: &fm.decisions,
            // A printed pack marks no action as overdue: paper outlives any "as of" date.
            actions: self.actions(code, &fm.actions, None),
            lessons: &fm.lessons,
            html: body::finish_with(d, site, &prefix, &links),
            facilitator_notes: if facilitator {
                paragraphs(fm.facilitator_notes.as_deref())
            } else {
                Vec::new()
            },
            questions_in: questions_in(),
            links: refs,
            backlinks,
        }
    }
}

/// A page's output path as a reader finds it in the site's folder: `en/guidance/x/` for
/// `en/guidance/x/index.html` (other files as they are).
fn folder_of(path: &str) -> &str {
    path.strip_suffix("index.html").unwrap_or(path)
}

/// A document of the pack as the agenda and the questions name it.
fn doc_link(k: usize, d: &Doc) -> DocLink<'_> {
    DocLink {
        number: k + 1,
        title: &d.page.fm.title,
        anchor: format!("doc-{}", k + 1),
    }
}

/// `09:00–10:30`, or `09:00` without an end.
fn time_range(
    start: crate::content::pack::Time,
    end: Option<crate::content::pack::Time>,
) -> String {
    match end {
        Some(end) => format!("{start}–{end}"),
        None => start.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_strings_cannot_end_the_string_or_the_style_element() {
        let s = css_string("A \"b\" </style><script>\\ é\n");
        assert!(s.starts_with('"') && s.ends_with('"'));
        let inner = &s[1..s.len() - 1];
        assert!(!inner.contains('"') && !inner.contains('<') && !inner.contains('\n'));
        assert!(inner.contains("\\22 b\\22 "), "{s}");
        assert!(inner.contains("\\e9 "), "{s}");
    }
}
