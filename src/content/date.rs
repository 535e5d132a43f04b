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

impl Date {
    /// Parses `YYYY-MM-DD`, checking that the day exists.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let year: u16 = s[0..4].parse().ok()?;
        let month: u8 = s[5..7].parse().ok()?;
        let day: u8 = s[8..10].parse().ok()?;
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// The date written the way `months` (12 names) and `pattern` (`{day} {month} {year}`) say.
    pub fn format(&self, pattern: &str, months: &[String]) -> String {
        let month = months
            .get(usize::from(self.month) - 1)
            .cloned()
            .unwrap_or_else(|| self.month.to_string());
        pattern
            .replace("{day}", &self.day.to_string())
            .replace("{month}", &month)
            .replace("{year}", &self.year.to_string())
    }
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
    fn parses_and_rejects() {
        assert_eq!(Date::parse("2016-03-14").unwrap().to_string(), "2016-03-14");
        assert!(Date::parse("2016-02-30").is_none());
        assert!(Date::parse("2016-2-3").is_none());
        assert!(Date::parse("2016-02-29").is_some());
    }

    #[test]
    fn formats_per_language() {
        let d = Date::parse("2016-03-14").unwrap();
        let fr: Vec<String> = ["janvier", "février", "mars"].map(String::from).to_vec();
        assert_eq!(d.format("{day} {month} {year}", &fr), "14 mars 2016");
    }
}
