//! The benchmark's printed table and its checks (scaling, and the budgets of issue 6).

use std::fmt::Write as _;

/// Median wall time and peak memory of one tool on one corpus.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ToolTime {
    /// Median wall time in seconds.
    pub seconds: f64,
    /// Median peak resident set size in bytes.
    pub peak_rss: f64,
}

/// The outcome of a comparison tool on one corpus.
#[derive(Debug, Clone, PartialEq)]
pub enum Comparison {
    /// Not run, with the reason (not installed, or `--no-compare`).
    Skipped(String),
    /// Run, but it failed; the message says how.
    Failed(String),
    /// Run and measured.
    Measured(ToolTime),
}

impl Comparison {
    /// The measurement, when there is one.
    pub fn time(&self) -> Option<ToolTime> {
        match self {
            Comparison::Measured(t) => Some(*t),
            _ => None,
        }
    }
}

/// Everything measured for one corpus size.
#[derive(Debug, Clone, PartialEq)]
pub struct SizeResult {
    /// Documents per language.
    pub docs_per_language: usize,
    /// Languages of the corpus (documents = `docs_per_language × languages`).
    pub languages: usize,
    /// Bytes of the corpus' Markdown and YAML.
    pub corpus_bytes: u64,
    /// loupe's full build: median wall time and peak memory.
    pub loupe: ToolTime,
    /// Median time of each stage that `loupe build --timings` reported, in its order.
    pub stages: Vec<(String, f64)>,
    /// Size of loupe's output folder.
    pub output_bytes: u64,
    /// Size of the client search index (the `search/` folder of the output), when present.
    pub index_bytes: Option<u64>,
    /// Files in loupe's output folder.
    pub output_files: u64,
    /// Files of the client search index, when present.
    pub index_files: Option<u64>,
    /// Hugo's build of the same corpus.
    pub hugo: Comparison,
    /// Pagefind run (once) on Hugo's output.
    pub pagefind: Comparison,
    /// The `--baseline` loupe binary's full build, measured in turn with loupe's.
    pub baseline: Comparison,
    /// loupe's build after a one-file edit (against the record of the build before), when
    /// measured.
    pub incremental: Option<ToolTime>,
}

impl SizeResult {
    /// Documents of all languages.
    pub fn documents(&self) -> usize {
        self.docs_per_language * self.languages
    }

    /// Seconds of loupe's wall time per document.
    pub fn seconds_per_doc(&self) -> f64 {
        self.loupe.seconds / self.documents() as f64
    }
}

/// The scaling check: time per document at the largest size against the smallest.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scaling {
    /// Documents per language of the smallest corpus.
    pub small: usize,
    /// Documents per language of the largest corpus.
    pub large: usize,
    /// Time per document at the largest size divided by the time at the smallest.
    pub ratio: f64,
    /// Whether `ratio` is within [`SCALING_LIMIT`].
    pub pass: bool,
}

/// The largest allowed growth of the time per document from the smallest to the largest size.
pub const SCALING_LIMIT: f64 = 1.5;

/// Checks scaling over the measured sizes; `None` with fewer than two distinct sizes.
pub fn scaling(results: &[SizeResult]) -> Option<Scaling> {
    let small = results.iter().min_by_key(|r| r.docs_per_language)?;
    let large = results.iter().max_by_key(|r| r.docs_per_language)?;
    if small.docs_per_language == large.docs_per_language {
        return None;
    }
    let ratio = large.seconds_per_doc() / small.seconds_per_doc();
    Some(Scaling {
        small: small.docs_per_language,
        large: large.docs_per_language,
        ratio,
        pass: ratio <= SCALING_LIMIT,
    })
}

