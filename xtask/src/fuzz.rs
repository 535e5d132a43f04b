//! `cargo xtask fuzz`: the fuzz targets of `fuzz/` (see `loupe::invariants`).
//!
//! - `--smoke`: the stable replay test (`tests/fuzz_replay.rs`) with a time budget per target,
//!   on any toolchain: what CI can afford.
//! - `--minutes N`: every target (or `--target NAME`) under libFuzzer for N minutes each, with
//!   `cargo +nightly fuzz` (`cargo install cargo-fuzz`), two at a time, seeded from `content/`
//!   and the test fixtures; the corpus grows in `fuzz/corpus/` (ignored by git) and failing
//!   inputs land in `fuzz/artifacts/`.

use std::path::Path;
use std::process::{Child, Command};

/// Largest input libFuzzer generates, in bytes.
pub const MAX_LEN: usize = 65_536;
/// libFuzzer's limit for one input, in seconds: with [`MAX_LEN`], a bound of about 45 µs per
/// byte; anything slower than linear on such inputs is reported as a timeout.
pub const TIMEOUT_SECS: u64 = 3;

/// Options of `cargo xtask fuzz`.
pub struct FuzzOptions {
    /// Minutes per target (libFuzzer), or `None` for the smoke replay.
    pub minutes: Option<u64>,
    /// Seconds per target of the smoke replay.
    pub smoke_seconds: u64,
    /// Only this target.
    pub target: Option<String>,
    /// Targets run at once.
    pub jobs: usize,
}

/// The fuzz targets: the files of `fuzz/fuzz_targets/`.
pub fn targets(root: &Path) -> Result<Vec<String>, String> {
    let dir = root.join("fuzz/fuzz_targets");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map_err(|e| format!("reading {}: {e}", dir.display()))?
        .filter_map(Result::ok)
        .filter_map(|e| {
            e.file_name()
                .to_str()
                .and_then(|n| n.strip_suffix(".rs"))
                .map(str::to_string)
        })
        .collect();
    names.sort();
    Ok(names)
}

/// Runs the task; `Ok(false)` when a target failed.
pub fn run(opts: &FuzzOptions) -> Result<bool, String> {
    let root = crate::bench::workspace_root();
    let all = targets(&root)?;
    let chosen: Vec<String> = match &opts.target {
        Some(t) if all.contains(t) => vec![t.clone()],
        Some(t) => {
            return Err(format!(
                "no fuzz target `{t}` (targets: {})",
                all.join(", ")
            ))
        }
        None => all,
    };
    match opts.minutes {
        None => smoke(&root, &chosen, opts.smoke_seconds),
        Some(m) => libfuzzer(&root, &chosen, m, opts.jobs.max(1)),
    }
}

fn smoke(root: &Path, targets: &[String], seconds: u64) -> Result<bool, String> {
    let mut cmd = Command::new(env!("CARGO"));
    cmd.current_dir(root)
        .args(["test", "--test", "fuzz_replay", "--"])
        .args(targets)
        .args(["--exact", "--nocapture", "--test-threads", "1"])
        .env("LOUPE_FUZZ_SECONDS", seconds.to_string());
    eprintln!("xtask: {cmd:?}");
    let status = cmd
        .status()
        .map_err(|e| format!("running cargo test: {e}"))?;
    Ok(status.success())
}

fn libfuzzer(root: &Path, targets: &[String], minutes: u64, jobs: usize) -> Result<bool, String> {
    let fuzz_dir = root.join("fuzz");
    let build = Command::new("cargo")
        .current_dir(&fuzz_dir)
        .args(["+nightly", "fuzz", "build", "--sanitizer", "none"])
        .status()
        .map_err(|e| format!("running cargo +nightly fuzz (cargo install cargo-fuzz): {e}"))?;
    if !build.success() {
        return Ok(false);
    }
    let mut ok = true;
    for batch in targets.chunks(jobs) {
        let children: Vec<(String, Child)> = batch
            .iter()
            .map(|t| start(root, t, minutes).map(|c| (t.clone(), c)))
            .collect::<Result<_, _>>()?;
        for (t, mut child) in children {
            let status = child.wait().map_err(|e| format!("waiting for {t}: {e}"))?;
            eprintln!(
                "xtask: fuzz target {t}: {} (log in fuzz/logs/{t}.log)",
                if status.success() {
                    "no failure"
                } else {
                    "FAILED"
                }
            );
            ok &= status.success();
        }
    }
    Ok(ok)
}

/// Starts libFuzzer on `target` for `minutes`, its log in `fuzz/logs/<target>.log`.
fn start(root: &Path, target: &str, minutes: u64) -> Result<Child, String> {
    let fuzz_dir = root.join("fuzz");
    let corpus = fuzz_dir.join("corpus").join(target);
    let logs = fuzz_dir.join("logs");
    for d in [&corpus, &logs] {
        std::fs::create_dir_all(d).map_err(|e| format!("creating {}: {e}", d.display()))?;
    }
    let log = std::fs::File::create(logs.join(format!("{target}.log")))
        .map_err(|e| format!("creating the log: {e}"))?;
    let mut cmd = Command::new("nice");
    cmd.current_dir(&fuzz_dir)
        .args([
            "cargo",
            "+nightly",
            "fuzz",
            "run",
            "--sanitizer",
            "none",
            target,
        ])
        .arg(&corpus)
        .arg(root.join("content"))
        .arg(root.join("tests/fixtures"));
    let found = root.join("fuzz/regressions").join(target);
    if found.is_dir() {
        cmd.arg(found);
    }
    cmd.arg("--")
        .arg(format!("-max_total_time={}", minutes * 60))
        .arg(format!("-max_len={MAX_LEN}"))
        .arg(format!("-timeout={TIMEOUT_SECS}"))
        .arg("-rss_limit_mb=1024")
        .arg("-print_final_stats=1")
        // Rust's own handler reports a stack overflow (then aborts, which libFuzzer catches and
        // saves the input); libFuzzer's SIGSEGV handler, running on the overflowed stack, only
        // made the process die of SIGSEGV with no input saved.
        .arg("-handle_segv=0")
        .stdout(log.try_clone().map_err(|e| e.to_string())?)
        .stderr(log);
    eprintln!("xtask: {cmd:?}");
    cmd.spawn().map_err(|e| format!("starting {target}: {e}"))
}
