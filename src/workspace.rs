//! The workspace: every input of a site, loaded once and kept up to date.
//!
//! `loupe build` opens a workspace and assembles the site from it; `loupe serve` opens one, then
//! applies each batch of changed paths to it ([`Workspace::apply`]), which reads again only what
//! changed. Each content file is read, checked and its Markdown analysed once, when it is loaded;
//! the site borrows the results by sharing them (`Arc`), never by moving them.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use tera::Tera;

use crate::config::{self, Config};
use crate::content::front_matter::Vocabulary;
use crate::content::glossary::Term;
use crate::content::load::{self, Page, CONTENT_DIR};
use crate::content::pack::PackFile;
use crate::diagnostics::{Diagnostics, Pos};
use crate::incremental::Stamp;
use crate::markdown::abbreviations::Abbreviations;
use crate::markdown::render::Rendered;
use crate::render::templates;
use crate::theme::{self, Theme};

/// `loupe.yaml`, the theme and its compiled templates.
#[derive(Clone)]
pub struct Base {
    /// The configuration.
    pub config: Arc<Config>,
    /// The theme.
    pub theme: Arc<Theme>,
    /// The theme's templates, compiled.
    pub tera: Arc<Tera>,
}

/// A path relative to `content/`, ordered folder by folder (as the files are walked), so
/// `en/guidance/x.md` comes before `en/guidance-notes/y.md`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct ContentPath(pub String);

impl Ord for ContentPath {
    /// Folder by folder: the order of the paths split at `/`, which is their byte order with
    /// `/` ranked below every other byte (a name that is a prefix of another comes first,
    /// like the shorter name). Compared byte by byte, without splitting: the entries of a
    /// build are a map by path, compared some 130 times per file.
    fn cmp(&self, other: &Self) -> Ordering {
        let rank = |b: u8| if b == b'/' { 0 } else { u16::from(b) + 1 };
        let (a, b) = (self.0.as_bytes(), other.0.as_bytes());
        let same = a.iter().zip(b).take_while(|(x, y)| x == y).count();
        match (a.get(same), b.get(same)) {
            (Some(&x), Some(&y)) => rank(x).cmp(&rank(y)),
            (x, y) => x.is_some().cmp(&y.is_some()),
        }
    }
}

impl PartialOrd for ContentPath {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// One content file (or a path where a problem was met), as last read.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Entry {
    /// What the file is.
    pub item: Item,
    /// Its problems.
    pub diags: Diagnostics,
    /// The file's size and time when it was read (`None` for a problem met walking).
    pub stamp: Option<Stamp>,
}

/// What a content file is, once read.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub enum Item {
    /// A published page with the first pass of its Markdown.
    Page(Arc<Page>, Arc<Rendered>),
    /// A draft (not published).
    Draft,
    /// The glossary of a language.
    Glossary(String, Arc<Vec<Term>>),
    /// A workshop pack.
    Pack(Arc<PackFile>),
    /// A file published beside the pages.
    Asset,
    /// Not part of the site (its problems say why).
    Nothing,
}

/// What one [`Workspace::apply`] changed.
#[derive(Debug, Default, Clone)]
pub struct Applied {
    /// `loupe.yaml` or the theme changed: every page may look different.
    pub base: bool,
    /// Every content file was read again.
    pub all_content: bool,
    /// `static/` was read again.
    pub statics: bool,
    /// Content paths whose entry changed, appeared or went.
    pub content: BTreeSet<String>,
}

/// The changed paths of a site, as a watcher reports them.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    /// `loupe.yaml` changed.
    pub config: bool,
    /// Something under `themes/` or `templates/` changed.
    pub theme: bool,
    /// Something under `static/` changed.
    pub static_files: bool,
    /// Paths under `content/`, relative to it (files or folders, present or gone).
    pub content: BTreeSet<PathBuf>,
}

/// The content files a walk found, with their stamps (in the walk's order).
#[derive(Default)]
struct Found {
    walk: load::Walk,
    stamps: Vec<Option<Stamp>>,
}

/// A workspace whose content files are found but not read yet ([`Workspace::scan`]).
pub(crate) struct Scanned {
    ws: Workspace,
    found: Found,
}

impl Scanned {
    /// Reads the content files found, as [`Workspace::open_reusing`] does, and `static/`.
    pub(crate) fn read(self, previous: Option<(&BTreeMap<String, Entry>, u64)>) -> Workspace {
        let Scanned { mut ws, found } = self;
        let reading = ws.reading();
        let previous = previous.filter(|p| Some(p.1) == reading).map(|p| p.0);
        ws.read_content(found, previous);
        ws.load_static();
        ws
    }
}

