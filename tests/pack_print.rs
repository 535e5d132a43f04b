//! The default workshop pack printed to PDF by `loupe pack --pdf` in real headless Chromium,
//! participant and facilitator editions in both languages, read back with `pdftotext`
//! (Debian `poppler-utils`); and a minutes page printed alone (print media emulation).
//!
//! Without Chromium or pdftotext the tests print how to install them and skip; under
//! `CI=true` they fail instead.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{repo, stderr};
use loupe::diagnostics::Diagnostics;
use loupe::site::routes::Edition;
use loupe::site::Site;

/// The default pack.
const PACK: &str = "certificates-and-controls";

/// The Chromium to use, or `None` (after printing why) when the tests cannot run.
fn tools() -> Option<PathBuf> {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let why = if !Path::new(&chromium).exists() {
        Some(format!(
            "chromium not found at {chromium} (install it: `apt-get install chromium`, or set CHROMIUM=/path/to/it)"
        ))
    } else if Command::new("pdftotext").arg("-v").output().is_err() {
        Some("pdftotext not found (install it: `apt-get install poppler-utils`)".to_string())
    } else {
        None
    };
    match why {
        None => Some(PathBuf::from(chromium)),
        Some(why) if std::env::var("CI").as_deref() == Ok("true") => {
            panic!("the print tests cannot run under CI: {why}")
        }
        Some(why) => {
            eprintln!("SKIPPED print test: {why}");
            None
        }
    }
}

