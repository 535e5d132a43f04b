//! Themes: templates, static files and UI strings per language.
//!
//! The default theme is embedded in the binary, so an installed `loupe` needs no theme folder.
//! A site's `themes/<name>/` is used instead when it exists (files it lacks come from the
//! embedded default), and the site's `templates/` folder overrides single templates by name.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};
use serde_json::Value as Json;

use crate::content::countries::Countries;
use crate::diagnostics::{yaml_pos, Diagnostics, Pos};

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// UI strings and names in one language.
#[derive(Debug, Clone)]
pub struct I18n {
    /// Every string of `i18n/<lang>.yaml` (missing keys filled from the default language).
    pub strings: Json,
    /// Month names, January first.
    pub months: Vec<String>,
    /// How dates are written: `{day} {month} {year}`.
    pub date_format: String,
    /// Country code → name.
    pub countries: BTreeMap<String, String>,
}

impl I18n {
    /// A top-level UI string, or the key itself when missing.
    pub fn t(&self, key: &str) -> String {
        self.strings
            .get(key)
            .and_then(Json::as_str)
            .unwrap_or(key)
            .to_string()
    }

    /// A nested UI string (`kind_singular.guidance`).
    pub fn t2(&self, group: &str, key: &str) -> String {
        self.strings
            .get(group)
            .and_then(|g| g.get(key))
            .and_then(Json::as_str)
            .unwrap_or(key)
            .to_string()
    }

    /// The country's name in this language, or the code.
    pub fn country(&self, code: &str) -> String {
        self.countries
            .get(code)
            .cloned()
            .unwrap_or_else(|| code.to_string())
    }
}

/// A loaded theme.
#[derive(Debug, Clone)]
pub struct Theme {
    /// Template name → source.
    pub templates: BTreeMap<String, String>,
    /// Path under `static/` → bytes, copied to `assets/`.
    pub static_files: BTreeMap<String, Vec<u8>>,
    /// Language code → strings.
    pub i18n: BTreeMap<String, I18n>,
    /// Every known country code, with its names in the site's languages.
    pub country_codes: Countries,
    /// The service worker (`offline/sw.js`), written at the site's root when
    /// `offline.service_worker` is on.
    pub service_worker: Vec<u8>,
}

/// The theme's service worker file.
const SERVICE_WORKER: &str = "offline/sw.js";

/// The source of template `name` of the embedded default theme, if it has one (a starting
/// point for a site's own `templates/` overrides).
pub fn default_template(name: &str) -> Option<&'static str> {
    DEFAULT_THEME
        .get_file(format!("templates/{name}"))
        .and_then(|f| f.contents_utf8())
}

/// Files of a theme: on disk, the embedded default, or both layered.
struct Source {
    disk: Option<PathBuf>,
}

impl Source {
    fn read(&self, rel: &str) -> Option<Vec<u8>> {
        if let Some(dir) = &self.disk {
            if let Ok(b) = std::fs::read(dir.join(rel)) {
                return Some(b);
            }
        }
        DEFAULT_THEME.get_file(rel).map(|f| f.contents().to_vec())
    }

    /// Relative paths of files under `sub` (e.g. `templates`), from both layers.
    fn list(&self, sub: &str) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        if let Some(d) = DEFAULT_THEME.get_dir(sub) {
            collect_embedded(d, &mut out);
        }
        if let Some(dir) = &self.disk {
            let base = dir.join(sub);
            for e in walkdir::WalkDir::new(&base).into_iter().flatten() {
                if e.file_type().is_file() {
                    if let Ok(rel) = e.path().strip_prefix(dir) {
                        out.insert(rel.to_string_lossy().replace('\\', "/"));
                    }
                }
            }
        }
        out
    }
}

fn collect_embedded(d: &Dir<'_>, out: &mut BTreeSet<String>) {
    for f in d.files() {
        out.insert(f.path().to_string_lossy().replace('\\', "/"));
    }
    for sub in d.dirs() {
        collect_embedded(sub, out);
    }
}

fn yaml_to_json(text: &str, path: &Path, diags: &mut Diagnostics) -> Option<Json> {
    match serde_yaml::from_str::<Json>(text) {
        Ok(v) => Some(v),
        Err(e) => {
            let pos = yaml_pos(&e, text, 0);
            diags.error(path, pos, format!("not valid YAML: {e}"));
            None
        }
    }
}

