//! A document's body as HTML: the second pass of Markdown rendering, with every link written as
//! its resolved URL relative to the page.

use crate::markdown::links::root_prefix;
use crate::markdown::render::{finish_html, to_html, Input, LinkOut};
use crate::site::{Doc, Site};

/// The body HTML of `doc`.
pub(crate) fn finish(doc: &Doc, site: &Site) -> String {
    let language_name = |code: &str| {
        site.config
            .languages
            .iter()
            .find(|l| l.code == code)
            .map(|l| l.name.clone())
            .unwrap_or_else(|| code.to_string())
    };
    finish_input(doc, &site.markdown_input(&doc.page), &language_name)
}

/// The body HTML of `doc`, whose Markdown is `input`; `language_name` names a language by its
/// code (for the note after a link that leads to another language).
pub(crate) fn finish_input(
    doc: &Doc,
    input: &Input<'_>,
    language_name: &dyn Fn(&str) -> String,
) -> String {
    let root = root_prefix(&doc.url);
    let link = |n: usize| -> Option<LinkOut> {
        let resolved = doc.links.get(n)?.as_ref()?;
        let same_page = resolved.url.split('#').next() == Some(doc.url.as_str());
        let href = match resolved.url.find('#') {
            Some(at) if same_page => resolved.url[at..].to_string(),
            _ => format!("{root}{}", resolved.url),
        };
        let other_lang = resolved
            .other_lang
            .as_ref()
            .map(|code| (code.clone(), language_name(code)));
        Some(LinkOut {
            href,
            other_lang,
            note: None,
        })
    };
    finish_html(input, &doc.rendered, &link)
}

/// The body HTML of `doc` on a page that shows several documents (a workshop pack): every id
/// starts with `id_prefix`, headings are one level lower (the document's title is an `h2`),
/// and link `n` is written as `links[n]` (`None`: written as `#`).
pub(crate) fn finish_with(
    doc: &Doc,
    site: &Site,
    id_prefix: &str,
    links: &[Option<LinkOut>],
) -> String {
    let mut input = site.markdown_input(&doc.page);
    input.id_prefix = id_prefix;
    input.heading_offset = 1;
    to_html(&input, &|n| links.get(n).cloned().flatten())
}
