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

use rayon::prelude::*;

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
use crate::render::pages;
use crate::render::{templates, Sink};
use crate::site::routes::{self, Route, Taxonomy};
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
    /// "full", "incremental", "edit", "theme", "static" or "search".
    pub mode: &'static str,
    /// Languages whose search index was built again.
    pub indexed: Vec<String>,
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
    Taxonomy::ALL
        .iter()
        .flat_map(|t| {
            t.tags(&page.fm)
                .iter()
                .map(move |tag| format!("{}/{tag}", t.folder()))
        })
        .collect()
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
        fm.updated,
        &fm.countries,
        &fm.topics,
        fm.illustrative,
        &d.page.lang,
    ))
}

/// What the pages show of document `i` now.
fn doc_snap(site: &Site, i: usize) -> DocSnap {
    let d = &site.docs[i];
    let path = |j: &usize| site.docs[*j].page.content_path.as_str();
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
    DocSnap {
        lang: d.page.lang.clone(),
        kind: d.page.kind,
        tags: tags_of(&d.page),
        url: d.url.clone(),
        item: item_hash(site, i),
        links: hash_of(links),
        backlinks: hash_of(d.backlinks.iter().map(path).collect::<Vec<_>>()),
        related: hash_of(d.related.iter().map(path).collect::<Vec<_>>()),
        translations: hash_of(translations),
    }
}

/// How the site now differs from the [`Snapshot`] of the last site served: the new state of
/// every document that may have changed (the others are as recorded, unless `whole`).
struct Delta {
    docs: HashMap<String, DocSnap>,
    nav: BTreeMap<String, u64>,
    /// Every document of the site is in `docs`.
    whole: bool,
}

impl Delta {
    /// The state of every document: after any change of the site's shape.
    fn whole(site: &Site) -> Delta {
        let docs: HashMap<String, DocSnap> = (0..site.docs.len())
            .into_par_iter()
            .map(|i| (site.docs[i].page.content_path.clone(), doc_snap(site, i)))
            .collect();
        Delta {
            docs,
            nav: nav_hashes(site),
            whole: true,
        }
    }

    /// The state of the documents `affected` only (the others did not change).
    fn of(site: &Site, affected: &BTreeSet<usize>) -> Delta {
        Delta {
            docs: affected
                .iter()
                .map(|&i| (site.docs[i].page.content_path.clone(), doc_snap(site, i)))
                .collect(),
            nav: nav_hashes(site),
            whole: false,
        }
    }

    /// The state of document `cp` now.
    fn get<'a>(&'a self, snap: &'a Snapshot, cp: &str) -> Option<&'a DocSnap> {
        match self.docs.get(cp) {
            Some(d) => Some(d),
            None if self.whole => None,
            None => snap.docs.get(cp),
        }
    }
}

fn nav_hashes(site: &Site) -> BTreeMap<String, u64> {
    site.config
        .languages
        .iter()
        .map(|l| (l.code.clone(), hash_of(&LangData::new(site, &l.code).nav)))
        .collect()
}

