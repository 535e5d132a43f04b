//! Workshop packs: `content/<lang>/packs/<name>.yaml`, the documents a trainer prints for a
//! workshop, with its agenda.
//!
//! A pack file is checked key by key, like front matter, so that one file reports all of its
//! problems at once, each at its own line. Which documents exist is known only once the whole
//! site is loaded: document references are resolved in [`crate::site::packs`].

use std::collections::BTreeSet;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde_yaml::Value;

use super::date::Date;
use super::front_matter::values::type_name;
use crate::diagnostics::{did_you_mean, Diagnostics, Pos};

/// The folder of packs inside a language folder.
pub const PACKS_DIR: &str = "packs";

/// The keys of a pack file.
const PACK_KEYS: &[&str] = &[
    "title",
    "summary",
    "illustrative",
    "dates",
    "place",
    "audience",
    "documents",
    "agenda",
    "glossary",
];

/// The keys of one agenda session.
const SESSION_KEYS: &[&str] = &["day", "time", "title", "documents", "facilitator_notes"];

/// A time of day, `HH:MM`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Time {
    /// 0–23.
    pub hour: u8,
    /// 0–59.
    pub minute: u8,
}

impl Time {
    /// Parses `HH:MM` (or `H:MM`); `None` when it is not a time of day.
    pub fn parse(s: &str) -> Option<Time> {
        let (h, m) = s.trim().split_once(':')?;
        let digits =
            |x: &str| !x.is_empty() && x.len() <= 2 && x.bytes().all(|b| b.is_ascii_digit());
        if !digits(h) || m.len() != 2 || !digits(m) {
            return None;
        }
        let (hour, minute): (u8, u8) = (h.parse().ok()?, m.parse().ok()?);
        (hour < 24 && minute < 60).then_some(Time { hour, minute })
    }
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour, self.minute)
    }
}

/// A reference to a document in a pack file: its path in the language folder
/// (`guidance/kp-certificates.md`), and where it is written.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct DocRef {
    /// The path as written, relative to the language folder.
    pub path: String,
    /// Where it is written.
    pub pos: Pos,
}

/// A glossary term added by the pack (`glossary:`), by key.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct TermRef {
    /// The term's key in the language's glossary.
    pub key: String,
    /// Where it is written.
    pub pos: Pos,
}

/// One session of the agenda.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Session {
    /// The day, from 1.
    pub day: u32,
    /// When it starts.
    pub start: Time,
    /// When it ends, if written.
    pub end: Option<Time>,
    /// What it is called.
    pub title: String,
    /// The documents it uses, each also in the pack's `documents`.
    pub documents: Vec<DocRef>,
    /// Notes for the facilitator only (paragraphs separated by blank lines).
    pub facilitator_notes: Option<String>,
    /// Where the session is written.
    pub pos: Pos,
}

/// A checked pack file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct PackFile {
    /// Language code.
    pub lang: String,
    /// Path shown in messages (`content/en/packs/x.yaml`).
    pub source: PathBuf,
    /// Path relative to `content/` (`en/packs/x.yaml`).
    pub content_path: String,
    /// Path relative to the language folder (`packs/x.yaml`): equal for translations.
    pub lang_path: String,
    /// The file name without `.yaml`: the last part of the pack's URL.
    pub name: String,
    /// Title (required).
    pub title: String,
    /// What the workshop is for.
    pub summary: Option<String>,
    /// Composed as an example: the pack shows a banner.
    pub illustrative: bool,
    /// The date of each day of the workshop, in order (may be empty).
    pub dates: Vec<Date>,
    /// Where it takes place.
    pub place: Option<String>,
    /// Who it is for.
    pub audience: Option<String>,
    /// The documents, in the order they are printed.
    pub documents: Vec<DocRef>,
    /// The sessions, in order.
    pub agenda: Vec<Session>,
    /// Glossary terms to print besides those the documents use.
    pub glossary: Vec<TermRef>,
}

impl PackFile {
    /// The number of days of the workshop: the dates given, or the last day of a session.
    pub fn days(&self) -> u32 {
        let last = self.agenda.iter().map(|s| s.day).max().unwrap_or(1);
        (self.dates.len() as u32).max(last)
    }
}

