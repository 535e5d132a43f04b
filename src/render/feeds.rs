//! `sitemap.xml` and one Atom feed per language, routes of their own that exist only when
//! `base_url` is set (a feed needs absolute URLs; without a base URL nothing absolute is
//! written).

use html_escape::encode_text as esc;

use super::record::{Fact, Key, Recorder};
use crate::site::Site;

/// How many newest documents a feed lists.
const FEED_ITEMS: usize = 50;

/// The base URL with a trailing `/`, when set.
fn base(site: &Site) -> Option<String> {
    let base = site.config.base_url.as_deref()?;
    Some(if base.ends_with('/') {
        base.to_string()
    } else {
        format!("{base}/")
    })
}

/// The sitemap of every document, or `None` without `base_url`.
pub(crate) fn sitemap(site: &Site, rec: &Recorder) -> Option<String> {
    let base = base(site)?;
    let mut sitemap = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for l in &site.config.languages {
        rec.read(Fact::Lists(Key::of(&l.code)));
    }
    for d in &site.docs {
        rec.read(Fact::Meta(Key::of(&d.page.content_path)));
        sitemap.push_str(&format!("<url><loc>{}{}</loc>", esc(&base), esc(&d.url)));
        if let Some(date) = d.page.fm.updated.or(d.page.fm.date) {
            sitemap.push_str(&format!("<lastmod>{date}</lastmod>"));
        }
        sitemap.push_str("</url>\n");
    }
    sitemap.push_str("</urlset>\n");
    Some(sitemap)
}

/// The Atom feed of language `code`, or `None` without `base_url`.
pub(crate) fn feed(site: &Site, code: &str, rec: &Recorder) -> Option<String> {
    let base = base(site)?;
    rec.read(Fact::Lists(Key::of(code)));
    let items = site.list(code, None);
    let updated = items
        .iter()
        .filter_map(|&i| site.docs[i].page.fm.updated.or(site.docs[i].page.fm.date))
        .max()
        .map(|d| format!("{d}T00:00:00Z"))
        .unwrap_or_else(|| "2000-01-01T00:00:00Z".into());
    let title = site.config.title.get(code, site.config.default_language());
    let home = crate::site::routes::home(code);
    let self_url = crate::site::routes::feed(code);
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n<title>{}</title>\n<id>{}{}</id>\n<link href=\"{}{}\"/>\n<link rel=\"self\" href=\"{}{}\"/>\n<updated>{updated}</updated>\n",
        esc(code), esc(&title), esc(&base), esc(&home), esc(&base), esc(&home), esc(&base), esc(&self_url)
    );
    for &i in items.iter().take(FEED_ITEMS) {
        let d = &site.docs[i];
        rec.read(Fact::Meta(Key::of(&d.page.content_path)));
        let fm = &d.page.fm;
        let when = fm
            .updated
            .or(fm.date)
            .map(|d| format!("{d}T00:00:00Z"))
            .unwrap_or_else(|| updated.clone());
        xml.push_str(&format!(
            "<entry><title>{}</title><id>{}{}</id><link href=\"{}{}\"/><updated>{when}</updated>",
            esc(&fm.title),
            esc(&base),
            esc(&d.url),
            esc(&base),
            esc(&d.url)
        ));
        if let Some(s) = &fm.summary {
            xml.push_str(&format!("<summary>{}</summary>", esc(s)));
        }
        xml.push_str("</entry>\n");
    }
    xml.push_str("</feed>\n");
    Some(xml)
}
