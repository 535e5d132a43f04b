//! Workshop packs: the checks of a pack file (tests/fixtures/pack-errors), the pages a pack
//! builds to (tests/fixtures/packs), and `loupe pack` without Chromium. The PDFs themselves
//! are tested in Chromium by tests/pack_print.rs.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{build_fixture, fixture, fixture_copy, loupe, page, stderr};

/// The problems `loupe check`, run in the folder `site`, reports for pack files, as
/// `path:line:col: …` lines (paths relative to that folder).
fn pack_problems(site: &Path) -> (i32, Vec<String>) {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_loupe"))
        .args(["check", "--root", "."])
        .current_dir(site)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let lines = stderr(&o)
        .lines()
        .filter(|l| l.contains("/packs/"))
        .map(str::to_string)
        .collect();
    (o.status.code().unwrap_or(-1), lines)
}

#[test]
fn pack_files_report_every_problem_at_its_place() {
    let (code, lines) = pack_problems(&fixture("pack-errors"));
    assert_eq!(code, 1, "{lines:#?}");
    let expected = [
        // Bad agenda times.
        "content/en/packs/bad-times.yaml:7:11: error: `time` of session 1 must be a time of day written HH:MM, or HH:MM-HH:MM from start to end (such as `09:00-10:30`), found `9h30`",
        "content/en/packs/bad-times.yaml:12:3: error: session “Starts before the one before ends” starts at 11:00, before “Fine” ends at 11:30: list the sessions of a day in time order, without overlaps",
        "content/en/packs/bad-times.yaml:16:11: error: session 4 ends at 13:00, which is not after it starts (14:00)",
        "content/en/packs/bad-times.yaml:19:12: error: `time` of session 5 must be a time of day written HH:MM, or HH:MM-HH:MM from start to end (such as `09:00-10:30`), found `25:00`",
        "content/en/packs/bad-times.yaml:21:3: error: session “A day without a date” is on day 3, but `dates` lists 2 days: add its date, or change `day`",
        // A pack file that is not `.yaml`.
        "content/en/packs/notes.yml:1:1: error: packs are `.yaml` files: rename it to end in `.yaml`",
        // Unknown documents.
        "content/en/packs/unknown-documents.yaml:4:5: error: there is no document `guidance/nte.md` in content/en/, did you mean `guidance/note.md`?",
        "content/en/packs/unknown-documents.yaml:5:5: error: `guidance/draft.md` is a draft: drafts are not published, so they cannot be printed in a pack",
        "content/en/packs/unknown-documents.yaml:6:5: error: there is no document `about.md` in content/en/",
        "content/en/packs/unknown-documents.yaml:10:35: error: `guidance/missing.md` is used by session “Reading” but is not in `documents`: add it there (documents are printed in the order of that list)",
        // Unknown keys, in the pack, in a session and in the glossary.
        "content/en/packs/unknown-keys.yaml:2:1: error: unknown key `venue` in a pack",
        "content/en/packs/unknown-keys.yaml:8:5: error: unknown key `room` in session 1",
        "content/en/packs/unknown-keys.yaml:9:5: error: unknown key `documnets` in session 1, did you mean `documents`?",
        "content/en/packs/unknown-keys.yaml:10:18: error: `kpcss` is not a key of content/en/glossary.yaml, did you mean `kpcs`?",
        // Missing translations.
        "content/fr/packs/missing-translations.yaml:3:5: error: `case-studies/only-english.md` has no Français translation yet (it exists in English): translate it, or leave it out of this pack",
        "content/fr/packs/missing-translations.yaml:4:5: error: `guidance/note.md` is `guidance/renamed-note.md` in Français (its translation has another file name): name that file here",
    ];
    assert_eq!(lines, expected, "{lines:#?}");
}

