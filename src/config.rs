//! `loupe.yaml`: the site's languages, topics, title and theme.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostics::{Diagnostics, Pos};

/// The file name of a site's configuration.
pub(crate) const CONFIG_FILE: &str = "loupe.yaml";

/// Text given either once for every language or per language code.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Localized {
    /// The same text in every language.
    Same(String),
    /// Language code → text.
    PerLanguage(BTreeMap<String, String>),
}

impl Localized {
    /// The text for `lang`, falling back to `fallback`'s, then to any.
    pub fn get(&self, lang: &str, fallback: &str) -> String {
        match self {
            Localized::Same(s) => s.clone(),
            Localized::PerLanguage(m) => m
                .get(lang)
                .or_else(|| m.get(fallback))
                .or_else(|| m.values().next())
                .cloned()
                .unwrap_or_default(),
        }
    }
}

impl Default for Localized {
    fn default() -> Self {
        Localized::Same(String::new())
    }
}

/// One language of the site.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Language {
    /// Language code, also the content folder name (`en`, `fr`).
    pub code: String,
    /// The language's own name (`Français`).
    pub name: String,
    /// True for the site's default language.
    #[serde(default)]
    pub default: bool,
}

/// The parsed `loupe.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Site title.
    #[serde(default)]
    pub title: Localized,
    /// One-sentence description.
    #[serde(default)]
    pub description: Localized,
    /// Absolute URL the site is published at; enables `sitemap.xml` and Atom feeds.
    #[serde(default)]
    pub base_url: Option<String>,
    /// Theme name: `default` (built in) or a folder under `themes/`.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Languages, in display order.
    pub languages: Vec<Language>,
    /// Topic slug → language code → label.
    #[serde(default)]
    pub topics: BTreeMap<String, BTreeMap<String, String>>,
    /// What a hosted copy of the site offers readers for reading offline.
    #[serde(default)]
    pub offline: Offline,
}

/// The `offline:` settings of `loupe.yaml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Offline {
    /// Write a service worker, a web app manifest and the per-language file lists, and show a
    /// "Save for offline" button on pages served over http(s) (never under `file://`).
    #[serde(default)]
    pub service_worker: bool,
}

fn default_theme() -> String {
    "default".to_string()
}

impl Config {
    /// The default language's code.
    pub fn default_language(&self) -> &str {
        self.languages
            .iter()
            .find(|l| l.default)
            .or(self.languages.first())
            .map(|l| l.code.as_str())
            .unwrap_or("en")
    }

    /// Codes of all languages, in order.
    pub fn language_codes(&self) -> Vec<String> {
        self.languages.iter().map(|l| l.code.clone()).collect()
    }

    /// The label of a topic in `lang`, falling back to the default language, then the slug.
    pub fn topic_label(&self, slug: &str, lang: &str) -> String {
        self.topics
            .get(slug)
            .and_then(|m| m.get(lang).or_else(|| m.get(self.default_language())))
            .cloned()
            .unwrap_or_else(|| slug.to_string())
    }
}

/// Reads and checks `loupe.yaml` in `root`. Problems go to `diags`; `None` when unusable.
pub(crate) fn load(root: &Path, diags: &mut Diagnostics) -> Option<Config> {
    let path = PathBuf::from(CONFIG_FILE);
    let text = match std::fs::read_to_string(root.join(CONFIG_FILE)) {
        Ok(t) => t,
        Err(e) => {
            diags.error(
                &path,
                Pos::new(1, 1),
                format!(
                    "cannot read {} in {}: {e} (is this a loupe site? `loupe init DIR` makes one)",
                    CONFIG_FILE,
                    root.display()
                ),
            );
            return None;
        }
    };
    from_text(&text, diags)
}

/// Parses and checks the text of `loupe.yaml` as [`load`] does once the file is read.
/// Problems go to `diags`, naming the file `loupe.yaml`; `None` when unusable.
pub(crate) fn from_text(text: &str, diags: &mut Diagnostics) -> Option<Config> {
    let path = PathBuf::from(CONFIG_FILE);
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let config: Config = crate::content::yaml::parse(text, &path, 0, CONFIG_FILE, diags)?;
    validate(&config, text, &path, diags);
    Some(config)
}

fn line_of(text: &str, needle: &str) -> Pos {
    text.lines()
        .position(|l| l.trim_start().starts_with(needle))
        .map(|i| Pos::new(i + 1, 1))
        .unwrap_or(Pos::new(1, 1))
}

fn validate(config: &Config, text: &str, path: &Path, diags: &mut Diagnostics) {
    if config.languages.is_empty() {
        diags.error(
            path,
            line_of(text, "languages:"),
            "`languages` is empty: list at least one language",
        );
    }
    let defaults = config.languages.iter().filter(|l| l.default).count();
    if defaults > 1 {
        diags.error(
            path,
            line_of(text, "languages:"),
            "more than one language has `default: true`",
        );
    }
    let mut seen = std::collections::BTreeSet::new();
    for lang in &config.languages {
        let valid = !lang.code.is_empty()
            && lang
                .code
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !valid {
            diags.error(
                path,
                line_of(text, &format!("- code: {}", lang.code)),
                format!(
                    "language code `{}` must be letters, digits or `-`",
                    lang.code
                ),
            );
        }
        if !seen.insert(lang.code.clone()) {
            diags.error(
                path,
                line_of(text, &format!("- code: {}", lang.code)),
                format!("language `{}` is listed twice", lang.code),
            );
        }
    }
    for slug in config.topics.keys() {
        let valid = !slug.is_empty()
            && slug
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !valid {
            diags.error(
                path,
                line_of(text, &format!("{slug}:")),
                format!("topic slug `{slug}` must be lowercase letters, digits or `-`"),
            );
        }
    }
}
