//! Every validation problem of a broken site is reported at once, as `path:line:col: message`,
//! with exit code 1, and nothing is written.

mod common;

use common::{fixture, loupe, stderr};

fn check_errors() -> (i32, String) {
    let o = loupe(&["check", "--root", fixture("errors").to_str().unwrap()]);
    (o.status.code().unwrap_or(-1), stderr(&o))
}

#[test]
fn every_problem_is_reported_at_once_with_its_place() {
    let (code, err) = check_errors();
    assert_eq!(code, 1, "{err}");
    let expected = [
        "content/en/guidance/unknown-key.md:2:1: error: unknown key `titel` for a guidance file, did you mean `title`?",
        "content/en/guidance/unknown-key.md:1:1: error: missing `title`",
        "content/en/guidance/wrong-types.md:3:1: error: `draft` must be true or false, found text",
        "content/en/guidance/wrong-types.md:4:1: error: `key_points` must be a list, found a map of keys",
        "content/en/guidance/wrong-types.md:5:7: error: `date` must be a date written YYYY-MM-DD",
        "content/en/guidance/unknown-codes.md:3:17: error: unknown country code `XX`",
        "content/en/guidance/unknown-codes.md:3:21: error: unknown country code `sl`",
        "did you mean `SL`?",
        "content/en/guidance/unknown-codes.md:4:10: error: unknown topic `certificate`, did you mean `certificates`?",
        "content/en/minutes/no-date.md:1:1: error: missing `date`",
        "content/en/minutes/bad-action.md:7:10: error: `due` of action 1 must be a date",
        "content/en/minutes/bad-action.md:8:5: error: `status` of action 1 must be `open` or `done`, found `pending`",
        "content/en/minutes/bad-action.md:9:3: error: action 2 has no `action` text",
        "content/en/case-studies/no-countries.md:1:1: error: missing `countries`",
        "content/en/guidance/dup-b.md:3:1: error: duplicate output path en/guidance/same/index.html: content/en/guidance/dup-a.md is written there too",
        "content/fr/guidance/clash-2.md:1:1: error: translation clash: content/fr/guidance/clash-1.md",
        "content/en/guidance/broken-link.md:7:5: error: broken link: content/en/guidance/missing.md does not exist",
        "content/en/guidance/broken-link.md:7:31: error: broken link: there is no heading `#nope` in content/en/guidance/good.md",
        "content/en/guidance/broken-link.md:7:58: error: broken link: `/en/x.md` starts with `/`",
        "content/en/guidance/latin1.md:2:11: error: the file is not UTF-8 text",
        "content/en/guidance/empty.md:1:1: error: the file is empty",
        "content/en/guidance/no-front-matter.md:1:1: error: no front matter",
        "content/en/guidance/bad-yaml.md:2:8: error: the front matter is not valid YAML: the value of `title` starts with `[`",
        "content/en/notes/misplaced.md:1:1: error: `notes/` is not a section",
    ];
    for e in expected {
        assert!(err.contains(e), "missing `{e}` in:\n{err}");
    }
    assert!(err.contains("23 errors, 0 warnings"), "{err}");
    // A file with a byte-order mark and CRLF line endings is fine.
    assert!(!err.contains("bom-crlf.md"), "{err}");
}

#[test]
fn a_failed_build_writes_nothing_and_exits_1() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = loupe(&[
        "build",
        "--root",
        fixture("errors").to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!out.exists());
    // No staging folder is left behind either.
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);
}

#[test]
fn usage_errors_exit_2() {
    let o = loupe(&["build", "--no-such-flag"]);
    assert_eq!(o.status.code(), Some(2));
    let o = loupe(&["frobnicate"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_folder_that_is_no_site_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let o = loupe(&["check", "--root", tmp.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("loupe.yaml:1:1: error: cannot read loupe.yaml"),
        "{}",
        stderr(&o)
    );
}
