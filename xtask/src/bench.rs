//! `cargo xtask bench`: builds the release loupe binary, generates (or reuses) the corpora,
//! measures full builds, compares with Hugo and Pagefind when they are installed, prints the
//! table and checks scaling.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::corpus::{self, CorpusOptions, GENERATOR_VERSION, LANGUAGES};
use crate::measure::{self, dir_size, median, which, Measurement};
use crate::report::{self, Comparison, SizeResult, ToolTime};
use crate::timings;

/// The seed of the benchmark corpora unless `--seed` says otherwise.
pub const DEFAULT_SEED: u64 = 2003;

/// The marker file of a complete cached corpus.
const MARKER: &str = ".xtask-corpus";

/// What `cargo xtask bench` measures.
#[derive(Debug, Clone)]
pub struct BenchOptions {
    /// Documents per language of each corpus.
    pub sizes: Vec<usize>,
    /// Runs per measurement; the table shows medians.
    pub runs: usize,
    /// Corpus seed.
    pub seed: u64,
    /// Whether to run Hugo and Pagefind when they are on `PATH`.
    pub compare: bool,
}

/// The workspace root (the parent of the `xtask` package).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

/// Cargo's target folder of the workspace (`CARGO_TARGET_DIR` when set).
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => workspace_root().join(dir),
        None => workspace_root().join("target"),
    }
}

/// Returns the corpus of `docs` documents per language under `target/bench-corpus/`,
/// generating it unless a complete copy from the same generator version is there.
pub fn cached_corpus(docs: usize, seed: u64) -> Result<(PathBuf, u64), String> {
    let dir = corpus::cache_dir(&target_dir().join("bench-corpus"), docs, seed);
    let marker = dir.join(MARKER);
    let expected = format!("generator {GENERATOR_VERSION} docs {docs} seed {seed}\n");
    if fs::read_to_string(&marker).is_ok_and(|m| m.starts_with(&expected)) {
        let bytes = dir_size(&dir.join("content")) + dir_size(&dir.join("loupe.yaml"));
        eprintln!("corpus {docs}/language: cached in {}", dir.display());
        return Ok((dir, bytes));
    }
    let _ = fs::remove_file(&marker);
    let started = Instant::now();
    let stats = corpus::generate(&CorpusOptions {
        docs,
        seed,
        out: dir.clone(),
    })
    .map_err(|e| format!("generating the corpus in {}: {e}", dir.display()))?;
    fs::write(&marker, format!("{expected}bytes {}\n", stats.bytes))
        .map_err(|e| format!("{}: {e}", marker.display()))?;
    eprintln!(
        "corpus {docs}/language: generated {} in {:.1} s into {}",
        report::bytes(stats.bytes as f64),
        started.elapsed().as_secs_f64(),
        dir.display()
    );
    Ok((dir, stats.bytes))
}

/// Builds the release binary of loupe and returns its path.
pub fn build_loupe() -> Result<PathBuf, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    eprintln!("building: cargo build --release -p loupe");
    let status = Command::new(cargo)
        .args(["build", "--release", "-p", "loupe"])
        .current_dir(workspace_root())
        .status()
        .map_err(|e| format!("running cargo: {e}"))?;
    if !status.success() {
        return Err(format!("cargo build --release -p loupe failed ({status})"));
    }
    let bin = target_dir().join("release").join("loupe");
    if !bin.is_file() {
        return Err(format!("{} was not built", bin.display()));
    }
    Ok(bin)
}

/// Removes a folder if it exists.
fn clean(dir: &Path) -> Result<(), String> {
    match fs::remove_dir_all(dir) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(format!("removing {}: {e}", dir.display())),
    }
}

/// Writes out the dirty pages the previous run and its cleaning left, so that each timed run
/// (of every tool) starts with the disk idle: otherwise a run pays for the writeback of the
/// one before it, and the figures swing by half on a virtual disk.
fn settle() {
    let _ = Command::new("sync").status();
}

/// The last `n` lines of a text, for error messages.
fn tail(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

fn run_measured(cmd: &mut Command, what: &str) -> Result<Measurement, String> {
    measure::run(cmd).map_err(|e| format!("running {what}: {e}"))
}

/// The number of `.html` files under `dir`.
pub fn count_html(dir: &Path) -> usize {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| {
            let path = e.path();
            if path.is_dir() {
                count_html(&path)
            } else {
                usize::from(path.extension().is_some_and(|x| x == "html"))
            }
        })
        .sum()
}

/// The documents of a corpus: its Markdown files other than the home pages.
fn expected_documents(site: &Path) -> usize {
    LANGUAGES
        .iter()
        .flat_map(|lang| {
            ["guidance", "minutes", "case-studies"]
                .map(|section| site.join("content").join(lang).join(section))
        })
        .filter_map(|dir| fs::read_dir(dir).ok())
        .map(|entries| entries.flatten().count())
        .sum()
}

/// Full builds of loupe on one corpus: the medians, the stage medians and the output sizes.
struct LoupeRuns {
    time: ToolTime,
    stages: Vec<(String, f64)>,
    output_bytes: u64,
    index_bytes: Option<u64>,
}

