//! [`SiteTest`]: a site in, whole files out. The builder of the spec-like build tests, in the
//! spirit of mdBook's `BookTest`: copy a fixture into a temporary folder, change files, run
//! `loupe`, then check whole output files against insta snapshots (or a few exact facts).
//!
//! ```ignore
//! SiteTest::fixture("basic")
//!     .file("content/en/about.md", "---\ntitle: About\n---\nHello.\n")
//!     .build()
//!     .check_main("en/about/index.html", "about_main");
//! ```
//!
//! Snapshots live in `tests/snapshots/`, named `<test file>__<name>.snap` as if the assertion
//! were written in the test file itself.

use std::path::{Path, PathBuf};
use std::process::Output;

use super::{copy_dir, fixture, loupe, stderr, tree};

/// A copy of a fixture site in a temporary folder, and what the last `loupe` run did.
pub struct SiteTest {
    tmp: tempfile::TempDir,
    site: PathBuf,
    out: PathBuf,
    last: Option<Output>,
}

impl SiteTest {
    /// A copy of the fixture `name` (`tests/fixtures/<name>`), not built yet.
    pub fn fixture(name: &str) -> SiteTest {
        let tmp = tempfile::tempdir().expect("a temporary folder");
        let site = tmp.path().join("site");
        copy_dir(&fixture(name), &site);
        let out = tmp.path().join("public");
        SiteTest {
            tmp,
            site,
            out,
            last: None,
        }
    }

    /// The site's folder.
    pub fn site(&self) -> &Path {
        &self.site
    }

    /// The output folder of [`SiteTest::build`].
    pub fn out(&self) -> &Path {
        &self.out
    }

    /// The temporary folder holding `site/` and `public/`.
    pub fn dir(&self) -> &Path {
        self.tmp.path()
    }

    /// Writes `text` into the site's file `rel` (folders made as needed).
    pub fn file(self, rel: &str, text: &str) -> SiteTest {
        let path = self.site.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{rel}: {e}"));
        self
    }

    /// Rewrites the site's file `rel` with `change`, which must change it.
    pub fn edit(self, rel: &str, change: impl FnOnce(&str) -> String) -> SiteTest {
        let path = self.site.join(rel);
        let before = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{rel}: {e}"));
        let after = change(&before);
        assert_ne!(before, after, "the edit of {rel} changed nothing");
        std::fs::write(&path, after).unwrap();
        self
    }

    /// Runs `loupe <command> --root <site> [args]` and keeps its output.
    pub fn run(mut self, command: &str, args: &[&str]) -> SiteTest {
        let mut all = vec![command, "--root", self.site.to_str().unwrap()];
        all.extend_from_slice(args);
        self.last = Some(loupe(&all));
        self
    }

    /// What the last `loupe` run did.
    pub fn output(&self) -> &Output {
        self.last.as_ref().expect("a loupe run first")
    }

    /// `loupe build` into [`SiteTest::out`], which must succeed.
    pub fn build(self) -> SiteTest {
        let out = self.out.to_str().unwrap().to_string();
        let t = self.run("build", &["--output", &out]);
        let o = t.last.as_ref().unwrap();
        assert!(o.status.success(), "loupe build failed:\n{}", stderr(o));
        t
    }

    /// The last run's exit code and standard error, paths inside the temporary folder
    /// written as `$SITE`, checked against the snapshot `name`.
    pub fn check_stderr(self, name: &str) -> SiteTest {
        let o = self.last.as_ref().expect("a loupe run first");
        let text = format!(
            "exit code: {}\n{}",
            o.status.code().unwrap_or(-1),
            stderr(o).replace(self.site.to_str().unwrap(), "$SITE")
        );
        snapshot(name, &text);
        self
    }

    /// The output file `rel` as text.
    pub fn page(&self, rel: &str) -> String {
        std::fs::read_to_string(self.out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// The whole output file `rel`, checked against the snapshot `name`.
    pub fn check_file(self, rel: &str, name: &str) -> SiteTest {
        snapshot(name, &self.page(rel));
        self
    }

    /// The `<main>` element of the output page `rel` (what the page says, without the
    /// header and footer every page shares), checked against the snapshot `name`.
    pub fn check_main(self, rel: &str, name: &str) -> SiteTest {
        let html = self.page(rel);
        snapshot(name, main_of(&html));
        self
    }

    /// The output file `rel` holds each of `needles`.
    pub fn check_contains(self, rel: &str, needles: &[&str]) -> SiteTest {
        let text = self.page(rel);
        for needle in needles {
            assert!(text.contains(needle), "{rel} lacks {needle:?}:\n{text}");
        }
        self
    }

    /// The list of output files under `dir` (relative to the output, `""` for all),
    /// checked against the snapshot `name`.
    pub fn check_file_list(self, dir: &str, name: &str) -> SiteTest {
        let list: Vec<String> = tree(&self.out.join(dir)).into_keys().collect();
        snapshot(name, &list.join("\n"));
        self
    }
}

/// The `<main>…</main>` of a page.
pub fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("a <main>");
    let end = html.find("</main>").expect("a </main>") + "</main>".len();
    &html[start..end]
}

/// An insta snapshot named `<test binary>__<name>` in `tests/snapshots/`.
fn snapshot(name: &str, text: &str) {
    let exe = std::env::current_exe().unwrap();
    let binary = exe.file_stem().unwrap().to_string_lossy();
    // Test binaries are named `<test file>-<hash>`.
    let test_file = binary.rsplit_once('-').map_or(&*binary, |(name, _)| name);
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_path("../snapshots");
    settings.bind(|| insta::assert_snapshot!(format!("{test_file}__{name}"), text));
}