/// Whether the content path parts (relative to the language folder) name a pack file.
pub fn is_pack_path(parts: &[String]) -> bool {
    parts.len() == 3 && parts[1] == PACKS_DIR && parts[2].ends_with(".yaml")
}

/// Parses and checks the pack file `text` of language `lang` at `content_path` (relative to
/// `content/`), shown as `path`. Problems go to `diags`; `None` when the file is unusable.
pub fn parse(
    text: &str,
    lang: &str,
    content_path: &str,
    path: &Path,
    diags: &mut Diagnostics,
) -> Option<PackFile> {
    let value: Value = super::yaml::parse(text, path, 0, "the pack", diags)?;
    let map = match value {
        Value::Mapping(m) => m,
        Value::Null => serde_yaml::Mapping::new(),
        _ => {
            diags.error(
                path,
                Pos::new(1, 1),
                "a pack is `key: value` lines, starting with `title: …` (see docs/packs.md)",
            );
            return None;
        }
    };
    let outline = Outline::new(text);
    let name = content_path
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .trim_end_matches(".yaml")
        .to_string();
    let lang_path = content_path
        .split_once('/')
        .map(|(_, rest)| rest.to_string())
        .unwrap_or_default();
    let mut c = Check {
        outline: &outline,
        path,
        diags,
    };
    let mut pack = PackFile {
        lang: lang.to_string(),
        source: path.to_path_buf(),
        content_path: content_path.to_string(),
        lang_path,
        name,
        title: String::new(),
        summary: None,
        illustrative: false,
        dates: Vec::new(),
        place: None,
        audience: None,
        documents: Vec::new(),
        agenda: Vec::new(),
        glossary: Vec::new(),
    };
    let all = outline.all();
    for (k, v) in &map {
        let Some(key) = k.as_str() else {
            c.diags
                .error(path, Pos::new(1, 1), "the keys of a pack must be text");
            continue;
        };
        let at = outline.top_key(key);
        match key {
            "title" => pack.title = c.text(key, v, at).unwrap_or_default(),
            "summary" => pack.summary = c.text(key, v, at),
            "place" => pack.place = c.text(key, v, at),
            "audience" => pack.audience = c.text(key, v, at),
            "illustrative" => match v {
                Value::Bool(b) => pack.illustrative = *b,
                other => c.wrong(key, "true or false", other, at),
            },
            "dates" => pack.dates = c.dates(v, outline.block(key)),
            "documents" => pack.documents = c.doc_refs(key, v, outline.block(key)),
            "agenda" => pack.agenda = c.agenda(v, outline.block(key)),
            "glossary" => {
                pack.glossary = c
                    .texts(key, v, outline.block(key))
                    .into_iter()
                    .map(|(key, pos)| TermRef { key, pos })
                    .collect()
            }
            _ => {
                let hint = did_you_mean(key, PACK_KEYS.iter().copied());
                c.diags.error(
                    path,
                    c.outline.pos(at),
                    format!("unknown key `{key}` in a pack{hint}"),
                );
            }
        }
    }
    if pack.title.trim().is_empty() {
        let at = if map.contains_key("title") {
            outline.pos(outline.top_key("title"))
        } else {
            outline.pos(all.start)
        };
        c.diags.error(
            path,
            at,
            "a pack needs a `title`: write `title: …`, the name of the workshop",
        );
    }
    if !map.contains_key("documents") {
        c.diags.error(
            path,
            Pos::new(1, 1),
            "a pack needs `documents`: the list of documents to print, in order (such as `- guidance/kp-certificates.md`)",
        );
    } else if matches!(map.get("documents"), Some(Value::Null))
        || map
            .get("documents")
            .and_then(Value::as_sequence)
            .is_some_and(Vec::is_empty)
    {
        c.diags.error(
            path,
            outline.pos(outline.top_key("documents")),
            "`documents` is empty: list the documents to print, in order",
        );
    }
    check_sessions(&mut pack, &mut c);
    Some(pack)
}