fn bench_loupe(
    loupe: &Path,
    site: &Path,
    out: &Path,
    runs: usize,
    with_timings: &mut bool,
    label: &str,
) -> Result<LoupeRuns, String> {
    let mut walls = Vec::new();
    let mut rss = Vec::new();
    let mut stage_runs: Vec<Vec<timings::Stage>> = Vec::new();
    let mut run = 0;
    while run < runs {
        clean(out)?;
        // A build cache next to the site would make later runs incremental: remove it.
        clean(&site.join(".loupe"))?;
        settle();
        let mut cmd = Command::new(loupe);
        cmd.arg("build")
            .arg("--root")
            .arg(site)
            .arg("--output")
            .arg(out);
        if *with_timings {
            cmd.arg("--timings");
        }
        let m = run_measured(&mut cmd, "loupe build")?;
        if !m.success {
            if *with_timings && m.stderr.contains("--timings") {
                eprintln!("  loupe build does not accept --timings yet: measuring without stages");
                *with_timings = false;
                continue;
            }
            return Err(format!(
                "loupe build --root {} failed (exit {}):\n{}",
                site.display(),
                m.code,
                tail(&m.stderr, 40)
            ));
        }
        // A build that "succeeds" without writing the pages measures nothing.
        let html = count_html(out);
        let documents = expected_documents(site);
        if html < documents {
            return Err(format!(
                "loupe build exited 0 but wrote {html} HTML files for {documents} documents in {}",
                out.display()
            ));
        }
        run += 1;
        eprintln!(
            "  {label} loupe run {run}/{runs}: {}, peak {}",
            report::seconds(m.wall.as_secs_f64()),
            report::bytes(m.peak_rss as f64)
        );
        walls.push(m.wall.as_secs_f64());
        rss.push(m.peak_rss as f64);
        let mut stages = timings::parse(&m.stderr);
        if stages.is_empty() {
            stages = timings::parse(&m.stdout);
        }
        stage_runs.push(stages);
    }
    // Stage medians, in the order of the first run that reported them.
    let mut names: Vec<String> = Vec::new();
    for stages in &stage_runs {
        for s in stages {
            if !names.contains(&s.name) {
                names.push(s.name.clone());
            }
        }
    }
    let stages = names
        .into_iter()
        .map(|name| {
            let times: Vec<f64> = stage_runs
                .iter()
                .filter_map(|st| st.iter().find(|s| s.name == name))
                .map(|s| s.time.as_secs_f64())
                .collect();
            (name, median(&times))
        })
        .collect();
    let search = out.join("search");
    Ok(LoupeRuns {
        time: ToolTime {
            seconds: median(&walls),
            peak_rss: median(&rss),
        },
        stages,
        output_bytes: dir_size(out),
        index_bytes: search.is_dir().then(|| dir_size(&search)),
    })
}

/// Hugo builds of the corpus, the first followed by Pagefind on Hugo's output when it is
/// installed.
fn bench_hugo(
    hugo: Option<&Path>,
    pagefind: Option<&Path>,
    site: &Path,
    work: &Path,
    runs: usize,
    label: &str,
) -> (Comparison, Comparison) {
    let Some(hugo) = hugo else {
        let why = "hugo is not installed (apt-get install hugo)".to_string();
        let pf = match pagefind {
            Some(_) => "pagefind runs on hugo's output, and hugo is not installed",
            None => "pagefind is not installed (npm install -g pagefind)",
        };
        return (Comparison::Skipped(why), Comparison::Skipped(pf.into()));
    };
    let hugo_site = work.join("hugo-site");
    let out = work.join("hugo-public");
    if let Err(e) = crate::hugo::write_site(site, &hugo_site) {
        let msg = format!("writing the hugo site: {e}");
        return (Comparison::Failed(msg.clone()), Comparison::Failed(msg));
    }
    let (mut hw, mut hr, mut pw, mut pr) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut pagefind_result = None;
    for run in 1..=runs {
        if let Err(e) = clean(&out) {
            return (Comparison::Failed(e.clone()), Comparison::Failed(e));
        }
        settle();
        let mut cmd = Command::new(hugo);
        cmd.arg("--quiet")
            .arg("--source")
            .arg(&hugo_site)
            .arg("--destination")
            .arg(&out);
        let m = match run_measured(&mut cmd, "hugo") {
            Ok(m) if m.success => m,
            Ok(m) => {
                let msg = format!("hugo failed (exit {}): {}", m.code, tail(&m.stderr, 10));
                eprintln!("  {msg}");
                return (
                    Comparison::Failed(msg),
                    Comparison::Skipped("hugo failed".into()),
                );
            }
            Err(e) => {
                return (
                    Comparison::Failed(e),
                    Comparison::Skipped("hugo failed".into()),
                )
            }
        };
        eprintln!(
            "  {label} hugo run {run}/{runs}: {}, peak {}",
            report::seconds(m.wall.as_secs_f64()),
            report::bytes(m.peak_rss as f64)
        );
        hw.push(m.wall.as_secs_f64());
        hr.push(m.peak_rss as f64);
        // Pagefind indexes Hugo's output once per size: on large sites it is by far the
        // slowest step of the comparison, and one run is enough for a ratio.
        let Some(pagefind) = pagefind else { continue };
        if run > 1 {
            continue;
        }
        settle();
        let mut cmd = Command::new(pagefind);
        cmd.arg("--site").arg(&out);
        match run_measured(&mut cmd, "pagefind") {
            Ok(p) if p.success => {
                eprintln!(
                    "  {label} pagefind (1 run): {}, peak {}",
                    report::seconds(p.wall.as_secs_f64()),
                    report::bytes(p.peak_rss as f64)
                );
                pw.push(p.wall.as_secs_f64());
                pr.push(p.peak_rss as f64);
            }
            Ok(p) => {
                let msg = format!("pagefind failed (exit {}): {}", p.code, tail(&p.stderr, 10));
                eprintln!("  {msg}");
                pagefind_result = Some(Comparison::Failed(msg));
            }
            Err(e) => pagefind_result = Some(Comparison::Failed(e)),
        }
    }
    let hugo_result = Comparison::Measured(ToolTime {
        seconds: median(&hw),
        peak_rss: median(&hr),
    });
    let pagefind_result = pagefind_result.unwrap_or_else(|| {
        if pw.is_empty() {
            Comparison::Skipped("pagefind is not installed (npm install -g pagefind)".into())
        } else {
            Comparison::Measured(ToolTime {
                seconds: median(&pw),
                peak_rss: median(&pr),
            })
        }
    });
    (hugo_result, pagefind_result)
}

