//! The rebuilds of `loupe serve`, in process and without a watcher: after every kind of edit
//! the served folder equals a fresh `loupe build` byte for byte, and the edits that keep the
//! site's shape (a page changed in place) take the patch path (`Mode::Edit`) while the
//! others assemble the site again. The end-to-end tests over HTTP are in `tests/serve.rs`.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use loupe::pipeline::{self, Options};
use loupe::serve::engine::{Engine, Mode, Rebuild};
use loupe::serve::output::MARKER;
use loupe::serve::watch::Changes;

struct Served {
    tmp: tempfile::TempDir,
    engine: Engine,
}

/// The served files, the folder's marker aside.
fn files_of(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = common::tree(dir);
    // `loupe serve` and `loupe build` each mark their own folder.
    out.remove(MARKER);
    out.remove(loupe::output::MARKER);
    out
}

impl Served {
    /// A copy of the serve fixture with a `base_url` (so feeds and the sitemap are written
    /// too), served by an engine after its first full build.
    fn start() -> Served {
        Served::start_with(&[])
    }

    /// [`Served::start`] with more content files: (path under `content/`, text).
    fn start_with(files: &[(&str, &str)]) -> Served {
        let (tmp, site) = common::fixture_copy("serve-site");
        for (rel, text) in files {
            let path = site.join("content").join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let yaml = std::fs::read_to_string(site.join("loupe.yaml")).unwrap();
        std::fs::write(
            site.join("loupe.yaml"),
            yaml.replace(
                "# base_url: https://example.org/",
                "base_url: https://example.org/",
            ),
        )
        .unwrap();
        let mut engine = Engine::new(&site, &tmp.path().join("served")).unwrap();
        let r = engine.full().unwrap();
        assert!(!r.diagnostics.has_errors(), "{:?}", r.diagnostics.sorted());
        Served { tmp, engine }
    }

    fn site(&self) -> PathBuf {
        self.tmp.path().join("site")
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.site().join("content").join(rel)).unwrap()
    }

    /// Replaces `from` by `to` in the content file `rel` (which must contain it) and rebuilds.
    fn edit(&mut self, rel: &str, from: &str, to: &str) -> Rebuild {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} has no {from:?}");
        std::fs::write(
            self.site().join("content").join(rel),
            text.replacen(from, to, 1),
        )
        .unwrap();
        let mut changes = Changes::default();
        changes.content.insert(PathBuf::from(rel));
        self.engine.apply(&changes).unwrap()
    }

    /// Writes (or, with `None`, deletes) `static/<rel>` and rebuilds.
    fn set_static(&mut self, rel: &str, text: Option<&str>) -> Rebuild {
        let path = self.site().join("static").join(rel);
        match text {
            Some(t) => std::fs::write(path, t).unwrap(),
            None => std::fs::remove_file(path).unwrap(),
        }
        let changes = Changes {
            static_files: true,
            ..Changes::default()
        };
        self.engine.apply(&changes).unwrap()
    }

    fn served(&self) -> BTreeMap<String, Vec<u8>> {
        files_of(self.engine.output_dir())
    }

    fn page(&self, rel: &str) -> String {
        String::from_utf8(self.served()[rel].clone()).unwrap()
    }

    /// Brings the search index up to date, then compares the served folder with a fresh build.
    fn assert_equal_to_fresh_build(&mut self, step: &str) {
        self.engine.update_search().unwrap();
        let out = self.tmp.path().join("fresh");
        let _ = std::fs::remove_dir_all(&out);
        let outcome = pipeline::run(&Options {
            root: self.site(),
            output: Some(out.clone()),
            force: false,
            clean: true,
        })
        .unwrap();
        assert!(!outcome.diagnostics.has_errors(), "{step}: the build fails");
        let (fresh, served) = (files_of(&out), self.served());
        let (a, b): (BTreeSet<&String>, BTreeSet<&String>) =
            (served.keys().collect(), fresh.keys().collect());
        assert_eq!(a, b, "{step}: not the same files");
        for (rel, bytes) in &fresh {
            assert!(
                &served[rel] == bytes,
                "{step}: {rel} differs from a fresh build"
            );
        }
    }
}

