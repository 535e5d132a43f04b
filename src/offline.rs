//! "Save for offline" on a hosted site (`offline.service_worker` in `loupe.yaml`).
//!
//! After everything else is written, this stage lists, for each language, the files a reader
//! needs to read and search that language with no network: its pages (and the root chooser and
//! the 404 page), the theme's files, the content assets published beside its pages, and the
//! search files the build wrote for it (the shared files directly in `search/` and those in
//! `search/<lang>/`, whatever they are named). Each file is listed with its SHA-256 and size;
//! the list's version is a hash of those, so it changes exactly when a file a reader saved
//! changes. It also writes the service worker from the theme and the web app manifest.
//!
//! Every path comes from the route table and the build's own output, never from content text.
//! The page script (`assets/offline.js`) reads the lists over http(s) only.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::bundle::manifest::{hash_bytes, hex};
use crate::io_error::{self, PathIoError};

use crate::render::Sink;
use crate::site::routes;
use crate::site::Site;

/// One file of a language's list: output path, SHA-256 (hex), bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Entry(pub String, pub String, pub u64);

/// The files a reader saves for one language.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct List {
    /// Language code.
    pub lang: String,
    /// A hash of every entry: changes when any saved file changes.
    pub version: String,
    /// Total bytes to download.
    pub bytes: u64,
    /// The files, sorted by path.
    pub files: Vec<Entry>,
}

/// What `offline/index.json` says of one language (what the button shows without fetching
/// the whole list).
#[derive(Debug, Clone, Serialize)]
struct Summary<'a> {
    version: &'a str,
    bytes: u64,
    files: usize,
}

/// The web app manifest.
#[derive(Serialize)]
struct WebManifest {
    name: String,
    short_name: String,
    lang: String,
    start_url: &'static str,
    scope: &'static str,
    display: &'static str,
    background_color: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    icons: Vec<Icon>,
}

/// An icon of the web app manifest.
#[derive(Serialize)]
struct Icon {
    src: String,
    sizes: &'static str,
    #[serde(rename = "type")]
    mime: &'static str,
}

/// The theme file used as the app's icon.
const ICON: &str = "favicon.svg";

/// The output paths that belong to language `lang`'s list, found in `dir` (the output being
/// written): every path is relative, with `/`.
pub(crate) fn files_of(site: &Site, dir: &Path, lang: &str) -> Vec<String> {
    let prefix = format!("{lang}/");
    let mut out: Vec<String> = routes::all(site)
        .into_iter()
        .map(|(url, _)| url)
        .filter(|u| u.ends_with(".html"))
        .filter(|u| u.starts_with(&prefix) || u == routes::ROOT || u == routes::NOT_FOUND)
        .collect();
    out.extend(
        site.theme
            .static_files
            .keys()
            .map(|k| routes::theme_file(k)),
    );
    out.extend(
        site.assets
            .iter()
            .filter(|a| a.starts_with(&prefix))
            .cloned(),
    );
    let langs = site.config.language_codes();
    let search = dir.join(routes::SEARCH_DIR);
    for e in walkdir::WalkDir::new(&search)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        if !e.file_type().is_file() {
            continue;
        }
        let Ok(rel) = e.path().strip_prefix(&search) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        let first = rel.split('/').next().unwrap_or_default();
        let other_language = rel.contains('/') && first != lang && langs.iter().any(|l| l == first);
        if !other_language {
            out.push(format!("{}{rel}", routes::SEARCH_DIR));
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The list of `lang`: each of [`files_of`] read back from `dir` and hashed.
pub(crate) fn list(site: &Site, dir: &Path, lang: &str) -> Result<List, PathIoError> {
    let mut files = Vec::new();
    for rel in files_of(site, dir, lang) {
        let path = dir.join(&rel);
        let bytes = std::fs::read(&path).map_err(io_error::at(&path))?;
        let sha = hex(&hash_bytes(&bytes));
        files.push(Entry(rel, sha, bytes.len() as u64));
    }
    let mut h = Sha256::new();
    for Entry(path, sha, _) in &files {
        h.update(path.as_bytes());
        h.update(b"\t");
        h.update(sha.as_bytes());
        h.update(b"\n");
    }
    let version = hex(&h.finalize().into())[..16].to_string();
    Ok(List {
        lang: lang.to_string(),
        version,
        bytes: files.iter().map(|e| e.2).sum(),
        files,
    })
}

/// Writes the service worker, the web app manifest, each language's list and their summary
/// into `sink`, reading the output written so far from `dir`. Does nothing unless
/// `offline.service_worker` is on.
pub(crate) fn write(site: &Site, dir: &Path, sink: &dyn Sink) -> Result<(), PathIoError> {
    if !site.config.offline.service_worker {
        return Ok(());
    }
    let mut lists = Vec::new();
    for lang in site.config.language_codes() {
        lists.push(list(site, dir, &lang)?);
    }
    let summary: BTreeMap<&str, Summary<'_>> = lists
        .iter()
        .map(|l| {
            (
                l.lang.as_str(),
                Summary {
                    version: &l.version,
                    bytes: l.bytes,
                    files: l.files.len(),
                },
            )
        })
        .collect();
    let put =
        |rel: &str, bytes: &[u8]| sink.write(rel, bytes).map_err(io_error::at(Path::new(rel)));
    for l in &lists {
        put(&routes::offline_list(&l.lang), &json(l))?;
    }
    put(routes::OFFLINE_INDEX, &json(&summary))?;
    put(routes::SERVICE_WORKER, &site.theme.service_worker)?;
    put(routes::WEB_MANIFEST, &json(&web_manifest(site)))
}

fn json(value: &impl Serialize) -> Vec<u8> {
    let mut v = serde_json::to_vec(value).unwrap_or_default();
    v.push(b'\n');
    v
}

fn web_manifest(site: &Site) -> WebManifest {
    let lang = site.config.default_language().to_string();
    let name = site.config.title.get(&lang, &lang);
    let icons = site
        .theme
        .static_files
        .contains_key(ICON)
        .then(|| Icon {
            src: routes::theme_file(ICON),
            sizes: "any",
            mime: "image/svg+xml",
        })
        .into_iter()
        .collect();
    WebManifest {
        short_name: name.clone(),
        name,
        lang,
        start_url: routes::ROOT,
        scope: "./",
        display: "minimal-ui",
        background_color: "#ffffff",
        icons,
    }
}
