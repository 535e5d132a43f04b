//! Rebuilds for `loupe serve`: watch → apply → assemble → render the changed routes → write →
//! notify.
//!
//! The engine keeps the site's `Workspace` and applies each batch of changed paths to it. An
//! edit that keeps the site's shape (pages changed in place) patches the assembled site; any
//! other change assembles it again from the workspace. Then the facts of the site are hashed
//! (`Facts`): a page is rendered again when it is new or a fact it read when it was last
//! rendered changed. Everything is rendered with the same code as `loupe build`, into memory;
//! only when there is no error are the changed files written, so a broken file leaves the last
//! good pages served.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::time::Instant;

use super::output::{MemSink, Output};
use super::ServeError;
use crate::diagnostics::{Diagnostics, Pos};
use crate::pipeline::{self, BuildError};
use crate::render::pages;
use crate::render::record::{Fact, Facts};
use crate::site::routes::{self, Route};
use crate::site::{self, Site};
use crate::workspace::{Applied, Changes, Item, Workspace};

/// How a rebuild was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Everything read and rendered again (start, `loupe.yaml`).
    #[default]
    Full,
    /// Pages changed in place: the assembled site was patched.
    Edit,
    /// The site was assembled again from the workspace.
    Assemble,
    /// The theme or templates changed: every page rendered again.
    Theme,
    /// Only `static/` changed: files copied, no page rendered.
    Static,
    /// The search index was updated.
    Search,
}

impl Mode {
    /// The mode's name, as the status and the terminal show it.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Full => "full",
            Mode::Edit => "edit",
            Mode::Assemble => "assemble",
            Mode::Theme => "theme",
            Mode::Static => "static",
            Mode::Search => "search",
        }
    }
}

impl std::fmt::Display for Mode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

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
    /// How it was made.
    pub mode: Mode,
    /// Languages whose search index was built again.
    pub indexed: Vec<String>,
}

/// What the served folder holds: the facts of the site it was rendered from, and the facts
/// each page read.
struct Served {
    facts: Facts,
    pages: HashMap<String, Vec<Fact>>,
}

/// What changed since the served folder was last written, besides the pages.
#[derive(Default)]
struct Pending {
    /// Render and copy everything (start, theme, `loupe.yaml`).
    everything: bool,
    /// Copy `static/` again.
    statics: bool,
    /// Content assets to copy again.
    assets: BTreeSet<String>,
}

/// The rebuild state of one served site.
pub struct Engine {
    ws: Workspace,
    out: Output,
    /// The site assembled from the workspace as it is now (whether it built or not).
    site: Option<Site>,
    /// The problems of assembling `site`.
    site_diags: Diagnostics,
    served: Option<Served>,
    /// The served folder shows the site as it is now (the last rebuild wrote it).
    in_sync: bool,
    pending: Pending,
    search: SearchState,
}

/// Where the search index stands.
#[derive(Default)]
struct SearchState {
    /// Something it shows changed since it was last built.
    pending: bool,
    /// Languages whose index is older than their pages (`None`: every language).
    langs: Option<BTreeSet<String>>,
    /// The translation groups the index was last built with, per language: a page added or
    /// removed in one language changes the groups of its translations in the others.
    translations: BTreeMap<String, u64>,
    job: Option<SearchJob>,
}

impl Engine {
    /// Prepares to serve the site at `root` from `out_dir` (emptied when loupe made it).
    pub fn new(root: &Path, out_dir: &Path) -> Result<Engine, ServeError> {
        let out = Output::create(out_dir)?;
        Ok(Engine {
            ws: Workspace::open(root),
            out,
            site: None,
            site_diags: Diagnostics::new(),
            served: None,
            in_sync: false,
            pending: Pending {
                everything: true,
                ..Pending::default()
            },
            search: SearchState::default(),
        })
    }

    /// The served folder.
    pub fn output_dir(&self) -> &Path {
        self.out.dir()
    }

    /// True when the search index waits for an update ([`Engine::update_search`]).
    pub fn search_pending(&self) -> bool {
        self.search.pending
    }

    /// Reads everything again and renders every page, as `loupe build` does.
    pub fn full(&mut self) -> Result<Rebuild, ServeError> {
        let started = Instant::now();
        self.ws = Workspace::open(self.ws.root());
        self.assemble();
        self.pending.everything = true;
        self.search.pending = true;
        self.search.langs = None;
        let mut r = self.render(Mode::Full, started)?;
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
        if changes.config || self.site.is_none() {
            return self.full();
        }
        let applied = self.ws.apply(changes);
        self.note_search(&applied);
        let mode = if applied.base {
            self.pending.everything = true;
            self.assemble();
            Mode::Theme
        } else if applied.content.is_empty() {
            self.refresh_static();
            Mode::Static
        } else if self.patch(&applied.content) {
            if applied.statics {
                self.refresh_static();
            }
            Mode::Edit
        } else {
            self.assemble();
            Mode::Assemble
        };
        self.pending.statics |= applied.statics;
        for cp in &applied.content {
            if matches!(self.ws.get(cp).map(|e| &e.item), Some(Item::Asset)) {
                self.pending.assets.insert(cp.clone());
            }
        }
        self.render(mode, started)
    }

