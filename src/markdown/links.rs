//! Classifying the destinations of links and images written in Markdown.

/// Where a link written in content points.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// An anchor in the same page.
    SamePage(String),
    /// A URL with a scheme (`https:`, `mailto:`): left alone.
    External,
    /// A link that cannot work from `file://` or leaves the content folder.
    Invalid(String),
}

/// URL schemes a link in content may use.
pub const SAFE_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// `url` written for an HTML attribute value: the characters that cannot stand in an `href` as
/// they are (space, quotes, `<`, `>`) percent-encoded, `&` escaped.
pub fn href_attr(url: &str) -> String {
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
pub fn has_scheme(url: &str) -> bool {
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
pub fn classify(url: &str, dir: &str) -> Target {
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
        return Target::Invalid(format!("`{url}` points outside the content folder"));
    };
    if path.ends_with(".md") {
        Target::Content { path, anchor }
    } else {
        Target::Asset { path }
    }
}

/// Joins `rel` onto `dir` and resolves `.` and `..`; `None` when it climbs above the root.
pub fn normalize(dir: &str, rel: &str) -> Option<String> {
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

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// The relative URL from the page at `from` to `to` (both relative to the site root, `to`
/// naming a file), e.g. from `en/guidance/a/index.html` to `fr/index.html` → `../../../fr/index.html`.
pub fn relative(from: &str, to: &str) -> String {
    let from_dir: Vec<&str> = from.split('/').collect();
    let from_dir = &from_dir[..from_dir.len().saturating_sub(1)];
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dir
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count()
        .min(to_parts.len().saturating_sub(1));
    let mut out = String::new();
    for _ in common..from_dir.len() {
        out.push_str("../");
    }
    out.push_str(&to_parts[common..].join("/"));
    out
}

/// The path from a page to the site root: `../../` for `en/guidance/index.html`, `` at the root.
pub fn root_prefix(page: &str) -> String {
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
            classify("img/a%20b.png", "fr/guidance"),
            Target::Asset {
                path: "fr/guidance/img/a b.png".into()
            }
        );
    }

    #[test]
    fn relative_urls_name_files() {
        assert_eq!(
            relative("en/guidance/a/index.html", "en/guidance/b/index.html"),
            "../b/index.html"
        );
        assert_eq!(
            relative("en/guidance/a/index.html", "fr/index.html"),
            "../../../fr/index.html"
        );
        assert_eq!(relative("index.html", "en/index.html"), "en/index.html");
        assert_eq!(relative("en/index.html", "en/index.html"), "index.html");
        assert_eq!(root_prefix("en/guidance/index.html"), "../../");
        assert_eq!(root_prefix("index.html"), "");
    }
}
