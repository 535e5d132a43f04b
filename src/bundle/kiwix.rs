//! A built site as a Kiwix (ZIM) archive: every file of the site under its own path, so that
//! the relative links and the search's `<script>` files work as they do from a folder; HTML
//! pages are front articles titled by their `<title>`; the root page is the main page.

use crate::io_error;
use std::path::{Path, PathBuf};

use crate::zim::{Archive, Item};

/// The metadata Kiwix shows and sorts by.
#[derive(Debug, Clone)]
pub struct ZimInfo {
    /// Identifier shared by every version: `kimberley-process-peer-learning_mul_all`.
    pub name: String,
    /// Title (Kiwix advises at most 30 characters).
    pub title: String,
    /// One line (at most 80 characters).
    pub description: String,
    /// The full description (at most 4000 characters), when longer than `description`.
    pub long_description: Option<String>,
    /// ISO 639-3 codes, main language first: `eng,fra`.
    pub language: String,
    /// Who made the content.
    pub creator: String,
    /// Who made the ZIM file.
    pub publisher: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// The 48×48 PNG illustration.
    pub illustration: Vec<u8>,
    /// The site's title in each language: a page title `<page> · <site title>` is shown as
    /// `<page>` in Kiwix, which names the site already.
    pub site_titles: Vec<String>,
}

impl ZimInfo {
    /// The file name Kiwix's conventions give it: `<name>_<YYYY-MM>.zim`.
    pub fn file_name(&self) -> String {
        format!("{}_{}.zim", self.name, &self.date[..self.date.len().min(7)])
    }
}

/// The default theme's 48×48 illustration (made from its favicon).
pub const DEFAULT_ILLUSTRATION: &[u8] =
    include_bytes!("../../themes/default/kiwix/illustration_48x48.png");

