//! Classifying the destinations of links and images written in Markdown.

/// Where a link written in content points.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Target {
    /// Another content file: path relative to `content/` (`en/guidance/x.md`), optional anchor.
    Content {
        /// Normalised path relative to the content folder.
        path: String,
        /// The `#anchor`, if any.
        anchor: Option<String>,
    },
    /// A non-Markdown file under `content/` (an image, a PDF), path relative to `content/`.
    Asset {
        /// Normalised path relative to the content folder.
        path: String,
    },
    /// A file of the site's `static/` folder, reached with a relative path that climbs out of
    /// `content/` (`../../../static/logo.png` from `content/en/guidance/x.md`, a path that also
    /// works in an editor's preview): its path relative to `static/`, which is its output path.
    Static {
        /// Normalised path relative to the `static/` folder.
        path: String,
    },
    /// An anchor in the same page.
    SamePage(String),
    /// A URL with a scheme (`https:`, `mailto:`): left alone.
    External,
    /// A link that cannot work from `file://` or leaves the content folder.
    Invalid(String),
}

/// URL schemes a link in content may use.
pub(crate) const SAFE_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// `url` written for an HTML attribute value: the characters that cannot stand in an `href` as
/// they are (space, quotes, `<`, `>`) percent-encoded, `&` escaped.
pub(crate) fn href_attr(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '"' => out.push_str("%22"),
            '\'' => out.push_str("%27"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '&' => out.push_str("&amp;"),
            _ => out.push(c),
        }
    }
    out
}

/// True when `url` starts with a URL scheme (`https:`, `mailto:`) or is protocol-relative.
pub(crate) fn has_scheme(url: &str) -> bool {
    if url.starts_with("//") {
        return true;
    }
    match url.find(':') {
        Some(i) if i > 0 => {
            let scheme = &url[..i];
            scheme
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        _ => false,
    }
}

/// Classifies `url`, written in the file whose folder relative to `content/` is `dir`
/// (`en/guidance`).
pub(crate) fn classify(url: &str, dir: &str) -> Target {
    if has_scheme(url) {
        let scheme = url
            .split(':')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        return if url.starts_with("//") || SAFE_SCHEMES.contains(&scheme.as_str()) {
            Target::External
        } else {
            Target::Invalid(format!(
                "`{scheme}:` links are not allowed (use http, https, mailto or tel)"
            ))
        };
    }
    if let Some(anchor) = url.strip_prefix('#') {
        return Target::SamePage(anchor.to_string());
    }
    if url.starts_with('/') {
        return Target::Invalid(format!(
            "`{url}` starts with `/`: such links break when the site is opened from a folder or USB stick; link to the file with a relative path, such as `../guidance/x.md`"
        ));
    }
    let (path, anchor) = match url.split_once('#') {
        Some((p, a)) => (p, Some(a.to_string())),
        None => (url, None),
    };
    let path = path.split('?').next().unwrap_or(path);
    let path = percent_decode(path);
    let Some(path) = normalize(dir, &path) else {
        // Relative to the site folder, the path may lead into `static/`.
        let from_root = normalize(&format!("content/{dir}"), &percent_decode(url_path(url)));
        return match from_root.as_deref().and_then(|p| p.strip_prefix("static/")) {
            Some(file) if !file.is_empty() => Target::Static {
                path: file.to_string(),
            },
            _ => Target::Invalid(format!(
                "`{url}` points outside the content folder (files of the site's `static/` folder are linked as `{}static/…`)",
                "../".repeat(dir.split('/').filter(|p| !p.is_empty()).count() + 1)
            )),
        };
    };
    if path.ends_with(".md") {
        Target::Content { path, anchor }
    } else {
        Target::Asset { path }
    }
}

/// The path part of a relative URL: without `#anchor` and `?query`.
fn url_path(url: &str) -> &str {
    let p = url.split('#').next().unwrap_or(url);
    p.split('?').next().unwrap_or(p)
}

/// Joins `rel` onto `dir` and resolves `.` and `..`; `None` when it climbs above the root.
pub(crate) fn normalize(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// `s` with `%XX` escapes decoded, as a browser reads a link; `s` itself when the decoded
/// bytes are not UTF-8.
fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .map(|c| c.into_owned())
        .unwrap_or_else(|_| s.to_string())
}

/// The path from a page to the site root: `../../` for `en/guidance/index.html`, `` at the root.
pub(crate) fn root_prefix(page: &str) -> String {
    "../".repeat(page.matches('/').count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies() {
        assert_eq!(
            classify("../guidance/x.md#a-b", "en/minutes"),
            Target::Content {
                path: "en/guidance/x.md".into(),
                anchor: Some("a-b".into())
            }
        );
        assert_eq!(classify("https://example.org", "en"), Target::External);
        assert_eq!(classify("mailto:a@b.c", "en"), Target::External);
        assert_eq!(classify("#top", "en"), Target::SamePage("top".into()));
        assert!(matches!(classify("/en/x.md", "en"), Target::Invalid(_)));
        assert!(matches!(
            classify("javascript:alert(1)", "en"),
            Target::Invalid(_)
        ));
        assert!(matches!(
            classify("JavaScript:alert(1)", "en"),
            Target::Invalid(_)
        ));
        assert!(matches!(
            classify("../../../x.md", "en/guidance"),
            Target::Invalid(_)
        ));
        assert_eq!(
            classify("../../../static/docs/kpcs%20core.pdf#page=2", "en/guidance"),
            Target::Static {
                path: "docs/kpcs core.pdf".into()
            }
        );
        assert_eq!(
            classify("../../static/logo.png", "en"),
            Target::Static {
                path: "logo.png".into()
            }
        );
        match classify("../../../../etc/passwd", "en/guidance") {
            Target::Invalid(m) => assert!(m.contains("`../../../static/…`"), "{m}"),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            classify("img/a%20b.png", "fr/guidance"),
            Target::Asset {
                path: "fr/guidance/img/a b.png".into()
            }
        );
    }

    #[test]
    fn root_prefixes_climb_to_the_output_root() {
        assert_eq!(root_prefix("en/guidance/index.html"), "../../");
        assert_eq!(root_prefix("index.html"), "");
    }

    #[test]
    fn percent_escapes_are_decoded_without_panicking() {
        assert_eq!(
            classify("a%41.md", "en"),
            Target::Content {
                path: "en/aA.md".into(),
                anchor: None
            }
        );
        // Not escapes: kept as written, whatever characters follow the `%`.
        for odd in ["%aé.md", "%é.md", "100%", "%zz.md", "%"] {
            let _ = classify(odd, "en");
        }
        assert_eq!(
            classify("%C3%A9t%C3%A9.md", "fr"),
            Target::Content {
                path: "fr/été.md".into(),
                anchor: None
            }
        );
    }
}