fn ok(r: &Rebuild, mode: Mode, step: &str) {
    assert!(
        !r.diagnostics.has_errors(),
        "{step}: {:?}",
        r.diagnostics.sorted()
    );
    assert_eq!(r.mode, mode, "{step}: rebuilt by the wrong path");
}

#[test]
fn edits_in_place_are_patched_and_equal_a_fresh_build() {
    let mut s = Served::start();
    s.assert_equal_to_fresh_build("start");

    // A body edit: that page only.
    let r = s.edit(
        "en/guidance/certificates.md",
        "## Fields",
        "## Fields and stamps",
    );
    ok(&r, Mode::Edit, "body");
    assert_eq!(r.rendered, 1);
    // The search index of that language only is built again.
    let search = s.engine.update_search().unwrap().expect("a search update");
    assert_eq!(search.indexed, ["en"]);
    assert!(search.changed.iter().all(|p| !p.starts_with("search/fr/")));
    s.assert_equal_to_fresh_build("body");

    // A title: lists, the pages that show it as related or as a backlink.
    let r = s.edit(
        "en/guidance/first-steps.md",
        "title: First steps with the KPCS",
        "title: Getting started with the KPCS",
    );
    ok(&r, Mode::Edit, "title");
    assert!(r.rendered > 3, "{} pages rendered", r.rendered);
    assert!(s
        .page("en/guidance/index.html")
        .contains("Getting started with the KPCS"));
    s.assert_equal_to_fresh_build("title");

    // A new link: the target lists the page among its backlinks.
    let r = s.edit(
        "en/minutes/kono.md",
        "The group read",
        "See [the first steps](../guidance/first-steps.md). The group read",
    );
    ok(&r, Mode::Edit, "new link");
    assert!(s
        .page("en/guidance/first-steps/index.html")
        .contains("Coalition meeting in Kono"));
    s.assert_equal_to_fresh_build("new link");

    // A decision: the register.
    let r = s.edit(
        "en/minutes/kono.md",
        "Train two more monitors.",
        "Train three more monitors.",
    );
    ok(&r, Mode::Edit, "decision");
    assert!(s
        .page("en/register/index.html")
        .contains("Train three more monitors."));
    s.assert_equal_to_fresh_build("decision");

    // A date, a topic and a new country: related documents, taxonomies, a new country page.
    let r = s.edit("en/minutes/kono.md", "date: 2018-09-12", "date: 2015-01-20");
    ok(&r, Mode::Edit, "date");
    s.assert_equal_to_fresh_build("date");
    let r = s.edit(
        "en/guidance/certificates.md",
        "topics: [certificates]",
        "topics: [certificates, civil-society]",
    );
    ok(&r, Mode::Edit, "topic");
    s.assert_equal_to_fresh_build("topic");
    let r = s.edit(
        "fr/guidance/certificates.md",
        "countries: [GN]",
        "countries: [GN, LR]",
    );
    ok(&r, Mode::Edit, "country");
    assert!(s.served().contains_key("fr/countries/lr/index.html"));
    s.assert_equal_to_fresh_build("country");

    // The about page's title is in every page's navigation.
    let r = s.edit("en/about.md", "title: About", "title: About this site");
    ok(&r, Mode::Edit, "navigation");
    s.assert_equal_to_fresh_build("navigation");

    // A reading order: lists, "Start here" on the home page, previous/next.
    let r = s.edit(
        "en/guidance/first-steps.md",
        "date: 2016-03-14",
        "weight: 1\ndate: 2016-03-14",
    );
    ok(&r, Mode::Edit, "weight");
    let guidance = s.page("en/guidance/index.html");
    let (first, cert) = (
        guidance.find("Getting started with the KPCS").unwrap(),
        guidance.find("Reading a KP certificate").unwrap(),
    );
    assert!(first < cert, "the weighted note comes first");
    s.assert_equal_to_fresh_build("weight");

    // The home page's links are no backlinks.
    let r = s.edit(
        "en/_index.md",
        "Start with",
        "Read [the certificate note](guidance/certificates.md). Start with",
    );
    ok(&r, Mode::Edit, "home");
    s.assert_equal_to_fresh_build("home");
}

