//! Rebuilds for `loupe serve`.
//!
//! The engine keeps every content file loaded (with its rendered Markdown) between rebuilds.
//! A change re-reads only the files that changed, re-assembles the site (translations, links,
//! backlinks, related documents: whole-site passes without Markdown), then renders only the
//! pages whose inputs changed, found by comparing the new site with a [`Snapshot`] of the last
//! site served. Everything is rendered into memory by the same code as `loupe build`; only
//! when there is no error are the changed files written, so a broken file leaves the last
//! good pages served. A full rebuild (start, `loupe.yaml`, lost events) reloads everything.

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::Instant;

use tera::Tera;

use super::output::{MemSink, Output};
use super::watch::Changes;
use super::ServeError;
use crate::config::{self, Config};
use crate::content::front_matter::{Kind, Vocabulary};
use crate::content::glossary::{self, Term};
use crate::content::load::{self, Loaded, Page, Role, CONTENT_DIR};
use crate::content::source;
use crate::diagnostics::{Diagnostics, Pos};
use crate::markdown::render::Rendered;
use crate::pipeline::{self, BuildError};
use crate::render::context::LangData;
use crate::render::pages::{self, Job};
use crate::render::{templates, Sink};
use crate::site::{self, Site};
use crate::theme::{self, Theme};

/// What one rebuild did.
#[derive(Debug, Default)]
pub struct Rebuild {
    /// Every problem found (with errors, nothing was written).
    pub diagnostics: Diagnostics,
    /// Root-relative paths written or removed.
    pub changed: Vec<String>,
    /// Pages rendered.
    pub rendered: usize,
    /// Milliseconds from start to the changed pages being served.
    pub millis: f64,
    /// "full", "incremental", "theme", "static" or "search".
    pub mode: &'static str,
}

/// One content file as last read.
enum Slot {
    /// A page, and its rendered Markdown once rendered (both lent to the site while it is built).
    Page(Option<Box<Page>>, Option<Rendered>),
    /// A draft (not published), by content path.
    Draft(String),
    /// A language's glossary.
    Glossary(String, Vec<Term>),
    /// A file copied as it is, by content path.
    Asset(String),
    /// Not part of the site (its problems are in the diagnostics).
    Nothing,
}

/// What the pages of the last site served showed of one document.
struct DocSnap {
    lang: String,
    kind: Kind,
    tags: Vec<String>,
    url: String,
    item: u64,
    links: u64,
    backlinks: u64,
    related: u64,
    translations: u64,
}

/// The last site served, as far as deciding what to re-render needs.
#[derive(Default)]
struct Snapshot {
    docs: HashMap<String, DocSnap>,
    nav: BTreeMap<String, u64>,
}

fn hash_of(v: impl Hash) -> u64 {
    let mut h = DefaultHasher::new();
    v.hash(&mut h);
    h.finish()
}

fn tags_of(page: &Page) -> Vec<String> {
    let mut v: Vec<String> = page
        .fm
        .countries
        .iter()
        .map(|c| format!("countries/{c}"))
        .collect();
    v.extend(page.fm.topics.iter().map(|t| format!("topics/{t}")));
    v
}

/// The fields of a document that lists, backlinks and related lists show.
fn item_hash(site: &Site, i: usize) -> u64 {
    let d = &site.docs[i];
    let fm = &d.page.fm;
    hash_of((
        &fm.title,
        &d.url,
        &fm.summary,
        d.page.kind,
        fm.date,
        &fm.countries,
        &fm.topics,
        fm.illustrative,
        &d.page.lang,
    ))
}

