//! Sanitising rendered HTML: content comes from many organisations, so raw HTML in Markdown
//! keeps only safe tags and attributes (no scripts, event handlers or `javascript:` URLs).
//!
//! Ids written in raw HTML are prefixed with `user-content-` (as GitHub does), so that content
//! can never give an element the name of a global or of an element that a script of the site
//! looks up (DOM clobbering); the ids loupe gave the page's headings are kept as they are.
//! `name` attributes are not kept at all.

use std::collections::HashSet;

/// The prefix of ids written in raw HTML.
pub(crate) const USER_ID_PREFIX: &str = "user-content-";

/// Cleans `html`, keeping only safe markup. `heading_ids` are the ids loupe gave the page's
/// headings: every other id is prefixed with [`USER_ID_PREFIX`].
pub(crate) fn sanitize(html: &str, heading_ids: &HashSet<String>) -> String {
    let heading_ids = heading_ids.clone();
    let mut b = ammonia::Builder::default();
    b.add_tags([
        "abbr",
        "input",
        "label",
        "section",
        "figure",
        "figcaption",
        "mark",
    ])
    .add_generic_attributes(["id"])
    .add_tag_attributes("abbr", ["title"])
    .add_tag_attributes("a", ["rel"])
    .add_tag_attributes("input", ["type", "checked", "disabled"])
    .add_tag_attributes("ol", ["start"])
    .rm_tag_attributes("map", ["name"])
    .attribute_filter(move |element, attribute, value| {
        if element == "input" && attribute == "type" && value != "checkbox" {
            return None;
        }
        if attribute == "id" && !heading_ids.contains(value) {
            return Some(format!("{USER_ID_PREFIX}{value}").into());
        }
        Some(value.into())
    })
    .link_rel(None);
    let classes: [(&str, &[&str]); 5] = [
        ("a", &["external"]),
        ("sup", &["footnote-reference", "footnote-definition-label"]),
        ("div", &["footnote-definition"]),
        ("li", &["task-list-item"]),
        ("span", &["lang-marker", "print-ref"]),
    ];
    for (tag, cls) in classes {
        b.add_allowed_classes(tag, cls.iter().copied().collect::<HashSet<_>>());
    }
    b.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_ids_are_prefixed_and_names_dropped_heading_ids_kept() {
        let ids: HashSet<String> = ["intro".to_string()].into();
        let out = sanitize(
            r#"<h2 id="intro">Intro</h2><a id="loupeSearchBase" href="https://attacker.example/">x</a><img name="loupeSearch" src="a.png"><map name="loupeRegister"></map><div id="search-input">y</div>"#,
            &ids,
        );
        assert!(out.contains(r#"<h2 id="intro">"#), "{out}");
        assert!(
            out.contains(r#"id="user-content-loupeSearchBase""#),
            "{out}"
        );
        assert!(out.contains(r#"id="user-content-search-input""#), "{out}");
        assert!(!out.contains("name="), "{out}");
    }
}
