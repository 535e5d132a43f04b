//! Time linear in input size, on the known worst cases of Markdown, front matter, glossaries
//! and search queries: each input is built at sizes n, 2n, 4n and 8n, checked the way the fuzz
//! targets check it (`loupe::invariants`), and the growth of the CPU time this thread spends
//! (the least of three runs, so other processes on the machine hardly matter) is compared with
//! the growth of the input. Linear work grows 8 times from n to 8n and quadratic work 64
//! times; the test fails above 24 (and needs no clock faster than milliseconds: each input
//! takes several).

use std::time::Duration;

use loupe::invariants::{page, search, yaml_files};

/// CPU time of this thread.
#[cfg(unix)]
fn thread_cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid timespec for clock_gettime to write into.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID)");
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

#[cfg(not(unix))]
fn thread_cpu() -> Duration {
    std::time::Instant::now().elapsed()
}

/// The least CPU time of three runs of `check` on `input`.
fn cost(check: fn(&[u8]), input: &[u8]) -> Duration {
    (0..3)
        .map(|_| {
            let start = thread_cpu();
            check(input);
            thread_cpu() - start
        })
        .min()
        .unwrap()
}

/// Fails when `check` on `make(8n)` costs more than 24 times `make(n)`.
#[track_caller]
fn assert_linear(what: &str, check: fn(&[u8]), make: fn(usize) -> String, n: usize) {
    let costs: Vec<(usize, Duration)> = [n, 2 * n, 4 * n, 8 * n]
        .iter()
        .map(|&k| {
            let input = make(k);
            (input.len(), cost(check, input.as_bytes()))
        })
        .collect();
    let (small, large) = (costs[0], costs[3]);
    let growth = large.1.as_secs_f64() / small.1.as_secs_f64().max(1e-6);
    let size_growth = large.0 as f64 / small.0 as f64;
    let shown: Vec<String> = costs
        .iter()
        .map(|(bytes, t)| format!("{bytes} B: {:.1} ms", t.as_secs_f64() * 1e3))
        .collect();
    eprintln!(
        "{what}: {} (x{growth:.1} for x{size_growth:.1} input)",
        shown.join(", ")
    );
    assert!(
        growth <= 3.0 * size_growth,
        "{what}: time grew x{growth:.1} for x{size_growth:.1} input: {}",
        shown.join(", ")
    );
}

/// A worst case: its name, the input of size `n`, and the first `n`.
type Case = (&'static str, fn(usize) -> String, usize);

#[test]
fn markdown_worst_cases_take_linear_time() {
    let cases: [Case; 9] = [
        (
            "long line",
            |n| "word [x](target.md) *e* `c` ".repeat(n),
            400,
        ),
        (
            "many links",
            |n| "[a](target.md#intro) [b](#nowhere) [c](x.md) ".repeat(n),
            200,
        ),
        (
            "many broken anchors",
            |n| {
                let mut s = String::new();
                for i in 0..n {
                    s.push_str(&format!(
                        "## Heading number {i}\n\n[x](#heading-numbr-{i})\n\n"
                    ));
                }
                s
            },
            60,
        ),
        (
            "many abbreviations",
            |n| "KP and KPCS, KPCS and KP; ".repeat(n),
            300,
        ),
        (
            "long table",
            |n| {
                let mut s = String::from("| a | b | c |\n|---|---|---|\n");
                for i in 0..n {
                    s.push_str(&format!("| {i} | <b>x</b> | [l](target.md) |\n"));
                }
                s
            },
            200,
        ),
        (
            "nested raw HTML at the bound, repeated",
            |n| format!("{}x{}\n\n", "<div>".repeat(60), "</div>".repeat(60)).repeat(n),
            10,
        ),
        ("unclosed raw HTML", |n| "<div><span><b>x ".repeat(n), 200),
        (
            "nested blockquotes and lists",
            |n| {
                let mut s = String::new();
                for i in 0..n {
                    s.push_str(&"> ".repeat(i % 30));
                    s.push_str(&"- ".repeat(i % 20));
                    s.push_str("text\n");
                }
                s
            },
            100,
        ),
        ("emphasis delimiters", |n| "*a **b _c ~~d ".repeat(n), 300),
    ];
    for (what, make, n) in cases {
        assert_linear(what, page::markdown, make, n);
    }
}

#[test]
fn front_matter_and_glossary_take_linear_time() {
    assert_linear(
        "front matter with many key points",
        page::front_matter,
        |n| {
            let mut s = String::from("\0---\ntitle: T\nkey_points:\n");
            for i in 0..n {
                s.push_str(&format!("  - point {i} with [brackets] and: colons\n"));
            }
            s + "---\n\nText.\n"
        },
        200,
    );
    assert_linear(
        "glossary with many terms",
        yaml_files::glossary,
        |n| {
            let mut s = String::new();
            for i in 0..n {
                s.push_str(&format!(
                    "- key: k{i}\n  term: Term {i}\n  abbr: T{i}\n  definition: D.\n"
                ));
            }
            s
        },
        100,
    );
}

#[test]
fn search_queries_take_linear_time() {
    assert_linear(
        "a long query",
        search::query,
        |n| format!("\0{}", "Sécurité des exportations l'été KPCS ".repeat(n)),
        100,
    );
}
