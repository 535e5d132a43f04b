//! `loupe build` across runs: after each kind of edit, a build that starts from the previous
//! output and the record of the build that made it gives byte for byte the output of a clean
//! build, while rendering only what changed.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{fixture_copy, loupe, stderr, tree};

/// A copy of the serve fixture with a `base_url` (so feeds and the sitemap are built too).
fn site() -> (tempfile::TempDir, PathBuf) {
    let (tmp, site) = fixture_copy("serve-site");
    let yaml = std::fs::read_to_string(site.join("loupe.yaml")).unwrap();
    std::fs::write(
        site.join("loupe.yaml"),
        yaml.replace(
            "# base_url: https://example.org/",
            "base_url: https://example.org/",
        ),
    )
    .unwrap();
    (tmp, site)
}

/// Builds `site` into `out` (with `--clean` when `clean`); returns standard error.
fn build(site: &Path, out: &Path, clean: bool) -> String {
    let mut args = vec![
        "build",
        "--root",
        site.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ];
    if clean {
        args.push("--clean");
    }
    let o = loupe(&args);
    assert!(o.status.success(), "build failed: {}", stderr(&o));
    stderr(&o)
}

/// The files of a built site, without loupe's marker.
fn files(out: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut t = tree(out);
    t.remove(loupe::output::MARKER);
    t
}