#[test]
fn a_heading_renamed_under_a_link_is_an_error_until_fixed() {
    let mut s = Served::start();
    let before = s.served();
    // certificates.md links to first-steps.md#checking-a-certificate.
    let r = s.edit(
        "en/guidance/first-steps.md",
        "## Checking a certificate",
        "## Checking certificates",
    );
    let errors: Vec<String> = r
        .diagnostics
        .sorted()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        errors
            .iter()
            .any(|e| e.contains("certificates.md")
                && e.contains("no heading `#checking-a-certificate`")),
        "{errors:?}"
    );
    assert_eq!(
        s.served(),
        before,
        "nothing is written while there are errors"
    );

    // Fixing the link publishes both edits.
    let r = s.edit(
        "en/guidance/certificates.md",
        "first-steps.md#checking-a-certificate",
        "first-steps.md#checking-certificates",
    );
    ok(&r, Mode::Assemble, "fix");
    s.assert_equal_to_fresh_build("fix");
    // The site is kept again: the next edit is patched.
    let r = s.edit("en/guidance/certificates.md", "## Fields", "## All fields");
    ok(&r, Mode::Edit, "after the fix");
    s.assert_equal_to_fresh_build("after the fix");
}

#[test]
fn edits_that_change_the_shape_of_the_site_assemble_it_again() {
    let mut s = Served::start();
    // A new slug moves the page: links to it change.
    let r = s.edit(
        "en/guidance/certificates.md",
        "date: 2017-05-02",
        "slug: reading-certificates\ndate: 2017-05-02",
    );
    ok(&r, Mode::Assemble, "slug");
    assert!(s
        .page("en/minutes/kono/index.html")
        .contains("reading-certificates/index.html"));
    s.assert_equal_to_fresh_build("slug");
    // A translation key pairs pages differently.
    let r = s.edit(
        "fr/guidance/certificates.md",
        "date: 2017-05-02",
        "translation_key: lire-un-certificat\ndate: 2017-05-02",
    );
    ok(&r, Mode::Assemble, "translation key");
    s.assert_equal_to_fresh_build("translation key");
    // A glossary: every body of the language (abbreviations are marked in bodies).
    let r = s.edit(
        "en/glossary.yaml",
        "term: Kimberley Process Certification Scheme",
        "term: The Kimberley Process Certification Scheme",
    );
    ok(&r, Mode::Assemble, "glossary");
    s.assert_equal_to_fresh_build("glossary");
    // And an edit after those is patched again.
    let r = s.edit("en/guidance/certificates.md", "## Fields", "## The fields");
    ok(&r, Mode::Edit, "edit after");
    s.assert_equal_to_fresh_build("edit after");
}

#[test]
fn static_files_are_copied_and_removed_without_rendering_pages() {
    let mut s = Served::start();
    let r = s.set_static("extra.css", Some("body { color: #000; }\n"));
    ok(&r, Mode::Static, "changed");
    assert_eq!(
        (r.rendered, r.changed.as_slice()),
        (0, &["extra.css".to_string()][..])
    );
    s.assert_equal_to_fresh_build("changed");
    let r = s.set_static("notes.txt", Some("A new file.\n"));
    ok(&r, Mode::Static, "added");
    s.assert_equal_to_fresh_build("added");
    let r = s.set_static("notes.txt", None);
    ok(&r, Mode::Static, "removed");
    assert_eq!(r.changed, ["notes.txt"]);
    s.assert_equal_to_fresh_build("removed");
}

#[test]
fn a_template_showing_a_new_field_is_rendered_again_when_that_field_changes() {
    let mut s = Served::start();
    // A site's own list template starts showing each item's meeting place, a field the list
    // pages did not show before.
    let templates = s.site().join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    let list = loupe::theme::default_template("list.html").expect("the default list template");
    std::fs::write(
        templates.join("list.html"),
        list.replace(
            "{% block main %}",
            "{% block main %}<ul class=\"places\">{% for i in items %}<li>{{ i.location }}</li>{% endfor %}</ul>",
        ),
    )
    .unwrap();
    let r = s.engine.apply(&Changes {
        theme: true,
        ..Changes::default()
    });
    ok(&r.unwrap(), Mode::Theme, "template");
    assert!(s
        .page("en/minutes/index.html")
        .contains("<li>Koidu, Sierra Leone</li>"));
    s.assert_equal_to_fresh_build("template");

    // Changing that field re-renders the list pages that show it, by the patch path.
    let r = s.edit(
        "en/minutes/kono.md",
        "location: Koidu, Sierra Leone",
        "location: Kenema, Sierra Leone",
    );
    ok(&r, Mode::Edit, "location");
    let minutes = s.page("en/minutes/index.html");
    assert!(
        minutes.contains("<li>Kenema, Sierra Leone</li>"),
        "{minutes}"
    );
    assert!(r.changed.iter().any(|p| p == "en/minutes/index.html"));
    s.assert_equal_to_fresh_build("location");
}