    /// Takes the workspace's list of `static/` files into the site, and checks its outputs
    /// again (a static file may now clash with a page).
    fn refresh_static(&mut self) {
        if self.site_diags.has_errors() {
            // Other problems of the assembly would be lost: assemble it all.
            return self.assemble();
        }
        if let Some(site) = self.site.as_mut() {
            site.static_files = self.ws.static_files().to_vec();
            let mut diags = Diagnostics::new();
            site::outputs::check(site, &mut diags);
            self.site_diags = diags;
        }
    }

    /// Assembles the site again from the workspace.
    fn assemble(&mut self) {
        let mut diags = Diagnostics::new();
        self.site = site::assemble(&self.ws, &mut diags);
        self.site_diags = diags;
    }

    /// Patches the site for the content paths `changed`, when each is a page already
    /// published that keeps its language, type, URL and translation key, and the site built
    /// cleanly last time. Returns whether it did.
    fn patch(&mut self, changed: &BTreeSet<String>) -> bool {
        if self.site_diags.has_errors() {
            return false;
        }
        let Some(site) = self.site.as_mut() else {
            return false;
        };
        let mut edits = Vec::new();
        for cp in changed {
            let Some(&i) = site.index.get(cp) else {
                return false;
            };
            let Some(entry) = self.ws.get(cp) else {
                return false;
            };
            let Item::Page(page, rendered) = &entry.item else {
                return false;
            };
            let old = &site.docs[i];
            if entry.diags.has_errors()
                || page.lang != old.page.lang
                || page.kind != old.page.kind
                || page.fm.translation_key != old.page.fm.translation_key
                || routes::page(page).1 != old.url
            {
                return false;
            }
            edits.push((i, page.clone(), rendered.clone()));
        }
        let mut diags = Diagnostics::new();
        site::patch::apply(site, edits, &mut diags);
        self.site_diags = diags;
        true
    }

    /// Marks the search index of the languages `applied` touched as stale.
    fn note_search(&mut self, applied: &Applied) {
        self.search.pending = true;
        if applied.base || applied.all_content {
            self.search.langs = None;
            return;
        }
        for cp in &applied.content {
            let glossary = cp.ends_with("/glossary.yaml");
            if glossary {
                // The glossary pairs terms across languages for the search.
                self.search.langs = None;
                return;
            }
            if let (Some(langs), Some((lang, _))) = (self.search.langs.as_mut(), cp.split_once('/'))
            {
                langs.insert(lang.to_string());
            }
        }
    }

    /// Renders the pages whose recorded facts changed (every page when everything is pending),
    /// copies what changed, and writes it all when there is no error.
    fn render(&mut self, mode: Mode, started: Instant) -> Result<Rebuild, ServeError> {
        let mut r = Rebuild {
            mode,
            ..Rebuild::default()
        };
        self.in_sync = false;
        let mut diags = self.ws.diagnostics();
        diags.extend(self.site_diags.clone());
        let (Some(site), Some(base)) = (self.site.as_ref(), self.ws.base()) else {
            r.diagnostics = diags;
            return Ok(r);
        };
        if diags.has_errors() {
            r.diagnostics = diags;
            r.millis = started.elapsed().as_secs_f64() * 1000.0;
            return Ok(r);
        }
        let facts = Facts::of(site);
        let all = routes::all(site);
        let everything = self.pending.everything || self.served.is_none();
        let selected: Vec<(String, Route)> = match (&self.served, everything) {
            (Some(served), false) => {
                crate::render::record::stale(&all, &served.pages, &served.facts.changed(&facts))
            }
            _ => all.clone(),
        };
        let sink = MemSink::new();
        let rendered = pages::render_routes(site, &base.tera, &sink, &selected, &mut diags)
            .map_err(BuildError::from)?;
        if everything {
            pages::write_theme_files(site, &sink).map_err(BuildError::from)?;
        }
        if everything || self.pending.statics {
            for (rel, full) in &site.static_files {
                copy(full, rel, &sink, &mut diags);
            }
        }
        for a in &site.assets {
            if everything || self.pending.assets.contains(a) {
                pipeline::copy_asset(self.ws.root(), a, &sink, &mut diags)?;
            }
        }
        if diags.has_errors() {
            r.diagnostics = diags;
            r.millis = started.elapsed().as_secs_f64() * 1000.0;
            return Ok(r);
        }
        r.rendered = rendered.pages.len();
        r.changed = self.out.update(sink.into_files())?;
        let mut keep: BTreeSet<String> = all.iter().map(|(url, _)| url.clone()).collect();
        keep.extend(
            site.theme
                .static_files
                .keys()
                .map(|k| routes::theme_file(k)),
        );
        keep.extend(site.assets.iter().cloned());
        keep.extend(site.static_files.iter().map(|(rel, _)| rel.clone()));
        keep.extend(self.out.paths_under(routes::SEARCH_DIR));
        r.changed.extend(self.out.retain(&keep)?);

        let mut pages_read = match (self.served.take(), everything) {
            (Some(served), false) => served.pages,
            _ => HashMap::new(),
        };
        pages_read.retain(|url, _| keep.contains(url));
        pages_read.extend(rendered.pages);
        self.served = Some(Served {
            facts,
            pages: pages_read,
        });
        self.pending = Pending::default();
        self.in_sync = true;
        r.diagnostics = diags;
        r.millis = started.elapsed().as_secs_f64() * 1000.0;
        Ok(r)
    }

