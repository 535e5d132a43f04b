//! `cargo xtask bench`: builds the release loupe binary, generates (or reuses) the corpora,
//! measures full builds, compares with Hugo and Pagefind when they are installed, prints the
//! table and checks scaling.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use crate::corpus::{self, CorpusOptions, GENERATOR_VERSION, LANGUAGES};
use crate::measure::{self, dir_files, dir_size, median, which, Measurement};
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
    /// Another loupe binary (for example the release build of an earlier commit) measured
    /// in turn with this one, for before/after ratios.
    pub baseline: Option<PathBuf>,
    /// Whether to measure a build after a one-file edit, against the record of the build
    /// before it.
    pub incremental: bool,
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
        extra_terms: 0,
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
    cargo_build_loupe(&[], None, target_dir().join("release").join("loupe"))
}

/// Runs `cargo build --release -p loupe` with the arguments `extra` after it, and with
/// `RUSTFLAGS` set to `rustflags` when given; returns `bin`, the binary that build makes
/// (its place depends on `extra`), once it is there.
pub fn cargo_build_loupe(
    extra: &[&std::ffi::OsStr],
    rustflags: Option<&str>,
    bin: PathBuf,
) -> Result<PathBuf, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .args(["build", "--release", "-p", "loupe"])
        .args(extra)
        .current_dir(workspace_root());
    let mut shown = String::from("cargo build --release -p loupe");
    for arg in extra {
        shown.push(' ');
        shown.push_str(&arg.to_string_lossy());
    }
    if let Some(flags) = rustflags {
        command.env("RUSTFLAGS", flags);
        shown = format!("RUSTFLAGS={flags} {shown}");
    }
    eprintln!("building: {shown}");
    let status = command
        .status()
        .map_err(|e| format!("running cargo: {e}"))?;
    if !status.success() {
        return Err(format!("{shown} failed ({status})"));
    }
    if !bin.is_file() {
        return Err(format!("{} was not built", bin.display()));
    }
    Ok(bin)
}

