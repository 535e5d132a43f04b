//! Review records (`reviewed: {by, date}`): `loupe check` lists the guidance notes never reviewed
//! or last reviewed more than two years ago, without turning them into warnings; a bad record is
//! an error at its place; a guidance page shows its record in the page's language.

mod common;

use std::path::Path;
use std::process::Output;

use common::{build_ok, fixture_copy, page, stderr};

/// Adds `line` to the front matter of `rel` in `site`, after its `title:` line.
fn add_front_matter(site: &Path, rel: &str, line: &str) {
    let path = site.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    let end = text.find('\n').unwrap() + 1;
    let title_end = end + text[end..].find('\n').unwrap() + 1;
    let text = format!("{}{line}\n{}", &text[..title_end], &text[title_end..]);
    std::fs::write(&path, text).unwrap();
}

/// Runs `loupe check` on `site` with `LOUPE_TODAY` set to `today`.
fn check_on(site: &Path, today: &str) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_loupe"))
        .args(["check", "--root", site.to_str().unwrap()])
        .env("LOUPE_TODAY", today)
        .output()
        .expect("run loupe")
}

#[test]
fn check_lists_notes_never_reviewed_or_reviewed_over_two_years_ago() {
    let (_tmp, site) = fixture_copy("basic");
    let en = "content/en/guidance/checking-certificates.md";
    let fr = "content/fr/guidance/verifier-certificats.md";
    add_front_matter(
        &site,
        en,
        r#"reviewed: {by: "CSO trainers: check against the core document", date: 2024-06-30}"#,
    );
    add_front_matter(
        &site,
        fr,
        "reviewed:\n  by: \"Formateurs d'OSC\"\n  date: 2022-01-15",
    );

    let o = check_on(&site, "2025-01-10");
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("reviews: 1 of 2 guidance notes needs a review (never reviewed, or last reviewed more than 2 years ago):\n"),
        "{err}"
    );
    assert!(
        err.contains(&format!("\n  {fr}: last reviewed 2022-01-15\n")),
        "{err}"
    );
    assert!(!err.contains(en), "a fresh review is not listed:\n{err}");
    // (The fixture's draft is warned about; reviews never are.)
    assert!(
        !err.lines()
            .any(|l| l.contains("warning") && l.contains("review")),
        "old reviews are not warnings:\n{err}"
    );
    assert!(err.contains("no errors"), "{err}");

    // Two years and a day after the English review, both are due.
    let err = stderr(&check_on(&site, "2026-07-01"));
    assert!(
        err.contains(&format!("\n  {en}: last reviewed 2024-06-30\n")),
        "{err}"
    );

    // A note without a record is listed as never reviewed.
    std::fs::write(
        site.join("content/en/guidance/new-note.md"),
        "---\ntitle: A new note\n---\n\nText.\n",
    )
    .unwrap();
    let err = stderr(&check_on(&site, "2025-01-10"));
    assert!(
        err.contains("\n  content/en/guidance/new-note.md: never reviewed\n"),
        "{err}"
    );
    assert!(
        err.contains("reviews: 2 of 3 guidance notes need a review"),
        "{err}"
    );
}

#[test]
fn check_says_so_when_every_note_is_fresh_and_refuses_a_bad_today() {
    let (_tmp, site) = fixture_copy("basic");
    for rel in [
        "content/en/guidance/checking-certificates.md",
        "content/fr/guidance/verifier-certificats.md",
    ] {
        add_front_matter(&site, rel, "reviewed: {by: editors, date: 2024-02-29}");
    }
    let err = stderr(&check_on(&site, "2026-02-28"));
    assert!(
        err.contains("reviews: 2 of 2 guidance notes reviewed in the last 2 years\n"),
        "{err}"
    );
    let o = check_on(&site, "2026-13-01");
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o)
            .contains("error: LOUPE_TODAY must be a date written YYYY-MM-DD, found `2026-13-01`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_bad_review_record_is_an_error_at_its_place() {
    let (_tmp, site) = fixture_copy("basic");
    let rel = "content/en/guidance/checking-certificates.md";
    add_front_matter(
        &site,
        rel,
        "reviewed:\n  by: editors\n  date: 2024-06-31\n  notes: x",
    );
    let o = check_on(&site, "2025-01-10");
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    for e in [
        format!("{rel}:5:9: error: `date` of `reviewed` must be a date written YYYY-MM-DD (such as 2016-03-14), found `2024-06-31`"),
        format!("{rel}:6:3: error: unknown key `notes` in `reviewed` (it takes `by` and `date`)"),
    ] {
        assert!(err.contains(&e), "missing `{e}` in:\n{err}");
    }
    // While the site has errors, the review reminders stay out of the way.
    assert!(!err.contains("reviews:"), "{err}");
    let (_tmp, site) = fixture_copy("basic");
    add_front_matter(&site, rel, "reviewed: yesterday");
    let err = stderr(&check_on(&site, "2025-01-10"));
    assert!(
        err.contains(&format!(
            "{rel}:3:1: error: `reviewed` must be a map `{{by: …, date: YYYY-MM-DD}}`, found text"
        )),
        "{err}"
    );
}

#[test]
fn a_guidance_page_shows_its_review_in_its_language_escaped() {
    let (tmp, site) = fixture_copy("basic");
    add_front_matter(
        &site,
        "content/en/guidance/checking-certificates.md",
        r#"reviewed: {by: "CSO <trainers> & editors", date: 2024-06-30}"#,
    );
    add_front_matter(
        &site,
        "content/fr/guidance/verifier-certificats.md",
        r#"reviewed: {by: "Formateurs d'OSC", date: 2024-06-30}"#,
    );
    let out = build_ok(&site, tmp.path());
    let en = page(&out, "en/guidance/checking-certificates/index.html");
    assert!(
        en.contains(r#"<footer class="reviewed"><p>Last reviewed on <time datetime="2024-06-30">30 June 2024</time> · CSO &lt;trainers&gt; &amp; editors</p></footer>"#),
        "{en}"
    );
    let fr = page(&out, "fr/guidance/verifier-les-certificats/index.html");
    assert!(
        fr.contains(r#"Dernière relecture le <time datetime="2024-06-30">30 juin 2024</time> · Formateurs d&#39;OSC</p>"#),
        "{fr}"
    );
    // A page without a record shows none.
    let minutes = page(&out, "en/minutes/2016-03-border-meeting/index.html");
    assert!(!minutes.contains("class=\"reviewed\""), "{minutes}");
}
