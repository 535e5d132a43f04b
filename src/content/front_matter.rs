//! Front matter: splitting it from the body, and checking every key against the document type.
//!
//! The YAML is parsed to a generic value and checked key by key (rather than deserialised into
//! a struct) so that one file reports all of its problems at once, each at its own line.

use std::collections::BTreeSet;
use std::path::Path;

use serde_yaml::Value;

use super::date::Date;
use crate::diagnostics::{did_you_mean, Diagnostics, Pos};

/// The type of a content file, given by its folder.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// `guidance/`: guidance notes.
    Guidance,
    /// `minutes/`: meeting minutes.
    Minutes,
    /// `case-studies/`: case studies.
    CaseStudy,
    /// A free page at the language root, such as `about.md`.
    Page,
    /// `_index.md` at the language root: the home page text.
    Home,
}

impl Kind {
    /// The three document sections, in display order.
    pub const SECTIONS: [Kind; 3] = [Kind::Guidance, Kind::Minutes, Kind::CaseStudy];

    /// The folder of a section (`case-studies`), or `None` for pages.
    pub fn folder(self) -> Option<&'static str> {
        match self {
            Kind::Guidance => Some("guidance"),
            Kind::Minutes => Some("minutes"),
            Kind::CaseStudy => Some("case-studies"),
            Kind::Page | Kind::Home => None,
        }
    }

    /// The section of a folder name.
    pub fn from_folder(folder: &str) -> Option<Kind> {
        Kind::SECTIONS
            .into_iter()
            .find(|k| k.folder() == Some(folder))
    }

    /// A stable name (`guidance`, `minutes`, `case-study`, `page`, `home`).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Guidance => "guidance",
            Kind::Minutes => "minutes",
            Kind::CaseStudy => "case-study",
            Kind::Page => "page",
            Kind::Home => "home",
        }
    }

    /// True for guidance notes, minutes and case studies.
    pub fn is_document(self) -> bool {
        self.folder().is_some()
    }
}

/// The longest `slug` accepted, in characters.
pub const MAX_SLUG_CHARS: usize = 100;

const COMMON_KEYS: &[&str] = &[
    "title",
    "summary",
    "date",
    "updated",
    "countries",
    "topics",
    "draft",
    "illustrative",
    "translation_key",
    "slug",
    "reviewed",
];
const GUIDANCE_KEYS: &[&str] = &["audience", "key_points", "facilitator_notes"];
const MINUTES_KEYS: &[&str] = &[
    "meeting",
    "location",
    "participants",
    "decisions",
    "actions",
];
const CASE_STUDY_KEYS: &[&str] = &["lessons", "discussion_questions", "facilitator_notes"];
const ACTION_KEYS: &[&str] = &["action", "owner", "due", "status"];
const REVIEW_KEYS: &[&str] = &["by", "date"];
const QUESTION_KEYS: &[&str] = &["question", "answer_notes"];

fn allowed_keys(kind: Kind) -> Vec<&'static str> {
    let extra: &[&str] = match kind {
        Kind::Guidance => GUIDANCE_KEYS,
        Kind::Minutes => MINUTES_KEYS,
        Kind::CaseStudy => CASE_STUDY_KEYS,
        Kind::Page | Kind::Home => &[],
    };
    COMMON_KEYS.iter().chain(extra).copied().collect()
}

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
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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

/// A file split into its front matter and body.
#[derive(Debug)]
pub struct Split<'a> {
    /// The YAML between the `---` lines.
    pub yaml: &'a str,
    /// The Markdown after the closing `---`.
    pub body: &'a str,
    /// 1-based line of the body's first line in the file.
    pub body_line: usize,
}

