//! The fuzz targets' checks (`loupe::invariants`) replayed on stable Rust: every seed file
//! (content/, the test fixtures, docs/), every input the fuzzers once found (`fuzz/regressions/`),
//! and deterministic mutations of the seeds with hostile fragments spliced in.
//!
//! `cargo test --test fuzz_replay` runs a fixed number of mutations per target (a few seconds
//! each); `LOUPE_FUZZ_SECONDS=N` runs mutations for N seconds per target instead
//! (`cargo xtask fuzz --smoke`). The long runs are libFuzzer's: `cargo xtask fuzz --minutes N`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use loupe::invariants::{Target, TARGETS};
use xtask::rng::XorShift64;

/// Mutations per target in a plain `cargo test`.
const MUTATIONS: usize = 600;

/// Fragments spliced into the seeds: the vectors of issue 10 and the syntax around them.
const FRAGMENTS: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=\"&#106;avascript:alert(1)\">x</a>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "![i](data:text/html,<script>alert(1)</script>)",
    "<svg onload=alert(1)><script>alert(2)</script></svg>",
    "<iframe src=\"x\"></iframe>",
    "<form action=\"x\"><button formaction=javascript:alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<div style=\"background:url(javascript:alert(1))\">",
    "<a id=\"loupeSearchBase\" href=\"https://attacker.example/\">x</a>",
    "<img name=\"loupeSearch\" src=\"x.png\">",
    "<!-- <script>alert(1)</script> -->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "\u{E000}",
    "\u{E001}0\u{E001}",
    "\u{0}",
    "\u{202E}",
    "\r\n",
    "## Heading {#x}\n",
    "## Heading {#loupeSearchBase}\n",
    "[^note]\n\n[^note]: A note.\n",
    "| a | b |\n|---|---|\n| <script> | x |\n",
    "- [ ] task\n- [x] done\n",
    "```\n<script>\n```\n",
    "[link](target.md#steps)",
    "[link](../../fr/guidance/cible.md)",
    "[link](only-fr.md)",
    "[link](draft.md)",
    "![d](img/diagram.png)",
    "[pdf](../../../static/files/form.pdf)",
    "[x](#intro)",
    "KPCS and KP",
    "<b>",
    "---\n",
    "title: ",
    "title: \"a\\x00b\"\n",
    "countries: [SL, XX]\n",
    "topics: [mining]\n",
    "date: 2016-02-30\n",
    "- key: kp\n  term: Kimberley Process\n  abbr: KP\n  definition: x\n",
    "languages:\n  - code: en\n    name: English\n    default: true\n",
    "&&&",
    "[[[[[[[[",
    "{a: {a: {a: ",
    "*&a ",
    "!!binary ",
    "<div><div><div><div>",
    "> > > > ",
    "    ",
    "\t",
    "'",
    "\"",
    "`",
    "\n",
];

/// A small deterministic generator (xorshift).
fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files_under(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .max_depth(if dir == repo() { 1 } else { usize::MAX })
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| e.file_name().to_string_lossy().ends_with(suffix))
        .map(|e| e.into_path())
        .collect();
    out.sort();
    out
}

/// The seed inputs of `target`: its seed files, then the inputs the fuzzers found before.
fn seeds(target: &Target) -> Vec<Vec<u8>> {
    let mut files: Vec<PathBuf> = target
        .seeds
        .iter()
        .flat_map(|d| files_under(&repo().join(d), target.suffix))
        .collect();
    files.extend(files_under(
        &repo().join("fuzz/regressions").join(target.name),
        "",
    ));
    let mut out = Vec::new();
    for f in files {
        let bytes = std::fs::read(&f).unwrap();
        if target.variants == 0 {
            out.push(bytes);
        } else {
            for v in 0..target.variants {
                out.push([&[v][..], &bytes].concat());
            }
        }
    }
    out
}

/// One mutation of `seed`: fragments spliced in, bytes flipped, parts cut or repeated.
fn mutate(rng: &mut XorShift64, seed: &[u8]) -> Vec<u8> {
    let mut data = seed.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(data.len() + 1);
        match rng.below(6) {
            0..=2 => {
                let f = FRAGMENTS[rng.below(FRAGMENTS.len())].as_bytes();
                data.splice(at..at, f.iter().copied());
            }
            3 => {
                if at < data.len() {
                    data[at] = rng.next_u64() as u8;
                }
            }
            4 => {
                let end = (at + rng.below(64)).min(data.len());
                data.drain(at..end);
            }
            _ => {
                let end = (at + rng.below(32)).min(data.len());
                let part = data[at..end].to_vec();
                for _ in 0..rng.below(8) {
                    data.splice(at..at, part.iter().copied());
                }
            }
        }
    }
    data
}

fn replay(name: &str) {
    let target = TARGETS.iter().find(|t| t.name == name).unwrap();
    let seeds = seeds(target);
    assert!(!seeds.is_empty(), "no seeds for {name}");
    for s in &seeds {
        (target.check)(s);
    }
    let budget = std::env::var("LOUPE_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .map(Duration::from_secs);
    let start = Instant::now();
    let mut rng = XorShift64::new(0x5EED_0000_0000_0001 ^ name.len() as u64);
    let mut runs = 0usize;
    loop {
        match budget {
            Some(b) if start.elapsed() >= b => break,
            None if runs >= MUTATIONS => break,
            _ => {}
        }
        let seed = &seeds[rng.below(seeds.len())];
        let input = mutate(&mut rng, seed);
        let outcome = std::panic::catch_unwind(|| (target.check)(&input));
        if let Err(e) = outcome {
            let file = std::env::temp_dir().join(format!("loupe-fuzz-{name}-{runs}"));
            std::fs::write(&file, &input).unwrap();
            std::panic::resume_unwind(Box::new(format!(
                "{name}: input {runs} failed (saved as {}): {:?}",
                file.display(),
                e.downcast_ref::<String>()
                    .map(String::as_str)
                    .or(e.downcast_ref::<&str>().copied())
            )));
        }
        runs += 1;
    }
    eprintln!(
        "{name}: {} seeds and {runs} mutations in {:.1?}",
        seeds.len(),
        start.elapsed()
    );
}

#[test]
fn front_matter() {
    replay("front_matter");
}

#[test]
fn markdown() {
    replay("markdown");
}

#[test]
fn glossary() {
    replay("glossary");
}

#[test]
fn config() {
    replay("config");
}

#[test]
fn search_query() {
    replay("search_query");
}

#[test]
fn every_target_has_a_test_and_a_fuzz_target() {
    let tests = include_str!("fuzz_replay.rs");
    for t in TARGETS {
        assert!(
            tests.contains(&format!("replay(\"{}\")", t.name)),
            "{}",
            t.name
        );
        let file = repo()
            .join("fuzz/fuzz_targets")
            .join(format!("{}.rs", t.name));
        assert!(file.is_file(), "no {}", file.display());
    }
}