/// Moves a folder, if it exists, into the trash ([`trash_dir`]), emptied only when the
/// benchmark ends ([`empty_trash`]).
///
/// Not deleted at once: on ext4 without a journal (this machine's disk), creating a file
/// first skips every inode of its block group freed in the last minutes
/// (`recently_deleted()` in `fs/ext4/ialloc.c`), one lookup each. Deleting the last run's
/// 40,000 files made the next run of every tool spend seconds of system time there, more
/// with each run (copying a 10,000-document output with `cp -r`: 1.9 s into a quiet disk,
/// 6.6 s just after deleting a copy), which is no work of the tool measured.
fn clean(dir: &Path) -> Result<(), String> {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    if fs::symlink_metadata(dir).is_err() {
        return Ok(());
    }
    let trash = trash_dir();
    fs::create_dir_all(&trash).map_err(|e| format!("creating {}: {e}", trash.display()))?;
    let aside = trash.join(format!(
        "{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    fs::rename(dir, &aside).map_err(|e| format!("moving {} aside: {e}", dir.display()))
}

/// Where [`clean`] puts the folders of earlier runs.
fn trash_dir() -> PathBuf {
    target_dir().join("bench-trash")
}

/// Deletes what [`clean`] set aside (before the first run, what an interrupted benchmark left),
/// and notes when it did ([`emptied_note`]).
fn empty_trash() -> Result<(), String> {
    let trash = trash_dir();
    match fs::remove_dir_all(&trash) {
        Ok(()) => {
            let _ = fs::write(emptied_note(), b"");
            Ok(())
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(format!("removing {}: {e}", trash.display())),
    }
}

/// A file whose time says when [`empty_trash`] last deleted something.
fn emptied_note() -> PathBuf {
    target_dir().join("bench-trash.emptied")
}

/// How long files created after a large deletion stay slow to create (see [`clean`]). The
/// kernel's window is 5 minutes while the freed inodes' blocks are dirty; runs started 6
/// minutes after the deletion of a 50,000-document benchmark's outputs were still slowed at
/// 1,000 documents, for every tool, so the margin is wide.
const AFTER_DELETION: std::time::Duration = std::time::Duration::from_secs(10 * 60);

/// Waits until [`AFTER_DELETION`] has passed since the trash was last emptied (by this
/// benchmark before its first run, or by the one before it), saying so: timed runs started
/// sooner measure the disk's bookkeeping of that deletion, not the tools.
fn wait_after_deletion() {
    let since = fs::metadata(emptied_note())
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok());
    if let Some(left) = since.and_then(|s| AFTER_DELETION.checked_sub(s)) {
        eprintln!(
            "waiting {} s: earlier runs' folders were deleted {} s ago, and files created \
             within {} minutes of a large deletion are slower to create (ext4)",
            left.as_secs(),
            since.map_or(0, |s| s.as_secs()),
            AFTER_DELETION.as_secs() / 60
        );
        std::thread::sleep(left);
    }
}

/// Writes out the dirty pages the previous run and its cleaning left, so that each timed run
/// (of every tool) starts with the disk idle: otherwise a run pays for the writeback of the
/// one before it, and the figures swing by half on a virtual disk.
fn settle() {
    let _ = Command::new("sync").status();
}

/// Reads every file under `dir` (the corpus, and Hugo's site that points at it), so that
/// every timed run starts with its input in the page cache.
///
/// Without this the runs did not start alike: at 50,000 documents per language Hugo's peak
/// of ~17 GB on a 24 GB machine evicted the 608 MB corpus, so the tool that ran after Hugo
/// read its input from the disk and the one after that from memory.
fn warm(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut buf = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        match entry.file_type() {
            Ok(t) if t.is_dir() => warm(&path),
            Ok(t) if t.is_file() => {
                buf.clear();
                if let Ok(mut f) = fs::File::open(&path) {
                    let _ = io::Read::read_to_end(&mut f, &mut buf);
                }
            }
            _ => {}
        }
    }
}

/// The order of the tools in round `round` of `tools`: each round starts one tool further,
/// so that no tool always runs just after the same other one.
fn turn_order(tools: usize, round: usize) -> impl Iterator<Item = usize> {
    (0..tools).map(move |k| (round + k) % tools.max(1))
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

/// Full builds by one loupe binary on one corpus, one run at a time so that the tools can
/// alternate run by run: the wall times, peak memory and `--timings` stages of each run.
struct LoupeSeries<'a> {
    /// `loupe` or `baseline`, for progress lines.
    name: &'static str,
    bin: &'a Path,
    out: PathBuf,
    with_timings: bool,
    walls: Vec<f64>,
    rss: Vec<f64>,
    stage_runs: Vec<Vec<timings::Stage>>,
}

/// The medians of a [`LoupeSeries`] and the size of its last output.
struct LoupeRuns {
    time: ToolTime,
    stages: Vec<(String, f64)>,
    output_bytes: u64,
    index_bytes: Option<u64>,
    output_files: u64,
    index_files: Option<u64>,
}

impl<'a> LoupeSeries<'a> {
    fn new(name: &'static str, bin: &'a Path, out: PathBuf) -> Self {
        LoupeSeries {
            name,
            bin,
            out,
            with_timings: true,
            walls: Vec::new(),
            rss: Vec::new(),
            stage_runs: Vec::new(),
        }
    }

    /// One full build: the output folder and the site's `.loupe/` (the build cache and the
    /// search index) moved aside first ([`clean`]), the disk synced.
    fn run_once(&mut self, site: &Path, label: &str, runs: usize) -> Result<(), String> {
        loop {
            clean(&self.out)?;
            // A build cache next to the site would make the run incremental: remove it.
            clean(&site.join(".loupe"))?;
            settle();
            warm(site);
            let mut cmd = Command::new(self.bin);
            cmd.arg("build")
                .arg("--root")
                .arg(site)
                .arg("--output")
                .arg(&self.out);
            if self.with_timings {
                cmd.arg("--timings");
            }
            let m = run_measured(&mut cmd, "loupe build")?;
            if !m.success {
                if self.with_timings && m.stderr.contains("--timings") {
                    eprintln!(
                        "  {} does not accept --timings: measuring without stages",
                        self.bin.display()
                    );
                    self.with_timings = false;
                    continue;
                }
                return Err(format!(
                    "{} build --root {} failed (exit {}):\n{}",
                    self.bin.display(),
                    site.display(),
                    m.code,
                    tail(&m.stderr, 40)
                ));
            }
            check_pages(site, &self.out, "loupe build")?;
            self.walls.push(m.wall.as_secs_f64());
            self.rss.push(m.peak_rss as f64);
            eprintln!(
                "  {label} {} run {}/{runs}: {}, peak {}",
                self.name,
                self.walls.len(),
                report::seconds(m.wall.as_secs_f64()),
                report::bytes(m.peak_rss as f64)
            );
            let mut stages = timings::parse(&m.stderr);
            if stages.is_empty() {
                stages = timings::parse(&m.stdout);
            }
            self.stage_runs.push(stages);
            return Ok(());
        }
    }

    fn finish(self) -> LoupeRuns {
        // Stage medians, in the order of the first run that reported them.
        let mut names: Vec<String> = Vec::new();
        for stages in &self.stage_runs {
            for s in stages {
                if !names.contains(&s.name) {
                    names.push(s.name.clone());
                }
            }
        }
        let stages = names
            .into_iter()
            .map(|name| {
                let times: Vec<f64> = self
                    .stage_runs
                    .iter()
                    .filter_map(|st| st.iter().find(|s| s.name == name))
                    .map(|s| s.time.as_secs_f64())
                    .collect();
                (name, median(&times))
            })
            .collect();
        let search = self.out.join("search");
        LoupeRuns {
            time: ToolTime {
                seconds: median(&self.walls),
                peak_rss: median(&self.rss),
            },
            stages,
            output_bytes: dir_size(&self.out),
            index_bytes: search.is_dir().then(|| dir_size(&search)),
            output_files: dir_files(&self.out),
            index_files: search.is_dir().then(|| dir_files(&search)),
        }
    }
}

/// A build that "succeeds" without writing the pages measures nothing.
fn check_pages(site: &Path, out: &Path, what: &str) -> Result<(), String> {
    let html = count_html(out);
    let documents = expected_documents(site);
    if html < documents {
        return Err(format!(
            "{what} exited 0 but wrote {html} HTML files for {documents} documents in {}",
            out.display()
        ));
    }
    Ok(())
}

/// The file that the incremental runs edit: the first guidance note of the first language.
fn edited_file(site: &Path) -> Result<PathBuf, String> {
    let dir = site.join("content").join(LANGUAGES[0]).join("guidance");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    files
        .into_iter()
        .next()
        .ok_or_else(|| format!("no guidance note in {}", dir.display()))
}

/// `loupe build` after editing one document's body, against the record of the build before
/// (`.loupe/build`): one untimed full build first, then `runs` timed edit-and-build runs, each
/// edit different. The edited file is restored afterwards, whatever happens.
fn bench_incremental(
    loupe: &Path,
    site: &Path,
    out: &Path,
    runs: usize,
    label: &str,
) -> Result<ToolTime, String> {
    let file = edited_file(site)?;
    let original = fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
    let result = (|| {
        clean(out)?;
        clean(&site.join(".loupe"))?;
        let build = || {
            let mut cmd = Command::new(loupe);
            cmd.arg("build")
                .arg("--root")
                .arg(site)
                .arg("--output")
                .arg(out);
            cmd
        };
        let m = run_measured(&mut build(), "loupe build")?;
        if !m.success {
            return Err(format!(
                "loupe build failed (exit {}):\n{}",
                m.code,
                tail(&m.stderr, 20)
            ));
        }
        let (mut walls, mut rss) = (Vec::new(), Vec::new());
        for run in 1..=runs {
            let edited = format!(
                "{}\nA sentence added by the benchmark's edit number {run}.\n",
                original.trim_end()
            );
            fs::write(&file, edited).map_err(|e| format!("{}: {e}", file.display()))?;
            settle();
            let m = run_measured(&mut build(), "loupe build (incremental)")?;
            if !m.success {
                return Err(format!(
                    "incremental loupe build failed (exit {}):\n{}",
                    m.code,
                    tail(&m.stderr, 20)
                ));
            }
            check_pages(site, out, "the incremental loupe build")?;
            eprintln!(
                "  {label} loupe one-file edit {run}/{runs}: {}, peak {}",
                report::seconds(m.wall.as_secs_f64()),
                report::bytes(m.peak_rss as f64)
            );
            walls.push(m.wall.as_secs_f64());
            rss.push(m.peak_rss as f64);
        }
        Ok(ToolTime {
            seconds: median(&walls),
            peak_rss: median(&rss),
        })
    })();
    fs::write(&file, &original).map_err(|e| format!("restoring {}: {e}", file.display()))?;
    clean(&site.join(".loupe"))?;
    result
}

/// Hugo builds of a corpus, one run at a time, the first followed by Pagefind on Hugo's
/// output when it is installed.
struct HugoSeries<'a> {
    hugo: &'a Path,
    pagefind: Option<&'a Path>,
    site: PathBuf,
    out: PathBuf,
    /// The loupe corpus whose `content/` the Hugo site reads.
    corpus: PathBuf,
    walls: Vec<f64>,
    rss: Vec<f64>,
    pagefind_time: Option<Comparison>,
    failed: Option<String>,
}

