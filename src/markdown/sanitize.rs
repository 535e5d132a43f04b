//! Sanitising rendered HTML: content comes from many organisations, so raw HTML in Markdown
//! keeps only safe tags and attributes (no scripts, event handlers or `javascript:` URLs).

use std::collections::HashSet;
use std::sync::LazyLock;

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
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
    .add_url_schemes(["loupe-link"])
    .attribute_filter(|element, attribute, value| {
        if element == "input" && attribute == "type" && value != "checkbox" {
            return None;
        }
        Some(value.into())
    })
    .link_rel(None);
    let classes: [(&str, &[&str]); 4] = [
        ("a", &["external"]),
        ("sup", &["footnote-reference", "footnote-definition-label"]),
        ("div", &["footnote-definition"]),
        ("li", &["task-list-item"]),
    ];
    for (tag, cls) in classes {
        b.add_allowed_classes(tag, cls.iter().copied().collect::<HashSet<_>>());
    }
    b
});

/// Cleans `html`, keeping only safe markup.
pub fn sanitize(html: &str) -> String {
    CLEANER.clean(html).to_string()
}