/// Why the archive could not be made.
#[derive(Debug, thiserror::Error)]
pub enum KiwixError {
    /// Reading the built site failed.
    #[error(transparent)]
    Io(#[from] crate::io_error::PathIoError),
    /// The site has no `index.html` at its root.
    #[error("{0}: no index.html (is this a site built by `loupe build`?)")]
    NoMainPage(PathBuf),
    /// The archive refused an entry.
    #[error(transparent)]
    Zim(#[from] crate::zim::ZimError),
}

/// The archive of the built site in `site_dir`.
pub fn archive(site_dir: &Path, info: &ZimInfo) -> Result<Archive, KiwixError> {
    if !site_dir.join("index.html").is_file() {
        return Err(KiwixError::NoMainPage(site_dir.to_path_buf()));
    }
    let mut a = Archive::new();
    for e in walkdir::WalkDir::new(site_dir).sort_by_file_name() {
        let e = e.map_err(|err| io_error::walk(err, site_dir))?;
        if !e.file_type().is_file() {
            continue;
        }
        let rel = e
            .path()
            .strip_prefix(site_dir)
            .unwrap_or(e.path())
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if rel == crate::output::MARKER {
            continue;
        }
        let data = std::fs::read(e.path()).map_err(io_error::at(e.path()))?;
        let mime = mime_type(&rel);
        let item = if mime == "text/html" {
            let title = html_title(&data)
                .map(|t| without_site_title(&t, &info.site_titles))
                .unwrap_or_default();
            let item = Item::new(&rel, &title, mime, data);
            // The "not found" page is not an article a reader looks for.
            if rel.ends_with("404.html") {
                item
            } else {
                item.front_article()
            }
        } else {
            Item::new(&rel, "", mime, data)
        };
        a.add_item(item)?;
    }
    a.set_main_path("index.html");
    a.set_metadata("Name", &info.name);
    a.set_metadata("Title", &info.title);
    a.set_metadata("Description", &info.description);
    if let Some(long) = &info.long_description {
        a.set_metadata("LongDescription", long);
    }
    a.set_metadata("Language", &info.language);
    a.set_metadata("Creator", &info.creator);
    a.set_metadata("Publisher", &info.publisher);
    a.set_metadata("Date", &info.date);
    a.set_metadata("Scraper", concat!("loupe ", env!("CARGO_PKG_VERSION")));
    // No Xapian index: loupe's own search (in the pages) is the search.
    a.set_metadata("Tags", "_ftindex:no;_pictures:yes;_videos:no;_details:yes");
    a.set_illustration(48, info.illustration.clone());
    Ok(a)
}

/// The text of the first `<title>` element, entities decoded, spaces collapsed.
pub fn html_title(html: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(html);
    let lower = text.to_ascii_lowercase();
    let start = lower.find("<title")?;
    let open_end = start + lower[start..].find('>')? + 1;
    let end = open_end + lower[open_end..].find("</title")?;
    let raw = html_escape::decode_html_entities(&text[open_end..end]);
    let title = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    (!title.is_empty()).then_some(title)
}

/// `title` without a trailing ` · <site title>`, unless nothing else is left.
fn without_site_title(title: &str, site_titles: &[String]) -> String {
    for s in site_titles {
        if let Some(page) = title
            .strip_suffix(s.as_str())
            .and_then(|t| t.strip_suffix(" · "))
        {
            if !page.trim().is_empty() {
                return page.trim().to_string();
            }
        }
    }
    title.to_string()
}

/// The MIME type of a site file, by extension.
pub fn mime_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html",
        "css" => "text/css",
        "js" | "mjs" => "application/javascript",
        "json" => "application/json",
        "txt" | "md" => "text/plain",
        "csv" => "text/csv",
        "xml" => {
            if path.ends_with("atom.xml") {
                "application/atom+xml"
            } else {
                "application/xml"
            }
        }
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/vnd.microsoft.icon",
        "pdf" => "application/pdf",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "mp3" => "audio/mpeg",
        "ogg" | "oga" => "audio/ogg",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "zip" => "application/zip",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

/// The ISO 639-3 code Kiwix wants for a site's language code (ISO 639-1 or already 639-3).
pub fn iso639_3(code: &str) -> Option<String> {
    let base = code
        .split(['-', '_'])
        .next()
        .unwrap_or(code)
        .to_ascii_lowercase();
    if base.len() == 3 && base.chars().all(|c| c.is_ascii_lowercase()) {
        return Some(base);
    }
    let three = match base.as_str() {
        "af" => "afr",
        "am" => "amh",
        "ar" => "ara",
        "bm" => "bam",
        "bn" => "ben",
        "de" => "deu",
        "ee" => "ewe",
        "el" => "ell",
        "en" => "eng",
        "es" => "spa",
        "fa" => "fas",
        "ff" => "ful",
        "fr" => "fra",
        "ha" => "hau",
        "hi" => "hin",
        "id" => "ind",
        "ig" => "ibo",
        "it" => "ita",
        "ja" => "jpn",
        "ki" => "kik",
        "ko" => "kor",
        "lg" => "lug",
        "ln" => "lin",
        "mg" => "mlg",
        "ms" => "msa",
        "nl" => "nld",
        "om" => "orm",
        "pl" => "pol",
        "pt" => "por",
        "ro" => "ron",
        "ru" => "rus",
        "rw" => "kin",
        "sn" => "sna",
        "so" => "som",
        "sw" => "swa",
        "ti" => "tir",
        "tr" => "tur",
        "tw" => "twi",
        "uk" => "ukr",
        "ur" => "urd",
        "vi" => "vie",
        "wo" => "wol",
        "xh" => "xho",
        "yo" => "yor",
        "zh" => "zho",
        "zu" => "zul",
        _ => return None,
    };
    Some(three.to_string())
}

/// `text` cut at a word boundary to at most `max` characters, with an ellipsis when cut.
pub fn shorten(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let mut out = String::new();
    for word in text.split(' ') {
        let next = if out.is_empty() {
            word.to_string()
        } else {
            format!("{out} {word}")
        };
        if next.chars().count() + 1 > max {
            break;
        }
        out = next;
    }
    if out.is_empty() {
        out = text.chars().take(max - 1).collect();
    }
    let out = out.trim_end_matches([',', ';', ':', '.']).to_string();
    format!("{out}…")
}

/// A Kiwix name part from a title: lower-case ASCII letters and digits joined by `-`.
pub fn name_slug(title: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let ascii: String = title
        .nfd()
        .filter(|c| c.is_ascii())
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                ' '
            }
        })
        .collect();
    let slug = ascii.split_whitespace().collect::<Vec<_>>().join("-");
    if slug.is_empty() {
        "site".to_string()
    } else {
        slug
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_read_decoded_and_collapsed() {
        assert_eq!(
            html_title("<html><head><TITLE>\n  A &amp; B\n  · site</TITLE>".as_bytes()).as_deref(),
            Some("A & B · site")
        );
        assert_eq!(html_title(b"<title></title>"), None);
        assert_eq!(html_title(b"<p>no title</p>"), None);
    }

    #[test]
    fn page_titles_lose_the_site_title() {
        let sites = vec!["KP".to_string(), "PK".to_string()];
        assert_eq!(without_site_title("Guidance · KP", &sites), "Guidance");
        assert_eq!(without_site_title("Notes · PK", &sites), "Notes");
        assert_eq!(without_site_title("KP", &sites), "KP");
        assert_eq!(without_site_title("A · B", &sites), "A · B");
    }

    #[test]
    fn language_codes_become_iso_639_3() {
        assert_eq!(iso639_3("en").as_deref(), Some("eng"));
        assert_eq!(iso639_3("fr").as_deref(), Some("fra"));
        assert_eq!(iso639_3("pt-BR").as_deref(), Some("por"));
        assert_eq!(iso639_3("kri").as_deref(), Some("kri"));
        assert_eq!(iso639_3("xx"), None);
    }

    #[test]
    fn descriptions_are_shortened_at_words() {
        let s = shorten("Guidance notes, meeting minutes and case studies on the Kimberley Process Certification Scheme", 80);
        assert!(s.chars().count() <= 80, "{s}");
        assert!(s.ends_with('…'));
        assert!(s.starts_with("Guidance notes, meeting minutes"));
        assert_eq!(shorten("short", 80), "short");
    }

    #[test]
    fn names_are_ascii_slugs() {
        assert_eq!(
            name_slug("Apprendre ensemble le Processus de Kimberley"),
            "apprendre-ensemble-le-processus-de-kimberley"
        );
        assert_eq!(name_slug("Évaluation & co!"), "evaluation-co");
        assert_eq!(name_slug("«»"), "site");
    }

    #[test]
    fn mime_types_by_extension() {
        assert_eq!(mime_type("en/index.html"), "text/html");
        assert_eq!(mime_type("assets/site.js"), "application/javascript");
        assert_eq!(mime_type("assets/favicon.svg"), "image/svg+xml");
        assert_eq!(mime_type("a/photo.JPG"), "image/jpeg");
        assert_eq!(mime_type("en/atom.xml"), "application/atom+xml");
        assert_eq!(mime_type("LICENSE"), "application/octet-stream");
    }
}
