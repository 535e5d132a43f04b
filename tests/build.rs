//! Building the fixture site: links, translations, glossary, register, sanitising, atomic and
//! deterministic output.

mod common;

use common::site_test::SiteTest;
use common::{build, build_fixture, build_ok, fixture_copy, loupe, page, stderr, tree};

#[test]
fn document_page_snapshot() {
    SiteTest::fixture("basic")
        .build()
        .check_main(
            "en/guidance/checking-certificates/index.html",
            "guidance_page_main",
        )
        .check_main(
            "en/minutes/2016-03-border-meeting/index.html",
            "minutes_page_main",
        );
}

#[test]
fn links_to_content_files_become_relative_links_to_pages() {
    let (_t, out) = build_fixture("basic");
    let html = page(&out, "en/guidance/checking-certificates/index.html");
    assert!(
        html.contains(
            r#"<a href="../../../en/minutes/2016-03-border-meeting/index.html">border meeting</a>"#
        ),
        "{html}"
    );
    assert!(
        html.contains(r#"href="../../../en/case-studies/border-post/index.html#what-happened""#)
    );
    assert!(html.contains(r##"<a href="#securite-1">below</a>"##));
    assert!(html.contains(
        r#"<a href="https://www.kimberleyprocess.com/" class="external" rel="noopener noreferrer">"#
    ));
    assert!(html.contains(r#"<img src="../../../en/guidance/img/diagram.svg" alt="A diagram">"#));
    assert!(out.join("en/guidance/img/diagram.svg").is_file());
    // Unique, accent-folded heading ids.
    assert!(html.contains(r#"<h2 id="securite">Sécurité</h2>"#));
    assert!(html.contains(r#"<h2 id="securite-1">Sécurité</h2>"#));
    // A link to a page missing in French falls back to English, marked.
    let fr = page(&out, "fr/guidance/verifier-les-certificats/index.html");
    assert!(fr.contains(r#"<a href="../../../en/minutes/2016-03-border-meeting/index.html">réunion</a> <span class="lang-marker" lang="en">(English)</span>"#), "{fr}");
    // Backlinks.
    let minutes = page(&out, "en/minutes/2016-03-border-meeting/index.html");
    assert!(minutes.contains("Linked from"));
    assert!(minutes.contains(r#"href="../../../en/guidance/checking-certificates/index.html">Checking &lt;KP&gt; certificates &amp; parcels</a>"#));
}

#[test]
fn translations_are_matched_by_path_or_key_and_switchers_link_them() {
    let (_t, out) = build_fixture("basic");
    let en = page(&out, "en/guidance/checking-certificates/index.html");
    assert!(en.contains(r#"<a href="../../../fr/guidance/verifier-les-certificats/index.html" hreflang="fr" lang="fr" data-lang-link="fr">Français</a>"#), "{en}");
    assert!(en.contains(r#"<link rel="alternate" hreflang="fr" href="../../../fr/guidance/verifier-les-certificats/index.html">"#));
    assert!(en.contains(r#"<html lang="en">"#));
    // Same path, different slug.
    let case = page(&out, "en/case-studies/border-post/index.html");
    assert!(case.contains(r#"href="../../../fr/case-studies/un-poste-frontiere/index.html""#));
    // No translation: the other language's home, with a visible note.
    let minutes = page(&out, "en/minutes/2016-03-border-meeting/index.html");
    assert!(minutes.contains(r#"<a href="../../../fr/index.html" hreflang="fr" lang="fr" data-lang-link="fr">Français <small class="untranslated">(pas encore traduit)</small></a>"#), "{minutes}");
}

#[test]
fn metadata_is_escaped_and_content_sanitised() {
    let (_t, out) = build_fixture("basic");
    let html = page(&out, "en/guidance/checking-certificates/index.html");
    assert!(html.contains("<h1>Checking &lt;KP&gt; certificates &amp; parcels</h1>"));
    assert!(html.contains("How a monitor checks a &quot;KP certificate&quot;."));
    for (path, bytes) in tree(&out) {
        if !path.ends_with(".html") {
            continue;
        }
        let text = String::from_utf8(bytes).unwrap();
        assert!(
            !text.contains("alert("),
            "{path} keeps a script from content"
        );
        assert!(!text.contains("onerror"), "{path} keeps an event handler");
        assert!(
            !text.contains("javascript:"),
            "{path} keeps a javascript: URL"
        );
    }
}

#[test]
fn glossary_abbreviations_and_dates_follow_the_language() {
    // In each language: the glossary's abbreviation marked once in the body (`KPCS`, `SCPK`),
    // dates and country names written the language's way; the French glossary links each term
    // to its English entry.
    let t = SiteTest::fixture("basic").build();
    let html = t.page("en/guidance/checking-certificates/index.html");
    let body = &html[html.find(r#"<div class="body">"#).unwrap()..];
    assert_eq!(body.matches("<abbr").count(), 1);
    t.check_main(
        "fr/guidance/verifier-les-certificats/index.html",
        "french_guidance_main",
    )
    .check_main("fr/glossary/index.html", "french_glossary_main")
    .check_main(
        "fr/case-studies/un-poste-frontiere/index.html",
        "french_case_study_main",
    );
}

#[test]
fn register_gathers_decisions_and_actions_with_open_ones_marked() {
    // The register lists the decisions and the actions (open ones marked, with owner and due
    // date), the filters for the script (hidden without it) with the meetings' countries and
    // years; the home page counts the open actions and links to them.
    SiteTest::fixture("basic")
        .build()
        .check_main("en/register/index.html", "register_main")
        .check_contains(
            "en/index.html",
            &[r#"href="../en/register/index.html?status=open">Open actions in the register (1)</a>"#],
        );
}

#[test]
fn open_actions_past_due_on_the_latest_minutes_are_overdue_and_say_as_of_when() {
    // A later meeting: the action due on 15 April 2016 is then overdue, as of 2 May 2016 (the
    // date of the latest minutes, not the build's: the same input gives the same pages).
    let t = SiteTest::fixture("basic")
        .file(
            "content/en/minutes/2016-05-follow-up.md",
            "---\ntitle: Follow-up meeting\ndate: 2016-05-02\ncountries: [GN]\nillustrative: true\nactions:\n  - action: Print the log\n    due: 2016-06-01\n    status: open\n---\n\nText.\n",
        )
        .build()
        .check_main("en/register/index.html", "register_overdue_main")
        .check_contains(
            "en/minutes/2016-03-border-meeting/index.html",
            &[r#"<tr class="open overdue" data-due="2016-04-15">"#],
        );
    let again = build_ok(t.site(), &t.dir().join("again"));
    assert_eq!(tree(t.out()), tree(&again));
}

#[test]
fn lists_taxonomies_and_drafts() {
    let (_t, out) = build_fixture("basic");
    assert!(out.join("en/countries/sl/index.html").is_file());
    assert!(out.join("fr/countries/gn/index.html").is_file());
    assert!(out.join("en/topics/smuggling/index.html").is_file());
    assert!(out.join("en/search/index.html").is_file());
    let topic = page(&out, "en/topics/smuggling/index.html");
    assert!(topic.contains("Border meeting") && topic.contains("A border post"));
    // Drafts are not built, and are not listed.
    assert!(!out.join("en/guidance/draft-note/index.html").exists());
    assert!(!page(&out, "en/guidance/index.html").contains("Not ready"));
    // No sitemap or feed without base_url.
    assert!(!out.join("sitemap.xml").exists());
    assert!(!out.join("en/atom.xml").exists());
}

#[test]
fn every_generated_link_is_relative_and_names_a_file() {
    let (_t, out) = build_fixture("basic");
    let files = tree(&out);
    for (path, bytes) in &files {
        if !path.ends_with(".html") {
            continue;
        }
        let text = String::from_utf8_lossy(bytes);
        for attr in ["href=\"", "src=\""] {
            for part in text.split(attr).skip(1) {
                let url = &part[..part.find('"').unwrap()];
                if url.starts_with("https://") || url.starts_with('#') {
                    continue;
                }
                // Servers show the 404 page at any address: its links start from the root.
                if path == "404.html" {
                    assert!(url.starts_with('/'), "404.html: {url}");
                    let file = url.trim_start_matches('/');
                    assert!(out.join(file).is_file(), "404.html: {url}");
                    continue;
                }
                assert!(
                    !url.starts_with('/') && !url.contains("://"),
                    "{path}: {url}"
                );
                let file = url.split(['#', '?']).next().unwrap();
                assert!(
                    !file.ends_with('/') && !file.is_empty(),
                    "{path}: {url} does not name a file"
                );
                let dir = std::path::Path::new(path).parent().unwrap();
                let target = out.join(dir).join(file);
                assert!(target.is_file(), "{path}: {url} does not resolve to a file");
            }
        }
    }
}

#[test]
fn a_failed_build_leaves_the_previous_output_byte_identical() {
    let (tmp, site) = fixture_copy("basic");
    let out = tmp.path().join("public");
    assert!(build(&site, &out).status.success());
    let before = tree(&out);
    std::fs::write(
        site.join("content/en/about.md"),
        "---\ntitle: [broken\n---\n",
    )
    .unwrap();
    let o = build(&site, &out);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("content/en/about.md:"),
        "{}",
        stderr(&o)
    );
    assert_eq!(tree(&out), before, "the failed build changed the output");
}

#[test]
fn two_builds_give_identical_trees() {
    let (_a, out_a) = build_fixture("basic");
    let (_b, out_b) = build_fixture("basic");
    let (a, b) = (tree(&out_a), tree(&out_b));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (k, v) in &a {
        assert!(v == &b[k], "{k} differs between two builds");
    }
}

#[test]
fn sitemap_and_feeds_when_base_url_is_set() {
    let (tmp, site) = fixture_copy("basic");
    let cfg = std::fs::read_to_string(site.join("loupe.yaml")).unwrap();
    std::fs::write(
        site.join("loupe.yaml"),
        format!("base_url: https://example.org/kp\n{cfg}"),
    )
    .unwrap();
    let out = build_ok(&site, tmp.path());
    let sitemap = page(&out, "sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/kp/en/guidance/checking-certificates/index.html</loc><lastmod>2016-05-02</lastmod>"), "{sitemap}");
    let atom = page(&out, "fr/atom.xml");
    assert!(
        atom.contains("<updated>2016-06-01T00:00:00Z</updated>"),
        "{atom}"
    );
    assert!(atom.contains("https://example.org/kp/fr/case-studies/un-poste-frontiere/index.html"));
    // Canonical and hreflang links are absolute, as search engines want them.
    let doc = page(&out, "en/guidance/checking-certificates/index.html");
    assert!(doc.contains(r#"<link rel="canonical" href="https://example.org/kp/en/guidance/checking-certificates/index.html">"#), "{doc}");
    assert!(doc.contains(r#"<link rel="alternate" hreflang="fr" href="https://example.org/kp/fr/guidance/verifier-les-certificats/index.html">"#), "{doc}");
    let root = page(&out, "index.html");
    assert!(root.contains(r#"<link rel="alternate" hreflang="x-default" href="https://example.org/kp/index.html">"#), "{root}");
    // The 404 page's links start from the base URL's path, so they work at any address.
    let missing = page(&out, "404.html");
    assert!(
        missing.contains(r#"<link rel="stylesheet" href="/kp/assets/style.css">"#),
        "{missing}"
    );
    assert!(missing.contains(r#"href="/kp/fr/index.html""#), "{missing}");
}

#[test]
fn without_base_url_alternates_are_relative_and_there_is_no_canonical() {
    let (_t, out) = build_fixture("basic");
    let doc = page(&out, "en/guidance/checking-certificates/index.html");
    assert!(!doc.contains(r#"rel="canonical""#));
    assert!(doc.contains(r#"<link rel="alternate" hreflang="fr" href="../../../fr/guidance/verifier-les-certificats/index.html">"#), "{doc}");
    // The 404 page assumes the site is at the server's root.
    let missing = page(&out, "404.html");
    assert!(
        missing.contains(r#"<link rel="stylesheet" href="/assets/style.css">"#),
        "{missing}"
    );
    // Its message is in every language.
    assert!(
        missing.contains("Page not found") && missing.contains("Page introuvable"),
        "{missing}"
    );
}

#[test]
fn the_theme_script_runs_after_the_page_and_the_chooser_has_no_script_in_its_head() {
    let (_t, out) = build_fixture("basic");
    for rel in [
        "index.html",
        "en/index.html",
        "en/guidance/checking-certificates/index.html",
    ] {
        let html = page(&out, rel);
        let head = &html[..html.find("</head>").unwrap()];
        assert!(!head.contains("<script"), "{rel}: a script in <head>");
        let script = html
            .find("assets/site.js\"></script>")
            .unwrap_or_else(|| panic!("{rel}: no site.js"));
        assert!(
            script > html.find("</main>").unwrap(),
            "{rel}: site.js before the page's text"
        );
    }
}

#[test]
fn related_documents_leave_out_those_that_link_here_and_meta_lines_name_a_country_once() {
    let (tmp, site) = fixture_copy("basic");
    let path = site.join("content/en/minutes/2016-03-border-meeting.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace(
            "location: A border post",
            "location: Kambia border post, Sierra Leone",
        ),
    )
    .unwrap();
    let out = build_ok(&site, tmp.path());
    let minutes = page(&out, "en/minutes/2016-03-border-meeting/index.html");
    let related =
        &minutes[minutes.find("loupe-related").unwrap()..minutes.find("loupe-backlinks").unwrap()];
    let backlinks = &minutes[minutes.find("loupe-backlinks").unwrap()..];
    assert!(backlinks.contains("checking-certificates/index.html"));
    assert!(
        !related.contains("checking-certificates/index.html"),
        "{related}"
    );
    let reg = page(&out, "en/register/index.html");
    assert!(
        reg.contains("Kambia border post, Sierra Leone</p>"),
        "{reg}"
    );
}

#[test]
fn tag_pages_say_what_they_list_and_the_home_page_labels_each_part() {
    let (_t, out) = build_fixture("basic");
    let country = page(&out, "en/countries/sl/index.html");
    assert!(
        country.contains(r#"<p class="eyebrow">Country</p>"#),
        "{country}"
    );
    assert!(
        country
            .contains(r#"<h2 id="kind-guidance">Guidance notes <span class="count">1</span></h2>"#),
        "{country}"
    );
    assert!(!country.contains("Documents tagged"));
    let home = page(&out, "fr/index.html");
    for heading in [
        "Comptes rendus récents",
        "Actions en cours",
        "Études de cas par pays",
        "Parcourir par thème",
        "Parcourir par pays",
    ] {
        assert!(
            home.contains(&format!(">{heading}</h2>")),
            "{heading}: {home}"
        );
    }
}

#[test]
fn new_creates_a_valid_file_in_the_right_folder() {
    let (_tmp, site) = fixture_copy("basic");
    let root = site.to_str().unwrap();
    let new_minutes = || {
        loupe(&[
            "new",
            "minutes",
            "--lang",
            "fr",
            "Réunion de Kénéma",
            "--date",
            "2016-03-14",
            "--root",
            root,
        ])
    };
    let o = new_minutes();
    assert!(o.status.success(), "{}", stderr(&o));
    // Minutes are named after their date; the new file is a draft with every field.
    let path = site.join("content/fr/minutes/2016-03-14-reunion-de-kenema.md");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("---\n# New meeting minutes."), "{text}");
    for line in [
        "\ntitle: \"Réunion de Kénéma\"\n",
        "\ndate: 2016-03-14\n",
        "\nactions: []\n",
        "\ndraft: true\n---\n",
    ] {
        assert!(text.contains(line), "{line} in {text}");
    }
    let o = loupe(&["check", "--root", root]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("2016-03-14-reunion-de-kenema.md:37:1: warning: this file is a draft"),
        "{}",
        stderr(&o)
    );
    // It refuses to overwrite, and rejects an unknown language as a usage error.
    assert_eq!(new_minutes().status.code(), Some(1));
    assert_eq!(
        loupe(&["new", "guidance", "--lang", "de", "Titel", "--root", root])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn init_makes_a_site_that_builds_without_a_theme_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("new-site");
    let o = loupe(&["init", site.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!site.join("themes").exists());
    let o = loupe(&["build", "--root", site.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = page(&site.join("public"), "fr/guidance/premiers-pas/index.html");
    assert!(html.contains("<h1>Premiers pas avec le SCPK</h1>"));
    assert_eq!(
        loupe(&["init", site.to_str().unwrap()]).status.code(),
        Some(2)
    );
}

#[test]
fn site_templates_override_the_theme_by_name() {
    let (tmp, site) = fixture_copy("basic");
    std::fs::create_dir_all(site.join("templates")).unwrap();
    std::fs::write(
        site.join("templates/404.html"),
        "{% extends \"base.html\" %}{% block main %}<p>Custom not found</p>{% endblock main %}",
    )
    .unwrap();
    let out = build_ok(&site, tmp.path());
    assert!(page(&out, "404.html").contains("<p>Custom not found</p>"));
}

/// Writes `text` as the site's own `templates/<name>`, builds into a fresh folder, and returns
/// what the failed build printed; the output folder must not exist afterwards.
fn build_failing_with_template(name: &str, text: &str) -> String {
    let (tmp, site) = fixture_copy("basic");
    std::fs::create_dir_all(site.join("templates")).unwrap();
    std::fs::write(site.join("templates").join(name), text).unwrap();
    let out = tmp.path().join("out");
    let o = build(&site, &out);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!out.exists(), "a failed build writes nothing");
    stderr(&o)
}

#[test]
fn a_template_syntax_error_names_the_template_line_and_column() {
    let err = build_failing_with_template(
        "404.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<p>{{ t.not_found( }}</p>\n{% endblock main %}",
    );
    assert!(err.contains("templates/404.html:3:"), "{err}");
    assert!(
        !err.contains("hint:"),
        "no Tera 1 hint for a Tera 2 template: {err}"
    );
}

#[test]
fn a_template_written_for_tera_1_is_told_what_replaced_macros() {
    let err = build_failing_with_template(
        "mine.html",
        "{% macro hello(name) %}Hello {{ name }}{% endmacro hello %}",
    );
    assert!(err.contains("templates/mine.html:1:"), "{err}");
    assert!(err.contains("{% component name(arg) %}"), "{err}");
}

#[test]
fn a_template_showing_a_field_no_page_has_is_reported_once_at_its_line() {
    let page = loupe::theme::default_template("page.html").unwrap();
    let broken = page.replacen(
        "<h1>{{ doc.title }}</h1>",
        "<h1>{{ doc.no_such_field }}</h1>",
        1,
    );
    assert_ne!(
        broken, page,
        "the default page template shows the title in an h1"
    );
    let line = broken[..broken.find("doc.no_such_field").unwrap()]
        .lines()
        .count();
    let err = build_failing_with_template("page.html", &broken);
    assert!(
        err.contains(&format!("templates/page.html:{line}:")),
        "{err}"
    );
    assert!(err.contains("rendering content/"), "{err}");
    // Every document page fails at that line: one error says so, with the first page.
    assert_eq!(
        err.matches("`no_such_field` is not defined").count(),
        1,
        "{err}"
    );
    assert!(err.contains(" more pages: "), "{err}");
}

#[test]
fn a_new_language_is_a_folder_and_a_strings_file_no_code() {
    let (tmp, site) = fixture_copy("basic");
    let cfg = std::fs::read_to_string(site.join("loupe.yaml")).unwrap();
    let cfg = cfg.replace("topics:", "  - code: pt\n    name: Português\ntopics:");
    std::fs::write(site.join("loupe.yaml"), cfg).unwrap();
    std::fs::create_dir_all(site.join("content/pt")).unwrap();
    std::fs::write(
        site.join("content/pt/about.md"),
        "---\ntitle: Sobre\n---\n\nUma página.\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    // Without UI strings the build works, in the default language's words, and says so.
    let o = build(&site, &out);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("no UI strings for language `pt`"),
        "{}",
        stderr(&o)
    );
    let about = page(&out, "pt/about/index.html");
    assert!(about.contains(r#"<html lang="pt">"#));
    assert!(about.contains(r#"<a href="../../en/about/index.html" hreflang="en" lang="en" data-lang-link="en">English</a>"#), "{about}");
    // With a strings file, its words are used.
    std::fs::create_dir_all(site.join("themes/default/i18n")).unwrap();
    std::fs::write(
        site.join("themes/default/i18n/pt.yaml"),
        "home: Início\nglossary: Glossário\n",
    )
    .unwrap();
    let o = build(&site, &out);
    assert!(o.status.success(), "{}", stderr(&o));
    // (The fixture's draft is still reported: drafts are warned about.)
    assert!(!stderr(&o).contains("no UI strings"), "{}", stderr(&o));
    let glossary = page(&out, "pt/glossary/index.html");
    assert!(glossary.contains("<h1>Glossário</h1>"), "{glossary}");
    let en = page(&out, "en/about/index.html");
    assert!(en.contains(r#"<a href="../../pt/about/index.html" hreflang="pt" lang="pt" data-lang-link="pt">Português</a>"#), "{en}");
}

#[test]
fn a_long_section_shows_a_window_of_its_documents_beside_each_page() {
    // A section of 60 guidance notes: the sidebar of each shows the first five, the three on
    // each side of the page and "See all (61)" — not all 61, so a page's size (and the time to
    // build a site) does not grow with its section.
    let mut t = SiteTest::fixture("basic");
    for n in 0..60 {
        t = t.file(
            &format!("content/en/guidance/note-{n:02}.md"),
            &format!(
                "---\ntitle: Note {n:02}\ndate: 2020-01-{:02}\n---\n\nText {n}.\n",
                n % 28 + 1
            ),
        );
    }
    let t = t.build();
    let list = t.page("en/guidance/index.html");
    assert_eq!(
        list.matches("<a href=\"../../en/guidance/note-").count(),
        60
    );
    let html = t.page("en/guidance/note-30/index.html");
    let nav = &html[html.find(r#"<nav class="main-nav""#).unwrap()..];
    let nav = &nav[..nav.find("</nav>").unwrap()];
    let section: Vec<&str> = nav
        .match_indices("<li><a href=\"../../../en/guidance/note-")
        .map(|(at, _)| &nav[at..at + nav[at..].find("</a>").unwrap()])
        .collect();
    assert_eq!(section.len(), 12, "{nav}");
    assert!(
        section
            .iter()
            .any(|s| s.contains(r#"aria-current="page">Note 30"#)),
        "{nav}"
    );
    assert!(
        nav.contains(r#"<a href="../../../en/guidance/index.html">See all (61)</a>"#),
        "{nav}"
    );
    assert_eq!(
        nav.matches(r#"<li class="gap" aria-hidden="true">…</li>"#)
            .count(),
        2,
        "{nav}"
    );
}

#[test]
fn a_site_of_one_language_shows_no_language_choices() {
    let (tmp, site) = fixture_copy("basic");
    let yaml = std::fs::read_to_string(site.join("loupe.yaml")).unwrap();
    let one = yaml.replace("  - code: fr\n    name: Français\n", "");
    assert_ne!(one, yaml, "the fixture names French as its second language");
    std::fs::write(site.join("loupe.yaml"), one).unwrap();
    std::fs::remove_dir_all(site.join("content/fr")).unwrap();
    let out = build_ok(&site, tmp.path());
    let search = page(&out, "en/search/index.html");
    // The checkbox stays in the form for the runtime, hidden; the strings of every page's
    // search box carry no "search all languages" link text.
    assert!(
        search.contains(r#"<label class="ls-all-langs" hidden><input type="checkbox" name="all""#),
        "{search}"
    );
    for rel in [
        "en/search/index.html",
        "en/guidance/checking-certificates/index.html",
    ] {
        let html = page(&out, rel);
        // No language switcher of one language either.
        assert!(!html.contains(r#"class="switcher""#), "{rel}");
        let strings = &html[html.find("data-strings='").expect(rel)..];
        let strings = &strings[..strings[14..].find('\'').unwrap() + 14];
        assert!(strings.contains("see_all"), "{rel}: {strings}");
        assert!(
            !strings.contains("search_all_languages"),
            "{rel}: {strings}"
        );
    }
    // With two languages both are there (the basic fixture).
    let (_tmp, two) = build_fixture("basic");
    let search = page(&two, "en/search/index.html");
    assert!(search.contains(r#"<label class="ls-all-langs"><input"#));
    assert!(search.contains("search_all_languages"));
    assert!(search.contains(r#"<nav class="switcher""#));
}
