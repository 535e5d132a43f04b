//! `sitemap.xml` and one Atom feed per language, written only when `base_url` is set
//! (a feed needs absolute URLs; without a base URL nothing absolute is written).

use html_escape::encode_text as esc;

use crate::site::routes;
use crate::site::Site;

/// The sitemap and feeds as (root-relative path, XML), or nothing without `base_url`.
pub fn feeds(site: &Site) -> Vec<(String, String)> {
    let Some(base) = site.config.base_url.as_deref() else {
        return Vec::new();
    };
    let base = if base.ends_with('/') {
        base.to_string()
    } else {
        format!("{base}/")
    };
    let mut out = Vec::new();
    let mut sitemap = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for d in &site.docs {
        sitemap.push_str(&format!("<url><loc>{}{}</loc>", esc(&base), esc(&d.url)));
        if let Some(date) = d.page.fm.updated.or(d.page.fm.date) {
            sitemap.push_str(&format!("<lastmod>{date}</lastmod>"));
        }
        sitemap.push_str("</url>\n");
    }
    sitemap.push_str("</urlset>\n");
    out.push(("sitemap.xml".to_string(), sitemap));

    for l in &site.config.languages {
        let items = site.list(&l.code, None);
        let updated = items
            .iter()
            .filter_map(|&i| site.docs[i].page.fm.updated.or(site.docs[i].page.fm.date))
            .max()
            .map(|d| format!("{d}T00:00:00Z"))
            .unwrap_or_else(|| "2000-01-01T00:00:00Z".into());
        let title = site
            .config
            .title
            .get(&l.code, site.config.default_language());
        let mut xml = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n<title>{}</title>\n<id>{}{}/index.html</id>\n<link href=\"{}{}/index.html\"/>\n<link rel=\"self\" href=\"{}{}/atom.xml\"/>\n<updated>{updated}</updated>\n",
            esc(&l.code), esc(&title), esc(&base), esc(&l.code), esc(&base), esc(&l.code), esc(&base), esc(&l.code)
        );
        for &i in items.iter().take(50) {
            let d = &site.docs[i];
            let fm = &d.page.fm;
            let when = fm
                .updated
                .or(fm.date)
                .map(|d| format!("{d}T00:00:00Z"))
                .unwrap_or_else(|| updated.clone());
            xml.push_str(&format!(
                "<entry><title>{}</title><id>{}{}</id><link href=\"{}{}\"/><updated>{when}</updated>",
                esc(&fm.title), esc(&base), esc(&d.url), esc(&base), esc(&d.url)
            ));
            if let Some(s) = &fm.summary {
                xml.push_str(&format!("<summary>{}</summary>", esc(s)));
            }
            xml.push_str("</entry>\n");
        }
        xml.push_str("</feed>\n");
        out.push((routes::feed(&l.code), xml));
    }
    out
}