    /// Starts updating the search index on a thread of its own, when something it shows
    /// changed, no update runs and the pages are served. Pages go on being rebuilt meanwhile
    /// (an index build takes seconds on a large site); [`Engine::finish_search`] writes its
    /// files. Returns whether an update started.
    pub fn start_search(&mut self) -> bool {
        if !self.search.pending || self.search.job.is_some() {
            return false;
        }
        self.search.pending = false;
        // The search index follows the pages: nothing while they are not served as they are.
        let Some(site) = self.site.as_ref().filter(|_| self.in_sync) else {
            return false;
        };
        if self.search.langs.as_ref().is_some_and(BTreeSet::is_empty) {
            return false;
        }
        let mut stale = self.search.langs.replace(BTreeSet::new());
        let translations = crate::incremental::translation_hashes(site);
        if let Some(langs) = stale.as_mut() {
            for (lang, hash) in &translations {
                if self.search.translations.get(lang) != Some(hash) {
                    langs.insert(lang.clone());
                }
            }
        }
        self.search.translations = translations;
        let corpora =
            crate::search::corpora_of(site, &|l| stale.as_ref().is_none_or(|s| s.contains(l)));
        let langs = site.config.language_codes();
        let groups = crate::search::term_groups(site);
        let built: Vec<String> = corpora.iter().map(|c| c.lang.clone()).collect();
        let root = self.ws.root().to_path_buf();
        self.search.job = Some(SearchJob {
            handle: std::thread::spawn(move || search_files(&corpora, &langs, &groups, &root)),
            langs: built,
            whole: stale.is_none(),
            started: Instant::now(),
        });
        true
    }

    /// True while a search index update runs.
    pub fn search_running(&self) -> bool {
        self.search.job.is_some()
    }

    /// Writes the files of the search index update started last, once it has finished (with
    /// `wait`, waits for it). `None` when no update runs, or it is still running.
    pub fn finish_search(&mut self, wait: bool) -> Option<Result<Rebuild, ServeError>> {
        let job = self.search.job.take()?;
        if !wait && !job.handle.is_finished() {
            self.search.job = Some(job);
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
            mode: Mode::Search,
            ..Rebuild::default()
        };
        let rebuilt: Vec<String> = langs.iter().map(|l| routes::search_lang_dir(l)).collect();
        let mut keep: BTreeSet<String> = self
            .out
            .paths()
            .into_iter()
            .filter(|p| {
                !p.starts_with(routes::SEARCH_DIR)
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

/// Copies `full` to `rel` in `sink`; a file that cannot be read is an error at its path.
fn copy(full: &Path, rel: &str, sink: &dyn crate::render::Sink, diags: &mut Diagnostics) {
    match std::fs::read(full) {
        Ok(bytes) => {
            if let Err(e) = sink.write(rel, &bytes) {
                diags.error(Path::new(rel), Pos::new(1, 1), format!("cannot write: {e}"));
            }
        }
        Err(e) => diags.error(full, Pos::new(1, 1), format!("cannot read: {e}")),
    }
}

/// Builds the search index as `loupe build` does and returns its files as they go into the
/// output, kept in memory.
fn search_files(
    corpora: &[search_index::LanguageCorpus],
    langs: &[String],
    groups: &[search_index::TermGroup],
    root: &Path,
) -> Result<BTreeMap<String, Vec<u8>>, ServeError> {
    let sink = MemSink::new();
    // A `loupe search` index left as it was does not matter to what is served.
    crate::search::build_from(corpora, langs, groups, root, &sink, true)
        .map_err(BuildError::from)?
        .keep();
    Ok(sink.into_files())
}
