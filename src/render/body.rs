//! A document's body as HTML: the second pass of Markdown rendering, with every link written as
//! its resolved URL relative to the page.

use crate::markdown::links::root_prefix;
use crate::markdown::render::{to_html, LinkOut};
use crate::site::{Doc, Site};

/// The body HTML of `doc`.
pub fn finish(doc: &Doc, site: &Site) -> String {
    let root = root_prefix(&doc.url);
    let link = |n: usize| -> Option<LinkOut> {
        let resolved = doc.links.get(n)?.as_ref()?;
        let same_page = resolved.url.split('#').next() == Some(doc.url.as_str());
        let href = match resolved.url.find('#') {
            Some(at) if same_page => resolved.url[at..].to_string(),
            _ => format!("{root}{}", resolved.url),
        };
        let other_lang = resolved.other_lang.as_ref().map(|code| {
            let name = site
                .config
                .languages
                .iter()
                .find(|l| &l.code == code)
                .map(|l| l.name.clone())
                .unwrap_or_else(|| code.clone());
            (code.clone(), name)
        });
        Some(LinkOut {
            href,
            other_lang,
            note: None,
        })
    };
    to_html(&site.markdown_input(&doc.page), &link)
}

/// The body HTML of `doc` on a page that shows several documents (a workshop pack): every id
/// starts with `id_prefix`, headings are one level lower (the document's title is an `h2`),
/// and link `n` is written as `links[n]` (`None`: written as `#`).
pub fn finish_with(doc: &Doc, site: &Site, id_prefix: &str, links: &[Option<LinkOut>]) -> String {
    let mut input = site.markdown_input(&doc.page);
    input.id_prefix = id_prefix;
    input.heading_offset = 1;
    to_html(&input, &|n| links.get(n).cloned().flatten())
}