impl Snapshot {
    /// Records `delta` as served.
    fn apply(&mut self, delta: Delta) {
        if delta.whole {
            self.docs = delta.docs;
        } else {
            self.docs.extend(delta.docs);
        }
        self.nav = delta.nav;
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
    /// The last site served, assembled (its pages are lent from `files`), kept for edits that
    /// leave the site's shape as it is; `None` after a failed rebuild.
    site: Option<Site>,
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
    /// Languages whose search index is older than their pages (`None`: every language).
    search_langs: Option<BTreeSet<String>>,
    search_job: Option<SearchJob>,
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
        .filter(|e| {
            e.file_type().is_file()
                && !crate::content::assets::is_system_file(&e.file_name().to_string_lossy())
        })
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
            search_langs: None,
            search_job: None,
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
            site: None,
            dirty: BTreeSet::new(),
            dirty_assets: BTreeSet::new(),
            dirty_all: true,
            dirty_static: true,
        });
        let mut r = self.rebuild("full", started)?;
        self.search_pending = true;
        self.search_langs = None;
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
            Self::reclaim(state);
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
            self.search_langs = None;
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
        if mode == "incremental" || mode == "static" {
            if let Some(r) = self.try_patch(mode, started)? {
                return Ok(r);
            }
        }
        self.rebuild(mode, started)
    }

    /// Reads the content paths `changed` again (files or folders, present or gone).
    fn reload_content(&mut self, changed: &BTreeSet<PathBuf>) {
        let root = self.root.clone();
        let Some(state) = self.state.as_mut() else {
            return;
        };
        let held = state.site.as_ref();
        let (Some(config), Some(theme)) = (
            state.config.as_ref().or(held.map(|s| &s.config)),
            state.theme.as_ref().or(held.map(|s| &s.theme)),
        ) else {
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
                        if let (Some(langs), Some((lang, _))) =
                            (self.search_langs.as_mut(), content_path.split_once('/'))
                        {
                            langs.insert(lang.to_string());
                        }
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
            // The glossary also pairs terms across languages for the search.
            self.search_langs = None;
            Self::reclaim(state);
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
        let mut diags = Self::file_diagnostics(state, root);
        let mut loaded = Loaded {
            static_files: load::static_files(root, &mut diags),
            ..Loaded::default()
        };
        let mut cached = Vec::new();
        for (slot, _) in state.files.values_mut() {
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
        let site = site::build_reusing(config, theme, loaded, cached, &mut diags);
        Some((site, diags))
    }

    /// Gives the content lent to `site` back to the state. Files read again since they were
    /// lent, and a configuration or theme loaded since, keep their new version.
    fn put_back(state: &mut State, site: Site) {
        let Site {
            config,
            theme,
            docs,
            ..
        } = site;
        state.config.get_or_insert(config);
        state.theme.get_or_insert(theme);
        for d in docs {
            if let Some((Slot::Page(page @ None, rendered), _)) =
                state.files.get_mut(Path::new(&d.page.content_path))
            {
                *page = Some(Box::new(d.page));
                *rendered = Some(d.rendered);
            }
        }
    }

    /// Takes back the content lent to the site kept between rebuilds, if any.
    fn reclaim(state: &mut State) {
        if let Some(site) = state.site.take() {
            Self::put_back(state, site);
        }
    }

    /// Assembles the whole site again from the loaded files, renders what changed and writes
    /// it when there is no error.
    fn rebuild(&mut self, mode: &'static str, started: Instant) -> Result<Rebuild, ServeError> {
        let r = Rebuild {
            mode,
            ..Rebuild::default()
        };
        let Some(state) = self.state.as_mut() else {
            return Ok(r);
        };
        Self::reclaim(state);
        let lap = Instant::now();
        let Some((site, mut diags)) = Self::assemble(state, &self.root) else {
            return Ok(r);
        };
        debug_lap("assemble", lap);
        let delta = Delta::whole(&site);
        let result = Self::render_changes(
            state,
            &site,
            &delta,
            Plan::Everything,
            &self.root,
            &mut self.out,
            &mut diags,
        );
        Self::finish(state, site, delta, result, diags, r, started)
    }

    /// Records a rebuild's outcome: on success the site is kept for the next edit and what it
    /// showed becomes the snapshot; on failure the content lent to it is taken back.
    fn finish(
        state: &mut State,
        site: Site,
        delta: Delta,
        result: Result<(Vec<String>, usize), ServeError>,
        diags: Diagnostics,
        mut r: Rebuild,
        started: Instant,
    ) -> Result<Rebuild, ServeError> {
        match &result {
            Ok((changed, n)) if !diags.has_errors() => {
                r.changed = changed.clone();
                r.rendered = *n;
                state
                    .snapshot
                    .get_or_insert_with(Snapshot::default)
                    .apply(delta);
                state.site = Some(site);
                state.dirty.clear();
                state.dirty_assets.clear();
                state.dirty_all = false;
                state.dirty_static = false;
            }
            _ => Self::put_back(state, site),
        }
        result?;
        r.diagnostics = diags;
        r.millis = started.elapsed().as_secs_f64() * 1000.0;
        Ok(r)
    }

    /// The problems of `loupe.yaml`, the theme and every content file, and languages without a
    /// content folder.
    fn file_diagnostics(state: &State, root: &Path) -> Diagnostics {
        let mut diags = state.base_diags.clone();
        for (_, d) in state.files.values() {
            if !d.is_empty() {
                diags.extend(d.clone());
            }
        }
        let config = state
            .config
            .as_ref()
            .or(state.site.as_ref().map(|s| &s.config));
        for l in config.map(Config::language_codes).unwrap_or_default() {
            if !root.join(CONTENT_DIR).join(&l).is_dir() {
                diags.warning(
                    &PathBuf::from(CONTENT_DIR).join(&l),
                    Pos::new(1, 1),
                    format!("language `{l}` is listed in loupe.yaml but has no content folder"),
                );
            }
        }
        diags
    }

    /// The rebuild of an edit that leaves the site's shape as it is: every changed file is a
    /// page that was already published and keeps its language, kind, URL and translations.
    /// The site kept from the last rebuild is patched instead of assembled again: the edited
    /// pages' Markdown is rendered, their links and the links of the pages linking to them
    /// resolved again, backlinks updated, related documents computed again only when a date,
    /// country or topic changed. A change of `static/` alone is copied the same way, without
    /// assembling the site. `None` when the change needs [`Engine::rebuild`].
    fn try_patch(
        &mut self,
        mode: &'static str,
        started: Instant,
    ) -> Result<Option<Rebuild>, ServeError> {
        let Some(state) = self.state.as_mut() else {
            return Ok(None);
        };
        if state.dirty_all || !state.dirty_assets.is_empty() || state.snapshot.is_none() {
            return Ok(None);
        }
        let Some(site) = state.site.as_ref() else {
            return Ok(None);
        };
        let mut edits: Vec<(usize, PathBuf)> = Vec::new();
        for cp in &state.dirty {
            let Some(&i) = site.index.get(cp) else {
                return Ok(None);
            };
            let rel = PathBuf::from(cp);
            let Some((Slot::Page(Some(p), _), d)) = state.files.get(&rel) else {
                return Ok(None);
            };
            let old = &site.docs[i];
            if d.has_errors()
                || p.lang != old.page.lang
                || p.kind != old.page.kind
                || p.fm.translation_key != old.page.fm.translation_key
                || routes::page(p).1 != old.url
            {
                return Ok(None);
            }
            edits.push((i, rel));
        }
        let lap = Instant::now();
        let r = Rebuild {
            mode: if mode == "static" { mode } else { "edit" },
            ..Rebuild::default()
        };
        let mut diags = Self::file_diagnostics(state, &self.root);
        let Some(mut site) = state.site.take() else {
            return Ok(None);
        };
        let mut pages = Vec::new();
        for (i, rel) in &edits {
            if let Some((Slot::Page(p, _), _)) = state.files.get_mut(rel) {
                if let Some(p) = p.take() {
                    pages.push((*i, *p));
                }
            }
        }
        let abbreviations = site::abbreviations(&site.glossaries);
        let bodies: Vec<Rendered> = pages
            .par_iter()
            .map(|(_, p)| site::render_body(p, &abbreviations))
            .collect();
        let mut tags_changed = false;
        for ((i, page), rendered) in pages.into_iter().zip(bodies) {
            let d = &mut site.docs[i];
            let (o, n) = (&d.page.fm, &page.fm);
            tags_changed |= o.date != n.date || o.topics != n.topics || o.countries != n.countries;
            d.page = page;
            d.rendered = rendered;
        }
        let edited: BTreeSet<usize> = edits.iter().map(|(i, _)| *i).collect();
        let affected = site::patch::relink(&mut site, &edited, &mut diags);
        if tags_changed {
            site::related::compute(&mut site.docs);
        }
        debug_lap("patch", lap);
        let snap = state.snapshot.as_ref();
        let delta = if tags_changed {
            Delta::whole(&site)
        } else {
            Delta::of(&site, &affected)
        };
        // A new tag can add a page, a `static/` change can remove a file: only the whole list
        // of files tells what must go.
        let plan = if tags_changed || state.dirty_static || snap.map(|s| &s.nav) != Some(&delta.nav)
        {
            Plan::Everything
        } else {
            // Only the documents whose own inputs changed, those that show an edited document
            // (backlinks, related) and home pages can change; generated pages are selected
            // from all of them.
            let mut docs = affected;
            for (j, d) in site.docs.iter().enumerate() {
                if d.page.kind == Kind::Home
                    || d.backlinks
                        .iter()
                        .chain(&d.related)
                        .any(|x| edited.contains(x))
                {
                    docs.insert(j);
                }
            }
            let mut jobs: Vec<(String, Route)> = docs
                .into_iter()
                .map(|j| (site.docs[j].url.clone(), Route::Doc(j)))
                .collect();
            jobs.extend(routes::generated(&site));
            Plan::Lean(jobs)
        };
        let result = Self::render_changes(
            state,
            &site,
            &delta,
            plan,
            &self.root,
            &mut self.out,
            &mut diags,
        );
        Ok(Some(Self::finish(
            state, site, delta, result, diags, r, started,
        )?))
    }

    /// Renders the pages to render into memory, then writes them and removes what is gone.
    fn render_changes(
        state: &State,
        site: &Site,
        delta: &Delta,
        plan: Plan,
        root: &Path,
        out: &mut Output,
        diags: &mut Diagnostics,
    ) -> Result<(Vec<String>, usize), ServeError> {
        if diags.has_errors() {
            return Ok((Vec::new(), 0));
        }
        let lap = Instant::now();
        let (candidates, everything) = match plan {
            Plan::Everything => (routes::all(site), true),
            Plan::Lean(jobs) => (jobs, false),
        };
        let keep: Option<BTreeSet<String>> =
            everything.then(|| candidates.iter().map(|(rel, _)| rel.clone()).collect());
        let items_changed = match &state.snapshot {
            Some(snap) => delta
                .docs
                .iter()
                .any(|(cp, n)| snap.docs.get(cp).map(|o| o.item) != Some(n.item)),
            None => true,
        };
        let selected: Vec<(String, Route)> = match (&state.snapshot, state.dirty_all) {
            (Some(snap), false) => select(site, snap, delta, &state.dirty, candidates),
            _ => candidates,
        };
        if debug() {
            eprintln!("  {} pages selected", selected.len());
        }
        let sink = MemSink::new();
        let n = pages::render_jobs(site, &state.tera, &sink, &selected, diags)
            .map_err(BuildError::from)?;
        if everything {
            pages::write_theme_files(site, &sink).map_err(BuildError::from)?;
        }
        if everything || items_changed {
            pipeline::write_feeds(site, &sink)?;
        }
        let static_files = copy_static(root, &sink, state.dirty_static, diags);
        for a in &site.assets {
            if state.dirty_all || state.dirty_assets.contains(a) {
                if let Err(e) = crate::pipeline::copy_asset(root, a, &sink, diags) {
                    diags.error(Path::new(a), Pos::new(1, 1), e.to_string());
                }
            }
        }
        if diags.has_errors() {
            return Ok((Vec::new(), n));
        }
        let mut changed = out.update(sink.into_files())?;
        if let Some(mut keep) = keep {
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
            changed.extend(out.retain(&keep)?);
        }
        debug_lap("render+write", lap);
        Ok((changed, n))
    }

    /// Starts updating the search index on a thread of its own, when something it shows
    /// changed, no update runs and the pages are served. Pages go on being rebuilt meanwhile
    /// (an index build takes seconds on a large site); [`Engine::finish_search`] writes its
    /// files. Returns whether an update started.
    pub fn start_search(&mut self) -> bool {
        if !self.search_pending || self.search_job.is_some() {
            return false;
        }
        self.search_pending = false;
        let Some(state) = self.state.as_ref() else {
            return false;
        };
        let Some(site) = state.site.as_ref() else {
            // The pages themselves are not served: the search index follows them.
            return false;
        };
        if !state.dirty.is_empty() {
            return false;
        }
        if self.search_langs.as_ref().is_some_and(BTreeSet::is_empty) {
            return false;
        }
        let stale = self.search_langs.replace(BTreeSet::new());
        let corpora =
            crate::search::corpora_of(site, &|l| stale.as_ref().is_none_or(|s| s.contains(l)));
        let langs = site.config.language_codes();
        let groups = crate::search::term_groups(site);
        let built: Vec<String> = corpora.iter().map(|c| c.lang.clone()).collect();
        let (root, scratch) = (self.root.clone(), self.scratch.clone());
        self.search_job = Some(SearchJob {
            handle: std::thread::spawn(move || {
                search_files(&corpora, &langs, &groups, &root, &scratch)
            }),
            langs: built,
            whole: stale.is_none(),
            started: Instant::now(),
        });
        true
    }

    /// True while a search index update runs.
    pub fn search_running(&self) -> bool {
        self.search_job.is_some()
    }

    /// Writes the files of the search index update started last, once it has finished (with
    /// `wait`, waits for it). `None` when no update runs, or it is still running.
    pub fn finish_search(&mut self, wait: bool) -> Option<Result<Rebuild, ServeError>> {
        let job = self.search_job.take()?;
        if !wait && !job.handle.is_finished() {
            self.search_job = Some(job);
            return None;
        }
        let SearchJob {
            handle,
            langs,
            whole,
            started,
        } = job;
        let files = handle
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        let r = self.write_search(files, &langs, whole).map(|mut r| {
            r.millis = started.elapsed().as_secs_f64() * 1000.0;
            r.indexed = langs;
            r
        });
        Some(r)
    }

    /// Writes the search files an update made; removes the files of the languages it indexed
    /// again (of every language, when it indexed them all) that it did not make.
    fn write_search(
        &mut self,
        files: Result<BTreeMap<String, Vec<u8>>, ServeError>,
        langs: &[String],
        whole: bool,
    ) -> Result<Rebuild, ServeError> {
        let files = files?;
        let mut r = Rebuild {
            mode: "search",
            ..Rebuild::default()
        };
        let rebuilt: Vec<String> = langs.iter().map(|l| format!("search/{l}/")).collect();
        let mut keep: BTreeSet<String> = self
            .out
            .paths()
            .into_iter()
            .filter(|p| {
                !p.starts_with("search/")
                    || (!whole && !rebuilt.iter().any(|prefix| p.starts_with(prefix)))
            })
            .collect();
        keep.extend(files.keys().cloned());
        r.changed = self.out.update(files)?;
        r.changed.extend(self.out.retain(&keep)?);
        Ok(r)
    }

    /// Brings the search index up to date now, waiting for it: finishes an update that runs,
    /// then makes one when something changed since. `None` when there was nothing to do (or
    /// the pages themselves are not served).
    pub fn update_search(&mut self) -> Result<Option<Rebuild>, ServeError> {
        let running = self.finish_search(true).transpose()?;
        if !self.start_search() {
            return Ok(running);
        }
        self.finish_search(true).transpose()
    }
}

/// A search index update running on a thread of its own: the files it makes for `search/`.
struct SearchJob {
    handle: std::thread::JoinHandle<Result<BTreeMap<String, Vec<u8>>, ServeError>>,
    /// The languages it indexes again.
    langs: Vec<String>,
    /// It indexes every language (the files of languages gone are removed).
    whole: bool,
    started: Instant,
}

/// What a rebuild renders pages from.
enum Plan {
    /// Every page of the site is a candidate; files no longer produced are removed.
    Everything,
    /// Only these pages are candidates: the site's set of pages did not change.
    Lean(Vec<(String, Route)>),
}

/// True when `LOUPE_SERVE_DEBUG` asks for the time of each step on stderr.
fn debug() -> bool {
    std::env::var_os("LOUPE_SERVE_DEBUG").is_some()
}

fn debug_lap(what: &str, since: Instant) {
    if debug() {
        eprintln!("  {what} {:.1} ms", since.elapsed().as_secs_f64() * 1000.0);
    }
}

/// The pages of `candidates` whose inputs differ from what `snap` recorded of the last site
/// served (`delta` tells what changed since).
fn select(
    site: &Site,
    snap: &Snapshot,
    delta: &Delta,
    dirty: &BTreeSet<String>,
    candidates: Vec<(String, Route)>,
) -> Vec<(String, Route)> {
    let nav_changed: HashSet<&str> = delta
        .nav
        .iter()
        .filter(|(l, h)| snap.nav.get(*l) != Some(*h))
        .map(|(l, _)| l.as_str())
        .collect();
    // Documents whose summary in lists changed, as (lang, kind, tags) before and after.
    let mut item_changed: HashSet<&str> = HashSet::new();
    let mut touched: Vec<(&str, Kind, &[String])> = Vec::new();
    let mut minutes_langs: HashSet<&str> = HashSet::new();
    for (cp, n) in &delta.docs {
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
    if delta.whole {
        for (cp, o) in &snap.docs {
            if !delta.docs.contains_key(cp) {
                touched.push((o.lang.as_str(), o.kind, &o.tags));
            }
        }
    }
    let item_touch = |lang: &str, pred: &dyn Fn(Kind, &[String]) -> bool| {
        touched.iter().any(|(l, k, t)| *l == lang && pred(*k, t))
    };
    let tag_touched = |tag: &str| touched.iter().any(|(_, _, t)| t.iter().any(|x| x == tag));
    candidates
        .into_iter()
        .filter(|(_, job)| match job {
            Route::Doc(i) => {
                let d = &site.docs[*i];
                let cp = d.page.content_path.as_str();
                let lang = d.page.lang.as_str();
                let (Some(o), Some(n)) = (snap.docs.get(cp), delta.get(snap, cp)) else {
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
            Route::Home(l) => {
                nav_changed.contains(l.as_str()) || item_touch(l, &|k, _| k.is_document())
            }
            Route::Section(l, kind) => {
                nav_changed.contains(l.as_str()) || item_touch(l, &|k, _| k == *kind)
            }
            Route::Terms(l, _) => {
                nav_changed.contains(l.as_str()) || item_touch(l, &|k, _| k.is_document())
            }
            Route::Tag(l, folder, tag) => {
                nav_changed.contains(l.as_str())
                    || tag_touched(&format!("{}/{tag}", folder.folder()))
            }
            Route::Register(l) => {
                nav_changed.contains(l.as_str())
                    || minutes_langs.contains(l.as_str())
                    || item_touch(l, &|k, _| k == Kind::Minutes)
            }
            Route::Glossary(l) | Route::Search(l) => nav_changed.contains(l.as_str()),
            Route::Root | Route::NotFound => !nav_changed.is_empty(),
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
    let mut out = Vec::new();
    for (rel, full) in load::static_files(root, diags) {
        if write {
            copy(root, &full, &rel, sink, diags);
        }
        out.push(rel);
    }
    out
}

/// Builds the search index as `loupe build` does, into a scratch folder, and returns its
/// files as they go into the output.
fn search_files(
    corpora: &[search_index::LanguageCorpus],
    langs: &[String],
    groups: &[search_index::TermGroup],
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
    crate::search::build_from(corpora, langs, groups, root, &scratch_site)
        .map_err(BuildError::from)?;
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
