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

#[test]
fn an_outdated_translation_says_so_to_its_reader_in_their_language() {
    // A copy: a build writes its search index beside the sources.
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("src");
    common::copy_dir(&fixture("status"), &root);
    let out = tmp.path().join("site");
    let o = common::loupe(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    let read = |p: &str| std::fs::read_to_string(out.join(p)).unwrap();
    let revised = read("fr/guidance/revised/index.html");
    assert!(
        revised.contains("<p class=\"banner\" role=\"note\">Cette traduction est plus ancienne que le texte d&#39;origine, qui a été modifié depuis. Lire la dernière version\u{a0}: <a href=\"../../../en/guidance/revised/index.html\" hreflang=\"en\" lang=\"en\">English</a></p>"),
        "{revised}"
    );
    for p in [
        "fr/guidance/current/index.html",
        "en/guidance/revised/index.html",
        "fr/guidance/francais/index.html",
    ] {
        assert!(
            !read(p).contains("Cette traduction est plus ancienne"),
            "{p}"
        );
        assert!(!read(p).contains("This translation is older"), "{p}");
    }
}