/// Splits `text` (LF line endings) into front matter and body.
pub fn split<'a>(text: &'a str, path: &Path, diags: &mut Diagnostics) -> Option<Split<'a>> {
    if text.trim().is_empty() {
        diags.error(
            path,
            Pos::new(1, 1),
            "the file is empty: it needs front matter (a `---` line, `title: …`, a `---` line) and then the text",
        );
        return None;
    }
    let Some(rest) = text.strip_prefix("---\n") else {
        diags.error(
            path,
            Pos::new(1, 1),
            "no front matter: the file must start with a `---` line, then `title: …`, then a `---` line",
        );
        return None;
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let body_line = 2 + yaml.matches('\n').count() + 1;
            return Some(Split {
                yaml,
                body,
                body_line,
            });
        }
        offset += line.len();
    }
    diags.error(
        path,
        Pos::new(1, 1),
        "the front matter is not closed: add a `---` line after it",
    );
    None
}

/// What front matter values are checked against.
pub struct Vocabulary<'a> {
    /// Known country codes.
    pub countries: &'a BTreeSet<String>,
    /// Declared topic slugs.
    pub topics: &'a BTreeSet<String>,
}

/// Finds positions of keys and values in the YAML text, for messages.
struct Locator<'a> {
    lines: Vec<&'a str>,
    /// 1-based file line of the YAML's first line.
    first_line: usize,
}

impl<'a> Locator<'a> {
    fn key_index(&self, key: &str) -> Option<usize> {
        self.lines.iter().position(|l| {
            l.strip_prefix(key)
                .is_some_and(|r| r.starts_with(':') || r.trim_start().starts_with(':'))
        })
    }

    fn key(&self, key: &str) -> Pos {
        self.key_index(key)
            .map(|i| Pos::new(self.first_line + i, 1))
            .unwrap_or(Pos::new(self.first_line, 1))
    }

    /// Lines of a top-level key's block: its own line and the indented or `-` lines after it.
    fn block(&self, key: &str) -> std::ops::Range<usize> {
        let Some(start) = self.key_index(key) else {
            return 0..0;
        };
        let mut end = start + 1;
        while end < self.lines.len() {
            let l = self.lines[end];
            let top = !l.is_empty() && !l.starts_with([' ', '\t', '-', '#']);
            if top {
                break;
            }
            end += 1;
        }
        start..end
    }

    /// The position of `needle` inside the block of `key`, or the key's position.
    fn value(&self, key: &str, needle: &str) -> Pos {
        for i in self.block(key) {
            if let Some(col) = self.lines[i].find(needle) {
                let col = self.lines[i][..col].chars().count() + 1;
                return Pos::new(self.first_line + i, col);
            }
        }
        self.key(key)
    }

    /// The position of the `index`-th list item of `key`'s block.
    fn item(&self, key: &str, index: usize) -> Pos {
        let items: Vec<usize> = self
            .block(key)
            .filter(|&i| self.lines[i].trim_start().starts_with("- "))
            .collect();
        match items.get(index) {
            Some(&i) => {
                let col = self.lines[i].len() - self.lines[i].trim_start().len() + 1;
                Pos::new(self.first_line + i, col)
            }
            None => self.key(key),
        }
    }
}