/// Checks the agenda against the days and the documents of the pack.
fn check_sessions(pack: &mut PackFile, c: &mut Check<'_, '_>) {
    let listed: BTreeSet<&str> = pack.documents.iter().map(|d| d.path.as_str()).collect();
    let mut previous: Option<&Session> = None;
    for s in &pack.agenda {
        let name = format!("session “{}”", s.title);
        if !pack.dates.is_empty() && s.day as usize > pack.dates.len() {
            c.diags.error(
                c.path,
                s.pos,
                format!(
                    "{name} is on day {}, but `dates` lists {} day{}: add its date, or change `day`",
                    s.day,
                    pack.dates.len(),
                    if pack.dates.len() == 1 { "" } else { "s" }
                ),
            );
        }
        if let Some(p) = previous {
            if s.day < p.day {
                c.diags.error(
                    c.path,
                    s.pos,
                    format!(
                        "{name} (day {}) comes after a session of day {}: list the sessions in the order they take place",
                        s.day, p.day
                    ),
                );
            } else if s.day == p.day {
                let free = p.end.unwrap_or(p.start);
                if s.start < free {
                    c.diags.error(
                        c.path,
                        s.pos,
                        format!(
                            "{name} starts at {}, before “{}” {} at {}: list the sessions of a day in time order, without overlaps",
                            s.start,
                            p.title,
                            if p.end.is_some() { "ends" } else { "starts" },
                            free
                        ),
                    );
                }
            }
        }
        previous = Some(s);
        for d in &s.documents {
            if !listed.contains(d.path.as_str()) {
                c.diags.error(
                    c.path,
                    d.pos,
                    format!(
                        "`{}` is used by {name} but is not in `documents`: add it there (documents are printed in the order of that list)",
                        d.path
                    ),
                );
            }
        }
    }
    // Documents are printed in the order of `documents`; the agenda should follow it.
    let mut first_use: Vec<&str> = Vec::new();
    for s in &pack.agenda {
        for d in &s.documents {
            if !first_use.contains(&d.path.as_str()) && listed.contains(d.path.as_str()) {
                first_use.push(&d.path);
            }
        }
    }
    let printed: Vec<&DocRef> = pack
        .documents
        .iter()
        .filter(|d| first_use.contains(&d.path.as_str()))
        .collect();
    for (d, used) in printed.iter().zip(&first_use) {
        if d.path != *used {
            c.diags.warning(
                c.path,
                d.pos,
                format!(
                    "`{}` is printed here, but the agenda uses `{used}` first: list `documents` in the order of the agenda",
                    d.path
                ),
            );
            break;
        }
    }
}

/// Where the lines of a pack file are, for messages: the YAML parser gives no positions of
/// values, so keys and list items are found in the text.
struct Outline<'a> {
    lines: Vec<&'a str>,
}

impl<'a> Outline<'a> {
    fn new(text: &'a str) -> Self {
        Outline {
            lines: text.lines().collect(),
        }
    }

    /// Every line.
    fn all(&self) -> Range<usize> {
        0..self.lines.len()
    }

    /// The position of the start of line `i` (0-based), or of the line's first character.
    fn pos(&self, i: usize) -> Pos {
        let col = self
            .lines
            .get(i)
            .map(|l| l.chars().take_while(|c| *c == ' ').count() + 1)
            .unwrap_or(1);
        Pos::new(i + 1, col)
    }

    fn indent(line: &str) -> usize {
        line.len() - line.trim_start_matches(' ').len()
    }

    /// The line of top-level key `key` (0 when it cannot be found).
    fn top_key(&self, key: &str) -> usize {
        self.key_in(self.all(), key, Some(0)).unwrap_or(0)
    }

    /// The line in `range` where `key:` is written (after an optional `- `), at indentation
    /// `indent` when given.
    fn key_in(&self, range: Range<usize>, key: &str, indent: Option<usize>) -> Option<usize> {
        range.into_iter().find(|&i| {
            let l = self.lines[i];
            if indent.is_some_and(|n| Self::indent(l) != n) {
                return false;
            }
            let t = l.trim_start();
            let t = t.strip_prefix("- ").map(str::trim_start).unwrap_or(t);
            t.strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        })
    }

    /// The lines of top-level key `key`: its own line and the indented or `-` lines after it.
    fn block(&self, key: &str) -> Range<usize> {
        let start = self.top_key(key);
        let mut end = start + 1;
        while end < self.lines.len() {
            let l = self.lines[end];
            if !l.is_empty() && !l.starts_with([' ', '\t', '-', '#']) {
                break;
            }
            end += 1;
        }
        start..end.min(self.lines.len())
    }

