//! Front matter: the YAML at the top of a content file, checked key by key against the
//! document type.
//!
//! The YAML is parsed to a generic value and checked key by key (rather than deserialised into
//! a struct) so that one file reports all of its problems at once, each at its own line. The
//! jobs are split: [`split`](mod@split) cuts the front matter off, [`locate`] finds where keys are written,
//! [`schema`] says which keys each type has, [`values`] reads typed values, [`check`] applies
//! the site's rules.

pub mod check;
pub mod locate;
pub mod schema;
pub mod split;
pub mod values;

use std::collections::BTreeSet;
use std::path::Path;

use serde_yaml::Value;

use super::countries::Countries;
use super::date::Date;
use crate::diagnostics::{Diagnostics, Pos};
use locate::Locator;
use values::Reader;

pub use super::kind::Kind;
pub use split::{split, Split};

/// The longest `slug` accepted, in characters.
pub const MAX_SLUG_CHARS: usize = 100;

/// One action item of meeting minutes.
#[derive(Debug, Clone, PartialEq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Action {
    /// What is to be done.
    pub action: String,
    /// Who does it (an organisation or a role).
    pub owner: Option<String>,
    /// By when.
    pub due: Option<Date>,
    /// True when done, false when still open.
    pub done: bool,
}

/// A discussion question of a case study.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Question {
    /// The question.
    pub text: String,
    /// Notes for the facilitator on what answers to expect or bring out: printed in the
    /// facilitator edition of a workshop pack only, never on the site's pages.
    pub answer_notes: Option<String>,
}

/// The record of a document's last review (`reviewed: {by: …, date: …}`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Review {
    /// Who reviewed it and against what: a role, never a person's name.
    pub by: String,
    /// When.
    pub date: Date,
}

/// The checked front matter of one file.
#[derive(Debug, Clone, Default, Hash, serde::Serialize, serde::Deserialize)]
pub struct FrontMatter {
    /// Title (required).
    pub title: String,
    /// Short summary.
    pub summary: Option<String>,
    /// Date of the document or meeting.
    pub date: Option<Date>,
    /// Date of the last update.
    pub updated: Option<Date>,
    /// ISO 3166 alpha-2 country codes.
    pub countries: Vec<String>,
    /// Topic slugs.
    pub topics: Vec<String>,
    /// Drafts are not built.
    pub draft: bool,
    /// Composed for training: the page shows a banner.
    pub illustrative: bool,
    /// The reading order trainers set: lists show weighted documents first, lightest first,
    /// and the home page lists them under "Start here".
    pub weight: Option<i64>,
    /// Pairs translations whose paths differ.
    pub translation_key: Option<String>,
    /// The last part of the URL.
    pub slug: Option<String>,
    /// Where `slug` is written, for messages about the URL it makes.
    pub slug_pos: Option<Pos>,
    /// The last review of the text, if one is recorded.
    pub reviewed: Option<Review>,
    /// Guidance: who the note is for.
    pub audience: Option<String>,
    /// Guidance: key points.
    pub key_points: Vec<String>,
    /// Minutes: the meeting's name.
    pub meeting: Option<String>,
    /// Minutes: where it took place.
    pub location: Option<String>,
    /// Minutes: organisations present.
    pub participants: Vec<String>,
    /// Minutes: decisions taken.
    pub decisions: Vec<String>,
    /// Minutes: action items.
    pub actions: Vec<Action>,
    /// Case studies: lessons.
    pub lessons: Vec<String>,
    /// Case studies: questions for discussion.
    pub discussion_questions: Vec<Question>,
    /// Guidance notes and case studies: notes for whoever runs a workshop with the document,
    /// printed in the facilitator edition of a workshop pack only, never on the site's pages.
    pub facilitator_notes: Option<String>,
}

/// What front matter values are checked against.
pub struct Vocabulary<'a> {
    /// Known country codes, with their names.
    pub countries: &'a Countries,
    /// Declared topic slugs.
    pub topics: &'a BTreeSet<String>,
}

