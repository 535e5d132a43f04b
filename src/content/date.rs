//! Calendar dates as written in front matter (`YYYY-MM-DD`).

use std::fmt;

/// A calendar date.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Date {
    /// Year, e.g. 2016.
    pub year: u16,
    /// Month, 1–12.
    pub month: u8,
    /// Day of the month, 1–31.
    pub day: u8,
}

/// Why a text is not a date, for messages that say what to change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateProblem {
    /// Not written `YYYY-MM-DD`; the date it probably means, written so, when it can be told
    /// (`14/03/2016` → `2016-03-14`, `2016-3-4` → `2016-03-04`).
    Format(Option<String>),
    /// Written `YYYY-MM-DD`, but the month is not 1–12.
    NoSuchMonth(u8),
    /// Written `YYYY-MM-DD`, but the month has fewer days.
    NoSuchDay {
        /// The month, 1–12.
        month: u8,
        /// The year.
        year: u16,
        /// How many days the month has that year.
        days: u8,
    },
}

/// English month names, for messages.
pub const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Date {
    /// Parses `YYYY-MM-DD`, checking that the day exists.
    pub fn parse(s: &str) -> Option<Date> {
        Date::check(s).ok()
    }

    /// Parses `YYYY-MM-DD`; when it is not a date, says why (see [`DateProblem`]).
    pub fn check(s: &str) -> Result<Date, DateProblem> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || !s.is_ascii() {
            return Err(DateProblem::Format(guess(s)));
        }
        let num = |r: std::ops::Range<usize>| -> Option<u16> {
            let part = &s[r];
            part.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| part.parse().ok())
                .flatten()
        };
        let (Some(year), Some(month), Some(day)) = (num(0..4), num(5..7), num(8..10)) else {
            return Err(DateProblem::Format(None));
        };
        let (month, day) = (month as u8, day as u8);
        if !(1..=12).contains(&month) {
            return Err(DateProblem::NoSuchMonth(month));
        }
        let days = days_in_month(year, month);
        if day == 0 || day > days {
            return Err(DateProblem::NoSuchDay { month, year, days });
        }
        Ok(Date { year, month, day })
    }

    /// The date written the way `months` (12 names) and `pattern` (`{day} {month} {year}`) say.
    pub fn format(&self, pattern: &str, months: &[String]) -> String {
        let month = months
            .get(usize::from(self.month) - 1)
            .cloned()
            .unwrap_or_else(|| self.month.to_string());
        // One pass over the pattern (every list item of every page formats a date); a
        // month's name is never read as a pattern.
        let mut out = String::with_capacity(pattern.len() + month.len());
        let mut rest = pattern;
        while let Some(at) = rest.find('{') {
            out.push_str(&rest[..at]);
            let tail = &rest[at..];
            let skip = if tail.starts_with("{day}") {
                out.push_str(&self.day.to_string());
                "{day}".len()
            } else if tail.starts_with("{month}") {
                out.push_str(&month);
                "{month}".len()
            } else if tail.starts_with("{year}") {
                out.push_str(&self.year.to_string());
                "{year}".len()
            } else {
                out.push('{');
                1
            };
            rest = &tail[skip..];
        }
        out.push_str(rest);
        out
    }
}

/// The date `s` probably means, written `YYYY-MM-DD`: from `D/M/YYYY`, `D.M.YYYY` or
/// `D-M-YYYY` (day first, as written in West Africa), or `YYYY-M-D`. `None` when it cannot be
/// told or would not exist.
fn guess(s: &str) -> Option<String> {
    let parts: Vec<&str> = s.trim().split(['/', '.', '-']).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let n: Vec<u32> = parts
        .iter()
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let (y, m, d) = if parts[0].len() == 4 {
        (n[0], n[1], n[2])
    } else if parts[2].len() == 4 {
        (n[2], n[1], n[0])
    } else {
        return None;
    };
    // Out of range, the text would not be `YYYY-MM-DD` and checking it would guess again,
    // forever (`2016-5-802`: found by the front_matter fuzz target under AddressSanitizer as
    // a stack overflow).
    if y > 9999 || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let text = format!("{y:04}-{m:02}-{d:02}");
    Date::parse(&text).map(|_| text)
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_guess_out_of_range_is_no_guess() {
        for s in [
            "2016-5-802",
            "802-5-2016",
            "2016-13-1",
            "99999-1-1",
            "2016-0-1",
        ] {
            assert!(
                matches!(Date::check(s), Err(DateProblem::Format(None))),
                "{s}"
            );
        }
        assert!(matches!(
            Date::check("2016-5-8"),
            Err(DateProblem::Format(Some(_)))
        ));
    }

    #[test]
    fn parses_and_rejects() {
        assert_eq!(Date::parse("2016-03-14").unwrap().to_string(), "2016-03-14");
        assert!(Date::parse("2016-02-30").is_none());
        assert!(Date::parse("2016-2-3").is_none());
        assert!(Date::parse("2016-02-29").is_some());
    }

    #[test]
    fn tells_a_wrong_format_from_a_day_that_does_not_exist() {
        assert_eq!(
            Date::check("2016-02-30"),
            Err(DateProblem::NoSuchDay {
                month: 2,
                year: 2016,
                days: 29
            })
        );
        assert_eq!(Date::check("2016-13-01"), Err(DateProblem::NoSuchMonth(13)));
        assert_eq!(
            Date::check("14/03/2016"),
            Err(DateProblem::Format(Some("2016-03-14".into())))
        );
        assert_eq!(
            Date::check("2016-3-4"),
            Err(DateProblem::Format(Some("2016-03-04".into())))
        );
        assert_eq!(Date::check("31/02/2016"), Err(DateProblem::Format(None)));
        assert_eq!(Date::check("March 2016"), Err(DateProblem::Format(None)));
        assert_eq!(Date::check("2016-0a-01"), Err(DateProblem::Format(None)));
        assert_eq!(
            Date::check("２０１６-03-14"),
            Err(DateProblem::Format(None))
        );
    }

    #[test]
    fn formats_per_language() {
        let d = Date::parse("2016-03-14").unwrap();
        let fr: Vec<String> = ["janvier", "février", "mars"].map(String::from).to_vec();
        assert_eq!(d.format("{day} {month} {year}", &fr), "14 mars 2016");
        assert_eq!(d.format("{month} {day}, {year}", &fr), "mars 14, 2016");
        assert_eq!(d.format("{year}-{x}{", &fr), "2016-{x}{");
        let odd: Vec<String> = ["a", "b", "{year}"].map(String::from).to_vec();
        assert_eq!(d.format("{day} {month}", &odd), "14 {year}");
    }
}
