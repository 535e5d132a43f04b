//! One Markdown file checked as a build checks it: front matter, then the body rendered with
//! its links resolved against a few pages, assets and static files.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{assert_diagnostics_placed, assert_no_script};
use crate::content::countries::Countries;
use crate::content::front_matter::{Kind, Vocabulary};
use crate::content::load::{page_from_text, Page};
use crate::content::source;
use crate::diagnostics::Diagnostics;
use crate::markdown::abbreviations::Abbreviations;
use crate::markdown::render::{analyze, analyze_with_template};
use crate::render::body::finish_input;
use crate::site::resolve::{resolve_page, Targets};
use crate::site::{markdown_input, Doc};

/// The types of file a fuzzed front matter is read as, chosen by the input's first byte.
const KINDS: [(Kind, &str); 5] = [
    (Kind::Guidance, "en/guidance/fuzz.md"),
    (Kind::Minutes, "en/minutes/fuzz.md"),
    (Kind::CaseStudy, "en/case-studies/fuzz.md"),
    (Kind::Page, "en/fuzz.md"),
    (Kind::Home, "en/_index.md"),
];

/// The countries and topics of the fuzzed site.
struct Vocab {
    countries: Countries,
    topics: BTreeSet<String>,
}

impl Vocab {
    fn new() -> Self {
        let mut countries = Countries::new();
        for (code, name) in [
            ("SL", "Sierra Leone"),
            ("GN", "Guinea"),
            ("LR", "Liberia"),
            ("CI", "Côte d'Ivoire"),
        ] {
            countries.add(code, name);
        }
        let topics = ["certificates".to_string(), "mining".to_string()].into();
        Vocab { countries, topics }
    }

    fn get(&self) -> Vocabulary<'_> {
        Vocabulary {
            countries: &self.countries,
            topics: &self.topics,
        }
    }
}

fn shown(content_path: &str) -> PathBuf {
    Path::new("content").join(content_path)
}

/// Decodes `bytes` as a content file, then checks it as a page of `content_path`.
fn load(
    bytes: &[u8],
    kind: Kind,
    content_path: &str,
    vocab: &Vocab,
    diags: &mut Diagnostics,
) -> (Option<String>, Option<Page>) {
    let path = shown(content_path);
    let Some(text) = source::decode(bytes, &path, diags) else {
        return (None, None);
    };
    let lang = content_path.split('/').next().unwrap_or_default();
    let page = page_from_text(&text, lang, content_path, kind, path, &vocab.get(), diags);
    (Some(text), page)
}

/// Front matter: any bytes, read as a file of the type chosen by the first byte. Never
/// panics; every problem names the file and a line and column inside it; a page that loads
/// without errors has a non-empty title without control characters.
pub fn front_matter(data: &[u8]) {
    let (choice, bytes) = data.split_first().unwrap_or((&0, data));
    let (kind, content_path) = KINDS[usize::from(*choice) % KINDS.len()];
    let vocab = Vocab::new();
    let mut diags = Diagnostics::new();
    let (text, page) = load(bytes, kind, content_path, &vocab, &mut diags);
    let text_for_positions = text.unwrap_or_else(|| String::from_utf8_lossy(bytes).into_owned());
    assert_diagnostics_placed(&diags, &shown(content_path), &text_for_positions);
    if let Some(page) = page {
        if !diags.has_errors() {
            let title = &page.fm.title;
            assert!(!title.trim().is_empty(), "empty title accepted");
            assert!(
                !title.chars().any(char::is_control),
                "control character accepted in the title {title:?}"
            );
        }
        assert!(page.body_line >= 1);
    }
}

