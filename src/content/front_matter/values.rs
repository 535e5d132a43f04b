//! Reading typed values out of front matter YAML: text, lists, dates, true/false and action
//! items, each wrong type reported at its place in words a trainer understands.

use std::path::Path;

use serde_yaml::Value;

use super::locate::Locator;
use super::schema::{ACTION_KEYS, QUESTION_KEYS, REVIEW_KEYS};
use super::{Action, Question, Review};
use crate::content::date::{Date, DateProblem, MONTHS_EN};
use crate::diagnostics::{did_you_mean, Diagnostics};

/// What YAML read a value as, in words.
pub fn type_name(v: &Value) -> &'static str {
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

/// Reads values of one file's front matter, reporting problems at their place.
pub struct Reader<'l, 'a, 'd> {
    /// Where keys and values are written.
    pub loc: &'l Locator<'a>,
    /// The file, as shown in messages.
    pub path: &'l Path,
    /// Where problems go.
    pub diags: &'d mut Diagnostics,
}

impl Reader<'_, '_, '_> {
    /// Reports that `key` holds `v` where `want` was expected.
    pub fn wrong(&mut self, key: &str, want: &str, v: &Value) {
        self.diags.error(
            self.path,
            self.loc.key(key),
            format!("`{key}` must be {want}, found {}", type_name(v)),
        );
    }

    /// Text written as text: numbers and true/false are refused, since YAML changes them
    /// (`0x10` reads as 16, `1.50` as 1.5); control characters are refused too.
    pub fn text(&mut self, key: &str, v: &Value) -> Option<String> {
        match v {
            Value::String(s) => self.clean(key, s),
            Value::Null => None,
            Value::Number(_) | Value::Bool(_) => {
                let line = self.loc.key_line(key);
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
    pub fn scalar_text(v: &Value) -> Option<String> {
        match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }

    /// `s` without control characters, or `None` after an error naming the first one.
    pub fn clean(&mut self, key: &str, s: &str) -> Option<String> {
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

    /// `true` or `false`.
    pub fn boolean(&mut self, key: &str, v: &Value) -> bool {
        match v {
            Value::Bool(b) => *b,
            _ => {
                self.wrong(key, "true or false", v);
                false
            }
        }
    }

    /// A whole number, such as a reading-order `weight` (`weight: 10`).
    pub fn weight(&mut self, key: &str, v: &Value) -> Option<i64> {
        match v {
            Value::Number(n) if n.as_i64().is_some() => n.as_i64(),
            Value::Null => None,
            Value::Number(n) => {
                self.diags.error(
                    self.path,
                    self.loc.key(key),
                    format!("`{key}` must be a whole number such as 10 (lighter comes first), found {n}, a number with a fraction or too large"),
                );
                None
            }
            _ => {
                self.wrong(key, "a whole number such as 10 (lighter comes first)", v);
                None
            }
        }
    }

    /// A date written `YYYY-MM-DD`; a wrong format and a day that does not exist are told
    /// apart.
    pub fn date(&mut self, key: &str, v: &Value) -> Option<Date> {
        let s = match v {
            Value::String(s) => s.clone(),
            Value::Null => return None,
            _ => {
                self.wrong(key, "a date written YYYY-MM-DD", v);
                return None;
            }
        };
        let pos = self.loc.value(key, &s);
        match Date::check(s.trim()) {
            Ok(d) => Some(d),
            Err(problem) => {
                let (message, hint) = date_problem(&format!("`{key}`"), s.trim(), &problem);
                match hint {
                    Some(h) => self.diags.error_hint(self.path, pos, message, h),
                    None => self.diags.error(self.path, pos, message),
                }
                None
            }
        }
    }

    /// A list of text (one text alone is taken as a list of one).
    pub fn list(&mut self, key: &str, v: &Value) -> Vec<String> {
        match v {
            Value::Sequence(items) => {
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    match Self::scalar_text(item) {
                        Some(s) => out.extend(self.clean(key, &s)),
                        None => {
                            let message = format!(
                                "item {} of `{key}` must be text, found {}",
                                i + 1,
                                type_name(item)
                            );
                            let pos = self.loc.item(key, i);
                            // `- Step 1: register` is read as a map: the colon needs quotes.
                            match (item, self.loc.item_text(key, i)) {
                                (Value::Mapping(_), Some(written)) if written.contains(": ") => {
                                    self.diags.error_hint(
                                        self.path,
                                        pos,
                                        message,
                                        format!(
                                            "the `: ` makes YAML read a key; put the item in quotes: `- {}`",
                                            quoted(written)
                                        ),
                                    )
                                }
                                _ => self.diags.error(self.path, pos, message),
                            }
                        }
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

    /// A review record: `{by: a role, date: YYYY-MM-DD}`.
    pub fn review(&mut self, key: &str, v: &Value) -> Option<Review> {
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
    pub fn questions(&mut self, key: &str, v: &Value) -> Vec<Question> {
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

    /// The action items of minutes.
    pub fn actions(&mut self, key: &str, v: &Value) -> Vec<Action> {
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
                        match Date::check(s.trim()) {
                            Ok(d) => action.due = Some(d),
                            Err(_) if val.is_null() => {}
                            Err(DateProblem::Format(guess)) => {
                                let message = format!("`due` of action {} must be a date written YYYY-MM-DD, found `{s}`", i + 1);
                                let pos = self.loc.value(key, &s);
                                match guess {
                                    Some(g) => self.diags.error_hint(
                                        self.path,
                                        pos,
                                        message,
                                        format!("write `due: {g}`"),
                                    ),
                                    None => self.diags.error(self.path, pos, message),
                                }
                            }
                            Err(problem) => {
                                let (message, hint) = date_problem(
                                    &format!("`due` of action {}", i + 1),
                                    s.trim(),
                                    &problem,
                                );
                                let pos = self.loc.value(key, &s);
                                match hint {
                                    Some(h) => self.diags.error_hint(self.path, pos, message, h),
                                    None => self.diags.error(self.path, pos, message),
                                }
                            }
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

/// `text` in YAML double quotes.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The message and hint for a date `what` (`` `date` ``) written `s` that is not a date.
pub fn date_problem(what: &str, s: &str, problem: &DateProblem) -> (String, Option<String>) {
    match problem {
        DateProblem::Format(guess) => (
            format!("{what} must be a date written YYYY-MM-DD (such as 2016-03-14), found `{s}`"),
            guess.as_ref().map(|g| format!("write `{g}`")),
        ),
        DateProblem::NoSuchMonth(m) => (
            format!("{what} is `{s}`, but there is no month {m}: months go from 01 to 12"),
            Some(
                "dates are written year-month-day: check that the month comes before the day"
                    .into(),
            ),
        ),
        DateProblem::NoSuchDay { month, year, days } => (
            format!(
                "{what} is `{s}`, a day that does not exist: {} {year} has {days} days",
                MONTHS_EN[usize::from(*month) - 1]
            ),
            Some("check the day against a calendar".into()),
        ),
    }
}
