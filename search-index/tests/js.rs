//! The runtime's JavaScript checks, run by `cargo test`: the engine's unit tests under
//! `node --test` (`js/test/*.test.mjs`) and the type check of `js/src/` by TypeScript
//! (`tsc --noEmit -p js/tsconfig.json`, JSDoc types, strict).
//!
//! Without Node (or TypeScript, a devDependency in the repository's package.json) the tests
//! print how to install it and skip; under `CI=true` a missing tool is a failure.

use std::path::{Path, PathBuf};
use std::process::Command;

fn js_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("js")
}

/// The repository root, where `package.json` and `node_modules` are.
fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("search-index is inside the repository")
        .to_path_buf()
}

/// Skips (prints why) or, under CI, fails when a tool is missing; true when it is there.
fn available(what: &str, missing: Option<String>) -> bool {
    let Some(why) = missing else { return true };
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("{what} cannot run under CI: {why}");
    }
    eprintln!("SKIPPED {what}: {why}");
    false
}

fn node_missing() -> Option<String> {
    match Command::new("node").arg("--version").output() {
        Ok(o) if o.status.success() => None,
        _ => Some("Node.js not found (install it: `apt-get install nodejs npm`)".into()),
    }
}

fn run(mut command: Command, what: &str) {
    let o = command.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    let out = String::from_utf8_lossy(&o.stdout);
    let err = String::from_utf8_lossy(&o.stderr);
    eprintln!("{out}{err}");
    assert!(o.status.success(), "{what} failed:\n{out}\n{err}");
}

#[test]
fn engine_unit_tests_pass_under_node() {
    if !available("the engine's node tests", node_missing()) {
        return;
    }
    let tests = js_dir().join("test");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&tests)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
        .collect();
    files.sort();
    assert!(files.len() >= 5, "only {} test files", files.len());
    let mut node = Command::new("node");
    node.arg("--test").args(&files);
    run(node, "node --test js/test");
}

#[test]
fn runtime_type_checks_with_tsc() {
    let tsc = repo().join("node_modules/typescript/bin/tsc");
    let missing = node_missing().or_else(|| {
        (!tsc.is_file())
            .then(|| "TypeScript not installed (run `npm ci` in the repository root)".to_string())
    });
    if !available("the runtime's type check", missing) {
        return;
    }
    let mut node = Command::new("node");
    node.arg(tsc)
        .arg("--noEmit")
        .arg("-p")
        .arg(js_dir().join("tsconfig.json"));
    run(node, "tsc --noEmit -p js/tsconfig.json");
}
