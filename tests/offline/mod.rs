//! Helpers of the offline-distribution tests (`tests/bundle.rs`, `tests/zim.rs`): running
//! `loupe bundle`, external tools that may be missing (mtools, zim-tools, kiwix-tools,
//! Chromium), and the browser scripts of `tests/browser/`.
//!
//! A missing tool prints how to install it and skips the test, except under `CI=true`, where
//! it fails.

#![allow(
    unreachable_pub,
    reason = "helpers of integration test crates are not an API"
)]
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root (the default site).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `loupe` with `args`.
pub fn loupe(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_loupe"))
        .args(args)
        .output()
        .expect("run loupe")
}

/// Standard output and error together, as text.
pub fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Runs `loupe bundle` on the default site into `out` with `extra` options, asserting success.
pub fn bundle_default_site(out: &Path, extra: &[&str]) -> Output {
    let root = repo();
    let mut args = vec![
        "bundle",
        "--root",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let o = loupe(&args);
    assert!(o.status.success(), "loupe bundle failed:\n{}", text(&o));
    o
}

/// True when `program` runs (`program --version` or `program -V`).
fn runs(program: &str) -> bool {
    ["--version", "-V"].iter().any(|flag| {
        Command::new(program)
            .arg(flag)
            .output()
            .is_ok_and(|o| o.status.success() || !o.stdout.is_empty())
    })
}

/// Whether the test may go on: false (after printing how to install) when a tool is missing;
/// a panic under `CI=true`.
pub fn have(programs: &[&str], package: &str) -> bool {
    for p in programs {
        if !runs(p) {
            let why = format!("`{p}` not found (install it: `apt-get install {package}`)");
            if std::env::var("CI").as_deref() == Ok("true") {
                panic!("cannot run under CI: {why}");
            }
            eprintln!("SKIPPED: {why}");
            return false;
        }
    }
    true
}

/// Whether headless Chromium, Node and puppeteer-core are there (same rules as [`have`]).
pub fn have_browser() -> bool {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let why = if !Path::new(&chromium).exists() {
        Some(format!(
            "chromium not found at {chromium} (install it: `apt-get install chromium`)"
        ))
    } else if !runs("node") {
        Some("Node.js not found (install it: `apt-get install nodejs npm`)".into())
    } else if !repo().join("node_modules/puppeteer-core").is_dir() {
        Some("puppeteer-core not installed (run `npm ci` in the repository root)".into())
    } else {
        None
    };
    match why {
        None => true,
        Some(why) if std::env::var("CI").as_deref() == Ok("true") => {
            panic!("browser tests cannot run under CI: {why}")
        }
        Some(why) => {
            eprintln!("SKIPPED browser check: {why}");
            false
        }
    }
}

/// Runs `tests/browser/<script>` with `args` under Node, asserting success.
pub fn run_node(script: &str, args: &[&str]) {
    let o = Command::new("node")
        .arg(repo().join("tests/browser").join(script))
        .args(args)
        .output()
        .expect("run node");
    let out = text(&o);
    eprintln!("{out}");
    assert!(o.status.success(), "{script} failed:\n{out}");
}

/// Runs a command, asserting success; returns its output.
pub fn run(cmd: &mut Command) -> Output {
    let o = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(o.status.success(), "{cmd:?} failed:\n{}", text(&o));
    o
}