impl Snapshot {
    fn of(site: &Site) -> Snapshot {
        let path = |j: &usize| site.docs[*j].page.content_path.as_str();
        let docs = site
            .docs
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let links: Vec<Option<(&str, Option<&str>)>> = d
                    .links
                    .iter()
                    .map(|l| {
                        l.as_ref()
                            .map(|l| (l.url.as_str(), l.other_lang.as_deref()))
                    })
                    .collect();
                let translations: Vec<(&str, &str)> = d
                    .translations
                    .iter()
                    .map(|(l, j)| (l.as_str(), site.docs[*j].url.as_str()))
                    .collect();
                let snap = DocSnap {
                    lang: d.page.lang.clone(),
                    kind: d.page.kind,
                    tags: tags_of(&d.page),
                    url: d.url.clone(),
                    item: item_hash(site, i),
                    links: hash_of(links),
                    backlinks: hash_of(d.backlinks.iter().map(path).collect::<Vec<_>>()),
                    related: hash_of(d.related.iter().map(path).collect::<Vec<_>>()),
                    translations: hash_of(translations),
                };
                (d.page.content_path.clone(), snap)
            })
            .collect();
        let nav = site
            .config
            .languages
            .iter()
            .map(|l| (l.code.clone(), hash_of(&LangData::new(site, &l.code).nav)))
            .collect();
        Snapshot { docs, nav }
    }
}

/// Everything loaded of the site.
struct State {
    config: Option<Config>,
    theme: Option<Theme>,
    tera: Tera,
    /// Problems of `loupe.yaml`, the theme and its templates.
    base_diags: Diagnostics,
    /// Content files by path relative to `content/` (in walk order), with their problems.
    files: BTreeMap<PathBuf, (Slot, Diagnostics)>,
    /// The last site served.
    snapshot: Option<Snapshot>,
    /// Content paths of pages changed since the last site served.
    dirty: BTreeSet<String>,
    /// Assets changed since then.
    dirty_assets: BTreeSet<String>,
    /// Render every page (theme or glossary changed, or nothing served yet).
    dirty_all: bool,
    /// Copy `static/` again.
    dirty_static: bool,
}

/// The rebuild state of one served site.
pub struct Engine {
    root: PathBuf,
    out: Output,
    scratch: PathBuf,
    state: Option<State>,
    search_pending: bool,
}

/// The languages and topics front matter is checked against.
fn vocab_parts(config: &Config) -> (Vec<String>, BTreeSet<String>) {
    (
        config.language_codes(),
        config.topics.keys().cloned().collect(),
    )
}

/// Reads the content file at `rel` (relative to `content/`).
fn load_file(
    root: &Path,
    rel: &Path,
    languages: &[String],
    vocab: &Vocabulary<'_>,
) -> (Slot, Diagnostics) {
    let mut diags = Diagnostics::new();
    let full = root.join(CONTENT_DIR).join(rel);
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let content_path = parts.join("/");
    let shown = load::shown(root, &full);
    let mut bad = BTreeSet::new();
    let slot = match load::classify(root, &parts, &shown, languages, &mut bad, &mut diags) {
        Some((lang, Role::Markdown(kind))) => {
            match load::read_page(root, &lang, &content_path, kind, &full, vocab, &mut diags) {
                Some(p) if p.fm.draft => Slot::Draft(content_path),
                Some(p) => Slot::Page(Some(Box::new(p)), None),
                None => Slot::Nothing,
            }
        }
        Some((lang, Role::Glossary)) => match source::read_text(&full, &shown, &mut diags) {
            Some(text) => Slot::Glossary(lang, glossary::parse(&text, &shown, &mut diags)),
            None => Slot::Nothing,
        },
        Some((_, Role::Asset)) => Slot::Asset(content_path),
        None => Slot::Nothing,
    };
    (slot, diags)
}

/// Paths relative to `content/` of the files under `content/<rel>` (a file or a folder), as the
/// loader walks them.
fn files_under(root: &Path, rel: &Path) -> Vec<PathBuf> {
    let content = root.join(CONTENT_DIR);
    let start = content.join(rel);
    walkdir::WalkDir::new(&start)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !load::ignored(&e.file_name().to_string_lossy()) || e.depth() == 0)
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| e.path().strip_prefix(&content).ok().map(Path::to_path_buf))
        .collect()
}