#[test]
fn a_pack_that_is_not_valid_yaml_gets_the_yaml_hint_and_links_to_it_stay_quiet() {
    let (_tmp, site) = fixture_copy("packs");
    let file = site.join("content/en/packs/workshop.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    let first = text.lines().next().unwrap();
    assert!(first.starts_with("title: "), "{first}");
    std::fs::write(&file, text.replacen(first, "title: Day 1: certificates", 1)).unwrap();
    let (code, lines) = pack_problems(&site);
    assert_eq!(code, 1);
    assert_eq!(
        lines,
        ["content/en/packs/workshop.yaml:1:13: error: the pack is not valid YAML: the value of `title` holds `: `, which YAML reads as the start of another key"],
    );
    let o = loupe(&["check", "--root", site.to_str().unwrap()]);
    let err = stderr(&o);
    assert!(
        err.contains("hint: put the value in quotes: `title: \"Day 1: certificates\"`"),
        "{err}"
    );
    assert!(!err.contains("broken link"), "{err}");
}

/// The part of `html` from `start` to the next `end` after it.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("no {start:?} in the page"));
    let rest = &html[from..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

/// The text of every `<dt>` in `html`, tags removed.
fn terms(html: &str) -> Vec<String> {
    html.split("<dt>")
        .skip(1)
        .map(|s| {
            let dt = &s[..s.find("</dt>").unwrap()];
            let mut text = String::new();
            let mut in_tag = false;
            for c in dt.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            text
        })
        .collect()
}

#[test]
fn a_pack_builds_to_one_page_per_edition_and_language() {
    let (_tmp, out) = build_fixture("packs");
    let en = page(&out, "en/packs/workshop/index.html");
    let en_f = page(&out, "en/packs/workshop/facilitator/index.html");
    let fr = page(&out, "fr/packs/workshop/index.html");
    let fr_f = page(&out, "fr/packs/workshop/facilitator/index.html");

    // The documents, in order, each under its number, with its own page name for printing.
    let at = |title: &str| en.find(title).unwrap_or_else(|| panic!("no {title}"));
    assert!(at("id=\"doc-1\"") < at("id=\"doc-2\"") && at("id=\"doc-2\"") < at("id=\"doc-3\""));
    assert!(
        at("<h2 id=\"doc-1-title\">Checking a certificate</h2>")
            < at("<h2 id=\"doc-2-title\">A border post</h2>")
    );
    assert!(
        en.contains(
            "#doc-1{page:d1}@page d1{@top-right{content:\"1 \\b7  Checking a certificate\"}}"
        ),
        "running title"
    );
    assert!(en.contains("<link rel=\"stylesheet\" href=\"../../../assets/print-pack.css\">"));

    // The agenda, with the day's date, and a notes page per session.
    assert!(en.contains("Day 1 · 10 March 2026"));
    assert!(en.contains("<td class=\"time\">09:00–10:30</td><td>Reading certificates</td>"));
    assert_eq!(en.matches("class=\"notes-page\"").count(), 3);

    // Headings one level down under the document's title; ids, footnotes and links of the
    // page prefixed by the document's number, so that three documents share one page.
    assert!(en.contains("<h3 id=\"d1-before-you-start\">Before you start</h3>"));
    assert!(en.contains("href=\"#d1-fn-1\""));
    assert!(en.contains("<a href=\"#d1-steps\">the steps above</a>"));
    let ids: Vec<&str> = en
        .split(" id=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(ids.len(), unique.len(), "duplicate ids: {ids:?}");

    // Links: to a document of the pack, into the page; out of it, a numbered reference.
    assert!(en.contains(
        "<a href=\"#d2-what-happened\">the border case</a><span class=\"print-ref\"> (see document 2)</span>"
    ));
    assert!(en.contains(
        "<a href=\"../../../en/guidance/other/index.html\">the other note</a><span class=\"print-ref\"> [1]</span>"
    ));
    let refs = between(&en, "id=\"doc-1-links\"", "</ul>");
    assert!(
        refs.contains("[1]</span> Guidance note: Another note — on the site: en/guidance/other/"),
        "{refs}"
    );
    // Backlinks: a page out of the pack that links to the first document.
    let back = between(&en, "id=\"doc-1-backlinks\"", "</ul>");
    assert!(
        back.contains("Guidance note: Another note — on the site: en/guidance/other/"),
        "{back}"
    );

    // Minutes print their decisions and actions before their text.
    let minutes = between(&en, "id=\"doc-3\"", "</article>");
    assert!(minutes.find("Meet every month.").unwrap() < minutes.find("The group talked").unwrap());
    assert!(minutes.find("Write the plan").unwrap() < minutes.find("The group talked").unwrap());

    // Discussion questions, gathered under the session that uses the case study.
    let questions = between(&en, "id=\"pack-questions\"", "</section>\n</section>");
    assert!(
        questions.contains("Day 1 · 11:00–12:30 · The border case"),
        "{questions}"
    );
    assert!(questions.contains("Who would you ask about smuggling?"));

    // The glossary: exactly the terms the documents use (KPCS, rough diamonds, smuggling),
    // and the one the pack adds (footprint); not valuation, which no document uses.
    let glossary = terms(between(&en, "id=\"pack-glossary\"", "</section>"));
    assert_eq!(
        glossary,
        [
            "Footprint",
            "Kimberley Process Certification Scheme (KPCS)",
            "Rough diamond",
            "Smuggling"
        ]
    );
    let glossary_fr = terms(between(&fr, "id=\"pack-glossary\"", "</section>"));
    assert_eq!(
        glossary_fr,
        [
            "Diamant brut",
            "Système de certification du Processus de Kimberley (SCPK)"
        ]
    );

    // Translations: the switcher leads to the same edition in the other language.
    assert!(en.contains("href=\"../../../fr/packs/workshop/index.html\" hreflang=\"fr\""));
    assert!(en_f
        .contains("href=\"../../../../fr/packs/workshop/facilitator/index.html\" hreflang=\"fr\""));
    assert!(fr.contains("Jour 1 · 10 mars 2026"));

    // Session notes are in the facilitator edition only, which is not for search engines.
    assert!(
        en_f.contains("<p>Session note for the facilitator only.</p><p>A second paragraph.</p>")
    );
    assert!(en_f.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(en_f.contains("Facilitator edition"));
    assert!(en_f.contains("<aside class=\"facilitator-note\" aria-labelledby=\"doc-1-note doc-1-title\"><p class=\"note-label\" id=\"doc-1-note\">For the facilitator</p>\n<p>Document note for the facilitator only.</p>\n<p>Ask who has seen a certificate.</p>"));
    assert!(en_f.contains("<li>Who would you ask about smuggling?<div class=\"facilitator-note\"><p class=\"note-label\">Answer notes</p><p>Answer note for the facilitator only.</p></div></li>"));
    for note in [
        "Session note for the facilitator only.",
        "Document note for the facilitator only.",
        "Answer note for the facilitator only.",
    ] {
        assert!(!en.contains(note), "the participant edition shows {note:?}");
    }
    assert!(!en.contains("noindex"));
    assert!(fr_f.contains("Édition de l&#39;animateur"));
    // On screen, each edition links to the other.
    assert!(en_f.contains(
        "<a href=\"../../../../en/packs/workshop/index.html\">Participant edition of this pack</a>"
    ));
    assert!(en.contains("<a href=\"../../../en/packs/workshop/facilitator/index.html\">Facilitator edition of this pack</a>"));
}

#[test]
fn a_document_links_to_a_pack_by_its_file() {
    let (_tmp, out) = build_fixture("packs");
    let other = page(&out, "en/guidance/other/index.html");
    assert!(
        other.contains("<a href=\"../../../en/packs/workshop/index.html\">the workshop pack</a>"),
        "{other}"
    );
}

#[test]
fn no_normal_page_shows_a_facilitator_note() {
    let (_tmp, out) = build_fixture("packs");
    let notes = [
        "Session note for the facilitator only.",
        "Document note for the facilitator only.",
        "Answer note for the facilitator only.",
    ];
    let mut checked = 0;
    for e in walkdir::WalkDir::new(&out) {
        let e = e.unwrap();
        let rel = e
            .path()
            .strip_prefix(&out)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if !e.file_type().is_file() || rel.contains("/packs/") && rel.contains("/facilitator/") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(e.path()) else {
            continue;
        };
        checked += 1;
        for n in notes {
            assert!(!text.contains(n), "{rel} shows the facilitator note {n:?}");
        }
    }
    assert!(checked > 30, "{checked} files checked");
    // The case study's page shows the question whose answer note it leaves out.
    assert!(page(&out, "en/case-studies/border/index.html")
        .contains("<li>Who would you ask about smuggling?</li>"));
}

#[test]
fn loupe_pack_without_chromium_names_the_pages_and_how_to_print_them() {
    let (tmp, site) = fixture_copy("packs");
    let out = tmp.path().join("public");
    let empty = tmp.path().join("empty-path");
    std::fs::create_dir_all(&empty).unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_loupe"))
        .args(["pack", "workshop", "--pdf", "--root"])
        .arg(&site)
        .arg("--output")
        .arg(&out)
        .env("PATH", &empty)
        .output()
        .unwrap();
    let (stdout, err) = (String::from_utf8_lossy(&o.stdout), stderr(&o));
    assert_eq!(o.status.code(), Some(0), "{stdout}\n{err}");
    for (lang, edition, rel) in [
        ("en", "participant", "en/packs/workshop/index.html"),
        (
            "en",
            "facilitator",
            "en/packs/workshop/facilitator/index.html",
        ),
        ("fr", "participant", "fr/packs/workshop/index.html"),
    ] {
        let line = format!("  {edition} edition: {}", out.join(rel).display());
        assert!(stdout.contains(&line), "{lang}: no {line:?} in\n{stdout}");
        assert!(out.join(rel).is_file());
    }
    assert!(err.contains("no PDF written: no Chromium found"), "{err}");
    assert!(err.contains("Ctrl+P"), "{err}");
    assert!(!site.join("print").exists(), "no PDF folder without PDFs");

    let o = loupe(&[
        "pack",
        "worksop",
        "--root",
        site.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(
            "there is no pack `worksop` (packs of this site: workshop), did you mean `workshop`?"
        ),
        "{}",
        stderr(&o)
    );

    let o = loupe(&[
        "pack",
        "workshop",
        "--pdf",
        "--chromium",
        "/no/such/chromium",
        "--root",
        site.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--chromium: /no/such/chromium does not exist"),
        "{}",
        stderr(&o)
    );
}
