//! What must hold of any HTML loupe writes from content: no element or attribute that runs a
//! script. Checked on the serialised HTML, tag by tag, the way a browser's tokenizer reads it.

/// Elements that run or embed active content.
const ACTIVE_ELEMENTS: &[&str] = &[
    "script", "iframe", "object", "embed", "frame", "frameset", "applet", "base", "meta", "link",
    "style", "form", "svg", "math", "template", "noscript",
];

/// Attributes whose value is a URL a browser may load or navigate to.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "poster",
    "data",
    "srcset",
    "background",
    "cite",
    "longdesc",
];

/// URL schemes that run a script or show a document made by content.
const ACTIVE_SCHEMES: &[&str] = &["javascript:", "vbscript:", "data:", "livescript:"];

/// The first way `html` could run a script: an active element (`<script` first of all), an
/// `on…` or `style` attribute, or a script URL; `None` when there is none. Text is read as a
/// browser reads it: `<` starts a tag only before a letter or `/`, and a tag's quoted
/// attribute values are skipped as a whole.
pub fn script_vector(html: &str) -> Option<String> {
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        let start = i + off;
        let mut j = start + 1;
        if bytes.get(j) == Some(&b'/') {
            j += 1;
        }
        if !bytes.get(j).is_some_and(u8::is_ascii_alphabetic) {
            i = start + 1;
            continue;
        }
        let name_end = html[j..]
            .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
            .map_or(html.len(), |e| j + e);
        let name = html[j..name_end].to_ascii_lowercase();
        if ACTIVE_ELEMENTS.contains(&name.as_str()) {
            return Some(format!("element <{name}> at byte {start}"));
        }
        let (attrs, end) = attributes(html, name_end);
        for (attr, value) in attrs {
            let attr = attr.to_ascii_lowercase();
            if attr.starts_with("on") {
                return Some(format!("attribute `{attr}` on <{name}> at byte {start}"));
            }
            // pulldown-cmark's own table alignment; any other style is content's.
            let alignment = ["left", "center", "right"]
                .iter()
                .any(|a| value == format!("text-align: {a}"));
            if attr == "style" && !alignment {
                return Some(format!("attribute `style` on <{name}> at byte {start}"));
            }
            if URL_ATTRIBUTES.contains(&attr.as_str()) {
                // As a browser reads it (WHATWG URL parsing): leading and trailing C0 controls
                // and spaces stripped, tabs and newlines removed anywhere; other spaces stay,
                // so `javascri  pt:` is a relative URL, not a script.
                let decoded = html_escape::decode_html_entities(&value);
                let url: String = decoded
                    .trim_matches(|c: char| c <= ' ')
                    .chars()
                    .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                    .collect::<String>()
                    .to_ascii_lowercase();
                if let Some(s) = ACTIVE_SCHEMES.iter().find(|s| url.starts_with(**s)) {
                    return Some(format!("`{s}` URL in `{attr}` on <{name}> at byte {start}"));
                }
            }
        }
        i = end;
    }
    None
}

/// The attributes of a tag whose name ends at `from`: (name, raw value) pairs, and the byte
/// after the tag's `>` (or the end of the text).
fn attributes(html: &str, from: usize) -> (Vec<(String, String)>, usize) {
    let b = html.as_bytes();
    let mut i = from;
    let mut out = Vec::new();
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() {
            return (out, b.len());
        }
        if b[i] == b'>' {
            return (out, i + 1);
        }
        let name_start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let name = html[name_start..i].to_string();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if b.get(i) == Some(&b'=') {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            match b.get(i) {
                Some(&q) if q == b'"' || q == b'\'' => {
                    let end = html[i + 1..].find(q as char).map_or(b.len(), |e| i + 1 + e);
                    value = html[i + 1..end].to_string();
                    i = (end + 1).min(b.len());
                }
                _ => {
                    let start = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                    value = html[start..i].to_string();
                }
            }
        }
        out.push((name, value));
    }
}

#[cfg(test)]
mod tests {
    use super::script_vector;

    #[test]
    fn finds_every_kind_of_vector() {
        for bad in [
            "<p>x</p><SCRIPT>alert(1)</SCRIPT>",
            "<img src=x onerror=alert(1)>",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<a href=\" &#106;avascript:alert(1)\">x</a>",
            "<a href='java\tscript:x'>x</a>",
            "<a href='java\nscr&#13;ipt:x'>x</a>",
            "<a href='\u{1}\u{1f} javascript:x'>x</a>",
            "<iframe src=\"a.html\"></iframe>",
            "<svg><circle/></svg>",
            "<p style=\"background:url(x)\">x</p>",
            "<img src=\"data:image/svg+xml,x\">",
        ] {
            assert!(script_vector(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn accepts_escaped_text_and_safe_markup() {
        for good in [
            "<p>&lt;script&gt;alert(1)&lt;/script&gt; onerror=alert(1) javascript:alert(1)</p>",
            "<a href=\"../x/index.html\" title=\"on=1\">online</a>",
            "<img alt=\"onload\" src=\"img/a.png\">",
            "<p>1 < 2 and 3 > 2</p>",
            "<abbr title=\"Kimberley Process\">KP</abbr>",
            // Spaces inside a scheme make a relative URL (found by the markdown fuzz target).
            "<a href=\"javascri    pt:alert(1)\">bad</a>",
        ] {
            assert_eq!(script_vector(good), None, "{good}");
        }
    }
}