/// A workshop pack of two documents of the serve fixture.
const PACK: &str = "title: Certificates day
agenda:
  - time: 09:00-10:30
    title: Reading certificates
    documents: [guidance/certificates.md]
    facilitator_notes: Pairs read one field each.
  - time: 11:00
    title: The steering group
    documents: [minutes/kono.md]
documents:
  - guidance/certificates.md
  - minutes/kono.md
glossary: [kpcs]
";

#[test]
fn editing_a_document_of_a_pack_renders_the_pack_again() {
    let mut s = Served::start_with(&[("en/packs/day.yaml", PACK)]);
    let pack = "en/packs/day/index.html";
    let facilitator = "en/packs/day/facilitator/index.html";
    assert!(s.page(pack).contains("Reading a KP certificate"));
    assert!(s.page(facilitator).contains("Pairs read one field each."));
    assert!(!s.page(pack).contains("Pairs read one field each."));
    s.assert_equal_to_fresh_build("start");

    // A body edit of a document in the pack: its page and both editions of the pack.
    let r = s.edit(
        "en/guidance/certificates.md",
        "## Fields",
        "## Fields and seals",
    );
    ok(&r, Mode::Edit, "document in the pack");
    for page in [pack, facilitator, "en/guidance/certificates/index.html"] {
        assert!(
            r.changed.iter().any(|p| p == page),
            "{page} not rendered: {:?}",
            r.changed
        );
        assert!(s.page(page).contains("Fields and seals"), "{page}");
    }
    s.assert_equal_to_fresh_build("document in the pack");

    // The body of a document out of the pack leaves the pack alone...
    let r = s.edit(
        "en/guidance/first-steps.md",
        "An example. Write guidance",
        "An example note. Write guidance",
    );
    ok(&r, Mode::Edit, "document out of the pack");
    assert!(!r.changed.iter().any(|p| p == pack), "{:?}", r.changed);
    s.assert_equal_to_fresh_build("document out of the pack");
    // ...but not its title, which the pack prints among the links of a document.
    let r = s.edit(
        "en/guidance/first-steps.md",
        "title: First steps with the KPCS",
        "title: Getting started with the KPCS",
    );
    ok(&r, Mode::Edit, "title of a linked document");
    assert!(s.page(pack).contains("Getting started with the KPCS"));
    s.assert_equal_to_fresh_build("title of a linked document");

    // The pack file itself: the site is assembled again and the pack shows the change.
    let r = s.edit(
        "en/packs/day.yaml",
        "title: Certificates day",
        "title: Certificates morning",
    );
    ok(&r, Mode::Assemble, "pack file");
    assert!(s.page(pack).contains("Certificates morning"));
    s.assert_equal_to_fresh_build("pack file");

    // The glossary: the pack prints the terms its documents use, and those it adds.
    let r = s.edit(
        "en/glossary.yaml",
        "in force since 2003.",
        "in force since 1 January 2003.",
    );
    ok(&r, Mode::Assemble, "glossary");
    assert!(s.page(pack).contains("in force since 1 January 2003."));
    assert!(!s.page(pack).contains("The document that travels"));
    s.assert_equal_to_fresh_build("glossary");
    // A document starts using a term: the pack's glossary prints it.
    let r = s.edit(
        "en/guidance/certificates.md",
        "## Fields and seals",
        "## Fields and seals of the Kimberley Process certificate",
    );
    ok(&r, Mode::Edit, "a term used");
    assert!(s.page(pack).contains("The document that travels"));
    s.assert_equal_to_fresh_build("a term used");
}
