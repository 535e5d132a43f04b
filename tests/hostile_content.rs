//! Content sent in by many organisations, tried as an attacker or a careless user would: every
//! case either builds into safe pages or fails with a clear error at its place, and `check`
//! reports everything `build` would fail on.

mod common;

use std::path::Path;

use common::{build, fixture_copy, loupe, page, stderr, tree};

fn write(site: &Path, rel: &str, text: &str) {
    let path = site.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn doc(title: &str, body: &str) -> String {
    format!("---\ntitle: {title}\n---\n\n{body}\n")
}

/// `loupe check` on `site`: (exit code, standard error).
fn check(site: &Path) -> (i32, String) {
    let o = loupe(&["check", "--root", site.to_str().unwrap()]);
    (o.status.code().unwrap_or(-1), stderr(&o))
}

#[track_caller]
fn assert_reports(err: &str, expected: &[&str]) {
    for e in expected {
        assert!(err.contains(e), "missing `{e}` in:\n{err}");
    }
}

#[test]
fn html_and_script_files_in_content_are_errors_and_never_published() {
    let (tmp, site) = fixture_copy("basic");
    write(
        &site,
        "content/en/index.html",
        "<script>alert('x')</script>",
    );
    write(
        &site,
        "content/en/guidance/first-steps/index.html",
        "<script>alert(1)</script>",
    );
    write(&site, "content/en/guidance/tool.js", "alert(1)");
    write(&site, "content/en/guidance/notes.markdown", "# notes");
    let (code, err) = check(&site);
    assert_eq!(code, 1, "{err}");
    assert_reports(
        &err,
        &[
            "content/en/index.html:1:1: error: HTML files are not published from content/",
            "content/en/guidance/first-steps/index.html:1:1: error: HTML files are not published",
            "content/en/guidance/tool.js:1:1: error: `.js` files are not published from content/: they could run scripts",
            "content/en/guidance/notes.markdown:1:1: error: loupe reads Markdown files named `.md`",
        ],
    );
    let out = tmp.path().join("out");
    let o = build(&site, &out);
    assert_eq!(o.status.code(), Some(1));
    assert!(!out.exists());
}

#[test]
fn svg_images_are_published_without_scripts() {
    let (tmp, site) = fixture_copy("basic");
    write(
        &site,
        "content/en/guidance/logo.svg",
        r#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script><circle r="4"/></svg>"#,
    );
    let out = tmp.path().join("out");
    let o = build(&site, &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let svg = page(&out, "en/guidance/logo.svg");
    assert!(svg.contains("<circle"), "{svg}");
    assert!(!svg.contains("onload") && !svg.contains("<script"), "{svg}");
}

#[test]
fn a_copied_file_that_takes_a_generated_page_is_an_error_naming_both() {
    let (_tmp, site) = fixture_copy("basic");
    write(&site, "static/en/index.html", "<p>mine</p>");
    write(&site, "static/en/register/index.html", "<p>mine</p>");
    write(&site, "static/search/en/meta.js", "window.x = 1");
    let (code, err) = check(&site);
    assert_eq!(code, 1, "{err}");
    assert_reports(
        &err,
        &[
            "static/en/index.html:1:1: error: duplicate output path en/index.html: content/en/_index.md is written there too",
            "static/en/register/index.html:1:1: error: static/en/register/index.html would be published at en/register/index.html, which loupe generates itself",
            "static/search/en/meta.js:1:1: error: search/en/meta.js lies in search/, which holds loupe's search index",
        ],
    );
}

#[test]
fn ids_from_content_never_shadow_the_sites_own_names() {
    let (tmp, site) = fixture_copy("basic");
    write(
        &site,
        "content/en/guidance/clobber.md",
        &doc(
            "Clobbering",
            "<a id=\"loupeSearchBase\" href=\"https://attacker.example/\">x</a>\n\n<img name=\"loupeSearch\" src=\"img/diagram.svg\" alt=\"d\">\n\n<div id=\"search-input\">y</div>\n\nA note.[^loupeRegister]\n\n[^loupeRegister]: The note.\n\n## Main\n\n## Search input\n",
        ),
    );
    let out = tmp.path().join("out");
    let o = build(&site, &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = page(&out, "en/guidance/clobber/index.html");
    for bad in [
        "id=\"loupeSearchBase\"",
        "id=\"loupeRegister\"",
        "name=\"loupeSearch\"",
        "<div id=\"search-input\"",
    ] {
        assert!(!html.contains(bad), "{bad} in {html}");
    }
    assert!(
        html.contains("id=\"user-content-loupeSearchBase\""),
        "{html}"
    );
    assert!(html.contains("id=\"fn-loupeRegister\""), "{html}");
    assert!(html.contains("<h2 id=\"main-1\">Main</h2>"), "{html}");
    assert!(html.contains("<h2 id=\"search-input-1\">"), "{html}");

    write(
        &site,
        "content/en/guidance/explicit.md",
        &doc("Explicit", "## Mine {#loupeSearchBase}\n"),
    );
    let (code, err) = check(&site);
    assert_eq!(code, 1, "{err}");
    assert_reports(
        &err,
        &["content/en/guidance/explicit.md:5:1: error: heading id `loupeSearchBase` must be written in lowercase letters"],
    );
}

#[test]
fn private_use_characters_are_ordinary_text() {
    let (tmp, site) = fixture_copy("basic");
    write(
        &site,
        "content/en/guidance/pua.md",
        &doc(
            "Private use",
            "See [the note](checking-certificates.md) and \u{E000}éé end.\n\nStart \u{E000} IMPORTANT SENTENCE. See [the note](checking-certificates.md) and the end \u{E001}0\u{E001}.\n\n<a href=\"loupe-link:0\">fake</a>",
        ),
    );
    let out = tmp.path().join("out");
    let o = build(&site, &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = page(&out, "en/guidance/pua/index.html");
    assert!(html.contains("and \u{E000}éé end."), "{html}");
    assert!(
        html.contains("Start \u{E000} IMPORTANT SENTENCE. See <a href=\"../../../en/guidance/checking-certificates/index.html\">the note</a> and the end \u{E001}0\u{E001}."),
        "{html}"
    );
    assert!(!html.contains("loupe-link"), "{html}");
    assert!(html.contains(">fake</a>"), "{html}");
}

#[test]
fn deep_nesting_is_refused_before_it_is_parsed() {
    let (_tmp, site) = fixture_copy("basic");
    write(
        &site,
        "content/en/guidance/deep-list.md",
        &format!(
            "---\ntitle: Deep\nsummary: {}\n---\n\nText.\n",
            "[".repeat(100_000)
        ),
    );
    write(
        &site,
        "content/en/guidance/deep-map.md",
        &format!(
            "---\ntitle: Deep\nsummary: {}x{}\n---\n\nText.\n",
            "{a: ".repeat(40_000),
            "}".repeat(40_000)
        ),
    );
    write(
        &site,
        "content/en/guidance/deep-html.md",
        &doc(
            "Deep",
            &format!("{}x{}", "<div>".repeat(100_000), "</div>".repeat(100_000)),
        ),
    );
    write(
        &site,
        "content/en/glossary.yaml",
        &format!("- key: x\n  term: {}\n", "[".repeat(50_000)),
    );
    let (code, err) = check(&site);
    assert_eq!(code, 1, "{err}");
    assert_reports(
        &err,
        &[
            "content/en/guidance/deep-list.md:3:41: error: the front matter nests lists or maps more than 32 levels deep",
            "content/en/guidance/deep-map.md:3:",
            "content/en/guidance/deep-html.md:5:1: error: raw HTML is nested more than 64 elements deep here",
            "content/en/glossary.yaml:2:",
        ],
    );
}

#[test]
fn check_reports_what_build_would_fail_on() {
    let (_tmp, site) = fixture_copy("basic");
    write(
        &site,
        "content/en/guidance/long-slug.md",
        &format!(
            "---\ntitle: Long\nslug: {}\n---\n\nText.\n",
            "a".repeat(300)
        ),
    );
    write(
        &site,
        &format!("content/en/guidance/{}.md", "n".repeat(190)),
        &doc("Long name", "Text."),
    );
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"caf\xe9.png");
        std::fs::write(site.join("content/en/guidance").join(name), b"x").unwrap();
    }
    let (code, err) = check(&site);
    assert_eq!(code, 1, "{err}");
    let mut expected = vec![
        "content/en/guidance/long-slug.md:3:1: error: `slug` is 300 characters long",
        "error: the output path en/guidance/nnnn",
    ];
    if cfg!(unix) {
        expected.push("error: this file or folder name is not valid text (UTF-8)");
    }
    assert_reports(&err, &expected);
}

#[test]
fn file_names_that_break_links_or_copies_are_errors() {
    let (tmp, site) = fixture_copy("basic");
    let bad = [
        "a#b.md",
        "why?.md",
        "100%41.md",
        "back\\slash.md",
        "tab\there.md",
        "new\nline.md",
        "a<b.md",
        "a:b.md",
        "con.md",
        "pipe|name.md",
        "star*.md",
        "quote\".md",
    ];
    for name in bad {
        write(
            &site,
            &format!("content/en/guidance/{name}"),
            &doc("Bad name", "Text."),
        );
    }
    write(
        &site,
        "content/en/guidance/Guide.md",
        &doc("Guide", "Text."),
    );
    write(
        &site,
        "content/en/guidance/guide.md",
        &doc("guide", "Text."),
    );
    let (code, err) = check(&site);
    assert_eq!(code, 1, "{err}");
    for name in bad {
        let shown = format!("content/en/guidance/{name}:1:1: error: ");
        assert!(err.contains(&shown), "no error for {name:?} in:\n{err}");
    }
    assert_reports(
        &err,
        &[
            "is a reserved device name on Windows",
            "content/en/guidance/guide.md:1:1: error: en/guidance/guide/index.html and en/guidance/Guide/index.html (from content/en/guidance/Guide.md) differ only in upper and lower case",
        ],
    );
    let out = tmp.path().join("out");
    assert_eq!(build(&site, &out).status.code(), Some(1));
    assert!(!out.exists());
}

#[test]
fn titles_must_be_non_empty_text_without_control_characters() {
    let (_tmp, site) = fixture_copy("basic");
    write(
        &site,
        "content/en/guidance/t1.md",
        "---\ntitle: ~\n---\n\nText.\n",
    );
    write(
        &site,
        "content/en/guidance/t2.md",
        "---\ntitle: \"bad\\x00title\"\n---\n\nText.\n",
    );
    write(
        &site,
        "content/en/guidance/t3.md",
        "---\ntitle: 0x10\n---\n\nText.\n",
    );
    write(
        &site,
        "content/en/guidance/t4.md",
        "---\ntitle: Fine\nsummary: \"bell\\a\"\n---\n\nText.\n",
    );
    let (code, err) = check(&site);
    assert_eq!(code, 1, "{err}");
    assert_reports(
        &err,
        &[
            "content/en/guidance/t1.md:2:1: error: `title` is empty",
            "content/en/guidance/t2.md:2:1: error: `title` holds the invisible control character U+0000",
            "content/en/guidance/t3.md:2:1: error: `title` must be text, but YAML reads `0x10` as a number: put it in quotes, such as `title: \"0x10\"`",
            "content/en/guidance/t4.md:3:1: error: `summary` holds the invisible control character U+0007",
        ],
    );
}

#[cfg(unix)]
#[test]
fn symbolic_links_are_left_out_with_a_warning() {
    let (tmp, site) = fixture_copy("basic");
    let outside = tmp.path().join("outside.md");
    std::fs::write(&outside, doc("Outside", "Secret.")).unwrap();
    std::os::unix::fs::symlink(&outside, site.join("content/en/guidance/linked.md")).unwrap();
    std::fs::create_dir_all(site.join("static")).unwrap();
    std::os::unix::fs::symlink(tmp.path(), site.join("static/everything")).unwrap();
    let (code, err) = check(&site);
    assert_eq!(code, 0, "{err}");
    assert_reports(
        &err,
        &[
            "content/en/guidance/linked.md:1:1: warning: symbolic links are not followed, so this one is left out",
            "static/everything:1:1: warning: symbolic links are not followed",
        ],
    );
    let out = tmp.path().join("out");
    assert!(build(&site, &out).status.success());
    assert!(!tree(&out)
        .keys()
        .any(|k| k.contains("linked") || k.contains("everything")));
}

#[test]
fn a_pack_cannot_smuggle_markup_into_its_page_or_its_print_styles() {
    let (tmp, site) = fixture_copy("packs");
    let hostile =
        r#"A </style><script>alert(1)</script> "quoted" \ 'pack' <img src=x onerror=alert(2)>"#;
    write(
        &site,
        "content/en/packs/workshop.yaml",
        &format!(
            "title: {title}\nplace: {title}\ndocuments: [guidance/checking.md]\nagenda:\n  - time: 09:00\n    title: {title}\n    documents: [guidance/checking.md]\n    facilitator_notes: {title}\n",
            title = serde_json::to_string(hostile).unwrap()
        ),
    );
    write(
        &site,
        "content/en/guidance/checking.md",
        &format!(
            "---\ntitle: {}\nfacilitator_notes: {}\n---\n\nText.\n",
            serde_json::to_string(hostile).unwrap(),
            serde_json::to_string(hostile).unwrap()
        ),
    );
    let out = tmp.path().join("out");
    let o = build(&site, &out);
    assert!(o.status.success(), "{}", stderr(&o));
    for rel in [
        "en/packs/workshop/index.html",
        "en/packs/workshop/facilitator/index.html",
    ] {
        let html = page(&out, rel);
        assert!(!html.contains("<script>"), "{rel}: {html}");
        assert!(!html.contains("<img"), "{rel}");
        // One style element, ended once: the titles in it are CSS escapes.
        assert_eq!(html.matches("</style>").count(), 1, "{rel}");
        let style = &html[html.find("<style>").unwrap() + 7..html.find("</style>").unwrap()];
        assert!(
            !style.contains('<') && !style.contains('>'),
            "{rel}: {style}"
        );
        assert!(style.contains("\\3c \\2f style\\3e "), "{rel}: {style}");
        assert!(
            html.contains("A &lt;/style&gt;&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{rel}"
        );
    }
}

/// `tests/fixtures/hostile-errors/`: every content file carries a vector that loupe refuses
/// (script and data links, HTML and script files, reserved and unsafe names, control
/// characters, nesting past the bounds, slugs that escape, Latin-1 text…). `loupe check`
/// reports every one of them at once, each at its place, and exits 1.
#[test]
fn every_file_an_error() {
    let t = common::site_test::SiteTest::fixture("hostile-errors")
        .run("check", &[])
        .check_stderr("hostile_errors_check");
    let site = t.site();
    assert_eq!(t.output().status.code(), Some(1));
    let err = stderr(t.output());
    let content = site.join("content");
    let mut files = 0;
    for e in walkdir::WalkDir::new(&content) {
        let e = e.unwrap();
        if !e.file_type().is_file() {
            continue;
        }
        files += 1;
        let rel = e
            .path()
            .strip_prefix(site)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        assert!(
            err.lines()
                .any(|l| l.contains(&format!("{rel}:")) && l.contains(": error: ")),
            "{rel} has no error at a line and column:\n{err}"
        );
    }
    assert!(files >= 20, "{files} files");
    assert!(!site.join("public").exists(), "check wrote an output");
}
