//! `loupe new <type> "Title"`: a file with the right front matter, in the right folder.

use std::path::Path;

use super::{report, CONTENT_ERROR, OK, USAGE_ERROR};
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

/// The text of a new file of `kind` titled `title`, dated `date`.
pub fn template(kind: NewKind, title: &str, date: Date) -> String {
    let mut s = format!(
        "---\ntitle: {}\nsummary: \"\"\ndate: {date}\ncountries: []\ntopics: []\n",
        yaml_string(title)
    );
    match kind {
        NewKind::Guidance => s.push_str("audience: \"\"\nkey_points: []\n---\n\n## Introduction\n\n"),
        NewKind::Minutes => s.push_str(
            "meeting: \"\"\nlocation: \"\"\nparticipants: []\ndecisions: []\nactions: []\n# actions:\n#   - action: What is to be done\n#     owner: Who does it\n#     due: 2016-12-31\n#     status: open\n---\n\n## Agenda\n\n",
        ),
        NewKind::CaseStudy => s.push_str(
            "lessons: []\ndiscussion_questions: []\n---\n\n## Background\n\n",
        ),
    }
    s
}

/// Creates the file; refuses to overwrite one.
pub fn run(root: &Path, kind: NewKind, title: &str, lang: Option<&str>) -> i32 {
    let mut diags = Diagnostics::new();
    let Some(config) = config::load(root, &mut diags) else {
        report(&diags);
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
    let path = dir.join(format!("{slug}.md"));
    if path.exists() {
        eprintln!("error: {} already exists", path.display());
        return CONTENT_ERROR;
    }
    let write = std::fs::create_dir_all(&dir)
        .and_then(|_| std::fs::write(&path, template(kind, title, today())));
    match write {
        Ok(()) => {
            println!("{}", path.display());
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
