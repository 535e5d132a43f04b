//! Parsing of the stage breakdown that `loupe build --timings` prints.
//!
//! The expected format, on standard error, is a line `timings:` followed by one line per stage,
//! `<stage name><TAB><seconds>`, for example:
//!
//! ```text
//! timings:
//! load and parse<TAB>0.412
//! render<TAB>1.020
//! ```
//!
//! The parser is lenient about the separator (a tab, a colon or two or more spaces) and about
//! units (`1.2`, `1.2s`, `1200ms`, `1200 ms`, `350µs`), and it ignores any other output before
//! the `timings:` line. The stage list ends at the first line that is not a stage.

use std::time::Duration;

/// One stage of a build and how long it took.
#[derive(Debug, Clone, PartialEq)]
pub struct Stage {
    /// The name of the stage, as loupe prints it.
    pub name: String,
    /// Its duration.
    pub time: Duration,
}

/// The stages reported after the last `timings:` line of `output`, in order; empty when there
/// is no such line.
pub fn parse(output: &str) -> Vec<Stage> {
    let mut lines = output.lines();
    let mut stages = Vec::new();
    let mut found = false;
    while let Some(line) = lines.next() {
        let header = line.trim().trim_end_matches(':').trim();
        if !header.eq_ignore_ascii_case("timings") {
            continue;
        }
        found = true;
        stages.clear();
        for line in lines.by_ref() {
            match parse_line(line) {
                Some(stage) => stages.push(stage),
                None => break,
            }
        }
    }
    if found {
        stages
    } else {
        Vec::new()
    }
}

/// One `name<sep>duration` line.
fn parse_line(line: &str) -> Option<Stage> {
    let line = line.trim();
    let (name, value) = if let Some((n, v)) = line.rsplit_once('\t') {
        (n, v)
    } else if let Some((n, v)) = line.rsplit_once(':') {
        (n, v)
    } else {
        // Two or more spaces between name and value; a unit may follow the number after one.
        let split = line.rfind("  ")?;
        (&line[..split], &line[split..])
    };
    let name = name.trim().trim_end_matches(':').trim();
    if name.is_empty() {
        return None;
    }
    Some(Stage {
        name: name.to_string(),
        time: parse_duration(value.trim())?,
    })
}

/// `1.5`, `1.5s`, `1.5 s`, `250ms`, `250 ms`, `40µs`, `40us` as a duration.
fn parse_duration(v: &str) -> Option<Duration> {
    let number_end = v
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(v.len());
    let number: f64 = v[..number_end].parse().ok()?;
    let scale = match v[number_end..].trim() {
        "" | "s" | "sec" | "secs" => 1.0,
        "ms" => 1e-3,
        "µs" | "us" => 1e-6,
        "ns" => 1e-9,
        _ => return None,
    };
    Some(Duration::from_secs_f64(number * scale))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(stages: &[Stage]) -> Vec<(&str, f64)> {
        stages
            .iter()
            .map(|s| (s.name.as_str(), (s.time.as_secs_f64() * 1e6).round() / 1e6))
            .collect()
    }

    #[test]
    fn tab_separated_seconds_after_the_header() {
        let out =
            "building 3 pages\ntimings:\nload and parse\t0.412\nrender\t1.020\nwrite\t0.003\n";
        assert_eq!(
            secs(&parse(out)),
            [
                ("load and parse", 0.412),
                ("render", 1.02),
                ("write", 0.003)
            ]
        );
    }

    #[test]
    fn other_separators_and_units_and_trailing_text() {
        let out = "Timings:\n  load and parse:  412ms\n  search index build   1.5 s\n  export  350µs\n\ndone in 2.3 s\n";
        assert_eq!(
            secs(&parse(out)),
            [
                ("load and parse", 0.412),
                ("search index build", 1.5),
                ("export", 0.00035)
            ]
        );
    }

    #[test]
    fn no_header_means_no_stages() {
        assert!(parse("render\t1.0\n").is_empty());
        assert!(parse("").is_empty());
        assert!(parse("timings:\nnot a stage\n").is_empty());
    }
}