impl Engine {
    /// Prepares to serve the site at `root` from `out_dir` (emptied).
    pub fn new(root: &Path, out_dir: &Path) -> Result<Engine, ServeError> {
        let out = Output::create(out_dir)?;
        let scratch = root.join(".loupe").join("serve").join("search-scratch");
        Ok(Engine {
            root: root.to_path_buf(),
            out,
            scratch,
            state: None,
            search_pending: false,
        })
    }

    /// The served folder.
    pub fn output_dir(&self) -> &Path {
        self.out.dir()
    }

    /// True when the search index waits for an update ([`Engine::update_search`]).
    pub fn search_pending(&self) -> bool {
        self.search_pending
    }

    /// Loads `loupe.yaml` and the theme; `None` (with errors in `diags`) when unusable.
    fn load_base(&self, diags: &mut Diagnostics) -> Option<(Config, Theme, Tera)> {
        let config = config::load(&self.root, diags)?;
        let codes = config.language_codes();
        let theme = theme::load(
            &self.root,
            &config.theme,
            &codes,
            config.default_language(),
            diags,
        );
        let tera = templates::compile(&theme, diags)?;
        Some((config, theme, tera))
    }

    /// Rebuilds everything from the files on disk, as `loupe build` does.
    pub fn full(&mut self) -> Result<Rebuild, ServeError> {
        let started = Instant::now();
        self.state = None;
        let mut base_diags = Diagnostics::new();
        let Some((config, theme, tera)) = self.load_base(&mut base_diags) else {
            return Ok(Rebuild {
                diagnostics: base_diags,
                mode: "full",
                millis: started.elapsed().as_secs_f64() * 1000.0,
                ..Rebuild::default()
            });
        };
        let content = self.root.join(CONTENT_DIR);
        let mut files = BTreeMap::new();
        if content.is_dir() {
            let rels = files_under(&self.root, Path::new(""));
            let (codes, topics) = vocab_parts(&config);
            let vocab = Vocabulary {
                countries: &theme.country_codes,
                topics: &topics,
            };
            use rayon::prelude::*;
            let loaded: Vec<(PathBuf, (Slot, Diagnostics))> = rels
                .into_par_iter()
                .map(|rel| {
                    let s = load_file(&self.root, &rel, &codes, &vocab);
                    (rel, s)
                })
                .collect();
            files.extend(loaded);
        } else {
            base_diags.error(
                Path::new(CONTENT_DIR),
                Pos::new(1, 1),
                format!(
                    "there is no `{CONTENT_DIR}/` folder in {}",
                    self.root.display()
                ),
            );
        }
        self.state = Some(State {
            config: Some(config),
            theme: Some(theme),
            tera,
            base_diags,
            files,
            snapshot: None,
            dirty: BTreeSet::new(),
            dirty_assets: BTreeSet::new(),
            dirty_all: true,
            dirty_static: true,
        });
        let mut r = self.rebuild("full", started)?;
        if !r.diagnostics.has_errors() {
            if let Some(s) = self.update_search()? {
                r.changed.extend(s.changed);
                r.diagnostics.extend(s.diagnostics);
            }
            r.millis = started.elapsed().as_secs_f64() * 1000.0;
        }
        Ok(r)
    }

    /// Rebuilds after `changes`.
    pub fn apply(&mut self, changes: &Changes) -> Result<Rebuild, ServeError> {
        let started = Instant::now();
        if changes.config || self.state.is_none() {
            return self.full();
        }
        let mut mode = "incremental";
        if changes.theme {
            mode = "theme";
            let mut diags = Diagnostics::new();
            let Some((config, theme, tera)) = self.load_base(&mut diags) else {
                // Keep what is served; report the theme's problems.
                return Ok(Rebuild {
                    diagnostics: diags,
                    mode,
                    millis: started.elapsed().as_secs_f64() * 1000.0,
                    ..Rebuild::default()
                });
            };
            let Some(state) = self.state.as_mut() else {
                return self.full();
            };
            let old_codes = state.theme.as_ref().map(|t| &t.country_codes);
            if old_codes != Some(&theme.country_codes) {
                // Front matter is checked against the theme's countries: read everything again.
                return self.full();
            }
            state.config = Some(config);
            state.theme = Some(theme);
            state.tera = tera;
            state.base_diags = diags;
            state.dirty_all = true;
            self.search_pending = true;
        }
        let Some(state) = self.state.as_mut() else {
            return self.full();
        };
        if changes.static_files {
            state.dirty_static = true;
            if mode == "incremental" && changes.content.is_empty() {
                mode = "static";
            }
        }
        if !changes.content.is_empty() {
            self.reload_content(&changes.content);
        }
        self.rebuild(mode, started)
    }

