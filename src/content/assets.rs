//! What content may carry beside its Markdown documents, and how each kind of file is published.
//!
//! Content comes from many organisations, so only file types that cannot run a script in a
//! reader's browser are published: images, and documents that browsers hand to a viewer or a
//! download. SVG images can carry scripts; they are published only after
//! [`svg-hush`](https://docs.rs/svg-hush) has removed every scriptable and network-loading part.
//! HTML, JavaScript and every other type are refused with a message that says what to do.

use std::path::Path;

/// How an allowed file is published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssetKind {
    /// An image or document copied as it is.
    Copied,
    /// An SVG image, published after sanitising.
    Svg,
}

/// Extensions of files copied as they are (lower case).
pub const COPIED: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "webp", "avif", "pdf", "txt", "csv", "odt", "ods", "odp", "docx",
    "xlsx", "pptx", "mp3", "m4a", "ogg", "mp4", "webm",
];

/// Names of files that operating systems leave in folders; they are never content.
const SYSTEM_FILES: &[&str] = &["thumbs.db", "desktop.ini", "ehthumbs.db"];

/// True for files the operating system writes into folders by itself (`Thumbs.db`).
pub fn is_system_file(name: &str) -> bool {
    SYSTEM_FILES.contains(&name.to_ascii_lowercase().as_str())
}

/// How the file `name` is published, or why it is refused.
pub fn classify(name: &str) -> Result<AssetKind, String> {
    let ext = Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if ext == "svg" {
        return Ok(AssetKind::Svg);
    }
    if COPIED.contains(&ext.as_str()) {
        return Ok(AssetKind::Copied);
    }
    let allowed = || format!("svg, {}", COPIED.join(", "));
    Err(match ext.as_str() {
        "html" | "htm" | "xhtml" | "shtml" => "HTML files are not published from content/: they could run scripts in readers' browsers. Write the page in Markdown (`.md`); raw HTML inside Markdown is allowed and made safe".to_string(),
        "markdown" | "mdown" | "mkd" => "loupe reads Markdown files named `.md`: rename this file to end in `.md`".to_string(),
        "js" | "mjs" | "xml" | "xsl" | "xslt" | "svgz" | "swf" | "hta" => format!(
            "`.{ext}` files are not published from content/: they could run scripts in readers' browsers (files that may go beside documents: {})",
            allowed()
        ),
        "" => format!(
            "files without an extension are not published from content/ (files that may go beside documents: {})",
            allowed()
        ),
        _ => format!(
            "`.{ext}` files are not published from content/ (files that may go beside documents: {}); site-wide files go into static/",
            allowed()
        ),
    })
}

/// The published bytes of an SVG image: the image without scripts, event handlers, external
/// references or anything else that could act in a browser. `Err` says why it is not usable.
pub fn sanitize_svg(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut filter = svg_hush::Filter::new();
    filter.set_data_url_filter(svg_hush::data_url_filter::allow_standard_images);
    let mut out = Vec::with_capacity(bytes.len());
    let mut input = bytes;
    match filter.filter(&mut input, &mut out) {
        Ok(()) => Ok(out),
        Err(e) => Err(format!(
            "this SVG image cannot be read ({e}); save it again from your drawing program as plain SVG"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_and_documents_are_allowed_scripts_are_not() {
        assert_eq!(classify("a.PNG"), Ok(AssetKind::Copied));
        assert_eq!(classify("report.pdf"), Ok(AssetKind::Copied));
        assert_eq!(classify("logo.svg"), Ok(AssetKind::Svg));
        for bad in [
            "index.html",
            "x.HTM",
            "a.js",
            "feed.xml",
            "run.exe",
            "README",
            "b.svgz",
        ] {
            assert!(classify(bad).is_err(), "{bad}");
        }
        assert!(classify("notes.markdown").unwrap_err().contains("`.md`"));
    }

    #[test]
    fn svg_loses_scripts_handlers_and_external_references() {
        let hostile = br##"<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" onload="alert(1)" width="10" height="10">
  <script>alert(2)</script>
  <foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" src="javascript:alert(3)"></iframe></foreignObject>
  <a xlink:href="javascript:alert(4)"><rect width="5" height="5" onclick="alert(5)"/></a>
  <set attributeName="href" to="javascript:alert(6)"/>
  <image href="https://attacker.example/track.png" width="1" height="1"/>
  <rect width="5" height="5" fill="url(https://attacker.example/x.svg#p)" style="fill:url(http://attacker.example/y)"/>
  <use href="https://attacker.example/sprite.svg#icon"/>
  <circle cx="5" cy="5" r="4" fill="#c00"/>
</svg>"##;
        let out = String::from_utf8(sanitize_svg(hostile).unwrap()).unwrap();
        let lower = out.to_ascii_lowercase();
        for bad in [
            "<script",
            "onload",
            "onclick",
            "href=\"javascript:",
            "foreignobject",
            "iframe",
            "attacker.example",
            // Without it an animation element (`<set to="javascript:…">`) changes nothing.
            "attributename",
        ] {
            assert!(!lower.contains(bad), "{bad} survived: {out}");
        }
        assert!(out.contains("<circle"), "{out}");
    }

    #[test]
    fn broken_svg_is_an_error_not_a_panic() {
        assert!(sanitize_svg(b"<svg xmlns=\"http://www.w3.org/2000/svg\"><g></svg>").is_err());
        assert!(sanitize_svg(b"\xff\xfe not xml").is_err());
    }
}