    /// The lines of the key written on line `at`, inside `within`: that line, and the lines
    /// after it that are indented more than the key, or are list items at its indentation.
    fn sub_block(&self, at: usize, within: Range<usize>) -> Range<usize> {
        let l = self.lines[at];
        let t = l.trim_start();
        let col = Self::indent(l) + if t.starts_with("- ") { 2 } else { 0 };
        let mut end = at + 1;
        while end < within.end {
            let line = self.lines[end];
            let indent = Self::indent(line);
            let inside = line.trim().is_empty()
                || indent > col
                || (indent == col && line.trim_start().starts_with("- "));
            if !inside {
                break;
            }
            end += 1;
        }
        at..end
    }

    /// Whether the value on line `i` is a flow list (`key: [a, b]`).
    fn is_flow(&self, i: usize) -> bool {
        self.lines
            .get(i)
            .and_then(|l| l.split_once(':'))
            .is_some_and(|(_, r)| r.trim_start().starts_with('['))
    }

    /// The lines in `range` (its first line aside) that start the items of a block list: `- `
    /// at the smallest indentation of such lines.
    fn items(&self, range: Range<usize>) -> Vec<usize> {
        if self.is_flow(range.start) {
            return Vec::new();
        }
        let inner = (range.start + 1)..range.end;
        let dashes: Vec<usize> = inner
            .filter(|&i| {
                let t = self.lines[i].trim_start();
                t == "-" || t.starts_with("- ")
            })
            .collect();
        let Some(min) = dashes.iter().map(|&i| Self::indent(self.lines[i])).min() else {
            return Vec::new();
        };
        dashes
            .into_iter()
            .filter(|&i| Self::indent(self.lines[i]) == min)
            .collect()
    }

    /// The lines of item `index` of the block list in `range`, or `range` when not found.
    fn item_lines(&self, range: Range<usize>, index: usize) -> Range<usize> {
        let items = self.items(range.clone());
        match items.get(index) {
            Some(&start) => start..items.get(index + 1).copied().unwrap_or(range.end),
            None => range,
        }
    }

    /// The position of `needle` in `range`, or the start of the range.
    fn find(&self, range: Range<usize>, needle: &str) -> Pos {
        for i in range.clone() {
            if let Some(at) = self.lines[i].find(needle) {
                return Pos::new(i + 1, self.lines[i][..at].chars().count() + 1);
            }
        }
        self.pos(range.start)
    }
}

/// The checker of one pack file.
struct Check<'o, 'd> {
    outline: &'o Outline<'o>,
    path: &'o Path,
    diags: &'d mut Diagnostics,
}

impl Check<'_, '_> {
    fn wrong(&mut self, key: &str, want: &str, v: &Value, line: usize) {
        self.diags.error(
            self.path,
            self.outline.pos(line),
            format!("`{key}` must be {want}, found {}", type_name(v)),
        );
    }

    /// Text without control characters; numbers and true/false are refused (YAML changes
    /// them), as are control characters.
    fn text(&mut self, key: &str, v: &Value, line: usize) -> Option<String> {
        match v {
            Value::String(s) => {
                if let Some(ch) = s
                    .chars()
                    .find(|c| c.is_control() && *c != '\n' && *c != '\t')
                {
                    self.diags.error(
                        self.path,
                        self.outline.pos(line),
                        format!("`{key}` holds the invisible control character U+{:04X}: delete it (retype the text if you cannot see it)", ch as u32),
                    );
                    return None;
                }
                let t = s.trim();
                (!t.is_empty()).then(|| t.to_string())
            }
            Value::Null => None,
            other => {
                self.wrong(key, "text", other, line);
                None
            }
        }
    }

    /// A list of text items with their positions (one text is taken as a list of one).
    fn texts(&mut self, key: &str, v: &Value, block: Range<usize>) -> Vec<(String, Pos)> {
        let items: Vec<&Value> = match v {
            Value::Sequence(items) => items.iter().collect(),
            Value::Null => return Vec::new(),
            Value::String(_) => vec![v],
            other => {
                self.wrong(key, "a list", other, block.start);
                return Vec::new();
            }
        };
        let lines = self.outline.items(block.clone());
        let mut out = Vec::new();
        for (i, item) in items.into_iter().enumerate() {
            let Value::String(s) = item else {
                let at = lines.get(i).copied().unwrap_or(block.start);
                self.diags.error(
                    self.path,
                    self.outline.pos(at),
                    format!(
                        "item {} of `{key}` must be text, found {}",
                        i + 1,
                        type_name(item)
                    ),
                );
                continue;
            };
            let s = s.trim().to_string();
            // Block lists: the item's own line; flow lists (`[a, b]`): where the text is.
            let pos = match lines.get(i) {
                Some(&l) => self.outline.find(l..l + 1, &s),
                None => self.outline.find(block.clone(), &s),
            };
            out.push((s, pos));
        }
        out
    }

