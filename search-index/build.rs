//! Builds the browser runtime: the files of `js/src/`, in the order `js/src/files.txt` gives,
//! concatenated inside one IIFE (one classic script: modules fail under `file://`), then
//! minified with oxc (names mangled, dead code dropped, nothing newer than ES2018 written) into
//! `$OUT_DIR/loupe-search.js`, which `lib.rs` embeds. A syntax error in the runtime fails the
//! build with oxc's diagnostics.

use std::path::Path;

// `minify`, shared with the root package's build script (the default theme's scripts).
include!("build/minify.rs");

fn main() {
    // Read when the script runs, not when it is compiled: cargo reuses a compiled build script
    // for an identical package elsewhere (another worktree sharing the target folder).
    let src = Path::new(
        &std::env::var_os("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR is set by cargo"),
    )
    .join("js/src");
    println!("cargo:rerun-if-changed={}", src.display());
    let order_path = src.join("files.txt");
    let order = read(&order_path);
    let files: Vec<&str> = order
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    check_every_file_is_listed(&src, &files);
    let mut source = String::from("(function () {\n'use strict';\n");
    for name in &files {
        let path = src.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        source.push_str(&read(&path));
        source.push('\n');
    }
    source.push_str("})();\n");
    let minified = minify(&source).unwrap_or_else(|e| panic!("js/src: the runtime {e}"));
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR is set by cargo")).to_path_buf();
    write(&out.join("loupe-search.js"), &minified);
}

/// Every `.js` file of `js/src/` is in `files.txt`, and every file listed exists.
fn check_every_file_is_listed(src: &Path, files: &[&str]) {
    for entry in std::fs::read_dir(src).unwrap_or_else(|e| panic!("{}: {e}", src.display())) {
        let name = entry.expect("a readable js/src").file_name();
        let name = name.to_string_lossy();
        if name.ends_with(".js") && !files.contains(&name.as_ref()) {
            panic!("js/src/{name} is not listed in js/src/files.txt");
        }
    }
    for name in files {
        if !src.join(name).is_file() {
            panic!("js/src/files.txt lists {name}, which does not exist");
        }
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