    /// Reads the content paths `changed` again (files or folders, present or gone).
    fn reload_content(&mut self, changed: &BTreeSet<PathBuf>) {
        let root = self.root.clone();
        let Some(state) = self.state.as_mut() else {
            return;
        };
        let (Some(config), Some(theme)) = (&state.config, &state.theme) else {
            return;
        };
        let (codes, topics) = vocab_parts(config);
        let vocab = Vocabulary {
            countries: &theme.country_codes,
            topics: &topics,
        };
        let mut touched: Vec<(PathBuf, Slot)> = Vec::new();
        for rel in changed {
            let gone: Vec<PathBuf> = state
                .files
                .range(rel.clone()..)
                .take_while(|(k, _)| k.starts_with(rel))
                .map(|(k, _)| k.clone())
                .collect();
            for k in gone {
                if let Some((slot, _)) = state.files.remove(&k) {
                    touched.push((k, slot));
                }
            }
        }
        let mut fresh: Vec<PathBuf> = Vec::new();
        for rel in changed {
            if root.join(CONTENT_DIR).join(rel).exists() {
                fresh.extend(files_under(&root, rel));
            }
        }
        for rel in fresh {
            let (slot, diags) = load_file(&root, &rel, &codes, &vocab);
            touched.push((rel.clone(), Slot::Nothing));
            state.files.insert(rel, (slot, diags));
        }
        let mut glossary_changed = false;
        for (rel, old) in touched {
            let content_path = rel.to_string_lossy().replace('\\', "/");
            let new = state.files.get(&rel).map(|(s, _)| s);
            for slot in [Some(&old), new].into_iter().flatten() {
                match slot {
                    Slot::Page(..) | Slot::Draft(_) => {
                        state.dirty.insert(content_path.clone());
                    }
                    Slot::Asset(_) => {
                        state.dirty_assets.insert(content_path.clone());
                    }
                    Slot::Glossary(..) => glossary_changed = true,
                    Slot::Nothing => {}
                }
            }
        }
        if glossary_changed {
            // Abbreviations change every body of the language: render everything again.
            state.dirty_all = true;
            for (s, _) in state.files.values_mut() {
                if let Slot::Page(_, r) = s {
                    *r = None;
                }
            }
        }
        self.search_pending = true;
    }

    /// Lends the loaded content to a site, builds it, and returns it with its problems.
    fn assemble(state: &mut State, root: &Path) -> Option<(Site, Diagnostics)> {
        let mut diags = state.base_diags.clone();
        let mut loaded = Loaded::default();
        let mut cached = Vec::new();
        for (slot, d) in state.files.values_mut() {
            diags.extend(d.clone());
            match slot {
                Slot::Page(page, rendered) => {
                    if let Some(p) = page.take() {
                        loaded.pages.push(*p);
                        cached.push(rendered.take());
                    }
                }
                Slot::Draft(p) => {
                    loaded.drafts.insert(p.clone());
                }
                Slot::Glossary(lang, terms) => {
                    loaded.glossaries.insert(lang.clone(), terms.clone());
                }
                Slot::Asset(p) => loaded.assets.push(p.clone()),
                Slot::Nothing => {}
            }
        }
        let config = state.config.take()?;
        let theme = state.theme.take()?;
        for l in config.language_codes() {
            if !root.join(CONTENT_DIR).join(&l).is_dir() {
                diags.warning(
                    &PathBuf::from(CONTENT_DIR).join(&l),
                    Pos::new(1, 1),
                    format!("language `{l}` is listed in loupe.yaml but has no content folder"),
                );
            }
        }
        let site = site::build_reusing(config, theme, loaded, cached, &mut diags);
        Some((site, diags))
    }

