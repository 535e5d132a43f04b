//! `loupe new <type> "Title"`: a file with the right front matter, in the right folder.

use std::path::Path;

use super::{report_in, CONTENT_ERROR, OK, USAGE_ERROR};
use crate::cli::NewKind;
use crate::config;
use crate::content::date::Date;
use crate::diagnostics::Diagnostics;
use crate::markdown::slug::slugify;

/// Today's date (UTC), from the system clock.
pub fn today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    civil_from_days((secs / 86_400) as i64)
}

/// Days since 1970-01-01 → calendar date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> Date {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    Date {
        year: y as u16,
        month: m as u8,
        day: d as u8,
    }
}

fn yaml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The text of a new file of `kind` titled `title`, dated `date`: every field of the type with
/// a comment saying what goes there, and `draft: true`, so that nothing half-written is
/// published. `topics` are the site's topic slugs, named in the comment on `topics:`.
pub fn template(kind: NewKind, title: &str, date: Date, topics: &[String]) -> String {
    let what = match kind {
        NewKind::Guidance => "A new guidance note",
        NewKind::Minutes => "New meeting minutes",
        NewKind::CaseStudy => "A new case study",
    };
    let topic_list = if topics.is_empty() {
        "the slugs listed under `topics:` in loupe.yaml".to_string()
    } else {
        topics.join(", ")
    };
    let mut s = format!(
        "---\n\
# {what}. Lines starting with # are comments: loupe ignores them.\n\
# Fill in the fields, then delete `draft: true` (at the end) to publish it.\n\
title: {title}\n\
# summary: one or two sentences, shown in lists and search results.\n\
summary: \"\"\n\
# date: {date_what}, written YYYY-MM-DD.\n\
date: {date}\n\
# updated: the date of the last real change; translations older than it are listed by\n\
# `loupe status`. Remove the # to use it.\n\
# updated: {date}\n\
# countries: two-letter ISO codes, such as [SL, GN, LR, CI]{countries_rule}.\n\
countries: []\n\
# topics: any of {topic_list}.\n\
topics: []\n",
        title = yaml_string(title),
        date_what = if matches!(kind, NewKind::Minutes) {
            "the day of the meeting"
        } else {
            "when it was written"
        },
        countries_rule = if matches!(kind, NewKind::CaseStudy) {
            " (a case study needs at least one)"
        } else {
            "; may stay empty"
        },
    );
    match kind {
        NewKind::Guidance => s.push_str(
            "# audience: who the note is for, such as \"CSO monitors in mining areas\".\n\
audience: \"\"\n\
# key_points: the main points, one per line:\n\
#   - First point\n\
#   - Second point\n\
key_points: []\n",
        ),
        NewKind::Minutes => s.push_str(
            "# meeting: the meeting's name, such as \"KP Civil Society Coalition monthly meeting\".\n\
meeting: \"\"\n\
# location: the town, or \"online\".\n\
location: \"\"\n\
# participants: organisations or roles present, never private persons' names.\n\
participants: []\n\
# decisions: one per line, each starting with `- `.\n\
decisions: []\n\
# actions: what is to be done, by whom and when; status is open or done:\n\
#   - action: What is to be done\n\
#     owner: Who does it\n\
#     due: 2016-12-31\n\
#     status: open\n\
actions: []\n",
        ),
        NewKind::CaseStudy => s.push_str(
            "# lessons: what the case teaches, one per line, each starting with `- `.\n\
lessons: []\n\
# discussion_questions: questions for a workshop, one per line.\n\
discussion_questions: []\n",
        ),
    }
    s.push_str(
        "# illustrative: true when the text is composed for training, not a real case.\n\
# illustrative: true\n\
# translation_key: pairs translations whose file names differ; same text in each.\n\
# slug: the last part of the page's address, if not the file name.\n\
# reviewed: the last check of the text, by a role (never a person's name), such as\n\
#   {by: \"CSO trainers: fact-check against the KPCS core document\", date: 2016-12-31}\n\
# draft: checked but never published; delete this line when the text is ready.\n\
draft: true\n\
---\n\n",
    );
    s.push_str(match kind {
        NewKind::Guidance => "## Introduction\n\n",
        NewKind::Minutes => "## Agenda\n\n",
        NewKind::CaseStudy => "## Background\n\n",
    });
    s
}

/// The file name of a new document: `slug.md`, or `YYYY-MM-DD-slug.md` for minutes, as the
/// site names them.
pub fn file_name(kind: NewKind, slug: &str, date: Date) -> String {
    match kind {
        NewKind::Minutes => format!("{date}-{slug}.md"),
        _ => format!("{slug}.md"),
    }
}

/// Creates the file; refuses to overwrite one.
pub fn run(root: &Path, kind: NewKind, title: &str, lang: Option<&str>, date: Option<&str>) -> i32 {
    let date = match date {
        None => today(),
        Some(s) => match Date::parse(s.trim()) {
            Some(d) => d,
            None => {
                eprintln!("error: --date must be a date written YYYY-MM-DD (such as 2016-03-14), found `{s}`");
                return USAGE_ERROR;
            }
        },
    };
    let mut diags = Diagnostics::new();
    let Some(config) = config::load(root, &mut diags) else {
        report_in(root, &diags);
        return CONTENT_ERROR;
    };
    let lang = lang.unwrap_or(config.default_language()).to_string();
    if !config.language_codes().contains(&lang) {
        eprintln!(
            "error: `{lang}` is not a language of this site (loupe.yaml lists: {})",
            config.language_codes().join(", ")
        );
        return USAGE_ERROR;
    }
    let slug = slugify(title);
    if slug.is_empty() {
        eprintln!("error: the title must contain letters or digits");
        return USAGE_ERROR;
    }
    let folder = match kind {
        NewKind::Guidance => "guidance",
        NewKind::Minutes => "minutes",
        NewKind::CaseStudy => "case-studies",
    };
    let dir = root.join("content").join(&lang).join(folder);
    let path = dir.join(file_name(kind, &slug, date));
    if path.exists() {
        eprintln!("error: {} already exists", path.display());
        return CONTENT_ERROR;
    }
    let topics: Vec<String> = config.topics.keys().cloned().collect();
    let write = std::fs::create_dir_all(&dir)
        .and_then(|_| std::fs::write(&path, template(kind, title, date, &topics)));
    match write {
        Ok(()) => {
            println!("{}", path.display());
            eprintln!("it is a draft: fill it in, then delete `draft: true` to publish it");
            OK
        }
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", path.display());
            CONTENT_ERROR
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_from_days() {
        assert_eq!(civil_from_days(0).to_string(), "1970-01-01");
        assert_eq!(civil_from_days(16_874).to_string(), "2016-03-14");
    }
}