/// Parses and checks front matter for a file of type `kind`. Problems go to `diags`.
pub fn parse(
    split: &Split<'_>,
    kind: Kind,
    vocab: &Vocabulary<'_>,
    path: &Path,
    diags: &mut Diagnostics,
) -> Option<FrontMatter> {
    let loc = Locator::new(split.yaml, 2);
    let value: Value = super::yaml::parse(split.yaml, path, 1, "the front matter", diags)?;
    let map = match value {
        Value::Mapping(m) => m,
        Value::Null => serde_yaml::Mapping::new(),
        _ => {
            diags.error(
                path,
                loc.start(),
                "the front matter must be `key: value` lines, starting with `title: …`",
            );
            return None;
        }
    };
    let mut r = Reader {
        loc: &loc,
        path,
        diags,
    };
    let allowed = schema::allowed_keys(kind);
    let mut fm = FrontMatter::default();
    let mut present = BTreeSet::new();
    for (k, v) in &map {
        let Some(key) = k.as_str() else {
            r.diags
                .error(path, loc.start(), "front matter keys must be text");
            continue;
        };
        if !allowed.contains(&key) {
            r.diags
                .error(path, loc.key(key), schema::unknown_key(key, kind));
            continue;
        }
        present.insert(key.to_string());
        match key {
            // A title is one line: tabs, line breaks and runs of spaces (a folded YAML
            // scalar, a title pasted from a document) become single spaces (the front_matter
            // fuzz target found tabs kept in a title).
            "title" => match r.text(key, v) {
                Some(t) if !t.trim().is_empty() => {
                    fm.title = t.split_whitespace().collect::<Vec<_>>().join(" ")
                }
                Some(_) => r.diags.error(
                    path,
                    loc.key(key),
                    "`title` is empty: write the title after `title:`",
                ),
                None if v.is_null() => r.diags.error(
                    path,
                    loc.key(key),
                    "`title` is empty: write the title after `title:`",
                ),
                None => {}
            },
            "summary" => fm.summary = r.text(key, v),
            "date" => fm.date = r.date(key, v),
            "updated" => fm.updated = r.date(key, v),
            "countries" => {
                let codes = r.list(key, v);
                fm.countries = check::countries(codes, vocab, &mut r);
            }
            "topics" => {
                let topics = r.list(key, v);
                fm.topics = check::topics(topics, vocab, &mut r);
            }
            "draft" => fm.draft = r.boolean(key, v),
            "illustrative" => fm.illustrative = r.boolean(key, v),
            "weight" => fm.weight = r.weight(key, v),
            "translation_key" => fm.translation_key = r.text(key, v),
            "slug" => {
                if let Some((s, pos)) = r.text(key, v).and_then(|s| check::slug(s, &mut r)) {
                    fm.slug = Some(s);
                    fm.slug_pos = Some(pos);
                }
            }
            "reviewed" => fm.reviewed = r.review(key, v),
            "audience" => fm.audience = r.text(key, v),
            "key_points" => fm.key_points = r.list(key, v),
            "meeting" => fm.meeting = r.text(key, v),
            "location" => fm.location = r.text(key, v),
            "participants" => fm.participants = r.list(key, v),
            "decisions" => fm.decisions = r.list(key, v),
            "actions" => fm.actions = r.actions(key, v),
            "lessons" => fm.lessons = r.list(key, v),
            "discussion_questions" => fm.discussion_questions = r.questions(key, v),
            "facilitator_notes" => fm.facilitator_notes = r.text(key, v),
            _ => {}
        }
    }
    check::whole(&fm, kind, &present, &mut r);
    Some(fm)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, kind: Kind) -> (Option<FrontMatter>, Vec<String>) {
        let mut countries = Countries::new();
        for (code, name) in [
            ("SL", "Sierra Leone"),
            ("GN", "Guinea"),
            ("LR", "Liberia"),
            ("CI", "Côte d'Ivoire"),
            ("GB", "United Kingdom"),
        ] {
            countries.add(code, name);
        }
        let topics: BTreeSet<String> = ["certificates".to_string()].into();
        let vocab = Vocabulary {
            countries: &countries,
            topics: &topics,
        };
        let mut d = Diagnostics::new();
        let path = Path::new("a.md");
        let fm = split(text, path, &mut d).and_then(|s| parse(&s, kind, &vocab, path, &mut d));
        (fm, d.sorted().iter().map(|x| x.to_string()).collect())
    }

    #[test]
    fn a_title_is_one_line() {
        let (fm, errs) = check(
            "---\ntitle: \"KP\\tcertificates\\n  and   checks \"\n---\nBody\n",
            Kind::Page,
        );
        assert!(errs.is_empty(), "{errs:?}");
        assert_eq!(fm.unwrap().title, "KP certificates and checks");
    }

    #[test]
    fn reads_a_complete_minutes_file() {
        let (fm, errs) = check(
            "---\ntitle: Meeting\ndate: 2016-03-14\ncountries: [SL]\nactions:\n  - action: Write\n    owner: CSO\n    due: 2016-04-01\n    status: done\n---\nBody\n",
            Kind::Minutes,
        );
        assert!(errs.is_empty(), "{errs:?}");
        let fm = fm.unwrap();
        assert_eq!(fm.actions.len(), 1);
        assert!(fm.actions[0].done);
    }

    #[test]
    fn reports_every_problem_with_its_line() {
        let (_, errs) = check(
            "---\ntitel: X\ndate: 2016-13-01\ncountries: [SL, sl, XX]\ntopics: [certificate]\nlessons: [a]\n---\n",
            Kind::Guidance,
        );
        let all = errs.join("\n");
        assert!(
            all.contains(
                "a.md:2:1: error: unknown key `titel` for a guidance file, did you mean `title`?"
            ),
            "{all}"
        );
        assert!(
            all.contains("a.md:3:7: error: `date` is `2016-13-01`, but there is no month 13"),
            "{all}"
        );
        assert!(
            all.contains("a.md:4:17: error: unknown country code `sl`"),
            "{all}"
        );
        assert!(all.contains("did you mean `SL`?"), "{all}");
        assert!(all.contains("a.md:4:21: error: unknown country code `XX` (use ISO 3166 alpha-2 codes such as SL, GN, LR, CI)\n"), "{all}");
        assert!(
            all.contains(
                "a.md:5:10: error: unknown topic `certificate`, did you mean `certificates`?"
            ),
            "{all}"
        );
        assert!(all.contains("a.md:6:1: error: unknown key `lessons` for a guidance file: it belongs to case-study"), "{all}");
        assert!(all.contains("missing `title`"), "{all}");
    }

    #[test]
    fn missing_front_matter_and_empty_files_are_clear() {
        assert!(check("", Kind::Page).1[0].contains("the file is empty"));
        assert!(check("# Hello\n", Kind::Page).1[0].contains("no front matter"));
        assert!(check("---\ntitle: x\n", Kind::Page).1[0].contains("not closed"));
        let (_, errs) = check("---\ntitle: [unclosed\n---\n", Kind::Page);
        assert!(errs[0].contains("not valid YAML"), "{errs:?}");
    }

    #[test]
    fn reads_a_review_record_in_flow_or_block_style() {
        for text in [
            "---\ntitle: X\nreviewed: {by: \"CSO trainers: check against the core document\", date: 2025-03-01}\n---\n",
            "---\ntitle: X\nreviewed:\n  by: \"CSO trainers: check against the core document\"\n  date: 2025-03-01\n---\n",
        ] {
            let (fm, errs) = check(text, Kind::Guidance);
            assert!(errs.is_empty(), "{errs:?}");
            let r = fm.unwrap().reviewed.expect("a review record");
            assert_eq!(r.by, "CSO trainers: check against the core document");
            assert_eq!(r.date.to_string(), "2025-03-01");
        }
        let (fm, errs) = check("---\ntitle: X\n---\n", Kind::Guidance);
        assert!(errs.is_empty(), "{errs:?}");
        assert_eq!(fm.unwrap().reviewed, None);
    }

    #[test]
    fn bad_review_records_are_errors_at_their_place() {
        let (fm, errs) = check(
            "---\ntitle: X\nreviewed:\n  by: \"\"\n  date: 2025-02-30\n  note: x\n---\n",
            Kind::Guidance,
        );
        let all = errs.join("\n");
        assert!(fm.unwrap().reviewed.is_none());
        assert!(
            all.contains(
                "a.md:4:3: error: `by` of `reviewed` must name who reviewed the text, as a role"
            ),
            "{all}"
        );
        assert!(
            all.contains("a.md:5:9: error: `date` of `reviewed` must be a date written YYYY-MM-DD (such as 2016-03-14), found `2025-02-30`"),
            "{all}"
        );
        assert!(
            all.contains(
                "a.md:6:3: error: unknown key `note` in `reviewed` (it takes `by` and `date`)"
            ),
            "{all}"
        );
        assert_eq!(errs.len(), 3, "{all}");

        let (_, errs) = check(
            "---\ntitle: X\nreviewed: {date: 2025-01-01, bye: team}\n---\n",
            Kind::Guidance,
        );
        let all = errs.join("\n");
        assert!(
            all.contains("a.md:3:30: error: unknown key `bye` in `reviewed` (it takes `by` and `date`), did you mean `by`?"),
            "{all}"
        );
        assert!(
            all.contains("a.md:3:1: error: `reviewed` has no `by`: write `reviewed: {by: a role, date: YYYY-MM-DD}`"),
            "{all}"
        );

        let (_, errs) = check("---\ntitle: X\nreviewed: 2025-01-01\n---\n", Kind::Guidance);
        assert_eq!(
            errs,
            ["a.md:3:1: error: `reviewed` must be a map `{by: …, date: YYYY-MM-DD}`, found text"]
        );
    }

    #[test]
    fn discussion_questions_may_carry_answer_notes() {
        let (fm, errs) = check(
            "---\ntitle: X\ncountries: [SL]\nfacilitator_notes: |\n  Groups of four.\n\n  Keep time.\ndiscussion_questions:\n  - What first?\n  - question: Who decides?\n    answer_notes: The licensing office.\n---\n",
            Kind::CaseStudy,
        );
        assert!(errs.is_empty(), "{errs:?}");
        let fm = fm.unwrap();
        assert_eq!(
            fm.facilitator_notes.as_deref(),
            Some("Groups of four.\n\nKeep time.\n")
        );
        assert_eq!(fm.discussion_questions[0].text, "What first?");
        assert_eq!(fm.discussion_questions[0].answer_notes, None);
        assert_eq!(fm.discussion_questions[1].text, "Who decides?");
        assert_eq!(
            fm.discussion_questions[1].answer_notes.as_deref(),
            Some("The licensing office.")
        );

        let (_, errs) = check(
            "---\ntitle: X\ncountries: [SL]\ndiscussion_questions:\n  - question: Who?\n    answer_note: Them.\n  - answer_notes: No question.\n---\n",
            Kind::CaseStudy,
        );
        let all = errs.join("\n");
        assert!(all.contains("a.md:6:5: error: unknown key `answer_note` in discussion question 1, did you mean `answer_notes`?"), "{all}");
        assert!(
            all.contains("a.md:7:3: error: discussion question 2 has no `question` text"),
            "{all}"
        );
        let (_, errs) = check("---\ntitle: X\nfacilitator_notes: Y\n---\n", Kind::Page);
        assert_eq!(
            errs,
            ["a.md:3:1: error: unknown key `facilitator_notes` for a page file: it belongs to guidance (`guidance/`) or case-study (`case-studies/`)"]
        );
    }

    #[test]
    fn weight_is_a_whole_number() {
        let (fm, errs) = check("---\ntitle: X\nweight: 10\n---\n", Kind::Guidance);
        assert!(errs.is_empty(), "{errs:?}");
        assert_eq!(fm.unwrap().weight, Some(10));
        let (fm, errs) = check("---\ntitle: X\nweight: -2\n---\n", Kind::Page);
        assert!(errs.is_empty(), "{errs:?}");
        assert_eq!(fm.unwrap().weight, Some(-2));
        for (written, found) in [
            ("1.5", "a number with a fraction"),
            ("\"1\"", "text"),
            ("first", "text"),
            ("true", "true/false"),
            ("[1]", "a list"),
        ] {
            let (fm, errs) = check(
                &format!("---\ntitle: X\nweight: {written}\n---\n"),
                Kind::Guidance,
            );
            assert_eq!(fm.and_then(|f| f.weight), None, "{written}");
            assert_eq!(errs.len(), 1, "{written}: {errs:?}");
            assert!(errs[0].contains(":3:"), "{}", errs[0]);
            assert!(
                errs[0].contains("`weight` must be a whole number"),
                "{}",
                errs[0]
            );
            assert!(errs[0].contains(found), "{written}: {}", errs[0]);
        }
    }

    #[test]
    fn wrong_types_are_named() {
        let (_, errs) = check(
            "---\ntitle: X\ndraft: maybe\nkey_points: {a: b}\n---\n",
            Kind::Guidance,
        );
        let all = errs.join("\n");
        assert!(
            all.contains("a.md:3:1: error: `draft` must be true or false, found text"),
            "{all}"
        );
        assert!(
            all.contains("a.md:4:1: error: `key_points` must be a list, found a map of keys"),
            "{all}"
        );
    }
}