/// Every input of one site.
pub struct Workspace {
    root: PathBuf,
    base: Option<Base>,
    base_diags: Diagnostics,
    entries: BTreeMap<ContentPath, Entry>,
    static_files: Vec<(String, PathBuf)>,
    static_diags: Diagnostics,
}

impl Workspace {
    /// Loads the site at `root`: configuration, theme, every content file and `static/`.
    pub fn open(root: &Path) -> Workspace {
        Self::open_reusing(root, None)
    }

    /// As [`Workspace::open`], taking the entry of a content file from `previous` (entries of
    /// an earlier load, by content path, with the [`Workspace::reading`] they were read
    /// against) instead of reading the file when its stamp is the same. Entries read against
    /// another configuration are not used: they may have been checked against other languages,
    /// topics or countries.
    pub fn open_reusing(
        root: &Path,
        previous: Option<(&BTreeMap<String, Entry>, u64)>,
    ) -> Workspace {
        Workspace::scan(root).read(previous)
    }

    /// The first half of [`Workspace::open_reusing`]: loads the configuration and the theme,
    /// walks `content/` and reads every file's stamp, but reads no content file. A build
    /// does this while the record of the last build is decoded.
    pub(crate) fn scan(root: &Path) -> Scanned {
        let mut ws = Workspace {
            root: root.to_path_buf(),
            base: None,
            base_diags: Diagnostics::new(),
            entries: BTreeMap::new(),
            static_files: Vec::new(),
            static_diags: Diagnostics::new(),
        };
        ws.load_base();
        let found = ws.find_content("");
        Scanned { ws, found }
    }

    /// A hash of what reading a content file depends on besides the file: the languages,
    /// topics and countries of the site (`None` without a configuration).
    pub fn reading(&self) -> Option<u64> {
        use std::hash::{Hash, Hasher};
        let base = self.base.as_ref()?;
        let mut h = std::collections::hash_map::DefaultHasher::new();
        base.config.language_codes().hash(&mut h);
        base.config.topics.hash(&mut h);
        base.theme.country_codes.hash(&mut h);
        Some(h.finish())
    }

    /// Every entry read from a file, by content path, for [`Workspace::open_reusing`].
    pub fn file_entries(&self) -> BTreeMap<String, Entry> {
        self.entries
            .iter()
            .filter(|(_, e)| e.stamp.is_some())
            .map(|(k, e)| (k.0.clone(), e.clone()))
            .collect()
    }

    /// The site folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The configuration, theme and templates, when `loupe.yaml` and the theme are usable.
    pub fn base(&self) -> Option<&Base> {
        self.base.as_ref()
    }

