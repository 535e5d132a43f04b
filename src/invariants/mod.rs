//! What must hold for any input, whoever wrote it: the bodies of the fuzz targets in `fuzz/`,
//! as plain functions, so that a stable `cargo test` replays them on the seed corpus and
//! generated inputs (`tests/fuzz_replay.rs`) and `cargo fuzz` (nightly, libFuzzer) explores
//! from there.
//!
//! Each check takes arbitrary bytes, runs them through the library as a build would, and
//! panics when an invariant fails: not only "no panic", but no script in sanitised HTML, every
//! problem at a place inside the file, and the properties listed on each function.

pub mod html;
pub mod page;
pub mod search;
pub mod yaml_files;

use std::path::Path;

use crate::diagnostics::Diagnostics;

/// One fuzz target: its name (as in `fuzz/fuzz_targets/<name>.rs`), the check, and the
/// folders and files whose contents seed it (relative to the repository root).
pub struct Target {
    /// The target's name.
    pub name: &'static str,
    /// The check: panics when an invariant fails.
    pub check: fn(&[u8]),
    /// Where its seed inputs come from: folders searched for files ending in `suffix`.
    pub seeds: &'static [&'static str],
    /// The file name ending of seed files (`.md`, `glossary.yaml`).
    pub suffix: &'static str,
    /// How many variants the input's first byte chooses among (the type of file, the
    /// language), 0 when the whole input is the text: seeds are tried with each.
    pub variants: u8,
}

/// Every fuzz target.
pub const TARGETS: &[Target] = &[
    Target {
        name: "front_matter",
        check: page::front_matter,
        seeds: &["content", "tests/fixtures"],
        suffix: ".md",
        variants: 5,
    },
    Target {
        name: "markdown",
        check: page::markdown,
        seeds: &["content", "tests/fixtures", "docs"],
        suffix: ".md",
        variants: 0,
    },
    Target {
        name: "glossary",
        check: yaml_files::glossary,
        seeds: &["content", "tests/fixtures"],
        suffix: "glossary.yaml",
        variants: 0,
    },
    Target {
        name: "config",
        check: yaml_files::config_file,
        seeds: &[".", "tests/fixtures", "src/cmd/scaffold"],
        suffix: "loupe.yaml",
        variants: 0,
    },
    Target {
        name: "search_query",
        check: search::query,
        seeds: &["tests/fixtures"],
        suffix: ".md",
        variants: 3,
    },
];

/// Asserts that every problem in `diags` names `path` and a line and column inside `text`
/// (the line may be the one after the last, where an unclosed construct ends).
#[track_caller]
pub fn assert_diagnostics_placed(diags: &Diagnostics, path: &Path, text: &str) {
    let lines: Vec<&str> = text.split('\n').collect();
    for d in diags.sorted() {
        assert_eq!(d.path, path, "a problem names another file: {d}");
        assert!(d.line >= 1 && d.col >= 1, "a problem without a place: {d}");
        assert!(
            d.line <= lines.len() + 1,
            "a problem after the end of the file ({} lines): {d}",
            lines.len()
        );
        let width = lines.get(d.line - 1).map_or(0, |l| l.chars().count());
        assert!(
            d.col <= width + 1,
            "a problem after the end of its line ({width} characters): {d}"
        );
    }
}

/// Asserts that `html`, written from `source`, can run no script.
#[track_caller]
pub fn assert_no_script(html: &str, source: &str) {
    if let Some(vector) = html::script_vector(html) {
        panic!("{vector}\n--- source ---\n{source}\n--- html ---\n{html}");
    }
}
