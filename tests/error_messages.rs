//! What a trainer sees for each common mistake: every case under
//! `tests/fixtures/messages/cases/` is one broken document (or two, for translations) laid over
//! a small good site (`messages/base/`), checked with `loupe check`, and the whole output (the
//! `path:line:col` line, the source line with its caret, the hint, the counts and the notes) is
//! compared with its snapshot in `tests/snapshots/`.

mod common;

use std::path::Path;
use std::process::Command;

use common::{copy_dir, fixture};

/// Runs `loupe check` in a copy of the base site with `case` laid over it; the exit code and
/// standard error, as a trainer's terminal shows them (without colour).
fn check_case(case: &Path) -> String {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture("messages/base"), tmp.path());
    copy_dir(case, tmp.path());
    let o = Command::new(env!("CARGO_BIN_EXE_loupe"))
        .args(["check", "--root", "."])
        .current_dir(tmp.path())
        .env("NO_COLOR", "1")
        .env("LOUPE_TODAY", "2016-06-01")
        .output()
        .unwrap();
    format!(
        "exit code: {}\n{}",
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn every_broken_document_gets_its_message() {
    let cases = fixture("messages/cases");
    let mut names: Vec<String> = std::fs::read_dir(&cases)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 25, "only {} cases", names.len());
    for name in names {
        let out = check_case(&cases.join(&name));
        insta::assert_snapshot!(name, out);
    }
}

#[test]
fn the_base_site_is_good() {
    let tmp = tempfile::tempdir().unwrap();
    let out = check_case(tmp.path());
    assert_eq!(
        out,
        "exit code: 0\nreviews: 2 of 2 guidance notes reviewed in the last 2 years\nchecked 22 pages: no errors\n"
    );
}

#[test]
fn json_messages_carry_place_severity_message_and_hint() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture("messages/base"), tmp.path());
    for case in [
        "yaml-unquoted-colon",
        "draft-and-empty-summary",
        "country-uk",
    ] {
        copy_dir(&fixture("messages/cases").join(case), tmp.path());
    }
    let o = Command::new(env!("CARGO_BIN_EXE_loupe"))
        .args(["check", "--message-format", "json", "--root", "."])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let stdout = String::from_utf8(o.stdout).unwrap();
    let messages: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(messages.len(), 4, "{stdout}");
    for m in &messages {
        for key in ["path", "line", "column", "severity", "message", "hint"] {
            assert!(m.get(key).is_some(), "no `{key}` in {m}");
        }
    }
    let colon = messages
        .iter()
        .find(|m| m["path"] == "content/en/guidance/workshop.md")
        .unwrap();
    assert_eq!(colon["line"], 2);
    assert_eq!(colon["column"], 25);
    assert_eq!(colon["severity"], "error");
    assert_eq!(
        colon["hint"],
        "put the value in quotes: `title: \"Freetown workshop: day 1\"`"
    );
    let draft = messages
        .iter()
        .find(|m| m["severity"] == "warning" && m["line"] == 4)
        .unwrap();
    assert_eq!(draft["path"], "content/en/guidance/new-note.md");
    let uk = messages
        .iter()
        .find(|m| m["path"] == "content/en/guidance/uk.md")
        .unwrap();
    assert_eq!(
        (uk["line"].as_u64(), uk["column"].as_u64()),
        (Some(3), Some(17))
    );
    assert_eq!(uk["hint"], "`UK` is not an ISO code: write `GB`");
}

#[test]
fn paths_are_relative_to_the_current_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("m");
    copy_dir(&fixture("messages/base"), &site);
    copy_dir(&fixture("messages/cases/country-uk"), &site);
    let o = Command::new(env!("CARGO_BIN_EXE_loupe"))
        .args(["check", "--root", "m"])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.starts_with("m/content/en/guidance/uk.md:3:17: error: unknown country code `UK`"),
        "{err}"
    );
}