    /// Every content entry, in walk order.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &Entry)> {
        self.entries.iter().map(|(k, v)| (k.0.as_str(), v))
    }

    /// The entry of content path `cp`.
    pub fn get(&self, cp: &str) -> Option<&Entry> {
        self.entries.get(&ContentPath(cp.to_string()))
    }

    /// The files of `static/`: (output path, file).
    pub fn static_files(&self) -> &[(String, PathBuf)] {
        &self.static_files
    }

    /// Every problem of the inputs: configuration, theme, content files, `static/`, and
    /// languages without a content folder.
    pub fn diagnostics(&self) -> Diagnostics {
        let mut d = self.base_diags.clone();
        for e in self.entries.values() {
            if !e.diags.is_empty() {
                d.extend(e.diags.clone());
            }
        }
        d.extend(self.static_diags.clone());
        if let Some(base) = &self.base {
            let content = self.root.join(CONTENT_DIR);
            if content.is_dir() {
                for l in base.config.language_codes() {
                    if !content.join(&l).is_dir() {
                        d.warning(
                            &PathBuf::from(CONTENT_DIR).join(&l),
                            Pos::new(1, 1),
                            format!(
                                "language `{l}` is listed in loupe.yaml but has no content folder"
                            ),
                        );
                    }
                }
            } else {
                d.error(
                    Path::new(CONTENT_DIR),
                    Pos::new(1, 1),
                    format!(
                        "there is no `{CONTENT_DIR}/` folder in {}",
                        self.root.display()
                    ),
                );
            }
        }
        d
    }

    /// Reads again what `changes` names. `loupe.yaml` reloads everything; a theme change that
    /// keeps what content is read against ([`Workspace::reading`]: the theme's country codes)
    /// keeps the content as it is.
    pub fn apply(&mut self, changes: &Changes) -> Applied {
        let mut applied = Applied::default();
        if changes.config || self.base.is_none() {
            *self = Workspace::open(&self.root);
            applied.base = true;
            applied.all_content = true;
            applied.statics = true;
            return applied;
        }
        if changes.theme {
            let reading = self.reading();
            self.load_base();
            applied.base = true;
            if self.reading() != reading {
                // Front matter is checked against the theme's country codes.
                self.entries.clear();
                self.load_content("", None);
                applied.all_content = true;
            }
        }
        if changes.static_files {
            self.load_static();
            applied.statics = true;
        }
        if !applied.all_content {
            for path in &changes.content {
                let rel = path
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                applied.content.extend(self.reload(&rel));
            }
        }
        applied
    }

    /// Loads `loupe.yaml`, the theme and its templates.
    fn load_base(&mut self) {
        let mut diags = Diagnostics::new();
        self.base = config::load(&self.root, &mut diags).and_then(|config| {
            let codes = config.language_codes();
            let theme = theme::load(
                &self.root,
                &config.theme,
                &codes,
                config.default_language(),
                &mut diags,
            );
            let tera = templates::compile(&theme, &mut diags)?;
            Some(Base {
                config: Arc::new(config),
                theme: Arc::new(theme),
                tera: Arc::new(tera),
            })
        });
        self.base_diags = diags;
    }

    /// Reads every file under `content/<under>` (`""`: all of it) into the entries.
    fn load_content(
        &mut self,
        under: &str,
        previous: Option<&BTreeMap<String, Entry>>,
    ) -> Vec<String> {
        let found = self.find_content(under);
        self.read_content(found, previous)
    }

    /// Walks `content/<under>` and reads the stamp of every file found (on every core).
    fn find_content(&self, under: &str) -> Found {
        if self.base.is_none() || !self.root.join(CONTENT_DIR).is_dir() {
            return Found::default();
        }
        let walk = load::walk(&self.root, under);
        let content = self.root.join(CONTENT_DIR);
        let stamps = walk
            .files
            .par_iter()
            .map(|rel| Stamp::of(&content.join(rel)))
            .collect();
        Found { walk, stamps }
    }

    /// Reads the files `found` into the entries, taking an entry from `previous` instead
    /// where its stamp is the same. Returns the content paths read.
    fn read_content(
        &mut self,
        found: Found,
        previous: Option<&BTreeMap<String, Entry>>,
    ) -> Vec<String> {
        let Some(base) = &self.base else {
            return Vec::new();
        };
        let Found { walk, stamps } = found;
        let codes = base.config.language_codes();
        let topics: BTreeSet<String> = base.config.topics.keys().cloned().collect();
        let vocab = Vocabulary {
            countries: &base.theme.country_codes,
            topics: &topics,
        };
        let root = &self.root;
        let read_all = |files: Vec<(String, Option<Stamp>)>, abbr: &LanguageAbbreviations| {
            files
                .into_par_iter()
                // Pieces of a few files each: rayon splits a range no further once no idle
                // thread took part of it, and at 50,000 files a language one core read the
                // last quarter of a second of them alone (the other had nothing to take).
                .with_max_len(FILES_PER_TASK)
                .map(|(rel, stamp)| {
                    let kept = previous
                        .and_then(|p| p.get(&rel))
                        .filter(|e| e.stamp.is_some() && e.stamp == stamp);
                    let entry = match kept {
                        Some(e) => e.clone(),
                        None => read_entry(root, &rel, &codes, &vocab, stamp, abbr),
                    };
                    (rel, entry)
                })
                .collect::<Vec<(String, Entry)>>()
        };
        // Glossaries first: pages are read with their language's abbreviations, so that
        // their first pass can write their HTML too (see `markdown::template`).
        let (glossary_files, other_files): (Vec<_>, Vec<_>) = walk
            .files
            .into_iter()
            .zip(stamps)
            .partition(|(rel, _)| load::is_glossary(rel));
        let mut read = read_all(glossary_files, &LanguageAbbreviations::new());
        let abbreviations = self.abbreviations_with(&read);
        read.extend(read_all(other_files, &abbreviations));
        let mut paths = Vec::new();
        for (rel, diags) in walk.problems {
            paths.push(rel.clone());
            self.entries.insert(
                ContentPath(rel),
                Entry {
                    item: Item::Nothing,
                    diags,
                    stamp: None,
                },
            );
        }
        for (rel, entry) in read {
            paths.push(rel.clone());
            self.entries.insert(ContentPath(rel), entry);
        }
        paths
    }

    /// Each language's abbreviations, from the glossaries of `read` and, for the languages
    /// whose glossary `read` does not hold, from the entries already read.
    fn abbreviations_with(&self, read: &[(String, Entry)]) -> LanguageAbbreviations {
        let mut glossaries = BTreeMap::new();
        let entries = self.entries.values().chain(read.iter().map(|(_, e)| e));
        for entry in entries {
            if let Item::Glossary(lang, terms) = &entry.item {
                glossaries.insert(lang.clone(), terms.clone());
            }
        }
        crate::site::abbreviations(&glossaries)
            .into_iter()
            .map(|(lang, list)| (lang, Arc::new(list)))
            .collect()
    }

    /// Reads the content path `rel` (a file or a folder, present or gone) again. Returns the
    /// content paths whose entries went or came.
    fn reload(&mut self, rel: &str) -> Vec<String> {
        let prefix = format!("{rel}/");
        let gone: Vec<ContentPath> = self
            .entries
            .keys()
            .filter(|k| k.0 == rel || k.0.starts_with(&prefix))
            .cloned()
            .collect();
        let mut changed: Vec<String> = Vec::new();
        for k in gone {
            self.entries.remove(&k);
            changed.push(k.0);
        }
        if self.root.join(CONTENT_DIR).join(rel).exists()
            || std::fs::symlink_metadata(self.root.join(CONTENT_DIR).join(rel)).is_ok()
        {
            changed.extend(self.load_content(rel, None));
        }
        changed
    }

    /// Reads the list of `static/` files again.
    fn load_static(&mut self) {
        let mut diags = Diagnostics::new();
        self.static_files = load::static_files(&self.root, &mut diags);
        self.static_diags = diags;
    }
}