    /// Gives the content lent to `site` back to the state.
    fn put_back(state: &mut State, site: Site) {
        let Site {
            config,
            theme,
            docs,
            ..
        } = site;
        state.config = Some(config);
        state.theme = Some(theme);
        for d in docs {
            if let Some((Slot::Page(page, rendered), _)) =
                state.files.get_mut(Path::new(&d.page.content_path))
            {
                *page = Some(Box::new(d.page));
                *rendered = Some(d.rendered);
            }
        }
    }

    /// Renders what changed and writes it when there is no error.
    fn rebuild(&mut self, mode: &'static str, started: Instant) -> Result<Rebuild, ServeError> {
        let mut r = Rebuild {
            mode,
            ..Rebuild::default()
        };
        let Some(state) = self.state.as_mut() else {
            return Ok(r);
        };
        let debug = std::env::var_os("LOUPE_SERVE_DEBUG").is_some();
        let lap = Instant::now();
        let Some((site, mut diags)) = Self::assemble(state, &self.root) else {
            return Ok(r);
        };
        if debug {
            eprintln!("  assemble {:.1} ms", lap.elapsed().as_secs_f64() * 1000.0);
        }
        let lap = Instant::now();
        let now = Snapshot::of(&site);
        let result =
            Self::render_changes(state, &site, &now, &self.root, &mut self.out, &mut diags);
        if debug {
            eprintln!(
                "  render+write {:.1} ms",
                lap.elapsed().as_secs_f64() * 1000.0
            );
        }
        let lap = Instant::now();
        let snapshot = match &result {
            Ok((changed, n)) if !diags.has_errors() => {
                r.changed = changed.clone();
                r.rendered = *n;
                Some(now)
            }
            _ => None,
        };
        Self::put_back(state, site);
        if debug {
            eprintln!(
                "  snapshot+put back {:.1} ms",
                lap.elapsed().as_secs_f64() * 1000.0
            );
        }
        if let Some(s) = snapshot {
            state.snapshot = Some(s);
            state.dirty.clear();
            state.dirty_assets.clear();
            state.dirty_all = false;
            state.dirty_static = false;
        }
        result?;
        r.diagnostics = diags;
        r.millis = started.elapsed().as_secs_f64() * 1000.0;
        Ok(r)
    }

    /// Renders the pages to render into memory, then writes them and removes what is gone.
    fn render_changes(
        state: &State,
        site: &Site,
        now: &Snapshot,
        root: &Path,
        out: &mut Output,
        diags: &mut Diagnostics,
    ) -> Result<(Vec<String>, usize), ServeError> {
        if diags.has_errors() {
            return Ok((Vec::new(), 0));
        }
        let all = pages::jobs(site);
        let selected: Vec<(String, Job)> = match (&state.snapshot, state.dirty_all) {
            (Some(snap), false) => select(site, snap, now, &state.dirty, all.clone()),
            _ => all.clone(),
        };
        let debug = std::env::var_os("LOUPE_SERVE_DEBUG").is_some();
        if debug {
            eprintln!("  {} pages selected", selected.len());
        }
        let sink = MemSink::new();
        let n = pages::render_jobs(site, &state.tera, &sink, &selected, diags)
            .map_err(BuildError::from)?;
        pages::write_theme_files(site, &sink).map_err(BuildError::from)?;
        pipeline::write_feeds(site, &sink)?;
        let static_files = copy_static(root, &sink, state.dirty_static, diags);
        for a in &site.assets {
            if state.dirty_all || state.dirty_assets.contains(a) {
                copy(root, &root.join(CONTENT_DIR).join(a), a, &sink, diags);
            }
        }
        if diags.has_errors() {
            return Ok((Vec::new(), n));
        }
        let mut keep: BTreeSet<String> = all.into_iter().map(|(rel, _)| rel).collect();
        keep.extend(
            site.theme
                .static_files
                .keys()
                .map(|k| format!("assets/{k}")),
        );
        keep.extend(site.assets.iter().cloned());
        keep.extend(static_files);
        keep.extend(
            crate::render::feeds::feeds(site)
                .into_iter()
                .map(|(rel, _)| rel),
        );
        keep.extend(out.paths_under("search/"));
        let mut changed = out.update(sink.into_files())?;
        changed.extend(out.retain(&keep)?);
        Ok((changed, n))
    }