impl<'a> HugoSeries<'a> {
    /// Writes the Hugo version of the corpus into `work`.
    fn new(
        hugo: &'a Path,
        pagefind: Option<&'a Path>,
        corpus: &Path,
        work: &Path,
    ) -> Result<Self, String> {
        let site = work.join("hugo-site");
        crate::hugo::write_site(corpus, &site)
            .map_err(|e| format!("writing the hugo site: {e}"))?;
        Ok(HugoSeries {
            hugo,
            pagefind,
            corpus: corpus.to_path_buf(),
            site,
            out: work.join("hugo-public"),
            walls: Vec::new(),
            rss: Vec::new(),
            pagefind_time: None,
            failed: None,
        })
    }

    fn run_once(&mut self, label: &str, runs: usize) {
        if self.failed.is_some() {
            return;
        }
        if let Err(e) = clean(&self.out) {
            self.failed = Some(e);
            return;
        }
        settle();
        warm(&self.corpus);
        warm(&self.site);
        let mut cmd = Command::new(self.hugo);
        cmd.arg("--quiet")
            .arg("--source")
            .arg(&self.site)
            .arg("--destination")
            .arg(&self.out);
        let m = match run_measured(&mut cmd, "hugo") {
            Ok(m) if m.success => m,
            Ok(m) => {
                let msg = format!("hugo failed (exit {}): {}", m.code, tail(&m.stderr, 10));
                eprintln!("  {msg}");
                self.failed = Some(msg);
                return;
            }
            Err(e) => {
                self.failed = Some(e);
                return;
            }
        };
        self.walls.push(m.wall.as_secs_f64());
        self.rss.push(m.peak_rss as f64);
        eprintln!(
            "  {label} hugo run {}/{runs}: {}, peak {}",
            self.walls.len(),
            report::seconds(m.wall.as_secs_f64()),
            report::bytes(m.peak_rss as f64)
        );
        // Pagefind indexes Hugo's output once per size: on large sites it is by far the
        // slowest step of the comparison, and one run is enough for a ratio.
        let Some(pagefind) = self.pagefind else {
            return;
        };
        if self.pagefind_time.is_some() {
            return;
        }
        settle();
        let mut cmd = Command::new(pagefind);
        cmd.arg("--site").arg(&self.out);
        self.pagefind_time = Some(match run_measured(&mut cmd, "pagefind") {
            Ok(p) if p.success => {
                eprintln!(
                    "  {label} pagefind (1 run): {}, peak {}",
                    report::seconds(p.wall.as_secs_f64()),
                    report::bytes(p.peak_rss as f64)
                );
                Comparison::Measured(ToolTime {
                    seconds: p.wall.as_secs_f64(),
                    peak_rss: p.peak_rss as f64,
                })
            }
            Ok(p) => {
                let msg = format!("pagefind failed (exit {}): {}", p.code, tail(&p.stderr, 10));
                eprintln!("  {msg}");
                Comparison::Failed(msg)
            }
            Err(e) => Comparison::Failed(e),
        });
    }

