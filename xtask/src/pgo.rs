//! `cargo xtask pgo`: a release build of loupe optimised with a profile of its own builds
//! (profile-guided optimisation, as rustc's guide describes it).
//!
//! 1. An instrumented release build (`-Cprofile-generate`) into `target/pgo/gen/`.
//! 2. Training: it builds the benchmark corpus of 1,000 documents per language and the
//!    default site, from scratch, writing its profiles into `target/pgo/profiles/`.
//! 3. `llvm-profdata merge` (from `rustup component add llvm-tools`) into
//!    `target/pgo/loupe.profdata`.
//! 4. The release build with that profile (`-Cprofile-use`) into `target/pgo/use/`.
//!
//! The build scripts and procedural macros are built as usual (`--target` keeps `RUSTFLAGS`
//! off them). The output of the binary is the same as the plain release build's; only its
//! speed differs.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::bench::{self, target_dir, workspace_root};

/// Builds the profile-guided binary and returns its path.
pub fn build() -> Result<PathBuf, String> {
    let host = host_triple()?;
    let profdata_tool = llvm_profdata(&host)?;
    let dir = target_dir().join("pgo");
    let profiles = dir.join("profiles");
    match fs::remove_dir_all(&profiles) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            return Err(format!("removing {}: {e}", profiles.display()))
        }
        _ => {}
    }
    fs::create_dir_all(&profiles).map_err(|e| format!("creating {}: {e}", profiles.display()))?;

    let instrumented = cargo_build(
        &host,
        &dir.join("gen"),
        &format!("-Cprofile-generate={}", profiles.display()),
    )?;
    let (corpus, _) = bench::cached_corpus(1000, bench::DEFAULT_SEED)?;
    let out = dir.join("train-out");
    for site in [corpus.as_path(), workspace_root().as_path()] {
        eprintln!("training: loupe build --root {} --clean", site.display());
        let status = Command::new(&instrumented)
            .arg("build")
            .arg("--root")
            .arg(site)
            .arg("--output")
            .arg(&out)
            .arg("--clean")
            .status()
            .map_err(|e| format!("running {}: {e}", instrumented.display()))?;
        if !status.success() {
            return Err(format!("the training build of {} failed", site.display()));
        }
        let _ = fs::remove_dir_all(&out);
    }

    let merged = dir.join("loupe.profdata");
    let status = Command::new(&profdata_tool)
        .arg("merge")
        .arg("-o")
        .arg(&merged)
        .arg(&profiles)
        .status()
        .map_err(|e| format!("running {}: {e}", profdata_tool.display()))?;
    if !status.success() {
        return Err(format!("{} merge failed", profdata_tool.display()));
    }
    cargo_build(
        &host,
        &dir.join("use"),
        &format!("-Cprofile-use={}", merged.display()),
    )
}

/// `cargo build --release -p loupe` for `host` into `target`, with `rustflags`; the binary.
fn cargo_build(host: &str, target: &Path, rustflags: &str) -> Result<PathBuf, String> {
    let extra = [
        "--target".as_ref(),
        host.as_ref(),
        "--target-dir".as_ref(),
        target.as_os_str(),
    ];
    let bin = target.join(host).join("release").join("loupe");
    bench::cargo_build_loupe(&extra, Some(rustflags), bin)
}

/// The host's target triple, from `rustc -vV`.
fn host_triple() -> Result<String, String> {
    let out = Command::new("rustc")
        .arg("-vV")
        .output()
        .map_err(|e| format!("running rustc -vV: {e}"))?;
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: "))
        .map(str::to_string)
        .ok_or_else(|| "rustc -vV printed no host".to_string())
}

/// `llvm-profdata` of the active toolchain (the one that matches its LLVM).
fn llvm_profdata(host: &str) -> Result<PathBuf, String> {
    let out = Command::new("rustc")
        .args(["--print", "sysroot"])
        .output()
        .map_err(|e| format!("running rustc --print sysroot: {e}"))?;
    let sysroot = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    let tool = sysroot
        .join("lib/rustlib")
        .join(host)
        .join("bin/llvm-profdata");
    if tool.is_file() {
        Ok(tool)
    } else {
        Err(format!(
            "{} is missing: install it with `rustup component add llvm-tools`",
            tool.display()
        ))
    }
}