/// Parses and checks front matter for a file of type `kind`. Problems go to `diags`.
pub fn parse(
    split: &Split<'_>,
    kind: Kind,
    vocab: &Vocabulary<'_>,
    path: &Path,
    diags: &mut Diagnostics,
) -> Option<FrontMatter> {
    let loc = Locator {
        lines: split.yaml.lines().collect(),
        first_line: 2,
    };
    let value: Value = super::yaml::parse(split.yaml, path, 1, "the front matter", diags)?;
    let map = match value {
        Value::Mapping(m) => m,
        Value::Null => serde_yaml::Mapping::new(),
        _ => {
            diags.error(
                path,
                Pos::new(2, 1),
                "the front matter must be `key: value` lines, starting with `title: …`",
            );
            return None;
        }
    };
    let mut c = Checker {
        loc: &loc,
        path,
        diags,
    };
    let allowed = allowed_keys(kind);
    let mut fm = FrontMatter::default();
    let mut has_title = false;
    for (k, v) in &map {
        let Some(key) = k.as_str() else {
            c.diags
                .error(path, Pos::new(2, 1), "front matter keys must be text");
            continue;
        };
        if !allowed.contains(&key) {
            let owners: Vec<String> = [
                (Kind::Guidance, GUIDANCE_KEYS),
                (Kind::Minutes, MINUTES_KEYS),
                (Kind::CaseStudy, CASE_STUDY_KEYS),
            ]
            .iter()
            .filter(|(_, keys)| keys.contains(&key))
            .map(|(k, _)| format!("{} (`{}/`)", k.name(), k.folder().unwrap_or_default()))
            .collect();
            let where_ok =
                (!owners.is_empty()).then(|| format!(": it belongs to {}", owners.join(" or ")));
            let hint = where_ok.unwrap_or_else(|| did_you_mean(key, allowed.iter().copied()));
            c.diags.error(
                path,
                loc.key(key),
                format!("unknown key `{key}` for a {} file{hint}", kind.name()),
            );
            continue;
        }
        match key {
            "title" => {
                has_title = true;
                match c.text(key, v) {
                    Some(t) if !t.trim().is_empty() => fm.title = t,
                    Some(_) => c.diags.error(
                        path,
                        loc.key(key),
                        "`title` is empty: write the title after `title:`",
                    ),
                    None if v.is_null() => c.diags.error(
                        path,
                        loc.key(key),
                        "`title` is empty: write the title after `title:`",
                    ),
                    None => {}
                }
            }
            "summary" => fm.summary = c.text(key, v),
            "date" => fm.date = c.date(key, v),
            "updated" => fm.updated = c.date(key, v),
            "countries" => {
                let codes = c.list(key, v);
                for code in &codes {
                    if !vocab.countries.contains(code) {
                        let upper = code.to_uppercase();
                        let hint = if vocab.countries.contains(&upper) {
                            format!(", did you mean `{upper}`?")
                        } else {
                            did_you_mean(code, vocab.countries.iter().map(String::as_str))
                        };
                        c.diags.error(
                            path,
                            loc.value(key, code),
                            format!("unknown country code `{code}` (use ISO 3166 alpha-2 codes such as SL, GN, LR, CI){hint}"),
                        );
                    }
                }
                fm.countries = dedup(codes);
            }
            "topics" => {
                let topics = c.list(key, v);
                for t in &topics {
                    if !vocab.topics.contains(t) {
                        let hint = did_you_mean(t, vocab.topics.iter().map(String::as_str));
                        let hint = if hint.is_empty() {
                            " (topics are declared under `topics:` in loupe.yaml)".to_string()
                        } else {
                            hint
                        };
                        c.diags.error(
                            path,
                            loc.value(key, t),
                            format!("unknown topic `{t}`{hint}"),
                        );
                    }
                }
                fm.topics = dedup(topics);
            }
            "draft" => fm.draft = c.boolean(key, v),
            "illustrative" => fm.illustrative = c.boolean(key, v),
            "translation_key" => fm.translation_key = c.text(key, v),
            "slug" => {
                if let Some(s) = c.text(key, v) {
                    let ok = !s.is_empty()
                        && s.chars()
                            .all(|ch| ch.is_alphanumeric() || ch == '-' || ch == '_');
                    let chars = s.chars().count();
                    if ok && chars > MAX_SLUG_CHARS {
                        c.diags.error(
                            path,
                            loc.key(key),
                            format!("`slug` is {chars} characters long: keep it under {MAX_SLUG_CHARS}, so that paths fit on Windows and USB sticks"),
                        );
                    } else if ok {
                        fm.slug = Some(s);
                        fm.slug_pos = Some(loc.key(key));
                    } else {
                        c.diags.error(
                            path,
                            loc.key(key),
                            format!("`slug` must be letters, digits, `-` or `_` (it becomes part of the URL), found `{s}`"),
                        );
                    }
                }
            }
            "reviewed" => fm.reviewed = c.review(key, v),
            "audience" => fm.audience = c.text(key, v),
            "key_points" => fm.key_points = c.list(key, v),
            "meeting" => fm.meeting = c.text(key, v),
            "location" => fm.location = c.text(key, v),
            "participants" => fm.participants = c.list(key, v),
            "decisions" => fm.decisions = c.list(key, v),
            "actions" => fm.actions = c.actions(key, v),
            "lessons" => fm.lessons = c.list(key, v),
            "discussion_questions" => fm.discussion_questions = c.questions(key, v),
            "facilitator_notes" => fm.facilitator_notes = c.text(key, v),
            _ => {}
        }
    }
    if !has_title {
        c.diags.error(
            path,
            Pos::new(1, 1),
            "missing `title`: every file needs one",
        );
    }
    if kind == Kind::Minutes && !map.contains_key("date") {
        c.diags.error(
            path,
            Pos::new(1, 1),
            "missing `date`: meeting minutes need the date of the meeting",
        );
    }
    if kind == Kind::CaseStudy && !map.contains_key("countries") {
        c.diags.error(
            path,
            Pos::new(1, 1),
            "missing `countries`: a case study names the countries it is about",
        );
    }
    Some(fm)
}

