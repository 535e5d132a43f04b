//! The knowledge base shipped in `content/` must stay whole: enough documents of each type in
//! every language, each with its translation, a full glossary, and a clean `loupe check`.

mod common;

use std::collections::BTreeSet;

use common::{build_default_site, loupe, repo, stderr};
use loupe::content::front_matter::Kind;
use loupe::diagnostics::Diagnostics;
use loupe::pipeline::load_site;

#[test]
fn check_reports_no_errors_and_no_warnings() {
    let o = loupe(&["check", "--root", repo().to_str().unwrap()]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(!err.contains("warning"), "{err}");
}

#[test]
fn every_language_has_the_whole_knowledge_base() {
    let mut diags = Diagnostics::new();
    let (_, site) = load_site(&repo(), &mut diags).expect("the default site loads");
    assert!(!diags.has_errors(), "{:?}", diags.sorted());
    let langs = site.config.language_codes();
    assert_eq!(langs, vec!["en".to_string(), "fr".to_string()]);
    for lang in &langs {
        for (kind, at_least) in [
            (Kind::Guidance, 12),
            (Kind::Minutes, 6),
            (Kind::CaseStudy, 8),
        ] {
            let n = site.list(lang, Some(kind)).len();
            assert!(
                n >= at_least,
                "{lang}: {n} {kind:?} documents, want at least {at_least}"
            );
        }
        let terms = &site.glossaries[lang];
        assert!(terms.len() >= 40, "{lang}: {} glossary terms", terms.len());
        assert!(site.home(lang).is_some(), "{lang}: no _index.md");
        assert!(
            site.docs
                .iter()
                .any(|d| d.page.lang == *lang && d.page.stem == "about"),
            "{lang}: no about page"
        );
    }
    // Every page has its translation in every language.
    for d in &site.docs {
        for lang in &langs {
            assert!(
                d.translations.contains_key(lang),
                "{} has no translation in {lang}",
                d.page.source.display()
            );
        }
    }
    // The glossaries pair every term across languages.
    let keys: Vec<BTreeSet<&str>> = langs
        .iter()
        .map(|l| site.glossaries[l].iter().map(|t| t.key.as_str()).collect())
        .collect();
    assert_eq!(keys[0], keys[1], "glossary keys differ between languages");
}

#[test]
fn composed_minutes_and_case_studies_are_marked_illustrative() {
    let mut diags = Diagnostics::new();
    let (_, site) = load_site(&repo(), &mut diags).expect("the default site loads");
    for d in &site.docs {
        if matches!(d.page.kind, Kind::Minutes | Kind::CaseStudy) {
            assert!(
                d.page.fm.illustrative,
                "{} must set illustrative: true",
                d.page.source.display()
            );
        }
    }
}

#[test]
fn every_guidance_note_carries_a_review_record_by_a_role() {
    let mut diags = Diagnostics::new();
    let (_, site) = load_site(&repo(), &mut diags).expect("the default site loads");
    let mut notes = 0;
    for d in site.docs.iter().filter(|d| d.page.kind == Kind::Guidance) {
        notes += 1;
        let path = d.page.source.display();
        let r = d
            .page
            .fm
            .reviewed
            .as_ref()
            .unwrap_or_else(|| panic!("{path} has no `reviewed:` record"));
        // The reviewer is a role (the content team and what it checked against), not a person.
        assert!(
            r.by.starts_with("loupe content team: ")
                || r.by.starts_with("équipe de contenu loupe\u{a0}: "),
            "{path}: `by` should name the content team and what it checked, found `{}`",
            r.by
        );
        // A review cannot be dated before the note it reviews.
        if let Some(date) = d.page.fm.date {
            assert!(
                r.date >= date,
                "{path}: reviewed {} before its date {date}",
                r.date
            );
        }
    }
    assert!(notes >= 26, "{notes} guidance notes");
}

#[test]
fn document_pages_are_light_content_aside() {
    let tmp = tempfile::tempdir().unwrap();
    let out = build_default_site(tmp.path());
    let assets: usize = ["assets/style.css", "assets/site.js"]
        .iter()
        .map(|a| std::fs::metadata(out.join(a)).unwrap().len() as usize)
        .sum();
    let mut heaviest = (0, String::new());
    for section in ["guidance", "minutes", "case-studies"] {
        for lang in ["en", "fr"] {
            for e in std::fs::read_dir(out.join(lang).join(section)).unwrap() {
                let path = e.unwrap().path().join("index.html");
                if !path.is_file() {
                    continue;
                }
                let html = std::fs::read_to_string(&path).unwrap();
                let start = html.find(r#"<div class="body">"#).unwrap();
                let end = start + html[start..].find("\n</div>\n").unwrap();
                let chrome = html.len() - (end - start);
                if chrome > heaviest.0 {
                    heaviest = (chrome, path.display().to_string());
                }
            }
        }
    }
    let total = heaviest.0 + assets;
    assert!(
        total < 30 * 1024,
        "{} weighs {total} bytes without its text",
        heaviest.1
    );
}

#[test]
fn the_starting_points_come_first_in_both_languages() {
    let mut diags = Diagnostics::new();
    let (_, site) = load_site(&repo(), &mut diags).expect("the default site loads");
    let tmp = tempfile::tempdir().unwrap();
    let out = build_default_site(tmp.path());
    for lang in ["en", "fr"] {
        let stems: Vec<&str> = site
            .list(lang, Some(Kind::Guidance))
            .into_iter()
            .map(|i| site.docs[i].page.stem.as_str())
            .collect();
        assert_eq!(
            stems[..4],
            [
                "what-is-the-kpcs",
                "minimum-requirements",
                "kp-certificates",
                "civil-society-participation"
            ],
            "{lang}"
        );
        // The home page leads with them, under "Start here", in that order.
        let home = std::fs::read_to_string(out.join(lang).join("index.html")).unwrap();
        let start = home
            .split(r#"<ol class="start-list">"#)
            .nth(1)
            .and_then(|s| s.split("</ol>").next())
            .unwrap_or_else(|| panic!("{lang}: no start list"));
        let links: Vec<&str> = start
            .split(r#"<a href=""#)
            .skip(1)
            .filter_map(|s| s.split('"').next())
            .collect();
        let want: Vec<String> = site
            .list(lang, Some(Kind::Guidance))
            .into_iter()
            .take(4)
            .map(|i| {
                format!(
                    "{}/",
                    site.docs[i]
                        .url
                        .trim_start_matches(&format!("{lang}/"))
                        .trim_end_matches("index.html")
                )
            })
            .collect();
        assert_eq!(links.len(), 4, "{lang}: {start}");
        for (link, url) in links.iter().zip(&want) {
            assert!(
                link.contains(url.trim_end_matches('/')),
                "{lang}: {link} is not {url}"
            );
        }
        // A translation keeps the reading order of its source.
        for i in site.list(lang, None) {
            let d = &site.docs[i];
            for &j in d.translations.values() {
                assert_eq!(
                    d.page.fm.weight, site.docs[j].page.fm.weight,
                    "{}",
                    d.page.content_path
                );
            }
        }
    }
}
