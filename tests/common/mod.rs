//! Helpers shared by the integration tests: running the `loupe` binary on fixture sites.

#![allow(
    unreachable_pub,
    reason = "helpers of integration test crates are not an API"
)]
#![allow(dead_code)]

pub mod served;
pub mod site_test;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root (the default site).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture site's folder.
pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// Runs `loupe` with `args`.
pub fn loupe(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_loupe"))
        .args(args)
        .output()
        .expect("run loupe")
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Copies a folder recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// Every file below `dir`: relative path → bytes.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Runs `loupe build` on `site` into `out`.
pub fn build(site: &Path, out: &Path) -> Output {
    loupe(&[
        "build",
        "--root",
        site.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ])
}

/// Copies fixture `name` into a fresh temporary folder; returns (tempdir, site path).
pub fn fixture_copy(name: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&fixture(name), &site);
    (tmp, site)
}

/// Builds `site` into `dir/out`, asserting success; returns the output path.
pub fn build_ok(site: &Path, dir: &Path) -> PathBuf {
    let out = dir.join("out");
    let o = build(site, &out);
    assert!(o.status.success(), "build failed: {}", stderr(&o));
    out
}

/// Builds fixture `name` into a fresh temporary folder; returns (tempdir, output path).
pub fn build_fixture(name: &str) -> (tempfile::TempDir, PathBuf) {
    let (tmp, site) = fixture_copy(name);
    let out = build_ok(&site, tmp.path());
    (tmp, out)
}

/// Builds the default site (the repository's own content) into `dir/public`.
pub fn build_default_site(dir: &Path) -> PathBuf {
    let out = dir.join("public");
    let o = build(&repo(), &out);
    assert!(o.status.success(), "{}", stderr(&o));
    out
}

/// A built page as text.
pub fn page(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}