    /// Document references: paths relative to the language folder, each listed once.
    fn doc_refs(&mut self, key: &str, v: &Value, block: Range<usize>) -> Vec<DocRef> {
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for (path, pos) in self.texts(key, v, block) {
            let path = path.trim_start_matches("./").to_string();
            if !path.ends_with(".md") {
                self.diags.error(
                    self.path,
                    pos,
                    format!("`{path}` is not a document file: name it by its path in the language folder, such as `guidance/kp-certificates.md`"),
                );
                continue;
            }
            if !seen.insert(path.clone()) {
                self.diags.error(
                    self.path,
                    pos,
                    format!("`{path}` is listed twice in `{key}`"),
                );
                continue;
            }
            out.push(DocRef { path, pos });
        }
        out
    }

    /// `dates`: one date, or a list of dates in order, one per day.
    fn dates(&mut self, v: &Value, block: Range<usize>) -> Vec<Date> {
        let mut out: Vec<Date> = Vec::new();
        for (s, pos) in self.texts("dates", v, block) {
            match Date::parse(&s) {
                Some(d) => {
                    if out.last().is_some_and(|last| *last >= d) {
                        self.diags.error(
                            self.path,
                            pos,
                            format!("`{s}` is not after the day before it: list one date per day of the workshop, in order"),
                        );
                    }
                    out.push(d);
                }
                None => self.diags.error(
                    self.path,
                    pos,
                    format!(
                        "`dates` must be dates written YYYY-MM-DD (such as 2026-03-10), found `{s}`"
                    ),
                ),
            }
        }
        out
    }

    /// The agenda: a list of sessions.
    fn agenda(&mut self, v: &Value, block: Range<usize>) -> Vec<Session> {
        let items = match v {
            Value::Sequence(items) => items,
            Value::Null => return Vec::new(),
            other => {
                self.wrong(
                    "agenda",
                    "a list of sessions (`- time: 09:00-10:30`, `title: …`)",
                    other,
                    block.start,
                );
                return Vec::new();
            }
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let lines = self.outline.item_lines(block.clone(), i);
            if let Some(s) = self.session(i, item, lines) {
                out.push(s);
            }
        }
        out
    }

    /// Session `i` of the agenda, written on `lines`.
    fn session(&mut self, i: usize, item: &Value, lines: Range<usize>) -> Option<Session> {
        let pos = self.outline.pos(lines.start);
        let Value::Mapping(m) = item else {
            self.diags.error(
                self.path,
                pos,
                format!(
                    "session {} of `agenda` must be a map with `time`, `title` and `documents`, found {}",
                    i + 1,
                    type_name(item)
                ),
            );
            return None;
        };
        let mut ok = true;
        let mut s = Session {
            day: 1,
            start: Time { hour: 0, minute: 0 },
            end: None,
            title: String::new(),
            documents: Vec::new(),
            facilitator_notes: None,
            pos,
        };
        let key_line = |c: &Self, key: &str| {
            c.outline
                .key_in(lines.clone(), key, None)
                .unwrap_or(lines.start)
        };
        for (k, v) in m {
            let key = k.as_str().unwrap_or_default();
            let at = key_line(self, key);
            match key {
                "day" => match v.as_u64() {
                    Some(d) if (1..=366).contains(&d) => s.day = d as u32,
                    _ => {
                        ok = false;
                        self.diags.error(
                            self.path,
                            self.outline.find(at..at + 1, "day"),
                            format!(
                                "`day` of session {} must be a day number from 1 (1 for the first day of the workshop)",
                                i + 1
                            ),
                        );
                    }
                },
                "time" => match self.time(i, v, at) {
                    Some((start, end)) => {
                        s.start = start;
                        s.end = end;
                    }
                    None => ok = false,
                },
                "title" => s.title = self.text("title", v, at).unwrap_or_default(),
                "facilitator_notes" => s.facilitator_notes = self.text(key, v, at),
                "documents" => {
                    let block = self.outline.sub_block(at, lines.clone());
                    s.documents = self.doc_refs("documents", v, block);
                }
                _ => {
                    ok = false;
                    let hint = did_you_mean(key, SESSION_KEYS.iter().copied());
                    self.diags.error(
                        self.path,
                        self.outline.find(at..at + 1, key),
                        format!("unknown key `{key}` in session {}{hint}", i + 1),
                    );
                }
            }
        }
        if !m.contains_key("time") {
            ok = false;
            self.diags.error(
                self.path,
                pos,
                format!(
                    "session {} has no `time`: write when it starts (and ends), such as `time: 09:00-10:30`",
                    i + 1
                ),
            );
        }
        if s.title.is_empty() {
            ok = false;
            self.diags
                .error(self.path, pos, format!("session {} has no `title`", i + 1));
        }
        ok.then_some(s)
    }