/// The Markdown path: the input is a page body (after a fixed front matter, unless it brings
/// its own), analysed, its links resolved against a small site, and written as HTML. Never
/// panics; every problem names the file and a line and column inside it; the HTML has no
/// script, event handler or script URL (see [`super::html::script_vector`]).
pub fn markdown(data: &[u8]) {
    let text = if data.starts_with(b"---\n") {
        data.to_vec()
    } else {
        [&b"---\ntitle: Fuzzed\n---\n\n"[..], data].concat()
    };
    let vocab = Vocab::new();
    let mut diags = Diagnostics::new();
    let fuzzed = "en/guidance/fuzz.md";
    let (decoded, page) = load(&text, Kind::Guidance, fuzzed, &vocab, &mut diags);
    let Some(page) = page else {
        let shown_text = decoded.unwrap_or_else(|| String::from_utf8_lossy(&text).into_owned());
        assert_diagnostics_placed(&diags, &shown(fuzzed), &shown_text);
        return;
    };
    let decoded = decoded.unwrap_or_default();

    let abbreviations: BTreeMap<String, Abbreviations> = [(
        "en".to_string(),
        Abbreviations::new(vec![
            (
                "KPCS".to_string(),
                "Kimberley Process Certification Scheme".to_string(),
            ),
            (
                "<b>".to_string(),
                "\"><script>alert(1)</script>".to_string(),
            ),
            ("KP".to_string(), "Kimberley Process".to_string()),
        ]),
    )]
    .into();
    let mut pages = vec![page];
    for (content_path, kind, body) in [
        (
            "en/guidance/target.md",
            Kind::Guidance,
            "## Intro\n\n## Steps {#steps}\n",
        ),
        ("fr/guidance/cible.md", Kind::Guidance, "## Début\n"),
        ("fr/guidance/only-fr.md", Kind::Guidance, "Texte.\n"),
        ("en/about.md", Kind::Page, "About.\n"),
    ] {
        let src = format!("---\ntitle: Target\n---\n\n{body}");
        let (_, p) = load(
            src.as_bytes(),
            kind,
            content_path,
            &vocab,
            &mut Diagnostics::new(),
        );
        pages.push(p.expect("the fixed pages load"));
    }
    // The fuzzed page's first pass also writes its HTML with holes for the links, as a
    // build's does (`site::render_body`).
    let shared: Arc<Abbreviations> = Arc::new(abbreviations["en"].clone());
    let docs: Vec<Doc> = pages
        .into_iter()
        .enumerate()
        .map(|(i, page)| {
            let input = markdown_input(&page, &abbreviations);
            let rendered = if i == 0 {
                analyze_with_template(&input, &shared)
            } else {
                analyze(&input)
            };
            Doc::new(Arc::new(page), Arc::new(rendered), BTreeMap::new())
        })
        .collect();
    let index: HashMap<String, usize> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.page.content_path.clone(), i))
        .collect();
    let drafts: BTreeSet<String> = ["en/guidance/draft.md".to_string()].into();
    let assets = vec!["en/guidance/img/diagram.png".to_string()];
    let statics = vec![(
        "files/form.pdf".to_string(),
        PathBuf::from("static/files/form.pdf"),
    )];
    let packs: HashMap<String, String> = HashMap::new();
    let targets = Targets::new(&index, &drafts, &assets, &packs).with_static(&statics);

    for (pos, problem) in &docs[0].rendered.problems {
        diags.error(&docs[0].page.source, *pos, problem.clone());
    }
    let (links, _) = resolve_page(&docs, &targets, 0, &mut diags);
    assert_eq!(links.len(), docs[0].rendered.links.len());
    assert_diagnostics_placed(&diags, &shown(fuzzed), &decoded);

    let mut doc = docs.into_iter().next().expect("the fuzzed page");
    doc.links = links;
    let input = markdown_input(&doc.page, &abbreviations);
    let language_name = |code: &str| format!("<script>alert({code:?})</script>");
    let filled = doc.rendered.template.is_some();
    let html = finish_input(&doc, &input, &language_name);
    assert_no_script(&html, &decoded);
    // Filling the template gives what the second pass writes (the render took the template:
    // writing the page again walks the Markdown).
    if filled {
        assert!(!doc.rendered.template.is_some());
        assert_eq!(html, finish_input(&doc, &input, &language_name));
    }
}