/// The text of each page of `pdf`, as `pdftotext` gives it: in reading order (columns one
/// after the other), or with `layout`, line by line as placed on the page.
fn pages(pdf: &Path, layout: bool) -> Vec<String> {
    let o = Command::new("pdftotext")
        .args(layout.then_some("-layout"))
        .arg(pdf)
        .arg("-")
        .output()
        .expect("run pdftotext");
    assert!(
        o.status.success(),
        "pdftotext {}: {}",
        pdf.display(),
        stderr(&o)
    );
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// `s` with every run of white space made one space.
fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The default site, assembled.
fn default_site() -> Site {
    let mut diags = Diagnostics::new();
    let (_ws, site) = loupe::pipeline::load_site(&repo(), &mut diags).expect("the default site");
    assert!(!diags.has_errors(), "{:?}", diags.sorted());
    site
}

/// Headings (h2 to h4) of the built page, as text.
fn headings(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for level in ["<h2", "<h3", "<h4"] {
        for part in html.split(level).skip(1) {
            let Some(start) = part.find('>') else {
                continue;
            };
            let close = format!("</{}>", &level[1..]);
            let Some(end) = part.find(&close) else {
                continue;
            };
            let mut text = String::new();
            let mut in_tag = false;
            for c in part[start + 1..end].chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            let text = text
                .replace("&amp;", "&")
                .replace("&#39;", "'")
                .replace("&quot;", "\"");
            out.push(flat(&text));
        }
    }
    out
}

#[test]
fn the_default_pack_prints_to_pdf_in_both_editions_and_languages() {
    let Some(chromium) = tools() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let (out, print) = (tmp.path().join("public"), tmp.path().join("print"));
    let o = Command::new(env!("CARGO_BIN_EXE_loupe"))
        .args(["pack", PACK, "--pdf", "--root"])
        .arg(repo())
        .arg("--output")
        .arg(&out)
        .arg("--pdf-dir")
        .arg(&print)
        .arg("--chromium")
        .arg(&chromium)
        .output()
        .unwrap();
    let said = format!("{}{}", String::from_utf8_lossy(&o.stdout), stderr(&o));
    eprintln!("{said}");
    assert!(o.status.success(), "loupe pack --pdf failed:\n{said}");

    let site = default_site();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let packs: Vec<_> = site.packs.iter().filter(|p| p.file.name == PACK).collect();
    assert_eq!(packs.len(), 2, "the pack is in English and French");
    for p in packs {
        let f = &p.file;
        let lang = f.lang.as_str();
        // The documents in agenda order: by first use, then those no session uses.
        let mut order: Vec<usize> = Vec::new();
        for s in &p.sessions {
            for &k in s {
                if !order.contains(&k) {
                    order.push(k);
                }
            }
        }
        let unused: Vec<usize> = (0..p.docs.len()).filter(|k| !order.contains(k)).collect();
        order.extend(unused);
        let glossary = site
            .glossaries
            .get(lang)
            .map(|g| g.as_slice())
            .unwrap_or(&[]);
        let terms = loupe::site::packs::terms(p, &site.docs, glossary);
        assert!(
            terms.len() > 10,
            "{lang}: the documents use {} terms",
            terms.len()
        );
        // Every note for the facilitator: of the sessions, of the documents, of their
        // discussion questions.
        let mut notes: Vec<&str> = f
            .agenda
            .iter()
            .filter_map(|s| s.facilitator_notes.as_deref())
            .collect();
        let mut documents_with_notes = 0;
        for &j in &p.docs {
            let fm = &site.docs[j].page.fm;
            documents_with_notes += usize::from(fm.facilitator_notes.is_some());
            notes.extend(fm.facilitator_notes.as_deref());
            notes.extend(
                fm.discussion_questions
                    .iter()
                    .filter_map(|q| q.answer_notes.as_deref()),
            );
        }
        let notes: Vec<String> = notes
            .into_iter()
            .flat_map(|n| n.split("\n\n").map(flat).collect::<Vec<_>>())
            .collect();
        assert!(
            documents_with_notes >= 4,
            "{lang}: {documents_with_notes} documents have notes"
        );
        assert!(
            notes.len() > 20,
            "{lang}: {} facilitator notes",
            notes.len()
        );

        let mut texts: BTreeMap<Edition, String> = BTreeMap::new();
        for edition in Edition::ALL {
            let what = format!("{lang} {}", edition.name());
            let pdf = print.join(format!("{PACK}-{lang}-{}.pdf", edition.name()));
            let pages = pages(&pdf, true);
            let n = pages.len();
            counts.insert(what.clone(), n);
            assert!(n > 10, "{what}: {n} pages");

            // Page numbers, on every page but the cover.
            for (i, page) in pages.iter().enumerate().skip(1) {
                let number = format!("{} / {n}", i + 1);
                assert!(
                    page.contains(&number),
                    "{what}: page {} has no “{number}”",
                    i + 1
                );
            }
            assert!(
                !pages[0].contains(&format!("1 / {n}")),
                "{what}: a number on the cover"
            );

            // The documents, each from a page of its own, in agenda order.
            let flat_pages: Vec<String> =
                self::pages(&pdf, false).iter().map(|p| flat(p)).collect();
            assert_eq!(flat_pages.len(), n);
            let contents = flat_pages
                .iter()
                .position(|p| p.contains(&site.theme.i18n[lang].t2("pack", "contents")))
                .expect("a table of contents");
            let mut last = contents;
            for &k in &order {
                let title = flat(&site.docs[p.docs[k]].page.fm.title);
                let kind = site.theme.i18n[lang]
                    .t2("kind_singular", site.docs[p.docs[k]].page.kind.name())
                    .to_uppercase();
                let start = format!("{} · {kind} {title}", k + 1);
                let at = flat_pages
                    .iter()
                    .position(|t| t.contains(&start))
                    .unwrap_or_else(|| panic!("{what}: no page starts document “{start}”"));
                assert!(at > last, "{what}: “{title}” (page {}) is not after the document before it in the agenda (page {})", at + 1, last + 1);
                last = at;
            }

            // Every glossary term the documents use, in the glossary pages (from its
            // introduction to the first notes page).
            let i18n = &site.theme.i18n[lang];
            let from = flat_pages
                .iter()
                .position(|t| t.contains(&i18n.t2("pack", "glossary_intro")))
                .unwrap_or_else(|| panic!("{what}: no glossary"));
            let notes_heading = format!(
                "{} · {} 1",
                i18n.t2("pack", "notes"),
                i18n.t2("pack", "day")
            );
            let glossary_text = flat_pages[from..]
                .iter()
                .take_while(|t| !t.contains(&notes_heading))
                .cloned()
                .collect::<Vec<_>>()
                .join(" ");
            for t in &terms {
                assert!(
                    glossary_text.contains(&flat(&t.term)),
                    "{what}: the glossary pages lack “{}”",
                    t.term
                );
            }

            // No heading alone at the foot of a page.
            let html_rel = format!(
                "{lang}/packs/{PACK}/{}index.html",
                if edition == Edition::Facilitator {
                    "facilitator/"
                } else {
                    ""
                }
            );
            let heads = headings(&std::fs::read_to_string(out.join(html_rel)).unwrap());
            for (i, page) in pages.iter().enumerate() {
                let body: Vec<&str> = page
                    .lines()
                    .map(str::trim)
                    .filter(|l| {
                        !l.is_empty()
                            && !l.ends_with(&format!(" / {n}"))
                            && *l != format!("{} / {n}", i + 1)
                    })
                    .collect();
                if i + 1 == n || body.is_empty() {
                    continue;
                }
                // The page's last line is a heading, or its last two lines are one (but a
                // notes page is its heading and ruled lines).
                let last = flat(body[body.len() - 1]);
                let notes_page = format!("{} · ", i18n.t2("pack", "notes"));
                if body.iter().any(|l| l.starts_with(&notes_page)) {
                    continue;
                }
                let two = body
                    .len()
                    .checked_sub(2)
                    .map(|j| flat(&format!("{} {}", body[j], body[j + 1])));
                for h in &heads {
                    assert!(
                        *h != last && two.as_ref() != Some(h),
                        "{what}: page {} ends with the heading “{h}”",
                        i + 1
                    );
                }
            }
            texts.insert(edition, flat_pages.join(" "));
        }

        // Facilitator notes: in the facilitator edition only.
        for note in &notes {
            let start: String = note.split(' ').take(8).collect::<Vec<_>>().join(" ");
            assert!(
                texts[&Edition::Facilitator].contains(&start),
                "{lang}: the facilitator edition lacks the note “{start}”"
            );
            assert!(
                !texts[&Edition::Participant].contains(&start),
                "{lang}: the participant edition shows the note “{start}”"
            );
        }
    }
    eprintln!("pages of the default pack's PDFs (A4): {counts:?}");
}

#[test]
fn a_minutes_page_prints_decisions_and_actions_first_without_related_lists() {
    let Some(_chromium) = tools() else { return };
    let node = Command::new("node").arg("--version").output().is_ok();
    if !node || !repo().join("node_modules/puppeteer-core").is_dir() {
        let why = "Node.js or puppeteer-core missing (apt-get install nodejs npm; npm ci)";
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "cannot run under CI: {why}"
        );
        eprintln!("SKIPPED print test: {why}");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = common::build_default_site(tmp.path());
    // A minutes page with decisions, actions, related documents and backlinks.
    let site = default_site();
    let doc = site
        .docs
        .iter()
        .filter(|d| d.page.lang == "en" && d.page.kind.name() == "minutes")
        .find(|d| {
            !d.page.fm.decisions.is_empty()
                && !d.page.fm.actions.is_empty()
                && !d.related.is_empty()
                && !d.backlinks.is_empty()
        })
        .expect("minutes with decisions, actions, related documents and backlinks");
    let pdf = tmp.path().join("minutes.pdf");
    let o = Command::new("node")
        .arg(repo().join("tests/browser/print-minutes.mjs"))
        .arg(out.join(&doc.url))
        .arg(&pdf)
        .output()
        .expect("run node");
    let said = format!("{}{}", String::from_utf8_lossy(&o.stdout), stderr(&o));
    eprintln!("{said}");
    assert!(o.status.success(), "print-minutes.mjs failed:\n{said}");

    // The printed text: decisions and actions before the minutes' own text; no lists of
    // related documents or backlinks.
    let pages = pages(&pdf, false);
    let text = flat(&pages.join(" "));
    let t = &site.theme.i18n["en"];
    let first_heading = doc
        .rendered
        .toc
        .first()
        .map(|e| flat(&e.text))
        .expect("a heading");
    let at = |s: &str| {
        text.find(s)
            .unwrap_or_else(|| panic!("no “{s}” in the printed minutes"))
    };
    assert!(
        at(&t.t("decisions")) < at(&first_heading),
        "decisions after the text"
    );
    assert!(
        at(&t.t("actions")) < at(&first_heading),
        "actions after the text"
    );
    assert!(at(&flat(&doc.page.fm.decisions[0])) < at(&first_heading));
    for list in [t.t("related"), t.t("linked_from")] {
        assert!(!text.contains(&list), "“{list}” is printed");
    }
    eprintln!("{} prints on {} A4 pages", doc.url, pages.len());
}
