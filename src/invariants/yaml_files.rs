//! The YAML files of a site: a language's `glossary.yaml` and `loupe.yaml`.

use std::path::Path;

use super::assert_diagnostics_placed;
use crate::config;
use crate::content::{glossary, source};
use crate::diagnostics::Diagnostics;
use crate::site::abbreviations;

/// A glossary: any bytes, decoded and parsed as `content/en/glossary.yaml`. Never panics;
/// every problem names the file and a line and column inside it; the terms it accepts have
/// distinct keys, and their abbreviations are ordered longest first for rendering.
pub fn glossary(data: &[u8]) {
    let path = Path::new("content/en/glossary.yaml");
    let mut diags = Diagnostics::new();
    let Some(text) = source::decode(data, path, &mut diags) else {
        assert_diagnostics_placed(&diags, path, &String::from_utf8_lossy(data));
        return;
    };
    let terms = glossary::parse(&text, path, &mut diags);
    assert_diagnostics_placed(&diags, path, &text);
    let keys: std::collections::BTreeSet<&str> = terms.iter().map(|t| t.key.as_str()).collect();
    assert_eq!(keys.len(), terms.len(), "two terms share a key");
    let by_lang = [("en".to_string(), std::sync::Arc::new(terms))].into();
    let abbrs = abbreviations(&by_lang);
    for pair in abbrs["en"].list().windows(2) {
        assert!(
            pair[0].0.len() >= pair[1].0.len(),
            "abbreviations out of order"
        );
    }
}

/// `loupe.yaml`: any bytes, as the file's text. Never panics; every problem names
/// `loupe.yaml` and a line and column inside it; a configuration accepted without errors has
/// a default language among its languages.
pub fn config_file(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut diags = Diagnostics::new();
    let config = config::from_text(&text, &mut diags);
    assert_diagnostics_placed(&diags, Path::new(config::CONFIG_FILE), &text);
    if let Some(config) = config {
        if !diags.has_errors() {
            let default = config.default_language();
            assert!(
                config.languages.iter().any(|l| l.code == default),
                "default language {default:?} is not among the languages"
            );
        }
    }
}