    /// Builds the search index again (after the pages are served: it takes longer), when
    /// something it shows changed.
    /// Returns `None` when there was nothing to do (or the pages themselves are not served).
    pub fn update_search(&mut self) -> Result<Option<Rebuild>, ServeError> {
        let started = Instant::now();
        let mut r = Rebuild {
            mode: "search",
            ..Rebuild::default()
        };
        self.search_pending = false;
        let Some(state) = self.state.as_mut() else {
            return Ok(None);
        };
        if state.snapshot.is_none() || !state.dirty.is_empty() {
            // The pages themselves are not served yet: the search index follows them.
            return Ok(None);
        }
        let Some((site, _)) = Self::assemble(state, &self.root) else {
            return Ok(None);
        };
        let files = search_files(&site, &self.root, &self.scratch);
        Self::put_back(state, site);
        let files = files?;
        let mut keep: BTreeSet<String> = self
            .out
            .paths()
            .into_iter()
            .filter(|p| !p.starts_with("search/"))
            .collect();
        keep.extend(files.keys().cloned());
        r.changed = self.out.update(files)?;
        r.changed.extend(self.out.retain(&keep)?);
        r.millis = started.elapsed().as_secs_f64() * 1000.0;
        Ok(Some(r))
    }
}

/// The pages whose inputs differ from what `snap` recorded of the last site served.
fn select(
    site: &Site,
    snap: &Snapshot,
    now: &Snapshot,
    dirty: &BTreeSet<String>,
    all: Vec<(String, Job)>,
) -> Vec<(String, Job)> {
    let nav_changed: HashSet<&str> = now
        .nav
        .iter()
        .filter(|(l, h)| snap.nav.get(*l) != Some(*h))
        .map(|(l, _)| l.as_str())
        .collect();
    // Documents whose summary in lists changed, as (lang, kind, tags) before and after.
    let mut item_changed: HashSet<&str> = HashSet::new();
    let mut touched: Vec<(&str, Kind, &[String])> = Vec::new();
    let mut minutes_langs: HashSet<&str> = HashSet::new();
    for (cp, n) in &now.docs {
        let old = snap.docs.get(cp);
        if old.map(|o| o.item) != Some(n.item) {
            item_changed.insert(cp.as_str());
            touched.push((n.lang.as_str(), n.kind, &n.tags));
            if let Some(o) = old {
                touched.push((o.lang.as_str(), o.kind, &o.tags));
            }
        } else if n.kind == Kind::Minutes && dirty.contains(cp) {
            // The register shows decisions and actions, which lists do not.
            minutes_langs.insert(n.lang.as_str());
        }
    }
    for (cp, o) in &snap.docs {
        if !now.docs.contains_key(cp) {
            touched.push((o.lang.as_str(), o.kind, &o.tags));
        }
    }
    let item_touch = |lang: &str, pred: &dyn Fn(Kind, &[String]) -> bool| {
        touched.iter().any(|(l, k, t)| *l == lang && pred(*k, t))
    };
    let tag_touched = |tag: &str| touched.iter().any(|(_, _, t)| t.iter().any(|x| x == tag));
    all.into_iter()
        .filter(|(_, job)| match job {
            Job::Doc(i) => {
                let d = &site.docs[*i];
                let cp = d.page.content_path.as_str();
                let lang = d.page.lang.as_str();
                let (Some(o), Some(n)) = (snap.docs.get(cp), now.docs.get(cp)) else {
                    return true;
                };
                if dirty.contains(cp)
                    || nav_changed.contains(lang)
                    || o.url != n.url
                    || o.links != n.links
                    || o.translations != n.translations
                    || o.backlinks != n.backlinks
                    || o.related != n.related
                {
                    return true;
                }
                let path = |j: &usize| site.docs[*j].page.content_path.as_str();
                if !item_changed.is_empty()
                    && d.backlinks
                        .iter()
                        .chain(&d.related)
                        .any(|j| item_changed.contains(path(j)))
                {
                    return true;
                }
                d.page.kind == Kind::Home && item_touch(lang, &|k, _| k.is_document())
            }
            Job::Home(l) => {
                nav_changed.contains(l.as_str()) || item_touch(l, &|k, _| k.is_document())
            }
            Job::Section(l, kind) => {
                nav_changed.contains(l.as_str()) || item_touch(l, &|k, _| k == *kind)
            }
            Job::Terms(l, _) => {
                nav_changed.contains(l.as_str()) || item_touch(l, &|k, _| k.is_document())
            }
            Job::Tag(l, folder, tag) => {
                nav_changed.contains(l.as_str()) || tag_touched(&format!("{folder}/{tag}"))
            }
            Job::Register(l) => {
                nav_changed.contains(l.as_str())
                    || minutes_langs.contains(l.as_str())
                    || item_touch(l, &|k, _| k == Kind::Minutes)
            }
            Job::Glossary(l) | Job::Search(l) => nav_changed.contains(l.as_str()),
            Job::Root | Job::NotFound => !nav_changed.is_empty(),
        })
        .collect()
}