/// How many pages the build that printed `err` left as they were (0 for a full build).
fn kept(err: &str) -> usize {
    let Some(end) = err.find(" as they were") else {
        return 0;
    };
    err[..end]
        .rsplit(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

struct Edits {
    _tmp: tempfile::TempDir,
    site: PathBuf,
    out: PathBuf,
    clean: PathBuf,
}

impl Edits {
    fn start() -> Edits {
        Self::start_with(&[])
    }

    /// Like [`Edits::start`], with the content files `files` (path under `content/`, text)
    /// added to the site first.
    fn start_with(files: &[(&str, &str)]) -> Edits {
        let (tmp, site) = site();
        for (rel, text) in files {
            let path = site.join("content").join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let out = tmp.path().join("out");
        let clean = tmp.path().join("clean");
        let err = build(&site, &out, false);
        assert_eq!(kept(&err), 0, "the first build is a full one: {err}");
        Edits {
            _tmp: tmp,
            site,
            out,
            clean,
        }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.site.join(rel)
    }

    /// Replaces `from` by `to` in the site's file `rel`.
    fn replace(&self, rel: &str, from: &str, to: &str) {
        let text = std::fs::read_to_string(self.path(rel)).unwrap();
        assert!(text.contains(from), "{rel} has no {from:?}");
        std::fs::write(self.path(rel), text.replacen(from, to, 1)).unwrap();
    }

    /// Builds incrementally, then cleanly elsewhere, and checks both outputs are the same.
    /// Returns how many pages the incremental build kept as they were (0: it was a full
    /// build, as when the record of the build before did not match the output it left).
    fn check(&self, step: &str) -> usize {
        kept(&self.check_reporting(step))
    }

    /// [`Edits::check`], returning what the incremental build reported.
    fn check_reporting(&self, step: &str) -> String {
        let err = build(&self.site, &self.out, false);
        let _ = std::fs::remove_dir_all(&self.clean);
        build(&self.site, &self.clean, true);
        let (inc, clean) = (files(&self.out), files(&self.clean));
        let (a, b): (Vec<&String>, Vec<&String>) = (inc.keys().collect(), clean.keys().collect());
        assert_eq!(a, b, "{step}: not the same files");
        for (rel, bytes) in &clean {
            assert!(
                inc[rel] == *bytes,
                "{step}: {rel} differs from a clean build"
            );
        }
        err
    }
}

#[test]
fn a_build_with_nothing_changed_renders_nothing() {
    let s = Edits::start();
    let before = files(&s.out);
    let err = build(&s.site, &s.out, false);
    assert!(err.contains("built 0 pages"), "{err}");
    assert!(kept(&err) > 10, "{err}");
    assert_eq!(files(&s.out), before);
}

#[test]
fn edits_of_content_give_the_clean_output_and_render_less() {
    let s = Edits::start();
    s.replace(
        "content/en/guidance/first-steps.md",
        "## Checking a certificate",
        "## Checking a certificate\n\nA new paragraph.",
    );
    let err = s.check_reporting("body");
    assert!(kept(&err) > 10, "a body edit renders few pages: {err}");
    // The search index of the edited language is updated, not built again.
    assert!(err.contains("en updated in place)"), "{err}");
    s.replace(
        "content/en/guidance/certificates.md",
        "title: ",
        "title: Renamed ",
    );
    assert!(s.check("title") > 0);
    s.replace(
        "content/en/minutes/kono.md",
        "date: 2018-09-12",
        "date: 2018-10-12",
    );
    assert!(s.check("date") > 0);
    s.replace(
        "content/en/minutes/kono.md",
        "topics: [civil-society]",
        "topics: [civil-society, certificates]",
    );
    assert!(s.check("topic") > 0);
    s.replace(
        "content/en/guidance/certificates.md",
        "## Fields",
        "## The fields",
    );
    assert!(s.check("heading under a link") > 0);
    std::fs::write(
        s.path("content/fr/minutes/kono.md"),
        "---\ntitle: Réunion à Kono\ndate: 2018-09-12\ncountries: [SL]\n---\n\nTexte.\n",
    )
    .unwrap();
    assert!(s.check("a new translation") > 0);
    s.replace(
        "content/en/glossary.yaml",
        "term: Kimberley Process Certification Scheme",
        "term: The Kimberley Process Certification Scheme",
    );
    assert!(s.check("glossary") > 0);
    std::fs::remove_file(s.path("content/fr/minutes/kono.md")).unwrap();
    assert!(s.check("a deleted file") > 0);
}

/// The identity of a file or folder (device and inode): the same file, not a copy of it.
#[cfg(unix)]
fn identity(path: &Path) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(path).unwrap();
    (m.dev(), m.ino())
}

#[cfg(unix)]
#[test]
fn an_incremental_build_changes_the_output_in_place_and_only_what_changed() {
    let s = Edits::start();
    let kept_page = "en/minutes/kono/index.html";
    // Written again by the search export of the edited language, with the same bytes.
    let same_bytes = "search/loupe-search.js";
    let (folder, page) = (identity(&s.out), identity(&s.out.join(kept_page)));
    let runtime = identity(&s.out.join(same_bytes));
    let before = files(&s.out);
    s.replace(
        "content/en/guidance/first-steps.md",
        "## Checking a certificate",
        "## Checking a certificate\n\nA new paragraph.",
    );
    assert!(s.check("body") > 10);
    // The output folder is the same folder, not a copy swapped in; a page the edit does not
    // reach is the same file; the edited page is new.
    assert_eq!(identity(&s.out), folder);
    assert_eq!(identity(&s.out.join(kept_page)), page);
    // A file written again with the bytes it had is left as it was.
    assert_eq!(identity(&s.out.join(same_bytes)), runtime);
    let after = files(&s.out);
    let changed: Vec<&String> = after
        .iter()
        .filter(|(rel, bytes)| before.get(*rel) != Some(*bytes))
        .map(|(rel, _)| rel)
        .collect();
    assert!(
        changed.contains(&&"en/guidance/first-steps/index.html".to_string()),
        "{changed:?}"
    );
    // Nothing is left beside the output or inside it but the site's files.
    let beside: Vec<String> = std::fs::read_dir(s.out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("loupe"))
        .collect();
    assert!(beside.is_empty(), "{beside:?}");
    assert!(
        after.keys().all(|rel| !rel.contains(".loupe-new")),
        "{:?}",
        after.keys()
    );
}

#[test]
fn a_failing_incremental_build_changes_nothing_and_the_next_one_is_still_incremental() {
    let s = Edits::start();
    let before = tree(&s.out);
    let rel = "content/en/guidance/first-steps.md";
    let good = std::fs::read_to_string(s.path(rel)).unwrap();
    // A body edit the build accepts, with a broken front matter in another file.
    s.replace(
        rel,
        "## Checking a certificate",
        "## Checking a certificate\n\nNew.",
    );
    std::fs::write(s.path("content/en/about.md"), "---\ntitle: [broken\n---\n").unwrap();
    let o = loupe(&[
        "build",
        "--root",
        s.site.to_str().unwrap(),
        "--output",
        s.out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(tree(&s.out), before, "the failed build changed the output");
    // Fixed: the record of the last good build still holds, so the build renders little.
    std::fs::write(s.path(rel), good).unwrap();
    let (_t, fixture) = site();
    std::fs::copy(
        fixture.join("content/en/about.md"),
        s.path("content/en/about.md"),
    )
    .unwrap();
    assert!(
        s.check("fixed") > 10,
        "the build after a failed one was a full one"
    );
}

/// A workshop pack of two documents of the fixture.
const PACK: &str = "title: Certificates day
agenda:
  - time: 09:00-10:30
    title: Reading certificates
    documents: [guidance/certificates.md]
    facilitator_notes: Pairs read one field each.
  - time: 11:00
    title: The steering group
    documents: [minutes/kono.md]
documents:
  - guidance/certificates.md
  - minutes/kono.md
";

/// The modification time of the output file `rel`.
fn mtime(out: &Path, rel: &str) -> std::time::SystemTime {
    std::fs::metadata(out.join(rel))
        .unwrap()
        .modified()
        .unwrap()
}

#[test]
fn edits_of_a_pack_or_its_documents_render_the_pack_again() {
    let s = Edits::start_with(&[("en/packs/day.yaml", PACK)]);
    let pages = [
        "en/packs/day/index.html",
        "en/packs/day/facilitator/index.html",
    ];
    let read = |rel: &str| std::fs::read_to_string(s.out.join(rel)).unwrap();

    s.replace(
        "content/en/guidance/certificates.md",
        "## Fields",
        "## Fields and seals",
    );
    assert!(s.check("a document of the pack") > 0);
    for page in pages {
        assert!(read(page).contains("Fields and seals"), "{page}");
    }

    let before = pages.map(|p| mtime(&s.out, p));
    s.replace(
        "content/en/guidance/first-steps.md",
        "## Checking a certificate",
        "## Checking a certificate\n\nA new paragraph.",
    );
    assert!(s.check("a document out of the pack") > 0);
    assert_eq!(
        pages.map(|p| mtime(&s.out, p)),
        before,
        "a pack page was rendered again for a document it does not print"
    );

    s.replace(
        "content/en/packs/day.yaml",
        "title: Certificates day",
        "title: Certificates morning",
    );
    s.replace(
        "content/en/packs/day.yaml",
        "Pairs read one field each.",
        "Groups of three read one field each.",
    );
    assert!(s.check("the pack file") > 0);
    assert!(read(pages[0]).contains("Certificates morning"));
    assert!(read(pages[1]).contains("Groups of three read one field each."));
    assert!(!read(pages[0]).contains("Groups of three"));

    s.replace(
        "content/en/glossary.yaml",
        "term: Kimberley Process Certification Scheme",
        "term: The Kimberley Process Certification Scheme",
    );
    assert!(s.check("glossary") > 0);
    std::fs::remove_file(s.path("content/en/packs/day.yaml")).unwrap();
    s.check("the pack file deleted");
    assert!(!s.out.join(pages[0]).exists());
}

#[test]
fn edits_of_the_theme_config_and_files_give_the_clean_output() {
    let s = Edits::start();
    std::fs::create_dir_all(s.path("templates")).unwrap();
    let list = loupe::theme::default_template("list.html").unwrap();
    std::fs::write(
        s.path("templates/list.html"),
        list.replace("{% block main %}", "{% block main %}<p>Custom list</p>"),
    )
    .unwrap();
    assert_eq!(
        s.check("template"),
        0,
        "a template change renders everything"
    );
    s.replace(
        "loupe.yaml",
        "en: Civil society participation",
        "en: Civil society",
    );
    s.check("loupe.yaml");
    std::fs::write(s.path("static/new.txt"), "new").unwrap();
    s.check("a new static file");
    std::fs::remove_file(s.path("static/new.txt")).unwrap();
    s.check("a static file removed");
}

#[test]
fn a_damaged_or_foreign_record_makes_a_full_build_not_a_failure() {
    let s = Edits::start();
    let before = files(&s.out);
    let records: Vec<PathBuf> = std::fs::read_dir(s.site.join(".loupe/build"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "state"))
        .collect();
    assert_eq!(records.len(), 1, "{records:?}");
    let record = std::fs::read(&records[0]).unwrap();
    // The record is frames (a count, then each one's length and bytes), each an LZ4 block
    // after its size.
    let count = u64::from_le_bytes(record[..8].try_into().unwrap());
    assert!(count > 1, "{count} frames");
    let first = u64::from_le_bytes(record[8..16].try_into().unwrap()) as usize;
    let size = u32::from_le_bytes(record[16..20].try_into().unwrap()) as usize;
    assert_eq!(
        lz4_flex::block::decompress(&record[20..16 + first], size)
            .unwrap()
            .len(),
        size
    );
    let damages: [(&str, Vec<u8>); 4] = [
        ("cut in half", record[..record.len() / 2].to_vec()),
        (
            "not compressed",
            b"plain bytes, as an older loupe wrote".to_vec(),
        ),
        ("empty", Vec::new()),
        // Frames, but not as many as the count says.
        ("a frame missing", {
            let mut fewer = record.clone();
            fewer[..8].copy_from_slice(&(count + 1).to_le_bytes());
            fewer
        }),
    ];
    for (what, bytes) in damages {
        std::fs::write(&records[0], bytes).unwrap();
        let err = build(&s.site, &s.out, false);
        assert_eq!(kept(&err), 0, "{what}: {err}");
        assert_eq!(files(&s.out), before, "{what}");
    }
    // The full build left a good record: the next build renders nothing.
    let err = build(&s.site, &s.out, false);
    assert!(err.contains("built 0 pages"), "{err}");
}

#[test]
fn an_output_changed_by_hand_is_built_again_in_full() {
    let s = Edits::start();
    std::fs::write(s.out.join("en/index.html"), "changed by hand").unwrap();
    let err = build(&s.site, &s.out, false);
    assert_eq!(kept(&err), 0, "{err}");
    assert_ne!(
        std::fs::read_to_string(s.out.join("en/index.html")).unwrap(),
        "changed by hand"
    );
}

#[test]
fn offline_lists_of_an_incremental_build_match_a_clean_build() {
    let s = Edits::start();
    s.replace(
        "loupe.yaml",
        "theme: default",
        "theme: default\noffline:\n  service_worker: true",
    );
    s.check("offline.service_worker on");
    assert!(s.out.join("offline/en.json").is_file() && s.out.join("sw.js").is_file());
    let en = std::fs::read(s.out.join("offline/en.json")).unwrap();
    let fr = std::fs::read(s.out.join("offline/fr.json")).unwrap();
    s.replace(
        "content/en/guidance/first-steps.md",
        "## Checking a certificate",
        "## Checking a certificate\n\nA new paragraph.",
    );
    assert!(s.check("an English page") > 10);
    assert_ne!(std::fs::read(s.out.join("offline/en.json")).unwrap(), en);
    assert_eq!(std::fs::read(s.out.join("offline/fr.json")).unwrap(), fr);
    s.replace(
        "loupe.yaml",
        "offline:\n  service_worker: true",
        "offline:\n  service_worker: false",
    );
    s.check("offline.service_worker off");
    assert!(!s.out.join("sw.js").exists() && !s.out.join("offline").exists());
}

#[test]
fn records_of_output_folders_that_are_gone_are_removed() {
    let (tmp, site) = site();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    build(&site, &a, false);
    build(&site, &b, false);
    let records_dir = site.join(".loupe").join("build");
    let records = || -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(&records_dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".state"))
            .collect();
        v.sort();
        v
    };
    assert_eq!(records().len(), 2, "{:?}", records());
    std::fs::remove_dir_all(&a).unwrap();
    // A record that notes no folder, as an older loupe left them.
    std::fs::write(records_dir.join("0123456789abcdef.state"), b"old").unwrap();
    let err = build(&site, &b, false);
    assert!(kept(&err) > 0, "the record of b is still used: {err}");
    let left = records();
    assert_eq!(left.len(), 1, "{left:?}");
    // Its folder is noted beside it; nothing else is left.
    let note = std::fs::read_to_string(records_dir.join(left[0].replace(".state", ".output")));
    assert_eq!(
        note.unwrap(),
        loupe::output::resolve(&b).unwrap().to_string_lossy()
    );
    let all = std::fs::read_dir(&records_dir).unwrap().count();
    assert_eq!(all, 2, "a record and its note only");
}

#[test]
fn content_read_against_an_older_configuration_is_checked_again() {
    // Renaming a topic in `loupe.yaml` makes the documents that use the old name wrong,
    // although their files did not change: the build must say so, as a clean build does.
    let s = Edits::start();
    s.replace("loupe.yaml", "  civil-society:", "  civil-participation:");
    let args = |out: &Path, clean: bool| {
        let mut a = vec![
            "build".to_string(),
            "--root".into(),
            s.site.to_string_lossy().into_owned(),
            "--output".into(),
            out.to_string_lossy().into_owned(),
        ];
        if clean {
            a.push("--clean".into());
        }
        a
    };
    let run = |out: &Path, clean: bool| {
        let a = args(out, clean);
        loupe(&a.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let clean = run(&s.clean, true);
    assert!(!clean.status.success(), "the clean build fails");
    let unknown = stderr(&clean)
        .lines()
        .filter(|l| l.contains("civil-society"))
        .map(str::to_string)
        .collect::<Vec<_>>();
    assert!(!unknown.is_empty(), "{}", stderr(&clean));
    let inc = run(&s.out, false);
    assert!(
        !inc.status.success(),
        "the incremental build fails too: {}",
        stderr(&inc)
    );
    let inc_lines: Vec<String> = stderr(&inc)
        .lines()
        .filter(|l| l.contains("civil-society"))
        .map(str::to_string)
        .collect();
    assert_eq!(inc_lines, unknown);
}