    fn finish(self) -> (Comparison, Comparison) {
        if let Some(msg) = self.failed {
            return (
                Comparison::Failed(msg),
                Comparison::Skipped("hugo failed".into()),
            );
        }
        let pagefind = self.pagefind_time.unwrap_or_else(|| {
            Comparison::Skipped("pagefind is not installed (npm install -g pagefind)".into())
        });
        (
            Comparison::Measured(ToolTime {
                seconds: median(&self.walls),
                peak_rss: median(&self.rss),
            }),
            pagefind,
        )
    }
}

fn hugo_skipped(pagefind: Option<&Path>) -> (Comparison, Comparison) {
    let why = "hugo is not installed (apt-get install hugo)".to_string();
    let pf = match pagefind {
        Some(_) => "pagefind runs on hugo's output, and hugo is not installed",
        None => "pagefind is not installed (npm install -g pagefind)",
    };
    (Comparison::Skipped(why), Comparison::Skipped(pf.into()))
}

/// Runs the whole benchmark and prints its table; `Ok(false)` when the scaling check fails.
/// The folders of earlier runs are deleted once the table is printed (and, before the first
/// run, those an interrupted benchmark left); the first run waits until a recent deletion is
/// `AFTER_DELETION` old.
pub fn run(opts: &BenchOptions) -> Result<bool, String> {
    empty_trash()?;
    wait_after_deletion();
    let result = measure_and_print(opts);
    eprintln!(
        "removing the earlier runs' folders ({})",
        trash_dir().display()
    );
    empty_trash()?;
    result
}