/// Copies `full` to `rel` in `sink`; a file that cannot be read is an error at its path.
fn copy(root: &Path, full: &Path, rel: &str, sink: &dyn Sink, diags: &mut Diagnostics) {
    match std::fs::read(full) {
        Ok(bytes) => {
            if let Err(e) = sink.write(rel, &bytes) {
                diags.error(Path::new(rel), Pos::new(1, 1), format!("cannot write: {e}"));
            }
        }
        Err(e) => diags.error(
            &load::shown(root, full),
            Pos::new(1, 1),
            format!("cannot read: {e}"),
        ),
    }
}

/// The output paths of the site's `static/` folder, copied into `sink` when `write` is set.
fn copy_static(root: &Path, sink: &dyn Sink, write: bool, diags: &mut Diagnostics) -> Vec<String> {
    let dir = root.join("static");
    let mut out = Vec::new();
    if !dir.is_dir() {
        return out;
    }
    for e in walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        if !e.file_type().is_file() {
            continue;
        }
        let rel = e.path().strip_prefix(&dir).unwrap_or(e.path());
        let rel = rel.to_string_lossy().replace('\\', "/");
        if write {
            copy(root, e.path(), &rel, sink, diags);
        }
        out.push(rel);
    }
    out
}

/// Builds the search index as `loupe build` does, into a scratch folder, and returns its
/// files as they go into the output.
fn search_files(
    site: &Site,
    root: &Path,
    scratch: &Path,
) -> Result<BTreeMap<String, Vec<u8>>, ServeError> {
    let scratch_site = scratch.join("site");
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ServeError::Io { path, source }
    };
    if scratch_site.exists() {
        std::fs::remove_dir_all(&scratch_site).map_err(io(&scratch_site))?;
    }
    std::fs::create_dir_all(&scratch_site).map_err(io(&scratch_site))?;
    crate::search::build(site, root, &scratch_site).map_err(BuildError::from)?;
    let mut files = BTreeMap::new();
    for e in walkdir::WalkDir::new(&scratch_site).sort_by_file_name() {
        let e = e.map_err(|e| ServeError::Io {
            path: scratch_site.clone(),
            source: e.into(),
        })?;
        if !e.file_type().is_file() {
            continue;
        }
        let Ok(rel) = e.path().strip_prefix(&scratch_site) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        let bytes = std::fs::read(e.path()).map_err(io(e.path()))?;
        files.insert(rel, bytes);
    }
    Ok(files)
}