    /// `time` of session `i`: `HH:MM` or `HH:MM-HH:MM` (an en dash works too).
    fn time(&mut self, i: usize, v: &Value, line: usize) -> Option<(Time, Option<Time>)> {
        let written = match v {
            Value::String(s) => s.trim().to_string(),
            Value::Number(n) => n.to_string(),
            other => {
                self.wrong("time", "a time such as `09:00-10:30`", other, line);
                return None;
            }
        };
        let pos = self.outline.find(line..line + 1, &written);
        let (a, b) = match written.split_once(['-', '–']) {
            Some((a, b)) => (a.trim(), Some(b.trim())),
            None => (written.as_str(), None),
        };
        let start = Time::parse(a);
        let end = b.map(Time::parse);
        match (start, end) {
            (Some(start), None) => Some((start, None)),
            (Some(start), Some(Some(end))) if end > start => Some((start, Some(end))),
            (Some(start), Some(Some(end))) => {
                self.diags.error(
                    self.path,
                    pos,
                    format!(
                        "session {} ends at {end}, which is not after it starts ({start})",
                        i + 1
                    ),
                );
                None
            }
            _ => {
                self.diags.error(
                    self.path,
                    pos,
                    format!(
                        "`time` of session {} must be a time of day written HH:MM, or HH:MM-HH:MM from start to end (such as `09:00-10:30`), found `{written}`",
                        i + 1
                    ),
                );
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) -> (Option<PackFile>, Vec<String>) {
        let mut d = Diagnostics::new();
        let p = parse(
            text,
            "en",
            "en/packs/w.yaml",
            Path::new("content/en/packs/w.yaml"),
            &mut d,
        );
        (p, d.sorted().iter().map(ToString::to_string).collect())
    }

    const GOOD: &str = "title: A workshop
dates: [2026-03-10, 2026-03-11]
place: Kenema
documents:
  - guidance/a.md
  - case-studies/b.md
agenda:
  - day: 1
    time: 09:00-10:30
    title: Opening
    documents: [guidance/a.md]
  - day: 1
    time: \"11:00\"
    title: Cases
    documents:
      - case-studies/b.md
    facilitator_notes: |
      Split into groups.

      Keep time.
  - day: 2
    time: 09:00–12:00
    title: Plans
glossary: [kpcs]
";

    #[test]
    fn reads_a_complete_pack() {
        let (p, errs) = check(GOOD);
        assert!(errs.is_empty(), "{errs:?}");
        let p = p.unwrap();
        assert_eq!(p.name, "w");
        assert_eq!(p.lang_path, "packs/w.yaml");
        assert_eq!(p.documents.len(), 2);
        assert_eq!(p.documents[1].pos, Pos::new(6, 5));
        assert_eq!(p.agenda.len(), 3);
        assert_eq!(p.agenda[0].documents[0].pos, Pos::new(11, 17));
        assert_eq!(p.agenda[1].documents[0].pos, Pos::new(16, 9));
        assert_eq!(p.agenda[1].end, None);
        assert_eq!(p.agenda[2].end.unwrap().to_string(), "12:00");
        assert!(p.agenda[1]
            .facilitator_notes
            .as_deref()
            .unwrap()
            .contains("\n\nKeep time."));
        assert_eq!(p.glossary[0].key, "kpcs");
        assert_eq!(p.days(), 2);
    }

    #[test]
    fn times_are_checked() {
        assert_eq!(Time::parse("9:05").unwrap().to_string(), "09:05");
        for bad in ["24:00", "09:60", "9h30", "0930", "09:5", ":30", "-1:00"] {
            assert!(Time::parse(bad).is_none(), "{bad}");
        }
        let (_, errs) = check(
            &GOOD
                .replace("09:00-10:30", "9h-10h")
                .replace("09:00–12:00", "12:00-11:00"),
        );
        let all = errs.join("\n");
        assert!(
            all.contains(
                "w.yaml:9:11: error: `time` of session 1 must be a time of day written HH:MM"
            ),
            "{all}"
        );
        assert!(
            all.contains("w.yaml:22:11: error: session 3 ends at 11:00, which is not after it starts (12:00)"),
            "{all}"
        );
    }

    #[test]
    fn unknown_keys_and_missing_parts_are_named() {
        let (_, errs) = check("titel: X\nagenda:\n  - time: 09:00\n    titel: Y\n    room: 3\n");
        let all = errs.join("\n");
        assert!(
            all.contains("w.yaml:1:1: error: unknown key `titel` in a pack, did you mean `title`?"),
            "{all}"
        );
        assert!(
            all.contains(
                "w.yaml:4:5: error: unknown key `titel` in session 1, did you mean `title`?"
            ),
            "{all}"
        );
        assert!(
            all.contains("w.yaml:5:5: error: unknown key `room` in session 1"),
            "{all}"
        );
        assert!(
            all.contains("w.yaml:3:3: error: session 1 has no `title`"),
            "{all}"
        );
        assert!(all.contains("a pack needs a `title`"), "{all}");
        assert!(all.contains("a pack needs `documents`"), "{all}");
    }

    #[test]
    fn the_agenda_follows_days_times_and_documents() {
        let text = GOOD
            .replace("  - day: 2\n", "  - day: 3\n")
            .replace("time: \"11:00\"", "time: \"10:00\"")
            .replace(
                "documents: [guidance/a.md]",
                "documents: [guidance/a.md, guidance/c.md]",
            );
        let (_, errs) = check(&text);
        let all = errs.join("\n");
        assert!(
            all.contains(
                "w.yaml:21:3: error: session “Plans” is on day 3, but `dates` lists 2 days"
            ),
            "{all}"
        );
        assert!(
            all.contains("w.yaml:12:3: error: session “Cases” starts at 10:00, before “Opening” ends at 10:30"),
            "{all}"
        );
        assert!(
            all.contains("w.yaml:11:32: error: `guidance/c.md` is used by session “Opening” but is not in `documents`"),
            "{all}"
        );
        let swapped = GOOD.replace(
            "  - guidance/a.md\n  - case-studies/b.md\n",
            "  - case-studies/b.md\n  - guidance/a.md\n",
        );
        let (_, errs) = check(&swapped);
        assert_eq!(
            errs,
            ["content/en/packs/w.yaml:5:5: warning: `case-studies/b.md` is printed here, but the agenda uses `guidance/a.md` first: list `documents` in the order of the agenda"]
        );
    }

    #[test]
    fn documents_are_files_listed_once() {
        let (_, errs) =
            check("title: X\ndocuments:\n  - guidance/a\n  - guidance/b.md\n  - guidance/b.md\n");
        let all = errs.join("\n");
        assert!(
            all.contains("w.yaml:3:5: error: `guidance/a` is not a document file"),
            "{all}"
        );
        assert!(
            all.contains("w.yaml:5:5: error: `guidance/b.md` is listed twice"),
            "{all}"
        );
    }

    #[test]
    fn dates_must_be_days_in_order() {
        let (_, errs) = check(
            "title: X\ndates: [2026-03-11, 2026-03-10, 2026-02-30]\ndocuments: [guidance/a.md]\n",
        );
        let all = errs.join("\n");
        assert!(
            all.contains("w.yaml:2:21: error: `2026-03-10` is not after the day before it"),
            "{all}"
        );
        assert!(
            all.contains("w.yaml:2:33: error: `dates` must be dates written YYYY-MM-DD"),
            "{all}"
        );
    }
}
