//! Filling a rendered body's link placeholders with relative URLs.

use crate::markdown::links::root_prefix;
use crate::markdown::render::{MARK_CLOSE, MARK_OPEN, PLACEHOLDER};
use crate::site::{Doc, Site};

/// Encodes the characters of a path that cannot stand in an `href` as they are.
pub fn encode_path(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '"' => out.push_str("%22"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '&' => out.push_str("&amp;"),
            _ => out.push(c),
        }
    }
    out
}

/// The body HTML of `doc` with every placeholder replaced.
pub fn finish(doc: &Doc, site: &Site) -> String {
    let html = &doc.rendered.html;
    if doc.rendered.links.is_empty() {
        return html.clone();
    }
    let root = root_prefix(&doc.url);
    let mut out = String::with_capacity(html.len() + 64 * doc.rendered.links.len());
    let mut rest = html.as_str();
    let quoted = format!("\"{PLACEHOLDER}");
    loop {
        // Placeholders stand only in attribute values, which the sanitiser writes quoted.
        let next_link = rest.find(&quoted).map(|i| i + 1);
        let next_mark = rest.find(MARK_OPEN);
        let (at, is_link) = match (next_link, next_mark) {
            (None, None) => break,
            (Some(a), None) => (a, true),
            (None, Some(b)) => (b, false),
            (Some(a), Some(b)) => {
                if a < b {
                    (a, true)
                } else {
                    (b, false)
                }
            }
        };
        out.push_str(&rest[..at]);
        if is_link {
            let after = &rest[at + PLACEHOLDER.len()..];
            let digits = after.chars().take_while(char::is_ascii_digit).count();
            let n: usize = after[..digits].parse().unwrap_or(usize::MAX);
            match doc.links.get(n).and_then(Option::as_ref) {
                Some(link) => {
                    let same_page = link.url.split('#').next() == Some(doc.url.as_str());
                    if same_page && link.url.contains('#') {
                        let anchor = &link.url[link.url.find('#').unwrap_or(0)..];
                        out.push_str(&encode_path(anchor));
                    } else {
                        out.push_str(&encode_path(&format!("{root}{}", link.url)));
                    }
                }
                None => out.push('#'),
            }
            rest = &after[digits..];
        } else {
            let after = &rest[at + MARK_OPEN.len_utf8()..];
            let end = after.find(MARK_CLOSE).unwrap_or(0);
            let n: usize = after[..end].parse().unwrap_or(usize::MAX);
            if let Some(Some(link)) = doc.links.get(n) {
                if let Some(lang) = &link.other_lang {
                    let name = site
                        .config
                        .languages
                        .iter()
                        .find(|l| &l.code == lang)
                        .map(|l| l.name.as_str())
                        .unwrap_or(lang);
                    out.push_str(&format!(
                        " <span class=\"lang-marker\" lang=\"{lang}\">({})</span>",
                        html_escape::encode_text(name)
                    ));
                }
            }
            rest = &after[(end + MARK_CLOSE.len_utf8()).min(after.len())..];
        }
    }
    out.push_str(rest);
    out
}
