//! The bundle's start page (`index.html`) and `README.txt`: what the copy is, how to open it on
//! Windows, macOS, Linux and Android, and how to check it, in every language of the site.
//! Plain HTML that works from `file://`, styled by the site's own stylesheet; every text is
//! escaped, since titles and theme strings come from the site.

use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};

use super::manifest::MANIFEST;

/// The folder, inside the bundle, that holds the built site.
pub const SITE_DIR: &str = "site";

/// Texts of one language (from the theme's `i18n/<lang>.yaml`, group `bundle`).
#[derive(Debug, Clone, Default)]
pub struct Strings {
    /// "Offline copy".
    pub title: String,
    /// "This is an offline copy of {site}…".
    pub intro: String,
    /// "Open the knowledge base".
    pub open: String,
    /// "How to open it…".
    pub how: String,
    /// Windows instructions.
    pub windows: String,
    /// macOS instructions.
    pub macos: String,
    /// Linux instructions.
    pub linux: String,
    /// Android instructions when the bundle has no Kiwix file.
    pub android: String,
    /// Android instructions when it has one (`{zim}`).
    pub android_zim: String,
    /// "Keep a copy".
    pub copy_title: String,
    /// How to copy it.
    pub copy: String,
    /// "Check a copy".
    pub check_title: String,
    /// How to check it (`{manifest}`).
    pub check: String,
    /// "Help: how to open and check this copy".
    pub help: String,
}

/// One language of the site, as the start page shows it.
#[derive(Debug, Clone, Default)]
pub struct Language {
    /// Code: `en`.
    pub code: String,
    /// Own name: `Français`.
    pub name: String,
    /// The site's title in this language.
    pub site_title: String,
    /// The texts.
    pub strings: Strings,
}

/// Fills `{site}`, `{zim}` and `{manifest}` in an already escaped `template` with escaped values.
fn fill(template: &str, lang: &Language, zim: Option<&str>, escape: fn(&str) -> String) -> String {
    escape(template)
        .replace("{site}", &escape(&lang.site_title))
        .replace("{zim}", &escape(zim.unwrap_or("")))
        .replace("{manifest}", &escape(MANIFEST))
}

fn html(s: &str) -> String {
    text(s).into_owned()
}

fn plain(s: &str) -> String {
    s.to_string()
}

fn platforms<'a>(l: &'a Language, zim: Option<&str>) -> [&'a str; 4] {
    let s = &l.strings;
    let android = if zim.is_some() {
        &s.android_zim
    } else {
        &s.android
    };
    [&s.windows, &s.macos, &s.linux, android]
}

/// `Windows: open…` as `<strong>Windows</strong>: open…` when the text starts with a short label.
fn bold_label(item: &str) -> String {
    match item.split_once(':') {
        Some((label, rest)) if label.trim().chars().count() <= 16 && !label.contains('<') => {
            let trimmed = label.trim_end();
            format!(
                "<strong>{trimmed}</strong>{}:{rest}",
                &label[trimmed.len()..]
            )
        }
        _ => item.to_string(),
    }
}

