//! The age of review records: which guidance notes were never reviewed, and which were last
//! reviewed more than two years ago.
//!
//! `loupe check` lists these notes as a short summary, not as warnings: an old review is a
//! reminder for the editors, not a fault in the site.

use std::path::{Path, PathBuf};

use super::date::Date;
use super::front_matter::{Kind, Review};
use crate::site::Site;

/// How many years a review stays fresh.
pub const FRESH_YEARS: u16 = 2;

/// Where a document's review record stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewAge {
    /// No `reviewed:` record.
    Never,
    /// Reviewed on this date, no more than two years ago.
    Fresh(Date),
    /// Last reviewed on this date, more than two years ago.
    Stale(Date),
    /// The record is dated after today, which is most likely a typing mistake.
    Future(Date),
}

impl ReviewAge {
    /// The age of `reviewed` on `today`.
    pub fn of(reviewed: Option<&Review>, today: Date) -> ReviewAge {
        let Some(r) = reviewed else {
            return ReviewAge::Never;
        };
        let d = r.date;
        if d > today {
            return ReviewAge::Future(d);
        }
        // Compared as (year, month, day) so that a review of 29 February is simply due on
        // 1 March, two years later.
        let expiry = (d.year.saturating_add(FRESH_YEARS), d.month, d.day);
        if (today.year, today.month, today.day) > expiry {
            ReviewAge::Stale(d)
        } else {
            ReviewAge::Fresh(d)
        }
    }

    /// True when the document needs a review.
    pub fn is_due(self) -> bool {
        !matches!(self, ReviewAge::Fresh(_))
    }
}

/// One guidance note and its review record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewRecord {
    /// The file, relative to the site root (`content/en/guidance/x.md`).
    pub path: PathBuf,
    /// Its `reviewed:` record, if any.
    pub reviewed: Option<Review>,
}

/// The review records of every guidance note of `site`, in path order.
pub fn guidance_records(site: &Site) -> Vec<ReviewRecord> {
    let mut v: Vec<ReviewRecord> = site
        .docs
        .iter()
        .filter(|d| d.page.kind == Kind::Guidance)
        .map(|d| ReviewRecord {
            path: d.page.source.clone(),
            reviewed: d.page.fm.reviewed.clone(),
        })
        .collect();
    v.sort_by(|a, b| a.path.cmp(&b.path));
    v
}

/// The notes of `records` that need a review on `today`, with the reason, in their order.
pub fn due(records: &[ReviewRecord], today: Date) -> Vec<(&Path, ReviewAge)> {
    records
        .iter()
        .map(|r| (r.path.as_path(), ReviewAge::of(r.reviewed.as_ref(), today)))
        .filter(|(_, age)| age.is_due())
        .collect()
}

/// The short summary `loupe check` prints: one line when every note is fresh, otherwise a line
/// per note that needs a review. Empty when there are no guidance notes.
pub fn summary(records: &[ReviewRecord], today: Date) -> Vec<String> {
    if records.is_empty() {
        return Vec::new();
    }
    let notes = |n: usize| format!("{n} guidance note{}", if n == 1 { "" } else { "s" });
    let due = due(records, today);
    if due.is_empty() {
        return vec![format!(
            "reviews: {} of {} reviewed in the last {FRESH_YEARS} years",
            records.len(),
            notes(records.len())
        )];
    }
    let verb = if due.len() == 1 { "needs" } else { "need" };
    let mut lines = vec![format!(
        "reviews: {} of {} {verb} a review (never reviewed, or last reviewed more than {FRESH_YEARS} years ago):",
        due.len(),
        notes(records.len())
    )];
    for (path, age) in due {
        let why = match age {
            ReviewAge::Never => "never reviewed".to_string(),
            ReviewAge::Stale(d) => format!("last reviewed {d}"),
            ReviewAge::Future(d) => format!("review dated {d}, after today ({today})"),
            ReviewAge::Fresh(_) => continue,
        };
        lines.push(format!("  {}: {why}", path.display()));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn record(path: &str, reviewed: Option<&str>) -> ReviewRecord {
        ReviewRecord {
            path: PathBuf::from(path),
            reviewed: reviewed.map(|d| Review {
                by: "loupe content team".into(),
                date: date(d),
            }),
        }
    }

    #[test]
    fn a_review_stays_fresh_for_two_years_to_the_day() {
        let r = |d: &str| {
            Some(Review {
                by: "team".into(),
                date: date(d),
            })
        };
        let today = date("2026-11-29");
        assert_eq!(ReviewAge::of(None, today), ReviewAge::Never);
        assert_eq!(
            ReviewAge::of(r("2026-11-29").as_ref(), today),
            ReviewAge::Fresh(date("2026-11-29"))
        );
        assert_eq!(
            ReviewAge::of(r("2024-11-29").as_ref(), today),
            ReviewAge::Fresh(date("2024-11-29"))
        );
        assert_eq!(
            ReviewAge::of(r("2024-11-28").as_ref(), today),
            ReviewAge::Stale(date("2024-11-28"))
        );
        assert_eq!(
            ReviewAge::of(r("2026-11-30").as_ref(), today),
            ReviewAge::Future(date("2026-11-30"))
        );
        // 29 February: fresh on 28 February two years later, due on 1 March.
        let leap = r("2024-02-29");
        assert!(!ReviewAge::of(leap.as_ref(), date("2026-02-28")).is_due());
        assert!(ReviewAge::of(leap.as_ref(), date("2026-03-01")).is_due());
    }

    #[test]
    fn summary_lists_never_reviewed_and_old_notes_only() {
        let today = date("2026-11-29");
        let records = [
            record("content/en/guidance/a.md", Some("2026-01-15")),
            record("content/en/guidance/b.md", None),
            record("content/en/guidance/c.md", Some("2019-03-01")),
            record("content/fr/guidance/a.md", Some("2027-01-01")),
        ];
        assert_eq!(
            summary(&records, today),
            [
                "reviews: 3 of 4 guidance notes need a review (never reviewed, or last reviewed more than 2 years ago):",
                "  content/en/guidance/b.md: never reviewed",
                "  content/en/guidance/c.md: last reviewed 2019-03-01",
                "  content/fr/guidance/a.md: review dated 2027-01-01, after today (2026-11-29)",
            ]
        );
        assert_eq!(
            summary(&records[..1], today),
            ["reviews: 1 of 1 guidance note reviewed in the last 2 years"]
        );
        assert_eq!(
            summary(&records[..2], today)[0],
            "reviews: 1 of 2 guidance notes needs a review (never reviewed, or last reviewed more than 2 years ago):"
        );
        assert!(summary(&[], today).is_empty());
    }
}