/// Loads theme `name` for `root`'s languages (`default_lang` first for fallbacks).
pub fn load(
    root: &Path,
    name: &str,
    languages: &[String],
    default_lang: &str,
    diags: &mut Diagnostics,
) -> Theme {
    let disk = root.join("themes").join(name);
    let source = Source {
        disk: disk.is_dir().then_some(disk.clone()),
    };
    if source.disk.is_none() && name != "default" {
        diags.error(
            Path::new(crate::config::CONFIG_FILE),
            Pos::new(1, 1),
            format!("theme `{name}` not found: there is no folder themes/{name}/"),
        );
    }
    let shown = |rel: &str| -> PathBuf {
        match &source.disk {
            Some(_) => PathBuf::from("themes").join(name).join(rel),
            None => PathBuf::from(format!("(built-in theme)/{rel}")),
        }
    };

    let mut templates = BTreeMap::new();
    for rel in source.list("templates") {
        if let Some(bytes) = source.read(&rel) {
            let tname = rel.trim_start_matches("templates/").to_string();
            templates.insert(tname, String::from_utf8_lossy(&bytes).into_owned());
        }
    }
    let overrides = root.join("templates");
    if overrides.is_dir() {
        for e in walkdir::WalkDir::new(&overrides).into_iter().flatten() {
            if e.file_type().is_file() {
                if let (Ok(rel), Ok(text)) = (
                    e.path().strip_prefix(&overrides),
                    std::fs::read_to_string(e.path()),
                ) {
                    templates.insert(rel.to_string_lossy().replace('\\', "/"), text);
                }
            }
        }
    }

    let mut static_files = BTreeMap::new();
    for rel in source.list("static") {
        if let Some(bytes) = source.read(&rel) {
            static_files.insert(rel.trim_start_matches("static/").to_string(), bytes);
        }
    }

    let mut order: Vec<&str> = vec![default_lang];
    order.extend(
        languages
            .iter()
            .map(String::as_str)
            .filter(|l| *l != default_lang),
    );
    let mut i18n: BTreeMap<String, I18n> = BTreeMap::new();
    let mut country_codes = Countries::new();
    for lang in order {
        let rel = format!("i18n/{lang}.yaml");
        let mut strings = match source.read(&rel) {
            Some(b) => yaml_to_json(&String::from_utf8_lossy(&b), &shown(&rel), diags)
                .unwrap_or(Json::Null),
            None => {
                diags.warning(
                    &shown(&rel),
                    Pos::new(1, 1),
                    format!("no UI strings for language `{lang}`: add i18n/{lang}.yaml to the theme (copy i18n/{default_lang}.yaml); using {default_lang}'s meanwhile"),
                );
                Json::Null
            }
        };
        if !strings.is_object() {
            strings = Json::Object(Default::default());
        }
        if let Some(base) = i18n.get(default_lang) {
            merge_missing(&mut strings, &base.strings);
        }
        let rel_c = format!("i18n/{lang}.countries.yaml");
        let mut countries: BTreeMap<String, String> = source
            .read(&rel_c)
            .and_then(|b| yaml_to_json(&String::from_utf8_lossy(&b), &shown(&rel_c), diags))
            .and_then(|j| serde_json::from_value(j).ok())
            .unwrap_or_default();
        for (code, name) in &countries {
            country_codes.add(code, name);
        }
        if let Some(base) = i18n.get(default_lang) {
            for (k, v) in &base.countries {
                countries.entry(k.clone()).or_insert_with(|| v.clone());
            }
        }
        let months: Vec<String> = strings
            .get("months")
            .and_then(|m| serde_json::from_value(m.clone()).ok())
            .filter(|m: &Vec<String>| m.len() == 12)
            .unwrap_or_else(|| (1..=12).map(|m| m.to_string()).collect());
        let date_format = strings
            .get("date_format")
            .and_then(Json::as_str)
            .unwrap_or("{year}-{month}-{day}")
            .to_string();
        i18n.insert(
            lang.to_string(),
            I18n {
                strings,
                months,
                date_format,
                countries,
            },
        );
    }
    Theme {
        templates,
        static_files,
        i18n,
        country_codes,
        service_worker: source.read(SERVICE_WORKER).unwrap_or_default(),
    }
}

fn merge_missing(target: &mut Json, base: &Json) {
    if let (Json::Object(t), Json::Object(b)) = (target, base) {
        for (k, v) in b {
            match t.get_mut(k) {
                Some(existing) => merge_missing(existing, v),
                None => {
                    t.insert(k.clone(), v.clone());
                }
            }
        }
    }
}