/// `1234567` as `1,234,567`.
pub fn thousands(v: u64) -> String {
    let digits = v.to_string();
    let mut out = String::new();
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A duration in seconds, with precision that suits its size.
pub fn seconds(s: f64) -> String {
    if s >= 100.0 {
        format!("{s:.0} s")
    } else if s >= 1.0 {
        format!("{s:.2} s")
    } else if s >= 0.001 {
        format!("{:.1} ms", s * 1e3)
    } else {
        format!("{:.0} µs", s * 1e6)
    }
}

/// A byte count in MB (10^6 bytes) or kB.
pub fn bytes(b: f64) -> String {
    if b >= 1e9 {
        format!("{:.2} GB", b / 1e9)
    } else if b >= 1e6 {
        format!("{:.1} MB", b / 1e6)
    } else {
        format!("{:.1} kB", b / 1e3)
    }
}

fn ratio(a: f64, b: f64) -> String {
    format!("{:.2}×", a / b)
}

fn comparison_cell(c: &Comparison, f: impl Fn(ToolTime) -> String) -> String {
    match c {
        Comparison::Measured(t) => f(*t),
        Comparison::Skipped(_) => "skipped".into(),
        Comparison::Failed(_) => "failed".into(),
    }
}

/// The table of results as Markdown, one column per corpus size (smallest first).
pub fn table(results: &[SizeResult], runs: usize) -> String {
    let mut results: Vec<&SizeResult> = results.iter().collect();
    results.sort_by_key(|r| r.docs_per_language);
    let mut rows: Vec<(String, Vec<String>)> = Vec::new();
    let mut row = |label: &str, f: &dyn Fn(&SizeResult) -> String| {
        rows.push((label.to_string(), results.iter().map(|r| f(r)).collect()));
    };
    let med = if runs == 1 {
        "1 run".to_string()
    } else {
        format!("median of {runs}")
    };
    row("documents, all languages", &|r| {
        thousands(r.documents() as u64)
    });
    row("corpus (Markdown + YAML)", &|r| {
        bytes(r.corpus_bytes as f64)
    });
    row(&format!("loupe build, wall ({med})"), &|r| {
        seconds(r.loupe.seconds)
    });
    row("loupe peak RSS", &|r| bytes(r.loupe.peak_rss));
    row("documents per second", &|r| {
        thousands((r.documents() as f64 / r.loupe.seconds).round() as u64)
    });
    row("time per document", &|r| seconds(r.seconds_per_doc()));

    let mut stage_names: Vec<&str> = Vec::new();
    for r in &results {
        for (name, _) in &r.stages {
            if !stage_names.contains(&name.as_str()) {
                stage_names.push(name);
            }
        }
    }
    if stage_names.is_empty() {
        row("stages (`--timings`)", &|_| "not reported".into());
    }
    for name in stage_names {
        row(&format!("stage: {name}"), &|r| {
            r.stages
                .iter()
                .find(|(n, _)| n == name)
                .map_or("—".into(), |(_, s)| seconds(*s))
        });
    }
    row("output size", &|r| bytes(r.output_bytes as f64));
    row("client index (search/)", &|r| {
        r.index_bytes.map_or("none".into(), |b| bytes(b as f64))
    });
    row("files written (search/)", &|r| match r.index_files {
        Some(n) => format!("{} ({})", thousands(r.output_files), thousands(n)),
        None => thousands(r.output_files),
    });
    row(&format!("hugo build, wall ({med})"), &|r| {
        comparison_cell(&r.hugo, |t| seconds(t.seconds))
    });
    row("hugo peak RSS", &|r| {
        comparison_cell(&r.hugo, |t| bytes(t.peak_rss))
    });
    row("pagefind on hugo's output (1 run)", &|r| {
        comparison_cell(&r.pagefind, |t| seconds(t.seconds))
    });
    row(&format!("baseline loupe build, wall ({med})"), &|r| {
        comparison_cell(&r.baseline, |t| seconds(t.seconds))
    });
    row("baseline peak RSS", &|r| {
        comparison_cell(&r.baseline, |t| bytes(t.peak_rss))
    });
    row("loupe / baseline, wall", &|r| {
        comparison_cell(&r.baseline, |b| ratio(r.loupe.seconds, b.seconds))
    });
    row(&format!("loupe after a one-file edit ({med})"), &|r| {
        r.incremental
            .map_or("not measured".into(), |t| seconds(t.seconds))
    });
    row("one-file edit / full build", &|r| {
        r.incremental.map_or("not measured".into(), |t| {
            format!("{:.1} %", 100.0 * t.seconds / r.loupe.seconds)
        })
    });
    row(
        "loupe (with search) / hugo alone",
        &|r| match r.hugo.time() {
            Some(h) => ratio(r.loupe.seconds, h.seconds),
            None => comparison_cell(&r.hugo, |_| String::new()),
        },
    );
    row(
        "loupe (with search) / (hugo + pagefind)",
        &|r| match (r.hugo.time(), r.pagefind.time()) {
            (Some(h), Some(p)) => ratio(r.loupe.seconds, h.seconds + p.seconds),
            (None, _) => comparison_cell(&r.hugo, |_| String::new()),
            (_, _) => comparison_cell(&r.pagefind, |_| String::new()),
        },
    );

    let header: Vec<String> = results
        .iter()
        .map(|r| format!("{} / language", thousands(r.docs_per_language as u64)))
        .collect();
    let label_width = rows
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0);
    let widths: Vec<usize> = (0..results.len())
        .map(|c| {
            rows.iter()
                .map(|(_, cells)| cells[c].chars().count())
                .chain([header[c].chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    let _ = write!(out, "| {:label_width$} |", "");
    for (h, w) in header.iter().zip(&widths) {
        let _ = write!(out, " {h:>w$} |");
    }
    let _ = write!(out, "\n| {} |", "-".repeat(label_width));
    for w in &widths {
        let _ = write!(out, " {}: |", "-".repeat(w - 1));
    }
    out.push('\n');
    for (label, cells) in rows {
        let _ = write!(out, "| {label:label_width$} |");
        for (cell, w) in cells.iter().zip(&widths) {
            let _ = write!(out, " {cell:>w$} |");
        }
        out.push('\n');
    }
    out
}

/// The budgets of issue 6 that apply to the measured sizes, one line each with PASS or FAIL.
/// They are informative: only the scaling check decides the exit status.
pub fn budgets(results: &[SizeResult]) -> Vec<String> {
    let mut lines = Vec::new();
    let mut check = |what: String, pass: bool| {
        lines.push(format!("{} {what}", if pass { "PASS" } else { "FAIL" }));
    };
    for r in results {
        let (t, rss) = (r.loupe.seconds, r.loupe.peak_rss);
        match r.docs_per_language {
            1_000 => {
                check(format!("1,000/language under 3 s: {}", seconds(t)), t < 3.0);
                if let Some(h) = r.hugo.time() {
                    check(
                        format!(
                            "1,000/language faster than hugo without search: {} vs {}",
                            seconds(t),
                            seconds(h.seconds)
                        ),
                        t < h.seconds,
                    );
                }
            }
            10_000 => {
                check(
                    format!("10,000/language under 20 s: {}", seconds(t)),
                    t < 20.0,
                );
                check(
                    format!("10,000/language under 1.5 GB peak: {}", bytes(rss)),
                    rss < 1.5e9,
                );
            }
            50_000 => check(
                format!("50,000/language under 6 GB peak: {}", bytes(rss)),
                rss < 6e9,
            ),
            _ => {}
        }
        let size = thousands(r.docs_per_language as u64);
        if let Some(h) = r.hugo.time() {
            check(
                format!(
                    "{size}/language: loupe with search at most half of hugo without search: {} vs {} ({})",
                    seconds(t),
                    seconds(h.seconds),
                    ratio(t, h.seconds)
                ),
                t <= h.seconds / 2.0,
            );
            check(
                format!(
                    "{size}/language: loupe's peak memory at most a third of hugo's: {} vs {} ({})",
                    bytes(rss),
                    bytes(h.peak_rss),
                    ratio(rss, h.peak_rss)
                ),
                rss <= h.peak_rss / 3.0,
            );
        }
        if let Some(b) = r.baseline.time() {
            check(
                format!(
                    "{size}/language: wall at most 5 % over the baseline: {} vs {} ({})",
                    seconds(t),
                    seconds(b.seconds),
                    ratio(t, b.seconds)
                ),
                t <= b.seconds * 1.05,
            );
            check(
                format!(
                    "{size}/language: peak memory at most 5 % over the baseline: {} vs {} ({})",
                    bytes(rss),
                    bytes(b.peak_rss),
                    ratio(rss, b.peak_rss)
                ),
                rss <= b.peak_rss * 1.05,
            );
        }
        if let Some(i) = r.incremental {
            check(
                format!(
                    "{size}/language: a one-file edit build under 10 % of a full build: {} vs {} ({:.1} %)",
                    seconds(i.seconds),
                    seconds(t),
                    100.0 * i.seconds / t
                ),
                i.seconds < t * 0.10,
            );
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(n: usize, secs: f64, hugo: Comparison) -> SizeResult {
        SizeResult {
            docs_per_language: n,
            languages: 2,
            corpus_bytes: 12_300_000,
            loupe: ToolTime {
                seconds: secs,
                peak_rss: 250e6,
            },
            stages: vec![("render".into(), secs / 2.0), ("write".into(), secs / 4.0)],
            output_bytes: 80_000_000,
            index_bytes: Some(5_000_000),
            output_files: 29_373,
            index_files: Some(19_246),
            hugo,
            pagefind: Comparison::Skipped("not installed".into()),
            baseline: Comparison::Skipped("no --baseline".into()),
            incremental: None,
        }
    }

    #[test]
    fn scaling_compares_time_per_document_of_smallest_and_largest() {
        let ok = [
            result(10_000, 10.0, Comparison::Skipped("x".into())),
            result(1_000, 1.0, Comparison::Skipped("x".into())),
            result(50_000, 60.0, Comparison::Skipped("x".into())),
        ];
        let s = scaling(&ok).unwrap();
        assert_eq!((s.small, s.large), (1_000, 50_000));
        assert!((s.ratio - 1.2).abs() < 1e-9);
        assert!(s.pass);
        let bad = [
            result(1_000, 1.0, Comparison::Skipped("x".into())),
            result(50_000, 80.0, Comparison::Skipped("x".into())),
        ];
        assert!(!scaling(&bad).unwrap().pass);
        assert!(scaling(&bad[..1]).is_none());
    }

    #[test]
    fn table_has_a_column_per_size_and_the_ratios() {
        let hugo = Comparison::Measured(ToolTime {
            seconds: 4.0,
            peak_rss: 100e6,
        });
        let t = table(
            &[
                result(10_000, 10.0, Comparison::Skipped("x".into())),
                result(1_000, 1.0, hugo),
            ],
            3,
        );
        let lines: Vec<&str> = t.lines().collect();
        assert!(lines[0].contains("1,000 / language") && lines[0].contains("10,000 / language"));
        assert!(lines[0].find("1,000 /").unwrap() < lines[0].find("10,000 /").unwrap());
        let row = |label: &str| {
            *lines
                .iter()
                .find(|l| l.starts_with(&format!("| {label}")))
                .unwrap()
        };
        assert!(row("loupe build, wall (median of 3)").contains("1.00 s"));
        assert!(row("documents per second").contains("2,000"));
        assert!(row("stage: render").contains("500.0 ms"));
        assert!(row("files written (search/)").contains("29,373 (19,246)"));
        assert!(row("loupe (with search) / hugo alone").contains("0.25×"));
        assert!(row("loupe (with search) / hugo alone").contains("skipped"));
        assert!(row("loupe (with search) / (hugo + pagefind)").contains("skipped"));
        // Every row has the same number of cells.
        assert!(lines.iter().all(|l| l.matches('|').count() == 4));
    }

    #[test]
    fn budgets_apply_to_the_sizes_of_the_issue() {
        let lines = budgets(&[
            result(
                1_000,
                2.0,
                Comparison::Measured(ToolTime {
                    seconds: 1.0,
                    peak_rss: 1.0,
                }),
            ),
            result(10_000, 25.0, Comparison::Skipped("x".into())),
            result(2_000, 1.0, Comparison::Skipped("x".into())),
        ]);
        assert_eq!(lines.len(), 6, "{lines:?}");
        assert!(lines[0].starts_with("PASS 1,000/language under 3 s"));
        assert!(lines[1].starts_with("FAIL 1,000/language faster than hugo"));
        assert!(lines[2].starts_with("FAIL 1,000/language: loupe with search at most half"));
        assert!(lines[2].ends_with("(2.00×)"), "{}", lines[2]);
        assert!(lines[3].starts_with("FAIL 1,000/language: loupe's peak memory at most a third"));
        assert!(lines[4].starts_with("FAIL 10,000/language under 20 s"));
        assert!(lines[5].starts_with("PASS 10,000/language under 1.5 GB"));
    }

    #[test]
    fn budgets_compare_with_hugo_the_baseline_and_the_full_build() {
        let mut r = result(
            2_000,
            1.0,
            Comparison::Measured(ToolTime {
                seconds: 2.5,
                peak_rss: 900e6,
            }),
        );
        r.baseline = Comparison::Measured(ToolTime {
            seconds: 0.96,
            peak_rss: 250e6,
        });
        r.incremental = Some(ToolTime {
            seconds: 0.12,
            peak_rss: 100e6,
        });
        let lines = budgets(std::slice::from_ref(&r));
        assert_eq!(lines.len(), 5, "{lines:?}");
        assert!(lines[0].starts_with("PASS 2,000/language: loupe with search at most half"));
        assert!(lines[1].starts_with("PASS 2,000/language: loupe's peak memory at most a third"));
        // 1.00 s against 0.96 s is 4.2 % over: within 5 %.
        assert!(lines[2].starts_with("PASS 2,000/language: wall at most 5 % over the baseline"));
        assert!(lines[3].starts_with("PASS 2,000/language: peak memory at most 5 %"));
        assert!(lines[4].starts_with("FAIL 2,000/language: a one-file edit build under 10 %"));
        assert!(lines[4].ends_with("(12.0 %)"), "{}", lines[4]);
        r.baseline = Comparison::Measured(ToolTime {
            seconds: 0.9,
            peak_rss: 250e6,
        });
        assert!(budgets(&[r])[2].starts_with("FAIL"));
    }

    #[test]
    fn number_formats() {
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(999), "999");
        assert_eq!(seconds(0.0005), "500 µs");
        assert_eq!(seconds(123.4), "123 s");
        assert_eq!(bytes(1.5e9), "1.50 GB");
    }
}