/// The most content files one rayon task reads: small enough that an idle core always finds
/// some left to take, large enough that the tasks cost nothing beside the reading.
const FILES_PER_TASK: usize = 16;

/// Each language's glossary abbreviations, as pages are rendered with them.
type LanguageAbbreviations = BTreeMap<String, Arc<Abbreviations>>;

/// Reads one content file into an entry.
fn read_entry(
    root: &Path,
    rel: &str,
    codes: &[String],
    vocab: &Vocabulary<'_>,
    stamp: Option<Stamp>,
    abbreviations: &LanguageAbbreviations,
) -> Entry {
    let mut diags = Diagnostics::new();
    let item = match load::read(root, rel, codes, vocab, &mut diags) {
        load::Item::Page(page) => {
            let none = Arc::default();
            let abbr = abbreviations.get(&page.lang).unwrap_or(&none);
            let rendered = crate::site::render_body(&page, abbr);
            Item::Page(Arc::new(*page), Arc::new(rendered))
        }
        load::Item::Draft => Item::Draft,
        load::Item::Glossary(lang, terms) => Item::Glossary(lang, Arc::new(terms)),
        load::Item::Pack(p) => Item::Pack(Arc::new(*p)),
        load::Item::Asset => Item::Asset,
        load::Item::Nothing => Item::Nothing,
    };
    Entry { item, diags, stamp }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_paths_sort_folder_by_folder() {
        let mut v = [
            ContentPath("en/guidance-notes/y.md".into()),
            ContentPath("en/guidance/x.md".into()),
            ContentPath("en/about.md".into()),
        ];
        v.sort();
        let names: Vec<&str> = v.iter().map(|c| c.0.as_str()).collect();
        assert_eq!(
            names,
            ["en/about.md", "en/guidance/x.md", "en/guidance-notes/y.md"]
        );
    }

    #[test]
    fn content_paths_compare_as_their_folders_and_names_do() {
        // Random paths over `/`, the bytes just below and above it, letters and a two-byte
        // letter: the byte comparison orders them as comparing the split paths does.
        let alphabet: Vec<char> = "/-.0aé".chars().collect();
        let mut rng = xtask::rng::SplitMix64::new(2003);
        let path = |rng: &mut xtask::rng::SplitMix64| -> String {
            let len = rng.below(8);
            (0..len).map(|_| *rng.pick(&alphabet)).collect()
        };
        for _ in 0..20_000 {
            let (a, b) = (path(&mut rng), path(&mut rng));
            assert_eq!(
                ContentPath(a.clone()).cmp(&ContentPath(b.clone())),
                a.split('/').cmp(b.split('/')),
                "{a:?} {b:?}"
            );
        }
    }
}
