//! `loupe status` lists, per language, exactly the documents with no translation, the
//! translations older than their source and the glossary terms missing, as text and as JSON.

mod common;

use std::process::Command;

use common::fixture;

fn status(args: &[&str]) -> (i32, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_loupe"))
        .arg("status")
        .args(args)
        .current_dir(fixture("status"))
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8(o.stdout).unwrap(),
    )
}

#[test]
fn lists_untranslated_outdated_and_missing_glossary_terms_as_text() {
    let (code, out) = status(&[]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "en (English)
  not translated into en (1):
    content/fr/guidance/francais.md  \"Seulement en français\"
  glossary terms missing from content/en/glossary.yaml (1):
    artisanal (in fr)
fr (Français)
  not translated into fr (1):
    content/en/minutes/2016-03-14-english-only.md  \"English only\"
  older than their source (1):
    content/fr/guidance/revised.md (last changed 2016-02-01): content/en/guidance/revised.md changed 2016-05-02
  glossary terms missing from content/fr/glossary.yaml (1):
    kpcs (in en)
translations: 2 documents not translated, 1 translation older than its source, 2 glossary terms missing
"
    );
}

#[test]
fn lists_the_same_as_json() {
    let (code, out) = status(&["--json"]);
    assert_eq!(code, 0);
    let got: serde_json::Value = serde_json::from_str(&out).unwrap();
    let want = serde_json::json!({
        "languages": [
            {
                "lang": "en",
                "name": "English",
                "untranslated": [
                    {"path": "content/fr/guidance/francais.md", "lang": "fr", "title": "Seulement en français"}
                ],
                "outdated": [],
                "missing_glossary": [{"key": "artisanal", "found_in": ["fr"]}]
            },
            {
                "lang": "fr",
                "name": "Français",
                "untranslated": [
                    {"path": "content/en/minutes/2016-03-14-english-only.md", "lang": "en", "title": "English only"}
                ],
                "outdated": [
                    {
                        "path": "content/fr/guidance/revised.md",
                        "source": "content/en/guidance/revised.md",
                        "source_changed": "2016-05-02",
                        "changed": "2016-02-01"
                    }
                ],
                "missing_glossary": [{"key": "kpcs", "found_in": ["en"]}]
            }
        ]
    });
    assert_eq!(got, want);
}

#[test]
fn check_ends_with_the_totals_as_a_note() {
    let o = Command::new(env!("CARGO_BIN_EXE_loupe"))
        .args(["check"])
        .current_dir(fixture("status"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains("note: translations: 2 documents not translated, 1 translation older than its source, 2 glossary terms missing: `loupe status` lists them\n"),
        "{err}"
    );
}