/// Runs the whole benchmark and prints its table; `Ok(false)` when the scaling check fails.
pub fn run(opts: &BenchOptions) -> Result<bool, String> {
    let loupe = build_loupe()?;
    let (hugo, pagefind) = if opts.compare {
        (which("hugo"), which("pagefind"))
    } else {
        (None, None)
    };
    let mut sizes = opts.sizes.clone();
    sizes.sort_unstable();
    sizes.dedup();

    let mut with_timings = true;
    let mut results = Vec::new();
    for &docs in &sizes {
        let label = format!("[{}/language]", report::thousands(docs as u64));
        let (site, corpus_bytes) = cached_corpus(docs, opts.seed)?;
        let work = target_dir()
            .join("bench-out")
            .join(format!("{docs}-{}", opts.seed));
        let l = bench_loupe(
            &loupe,
            &site,
            &work.join("loupe-public"),
            opts.runs,
            &mut with_timings,
            &label,
        )?;
        let (hugo_result, pagefind_result) = if opts.compare {
            bench_hugo(
                hugo.as_deref(),
                pagefind.as_deref(),
                &site,
                &work,
                opts.runs,
                &label,
            )
        } else {
            let why = Comparison::Skipped("--no-compare".into());
            (why.clone(), why)
        };
        results.push(SizeResult {
            docs_per_language: docs,
            languages: LANGUAGES.len(),
            corpus_bytes,
            loupe: l.time,
            stages: l.stages,
            output_bytes: l.output_bytes,
            index_bytes: l.index_bytes,
            hugo: hugo_result,
            pagefind: pagefind_result,
        });
    }

    println!();
    println!(
        "loupe benchmark: {} CPU(s), seed {}, full builds (output and .loupe/ removed, and the disk synced, before each run)",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        opts.seed
    );
    println!();
    print!("{}", report::table(&results, opts.runs));
    println!();
    let last = results.last().expect("at least one size");
    for (name, c) in [("hugo", &last.hugo), ("pagefind", &last.pagefind)] {
        match c {
            Comparison::Skipped(why) => println!("{name}: skipped: {why}"),
            Comparison::Failed(why) => println!("{name}: failed: {why}"),
            Comparison::Measured(_) => {}
        }
    }
    if !with_timings {
        println!("stages: skipped: this loupe does not accept `build --timings` yet");
    } else if results.iter().all(|r| r.stages.is_empty()) {
        println!("stages: `loupe build --timings` printed no `timings:` block");
    }
    if results.iter().any(|r| r.index_bytes.is_none()) {
        println!(
            "search: loupe wrote no client index (no search/ folder in its output) for some sizes: \
             those builds did not include search, so the ratios are not with search"
        );
    }
    for line in report::budgets(&results) {
        println!("budget: {line}");
    }
    match report::scaling(&results) {
        Some(s) => {
            let small = results
                .iter()
                .find(|r| r.docs_per_language == s.small)
                .unwrap();
            let large = results
                .iter()
                .find(|r| r.docs_per_language == s.large)
                .unwrap();
            println!(
                "scaling: time per document {} at {}/language, {} at {}/language: {:.2}× (limit {:.1}×) {}",
                report::seconds(small.seconds_per_doc()),
                report::thousands(s.small as u64),
                report::seconds(large.seconds_per_doc()),
                report::thousands(s.large as u64),
                s.ratio,
                report::SCALING_LIMIT,
                if s.pass { "PASS" } else { "FAIL" }
            );
            Ok(s.pass)
        }
        None => {
            println!("scaling: not checked (needs two or more sizes)");
            Ok(true)
        }
    }
}