fn dedup(v: Vec<String>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    v.into_iter().filter(|x| seen.insert(x.clone())).collect()
}

/// What a YAML value is, in words, for messages (`a list`, `a map of keys`).
pub(crate) fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a map of keys",
        Value::Tagged(_) => "a tagged value",
    }
}

struct Checker<'l, 'a, 'd> {
    loc: &'l Locator<'a>,
    path: &'l Path,
    diags: &'d mut Diagnostics,
}

impl Checker<'_, '_, '_> {
    fn wrong(&mut self, key: &str, want: &str, v: &Value) {
        self.diags.error(
            self.path,
            self.loc.key(key),
            format!("`{key}` must be {want}, found {}", type_name(v)),
        );
    }

    /// Text written as text: numbers and true/false are refused, since YAML changes them
    /// (`0x10` reads as 16, `1.50` as 1.5); control characters are refused too.
    fn text(&mut self, key: &str, v: &Value) -> Option<String> {
        match v {
            Value::String(s) => self.clean(key, s),
            Value::Null => None,
            Value::Number(_) | Value::Bool(_) => {
                let line = self
                    .loc
                    .key_index(key)
                    .map(|i| self.loc.lines[i])
                    .unwrap_or("");
                let written = line.split_once(':').map(|(_, v)| v.trim()).unwrap_or("");
                self.diags.error(
                    self.path,
                    self.loc.key(key),
                    format!("`{key}` must be text, but YAML reads `{written}` as {}: put it in quotes, such as `{key}: \"{written}\"`", type_name(v)),
                );
                None
            }
            _ => {
                self.wrong(key, "text", v);
                None
            }
        }
    }

    /// A list item or action field as text (numbers are taken as written).
    fn scalar_text(v: &Value) -> Option<String> {
        match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }

    /// `s` without control characters, or `None` after an error naming the first one.
    fn clean(&mut self, key: &str, s: &str) -> Option<String> {
        match s
            .chars()
            .find(|c| c.is_control() && *c != '\n' && *c != '\t')
        {
            None => Some(s.to_string()),
            Some(c) => {
                self.diags.error(
                    self.path,
                    self.loc.key(key),
                    format!("`{key}` holds the invisible control character U+{:04X}: delete it (retype the text if you cannot see it)", c as u32),
                );
                None
            }
        }
    }

    fn boolean(&mut self, key: &str, v: &Value) -> bool {
        match v {
            Value::Bool(b) => *b,
            _ => {
                self.wrong(key, "true or false", v);
                false
            }
        }
    }

    fn date(&mut self, key: &str, v: &Value) -> Option<Date> {
        let s = match v {
            Value::String(s) => s.clone(),
            Value::Null => return None,
            _ => {
                self.wrong(key, "a date written YYYY-MM-DD", v);
                return None;
            }
        };
        let d = Date::parse(s.trim());
        if d.is_none() {
            self.diags.error(
                self.path,
                self.loc.value(key, &s),
                format!(
                    "`{key}` must be a date written YYYY-MM-DD (such as 2016-03-14), found `{s}`"
                ),
            );
        }
        d
    }

    fn list(&mut self, key: &str, v: &Value) -> Vec<String> {
        match v {
            Value::Sequence(items) => {
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    match Self::scalar_text(item) {
                        Some(s) => out.extend(self.clean(key, &s)),
                        None => self.diags.error(
                            self.path,
                            self.loc.item(key, i),
                            format!(
                                "item {} of `{key}` must be text, found {}",
                                i + 1,
                                type_name(item)
                            ),
                        ),
                    }
                }
                out
            }
            Value::Null => Vec::new(),
            other => match Self::scalar_text(other) {
                Some(s) => self.clean(key, &s).into_iter().collect(),
                None => {
                    self.wrong(key, "a list", other);
                    Vec::new()
                }
            },
        }
    }

    fn review(&mut self, key: &str, v: &Value) -> Option<Review> {
        let m = match v {
            Value::Mapping(m) => m,
            Value::Null => return None,
            other => {
                self.wrong(key, "a map `{by: …, date: YYYY-MM-DD}`", other);
                return None;
            }
        };
        let (mut by, mut date, mut ok) = (None, None, true);
        for (k, val) in m {
            let k = k.as_str().unwrap_or_default();
            match k {
                "by" => match Self::scalar_text(val) {
                    Some(s) if !s.trim().is_empty() => by = Some(s),
                    _ => {
                        ok = false;
                        self.diags.error(
                            self.path,
                            self.loc.value(key, "by:"),
                            "`by` of `reviewed` must name who reviewed the text, as a role (such as `loupe content team: fact-check against the KPCS core document`), never a person's name",
                        );
                    }
                },
                "date" => {
                    let s = Self::scalar_text(val).unwrap_or_default();
                    date = Date::parse(s.trim());
                    if date.is_none() {
                        ok = false;
                        let at = if s.is_empty() {
                            "date:".to_string()
                        } else {
                            s.clone()
                        };
                        self.diags.error(
                            self.path,
                            self.loc.value(key, &at),
                            format!("`date` of `reviewed` must be a date written YYYY-MM-DD (such as 2016-03-14), found `{s}`"),
                        );
                    }
                }
                _ => {
                    ok = false;
                    let hint = did_you_mean(k, REVIEW_KEYS.iter().copied());
                    self.diags.error(
                        self.path,
                        self.loc.value(key, &format!("{k}:")),
                        format!("unknown key `{k}` in `reviewed` (it takes `by` and `date`){hint}"),
                    );
                }
            }
        }
        for (name, missing) in [
            ("by", !m.contains_key("by")),
            ("date", !m.contains_key("date")),
        ] {
            if missing {
                ok = false;
                self.diags.error(
                    self.path,
                    self.loc.key(key),
                    format!("`reviewed` has no `{name}`: write `reviewed: {{by: a role, date: YYYY-MM-DD}}`"),
                );
            }
        }
        match (by, date) {
            (Some(by), Some(date)) if ok => Some(Review { by, date }),
            _ => None,
        }
    }

    /// Discussion questions: each one text, or a map `{question: …, answer_notes: …}`.
    fn questions(&mut self, key: &str, v: &Value) -> Vec<Question> {
        let items = match v {
            Value::Sequence(items) => items,
            Value::Null => return Vec::new(),
            other => {
                self.wrong(key, "a list of questions", other);
                return Vec::new();
            }
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let pos = self.loc.item(key, i);
            if let Some(text) = Self::scalar_text(item) {
                out.extend(self.clean(key, &text).map(|text| Question {
                    text,
                    answer_notes: None,
                }));
                continue;
            }
            let Value::Mapping(m) = item else {
                self.diags.error(
                    self.path,
                    pos,
                    format!(
                        "item {} of `{key}` must be a question, or a map with `question` and `answer_notes`, found {}",
                        i + 1,
                        type_name(item)
                    ),
                );
                continue;
            };
            let mut q = Question {
                text: String::new(),
                answer_notes: None,
            };
            for (k, val) in m {
                let k = k.as_str().unwrap_or_default();
                let text = || Self::scalar_text(val);
                match k {
                    "question" => {
                        q.text = text().and_then(|t| self.clean(key, &t)).unwrap_or_default()
                    }
                    "answer_notes" => q.answer_notes = text().and_then(|t| self.clean(key, &t)),
                    _ => {
                        let hint = did_you_mean(k, QUESTION_KEYS.iter().copied());
                        self.diags.error(
                            self.path,
                            self.loc.value(key, &format!("{k}:")),
                            format!("unknown key `{k}` in discussion question {}{hint}", i + 1),
                        );
                    }
                }
            }
            if q.text.trim().is_empty() {
                self.diags.error(
                    self.path,
                    pos,
                    format!("discussion question {} has no `question` text", i + 1),
                );
                continue;
            }
            out.push(q);
        }
        out
    }

    fn actions(&mut self, key: &str, v: &Value) -> Vec<Action> {
        let items = match v {
            Value::Sequence(items) => items,
            Value::Null => return Vec::new(),
            other => {
                self.wrong(key, "a list of `{action, owner, due, status}`", other);
                return Vec::new();
            }
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let pos = self.loc.item(key, i);
            let Value::Mapping(m) = item else {
                self.diags.error(
                    self.path,
                    pos,
                    format!(
                        "item {} of `actions` must be a map with `action`, `owner`, `due` and `status`, found {}",
                        i + 1,
                        type_name(item)
                    ),
                );
                continue;
            };
            let mut action = Action {
                action: String::new(),
                owner: None,
                due: None,
                done: false,
            };
            for (k, val) in m {
                let k = k.as_str().unwrap_or_default();
                match k {
                    "action" => {
                        action.action = Self::scalar_text(val)
                            .and_then(|t| self.clean(key, &t))
                            .unwrap_or_default()
                    }
                    "owner" => {
                        action.owner = Self::scalar_text(val).and_then(|t| self.clean(key, &t))
                    }
                    "due" => {
                        let s = Self::scalar_text(val).unwrap_or_default();
                        action.due = Date::parse(&s);
                        if action.due.is_none() && !val.is_null() {
                            self.diags.error(
                                self.path,
                                self.loc.value(key, &s),
                                format!("`due` of action {} must be a date written YYYY-MM-DD, found `{s}`", i + 1),
                            );
                        }
                    }
                    "status" => match Self::scalar_text(val).as_deref() {
                        Some("open") => action.done = false,
                        Some("done") => action.done = true,
                        other => {
                            let found = other.unwrap_or("nothing");
                            self.diags.error(
                                self.path,
                                self.loc.value(key, &format!("status: {found}")),
                                format!("`status` of action {} must be `open` or `done`, found `{found}`", i + 1),
                            );
                        }
                    },
                    _ => {
                        let hint = did_you_mean(k, ACTION_KEYS.iter().copied());
                        self.diags.error(
                            self.path,
                            self.loc.value(key, &format!("{k}:")),
                            format!("unknown key `{k}` in action {}{hint}", i + 1),
                        );
                    }
                }
            }
            if action.action.trim().is_empty() {
                self.diags.error(
                    self.path,
                    pos,
                    format!("action {} has no `action` text", i + 1),
                );
            }
            out.push(action);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, kind: Kind) -> (Option<FrontMatter>, Vec<String>) {
        let countries: BTreeSet<String> = ["SL", "GN", "LR", "CI"].map(String::from).into();
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
            all.contains("a.md:3:7: error: `date` must be a date"),
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