/// [`run`], but for the trash.
fn measure_and_print(opts: &BenchOptions) -> Result<bool, String> {
    let loupe = build_loupe()?;
    if let Some(b) = &opts.baseline {
        if !b.is_file() {
            return Err(format!("--baseline {}: no such file", b.display()));
        }
    }
    let (hugo, pagefind) = if opts.compare {
        (which("hugo"), which("pagefind"))
    } else {
        (None, None)
    };
    let mut sizes = opts.sizes.clone();
    sizes.sort_unstable();
    sizes.dedup();

    let mut results = Vec::new();
    let mut with_timings = true;
    for &docs in &sizes {
        let label = format!("[{}/language]", report::thousands(docs as u64));
        let (site, corpus_bytes) = cached_corpus(docs, opts.seed)?;
        let work = target_dir()
            .join("bench-out")
            .join(format!("{docs}-{}", opts.seed));
        let mut current = LoupeSeries::new("loupe", &loupe, work.join("loupe-public"));
        let mut baseline = opts
            .baseline
            .as_deref()
            .map(|b| LoupeSeries::new("baseline", b, work.join("baseline-public")));
        let mut hugo_series = None;
        let (mut hugo_result, mut pagefind_result) = if !opts.compare {
            let why = Comparison::Skipped("--no-compare".into());
            (why.clone(), why)
        } else if let Some(h) = hugo.as_deref() {
            match HugoSeries::new(h, pagefind.as_deref(), &site, &work) {
                Ok(series) => {
                    hugo_series = Some(series);
                    (
                        Comparison::Skipped(String::new()),
                        Comparison::Skipped(String::new()),
                    )
                }
                Err(e) => (Comparison::Failed(e.clone()), Comparison::Failed(e)),
            }
        } else {
            hugo_skipped(pagefind.as_deref())
        };
        // The tools take turns run by run, so that a slow spell of a shared machine falls on
        // all of them rather than on one, and each round starts with the next tool (loupe,
        // baseline, hugo; then baseline, hugo, loupe; …), so that none always follows the
        // same one. Every run starts with the corpus read into the page cache ([`warm`]).
        for round in 0..opts.runs {
            for tool in turn_order(3, round) {
                match tool {
                    0 => current.run_once(&site, &label, opts.runs)?,
                    1 => {
                        if let Some(b) = baseline.as_mut() {
                            b.run_once(&site, &label, opts.runs)?;
                        }
                    }
                    _ => {
                        if let Some(h) = hugo_series.as_mut() {
                            h.run_once(&label, opts.runs);
                        }
                    }
                }
            }
        }
        if let Some(h) = hugo_series {
            (hugo_result, pagefind_result) = h.finish();
        }
        with_timings &= current.with_timings;
        let l = current.finish();
        let baseline_result = match baseline {
            Some(b) => Comparison::Measured(b.finish().time),
            None => Comparison::Skipped("no --baseline".into()),
        };
        let incremental = if opts.incremental {
            Some(bench_incremental(
                &loupe,
                &site,
                &work.join("loupe-public"),
                opts.runs,
                &label,
            )?)
        } else {
            None
        };
        results.push(SizeResult {
            docs_per_language: docs,
            languages: LANGUAGES.len(),
            corpus_bytes,
            loupe: l.time,
            stages: l.stages,
            output_bytes: l.output_bytes,
            index_bytes: l.index_bytes,
            output_files: l.output_files,
            index_files: l.index_files,
            hugo: hugo_result,
            pagefind: pagefind_result,
            baseline: baseline_result,
            incremental,
        });
    }

    println!();
    println!(
        "loupe benchmark: {} CPU(s), seed {}, full builds (output and .loupe/ moved aside, the disk synced and the corpus read into memory before each run; the tools take turns run by run, each round starting with the next tool)",
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_round_runs_each_tool_once_and_starts_with_the_next() {
        let rounds: Vec<Vec<usize>> = (0..4).map(|r| turn_order(3, r).collect()).collect();
        assert_eq!(
            rounds,
            vec![vec![0, 1, 2], vec![1, 2, 0], vec![2, 0, 1], vec![0, 1, 2]]
        );
    }
}