/// The start page. `languages` in display order, the default language first.
pub fn start_page(languages: &[Language], zim: Option<&str>) -> String {
    let Some(first) = languages.first() else {
        return String::new();
    };
    let mut out = String::new();
    out.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} · {}</title>\n\
         <link rel=\"icon\" href=\"{SITE_DIR}/assets/favicon.svg\" type=\"image/svg+xml\">\n\
         <link rel=\"stylesheet\" href=\"{SITE_DIR}/assets/style.css\">\n</head>\n\
         <body class=\"chooser bundle-start\">\n<main id=\"main\">\n<h1>{}</h1>\n",
        attr(&first.code),
        html(&first.site_title),
        html(&first.strings.title),
        html(&first.site_title),
    ));
    // The way in: one link per language, straight to that language's home page.
    out.push_str("<ul class=\"languages\">\n");
    for l in languages {
        out.push_str(&format!(
            "<li><a href=\"{SITE_DIR}/{}/index.html\" hreflang=\"{}\" lang=\"{}\" data-lang-link=\"{}\"><strong>{}</strong> <span>{}</span></a></li>\n",
            attr(&l.code), attr(&l.code), attr(&l.code), attr(&l.code), html(&l.name), html(&l.strings.open)
        ));
    }
    out.push_str("</ul>\n");
    if languages.len() > 1 {
        // Where each language's help starts, in that language.
        let links: Vec<String> = languages
            .iter()
            .map(|l| {
                format!(
                    "<a href=\"#help-{}\" lang=\"{}\" hreflang=\"{}\">{}</a>",
                    attr(&l.code),
                    attr(&l.code),
                    attr(&l.code),
                    html(&l.name)
                )
            })
            .collect();
        out.push_str(&format!(
            "<nav aria-label=\"{}\"><p>{}: {}</p></nav>\n",
            attr(&first.strings.help),
            html(&first.strings.help),
            links.join(" · ")
        ));
    }
    for l in languages {
        let s = &l.strings;
        out.push_str(&format!(
            "<section id=\"help-{}\" lang=\"{}\" aria-labelledby=\"help-{}-title\">\n\
             <h2 id=\"help-{}-title\">{} <span class=\"count\">({})</span></h2>\n<p>{}</p>\n\
             <p><a href=\"{SITE_DIR}/{}/index.html\">{}</a></p>\n<h3>{}</h3>\n<ul>\n",
            attr(&l.code),
            attr(&l.code),
            attr(&l.code),
            attr(&l.code),
            html(&s.title),
            html(&l.name),
            fill(&s.intro, l, zim, html),
            attr(&l.code),
            html(&s.open),
            html(&s.how),
        ));
        for p in platforms(l, zim) {
            out.push_str(&format!(
                "<li>{}</li>\n",
                bold_label(&fill(p, l, zim, html))
            ));
        }
        out.push_str(&format!(
            "</ul>\n<h3>{}</h3>\n<p>{}</p>\n<h3>{}</h3>\n<p>{}</p>\n</section>\n",
            html(&s.copy_title),
            fill(&s.copy, l, zim, html),
            html(&s.check_title),
            fill(&s.check, l, zim, html),
        ));
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// `README.txt`: the same texts as plain text, with Windows line ends so that every editor
/// shows it right.
pub fn readme(languages: &[Language], zim: Option<&str>) -> String {
    let mut out = String::new();
    for (i, l) in languages.iter().enumerate() {
        let s = &l.strings;
        if i > 0 {
            out.push('\n');
        }
        let heading = format!("{} — {} ({})", l.site_title, s.title, l.name);
        out.push_str(&heading);
        out.push('\n');
        out.push_str(&"=".repeat(heading.chars().count()));
        out.push_str("\n\n");
        out.push_str(&fill(&s.intro, l, zim, plain));
        out.push_str(&format!(
            "\n{}: {SITE_DIR}/{}/index.html\n\n",
            s.open, l.code
        ));
        out.push_str(&format!("{}\n\n", s.how));
        for p in platforms(l, zim) {
            out.push_str(&format!("- {}\n", fill(p, l, zim, plain)));
        }
        out.push_str(&format!(
            "\n{}\n\n{}\n\n{}\n\n{}\n",
            s.copy_title,
            fill(&s.copy, l, zim, plain),
            s.check_title,
            fill(&s.check, l, zim, plain)
        ));
    }
    out.replace('\n', "\r\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(code: &str, title: &str) -> Language {
        Language {
            code: code.into(),
            name: code.to_uppercase(),
            site_title: title.into(),
            strings: Strings {
                title: "Offline".into(),
                intro: "Copy of {site}.".into(),
                open: "Open".into(),
                android: "no zim".into(),
                android_zim: "use {zim}".into(),
                check: "see {manifest}".into(),
                ..Strings::default()
            },
        }
    }

    #[test]
    fn start_page_escapes_titles_and_links_each_language() {
        let page = start_page(
            &[lang("en", "<script>x</script> & co"), lang("fr", "Site")],
            Some("kiwix/a.zim"),
        );
        assert!(!page.contains("<script>"), "{page}");
        assert!(page.contains("Copy of &lt;script&gt;x&lt;/script&gt; &amp; co."));
        assert!(page.contains("href=\"site/en/index.html\""));
        assert!(page.contains("href=\"site/fr/index.html\""));
        assert!(page.contains("<section id=\"help-fr\" lang=\"fr\""));
        assert!(page.contains("use kiwix/a.zim"));
        assert!(page.contains("see SHA256SUMS.txt"));
        assert!(!page.contains("no zim"));
    }

    #[test]
    fn readme_is_plain_text_with_crlf() {
        let r = readme(&[lang("en", "A & B")], None);
        assert!(r.contains("Copy of A & B.\r\n"));
        assert!(r.contains("- no zim\r\n"));
        assert!(!r.contains("\r\r"));
        assert!(!r.replace("\r\n", "").contains('\n'));
    }
}
