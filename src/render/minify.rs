//! The theme's stylesheets and scripts as pages load them, so that every page downloads fewer
//! bytes. Stylesheets lose comments, indentation and line breaks through a conservative
//! stripper that never renames or reorders anything and keeps the file as it is when it meets
//! something it does not fully understand. The default theme's scripts were minified by oxc when
//! loupe was built (`build.rs`); a script that differs from the embedded source is kept as it is.

include!(concat!(env!("OUT_DIR"), "/theme-js/theme_js.rs"));

/// A theme file as written to `assets/`: `.css` stripped, the default theme's `.js` minified,
/// others unchanged.
pub(crate) fn theme_file(rel: &str, bytes: &[u8]) -> Vec<u8> {
    if let Some((_, _, min)) = THEME_JS
        .iter()
        .find(|(name, src, _)| rel.ends_with(name) && *src == bytes)
    {
        return min.to_vec();
    }
    let Ok(text) = std::str::from_utf8(bytes) else {
        return bytes.to_vec();
    };
    let stripped = if rel.ends_with(".css") {
        strip_css(text)
    } else {
        None
    };
    stripped
        .map(String::into_bytes)
        .unwrap_or_else(|| bytes.to_vec())
}

/// Characters next to which CSS never needs whitespace: `a { b: c; }` and `a{b:c;}` mean the
/// same. (`:` is not one of them: `a :hover` and `a:hover` differ; nor `+`, `-` or `>`, which
/// `calc()` and selectors need spaced in places.)
const TIGHT: &[char] = &['{', '}', ';', ','];

/// CSS without comments, and with each run of whitespace reduced to one space, or to nothing
/// next to `{ } ; ,`. Strings and `url(…)` are copied as they are. `None` for an unterminated
/// comment, string or `url(`, or a backslash escape outside a string.
pub(crate) fn strip_css(src: &str) -> Option<String> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let mut space = false;
    let mut i = 0;
    let push_space = |out: &mut String, space: &mut bool, next: char| {
        if *space && !out.is_empty() && !out.ends_with(TIGHT) && !TIGHT.contains(&next) {
            out.push(' ');
        }
        *space = false;
    };
    while i < chars.len() {
        let c = chars[i];
        if c == '/' && chars.get(i + 1) == Some(&'*') {
            // A comment is no space: `a/**/b` stays `ab`.
            let end = find(&chars, i + 2, &['*', '/'])?;
            i = end + 2;
            continue;
        }
        if c.is_whitespace() {
            space = true;
            i += 1;
            continue;
        }
        if c == '\\' {
            return None;
        }
        push_space(&mut out, &mut space, c);
        if c == '"' || c == '\'' {
            let start = i;
            i += 1;
            loop {
                match chars.get(i) {
                    None | Some('\n') => return None,
                    Some('\\') => i += 2,
                    Some(&q) if q == c => break,
                    Some(_) => i += 1,
                }
            }
            out.extend(&chars[start..=i]);
            i += 1;
            continue;
        }
        if starts_with_ci(&chars, i, "url(") {
            let end = find(&chars, i, &[')'])?;
            out.extend(&chars[i..=end]);
            i = end + 1;
            continue;
        }
        out.push(c);
        i += 1;
    }
    Some(out)
}

/// The index where `pat` starts at or after `from`.
fn find(chars: &[char], from: usize, pat: &[char]) -> Option<usize> {
    (from..chars.len()).find(|&k| chars[k..].starts_with(pat))
}

fn starts_with_ci(chars: &[char], at: usize, word: &str) -> bool {
    let w: Vec<char> = word.chars().collect();
    chars.len() >= at + w.len()
        && chars[at..at + w.len()]
            .iter()
            .zip(&w)
            .all(|(a, b)| a.eq_ignore_ascii_case(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_layout_go_values_stay() {
        let css = "/* theme */\n:root {\n  --a: #fff;  /* white */\n}\n\na :hover , b > c {\n  margin: calc(100% + .25rem) 0;\n}\n";
        assert_eq!(
            strip_css(css).unwrap(),
            ":root{--a: #fff;}a :hover,b > c{margin: calc(100% + .25rem) 0;}"
        );
    }

    #[test]
    fn strings_and_urls_are_copied_as_written() {
        let css = "a::after { content: \" ↗ /* no */ \"; background: url( x y.svg ) }\nb{content:'a;  b'}";
        assert_eq!(
            strip_css(css).unwrap(),
            "a::after{content: \" ↗ /* no */ \";background: url( x y.svg )}b{content:'a;  b'}"
        );
        assert_eq!(
            strip_css("a{content:\"\\\"\"}").unwrap(),
            "a{content:\"\\\"\"}"
        );
    }

    #[test]
    fn what_it_does_not_understand_is_kept() {
        assert_eq!(strip_css("a{} /* open"), None);
        assert_eq!(strip_css("a{content:\"open}"), None);
        assert_eq!(strip_css("a{background:url(x}"), None);
        assert_eq!(strip_css(".a\\:b{}"), None);
        assert_eq!(theme_file("x.css", b".a\\:b{ }"), b".a\\:b{ }".to_vec());
        assert_eq!(
            theme_file("x.svg", b"<svg> </svg>"),
            b"<svg> </svg>".to_vec()
        );
    }

    #[test]
    fn the_default_theme_strips_and_keeps_its_rules() {
        for (rel, bytes) in [
            (
                "style.css",
                &include_bytes!("../../themes/default/static/style.css")[..],
            ),
            (
                "pages.css",
                &include_bytes!("../../themes/default/static/pages.css")[..],
            ),
        ] {
            let src = std::str::from_utf8(bytes).unwrap();
            let out = strip_css(src).unwrap_or_else(|| panic!("{rel} is not stripped"));
            assert!(out.len() < src.len());
            let count = |s: &str, c: char| s.chars().filter(|&x| x == c).count();
            for c in ['{', '}', ';', '"'] {
                assert_eq!(
                    count(&out, c),
                    count(src, c) - count_in_comments(src, c),
                    "{rel}: {c}"
                );
            }
        }
    }

    #[test]
    fn the_default_themes_scripts_are_minified_and_others_kept() {
        let names: Vec<&str> = THEME_JS.iter().map(|(n, _, _)| *n).collect();
        assert_eq!(names, ["offline.js", "register.js", "site.js"]);
        for (name, src, min) in THEME_JS {
            let out = theme_file(&format!("static/{name}"), src);
            assert_eq!(&out[..], *min, "{name}");
            assert!(
                out.len() * 10 < src.len() * 7,
                "{name}: {} of {}",
                out.len(),
                src.len()
            );
        }
        let edited = b"// a site's own site.js\nvar x = 1;\n";
        assert_eq!(theme_file("static/site.js", edited), edited.to_vec());
    }

    fn count_in_comments(src: &str, c: char) -> usize {
        src.split("/*")
            .skip(1)
            .map(|s| {
                s.split("*/")
                    .next()
                    .unwrap_or("")
                    .chars()
                    .filter(|&x| x == c)
                    .count()
            })
            .sum()
    }
}
