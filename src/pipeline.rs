//! One build, stage by stage: load → validate and resolve → render → search index → write.

use crate::io_error;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::content::assets::{self, AssetKind};
use crate::content::load::CONTENT_DIR;
use crate::content::review::{self, ReviewRecord};
use crate::diagnostics::{Diagnostics, Pos};
use crate::incremental::{self, Stamp};
use crate::output::Staging;
use crate::render::record::{self, Fact, Facts};
use crate::render::{pages, Discard, Sink, WriteError};
use crate::site::routes::{self, Edition};
use crate::site::{self, Site};
use crate::workspace::Workspace;

/// What to do.
#[derive(Debug, Clone)]
pub struct Options {
    /// The site folder (with `loupe.yaml`).
    pub root: PathBuf,
    /// Where the site goes; `None` checks only and writes nothing.
    pub output: Option<PathBuf>,
    /// Replace a non-empty output folder even when loupe did not make it.
    pub force: bool,
    /// Build everything, ignoring what the last build recorded (see `crate::incremental`).
    pub clean: bool,
}

/// The time one stage took.
#[derive(Debug, Clone)]
pub struct Timing {
    /// Stage name.
    pub stage: &'static str,
    /// Seconds.
    pub seconds: f64,
}

/// The result of a build or check.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Every problem found.
    pub diagnostics: Diagnostics,
    /// Pages rendered.
    pub pages: usize,
    /// Pages of the output left as the last build wrote them (an incremental build).
    pub unchanged: usize,
    /// Stage timings, in order.
    pub timings: Vec<Timing>,
    /// Bytes of the client search index.
    pub search_bytes: u64,
    /// The languages whose search index was updated in place (after an edit), not built
    /// from scratch.
    pub search_in_place: Vec<String>,
    /// The review record of every guidance note, for `loupe check` to list the ones due.
    pub reviews: Vec<ReviewRecord>,
    /// What each language lacks (when the site could be loaded).
    pub translations: Option<crate::site::status::Status>,
    /// The workshop packs of the site, for `loupe pack`.
    pub packs: Vec<PackInfo>,
}

/// A workshop pack of a built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackInfo {
    /// Its language.
    pub lang: String,
    /// Its name (the file name without `.yaml`).
    pub name: String,
    /// Its title.
    pub title: String,
    /// Each edition with its output path, participant first.
    pub editions: Vec<(Edition, String)>,
}

/// A build that could not write its output (content problems are in [`Outcome`] instead).
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// Writing a rendered file failed.
    #[error(transparent)]
    Write(#[from] WriteError),
    /// Other I/O on the output.
    #[error(transparent)]
    Io(#[from] crate::io_error::PathIoError),
    /// The search index could not be built.
    #[error(transparent)]
    Search(#[from] search_index::SearchError),
    /// The output folder may not be used.
    #[error(transparent)]
    Output(#[from] crate::output::OutputError),
}

struct Clock {
    last: Instant,
    timings: Vec<Timing>,
}

impl Clock {
    fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.timings.push(Timing {
            stage,
            seconds: (now - self.last).as_secs_f64(),
        });
        self.last = now;
    }
}

/// Loads the site at `root` and assembles it: everything up to rendering. Problems of the
/// inputs and of the assembly go to `diags`.
pub fn load_site(root: &Path, diags: &mut Diagnostics) -> Option<(Workspace, Site)> {
    let ws = Workspace::open(root);
    diags.extend(ws.diagnostics());
    let site = site::assemble(&ws, diags)?;
    Some((ws, site))
}

/// Runs a build (or a check when `options.output` is `None`).
pub fn run(options: &Options) -> Result<Outcome, BuildError> {
    let mut out = Outcome::default();
    let mut clock = Clock {
        last: Instant::now(),
        timings: Vec::new(),
    };
    if let Some(target) = &options.output {
        crate::output::check_location(&options.root, target, crate::output::MARKER, options.force)?;
    }
    // The record of the last build is decoded on a thread of its own while the configuration
    // and the theme load and the content files' stamps are read.
    let loading = match &options.output {
        Some(target) if !options.clean => crate::output::resolve(target).ok().map(|t| {
            let root = options.root.clone();
            std::thread::spawn(move || incremental::load(&root, &t))
        }),
        _ => None,
    };
    let scanned = Workspace::scan(&options.root);
    let mut previous = loading.and_then(|job| job.join().ok().flatten());
    // The record's parts of the content files, to save again those that did not change.
    let earlier = previous.as_mut().and_then(|p| p.earlier.take());
    // The record's content files are used whatever became of the output; whether the
    // output is still as the record says is read while the content loads.
    let output_unchanged = previous
        .as_ref()
        .map(|p| incremental::output_unchanged(p.output.clone(), p.written.clone()));
    let diags = &mut out.diagnostics;
    let ws = scanned.read(previous.as_ref().map(|p| (&p.files, p.reading)));
    diags.extend(ws.diagnostics());
    let Some(site) = site::assemble_reusing(&ws, diags, previous.as_ref().map(|p| &p.related))
    else {
        return Ok(out);
    };
    out.reviews = review::guidance_records(&site);
    out.translations = Some(crate::site::status::translation_status(&site));
    out.packs = site
        .packs
        .iter()
        .map(|p| PackInfo {
            lang: p.file.lang.clone(),
            name: p.file.name.clone(),
            title: p.file.title.clone(),
            editions: Edition::ALL
                .iter()
                .map(|&e| (e, routes::pack(&p.file.lang, &p.file.name, e)))
                .collect(),
        })
        .collect();
    clock.lap("load, validate, markdown, links");
    let Some(tera) = ws.base().map(|b| b.tera.clone()) else {
        return Ok(out);
    };
    let tera = tera.as_ref();
    if diags.has_errors() {
        out.timings = clock.timings;
        return Ok(out);
    }
    let Some(target) = &options.output else {
        out.pages = render_into(&site, tera, &options.root, &Discard, diags)?;
        clock.lap("render");
        out.timings = clock.timings;
        return Ok(out);
    };
    let target_abs = crate::output::resolve(target).map_err(io_error::at(target))?;
    let base = incremental::base_hash(&ws);
    let output_unchanged = output_unchanged.is_some_and(|job| job.join().unwrap_or(false));
    let previous = previous.filter(|p| p.base == base && output_unchanged);
    // With a record of the build that made the output, only the changes are written, into
    // the output itself once the build has succeeded; otherwise a fresh staging folder.
    let staging = match &previous {
        Some(_) => Staging::in_place(target, incremental::state_path(&options.root, &target_abs)),
        None => Staging::new(target),
    }
    .map_err(io_error::at(target))?;
    // The record's content files are written as soon as the pages are rendered (see
    // `write_all`), completed once the build has succeeded.
    let files = ws.file_entries();
    let reading = ws.reading().unwrap_or_default();
    let record_parts = || {
        incremental::write_parts(
            &options.root,
            &target_abs,
            &files,
            reading,
            earlier.as_ref(),
        )
    };
    let result = write_all(
        &site,
        tera,
        &staging,
        options,
        previous.as_ref(),
        &record_parts,
        diags,
        &mut clock,
    );
    let (written, stamps) = match result {
        Ok(w) if !diags.has_errors() => {
            staging.flush().map_err(io_error::at(target))?;
            // The output's stamps without reading the whole folder again: in place, from the
            // record of the build before and what this one changed; in a staging folder, as
            // its files were written.
            let stamps = staging.stamps_after(previous.as_ref().map(|p| &p.written));
            staging.commit().map_err(io_error::at(target))?;
            clock.lap("write");
            (w, stamps)
        }
        Ok(_) => {
            staging.abandon();
            out.timings = clock.timings;
            return Ok(out);
        }
        Err(e) => {
            staging.abandon();
            return Err(e);
        }
    };
    out.pages = written.pages;
    out.unchanged = written.unchanged;
    out.search_bytes = written.search_bytes;
    out.search_in_place = written.search_in_place;
    let parts = match written.parts {
        Some(parts) => parts,
        None => record_parts(),
    };
    let state = incremental::State {
        binary: incremental::binary_id(),
        output: target_abs.clone(),
        base,
        reading,
        parts: parts
            .as_ref()
            .map(|p| p.signatures.clone())
            .unwrap_or_default(),
        files,
        earlier: None,
        facts: written.facts,
        pages: written.read,
        related: site.related_chosen(),
        copied: written.copied,
        search: written.search,
        written: stamps.unwrap_or_else(|| incremental::written(&target_abs)),
    };
    if parts
        .and_then(|p| incremental::save(&options.root, &state, p))
        .is_err()
    {
        // The next build is a full one; this one is complete.
        incremental::forget(&options.root, &target_abs);
    }
    clock.lap("record");
    out.timings = clock.timings;
    // Freeing what the build read and made (millions of allocations at 10,000 documents per
    // language, ~0.3 s) is left to a thread of its own: the build is done, and a process
    // that ends first need not free them at all.
    std::thread::spawn(move || drop((ws, site, previous, state, earlier)));
    Ok(out)
}

/// What [`write_all`] wrote.
struct Written {
    /// Pages rendered.
    pages: usize,
    /// Pages left as the previous build wrote them.
    unchanged: usize,
    /// Bytes of the client search index written.
    search_bytes: u64,
    /// The languages whose search index was updated in place.
    search_in_place: Vec<String>,
    /// The facts of the site.
    facts: Facts,
    /// The facts each page read, by output path.
    read: HashMap<String, Vec<Fact>>,
    /// Copied files by output path, with the stamp of their source.
    copied: BTreeMap<String, Stamp>,
    /// Each language's search corpus hash.
    search: BTreeMap<String, u64>,
    /// The record's content files, written once the pages were rendered without a problem.
    parts: Option<std::io::Result<incremental::Parts>>,
}

/// Writes the site into `staging`: all of it, or, from a copy of the previous output and the
/// record of the build that made it (`previous`), only what changed since.
#[expect(
    clippy::too_many_arguments,
    reason = "the build's inputs, the record of the one before, and how to start this one's"
)]
fn write_all(
    site: &Site,
    tera: &tera::Tera,
    staging: &Staging,
    options: &Options,
    previous: Option<&incremental::State>,
    record_parts: &dyn Fn() -> std::io::Result<incremental::Parts>,
    diags: &mut Diagnostics,
    clock: &mut Clock,
) -> Result<Written, BuildError> {
    let root = options.root.as_path();
    // The languages whose search index is built again: all, or those whose corpus changed.
    let search = incremental::search_hashes(site);
    let stale: Vec<String> = match previous {
        Some(p) if p.search.get("") == search.get("") => site
            .config
            .language_codes()
            .into_iter()
            .filter(|l| p.search.get(l) != search.get(l))
            .collect(),
        _ => site.config.language_codes(),
    };
    if let Some(p) = previous {
        for lang in p
            .search
            .keys()
            .filter(|l| !l.is_empty() && !search.contains_key(*l))
        {
            let dir = routes::search_lang_dir(lang);
            staging
                .renew(&dir, true)
                .map_err(io_error::at(Path::new(&dir)))?;
        }
    }
    if !stale.is_empty() {
        // The files in `search/` itself are written again, and so are the folders of the
        // languages indexed again: what the export does not write there any more goes.
        staging
            .renew(routes::SEARCH_DIR, false)
            .map_err(io_error::at(Path::new(routes::SEARCH_DIR)))?;
        for lang in &stale {
            let dir = routes::search_lang_dir(lang);
            staging
                .renew(&dir, true)
                .map_err(io_error::at(Path::new(&dir)))?;
        }
    }
    // The search index is built on a thread of its own while the pages render: each leaves
    // part of the two cores idle, and they write into different folders.
    let (rendered, built, facts, all, parts) = std::thread::scope(|scope| {
        let indexing = (!stale.is_empty()).then(|| {
            scope.spawn(|| {
                let corpora = crate::search::corpora_of(site, &|l| stale.iter().any(|s| s == l));
                crate::search::build_from(
                    &corpora,
                    &site.config.language_codes(),
                    &crate::search::term_groups(site),
                    root,
                    staging,
                    // A clean build starts the search index from scratch too.
                    !options.clean,
                )
            })
        });
        // What to render is found once the search index is under way (it needs none of it).
        let facts = Facts::of(site);
        let all = routes::all(site);
        let selected = match previous {
            Some(p) => record::stale(&all, &p.pages, &p.facts.changed(&facts)),
            None => all.clone(),
        };
        let rendered = render_and_copy(site, tera, staging, root, previous, &all, &selected, diags);
        // The render stage is the render's own time; the search stages, measured on their
        // thread, overlap it, so the stages add up to more than the build's wall time.
        clock.lap("render");
        // The record's content files depend on nothing the build makes: they are encoded
        // while the search index is finished, which often leaves a core idle by then.
        let parts = (rendered.is_ok() && !diags.has_errors()).then(|| {
            let t = Instant::now();
            let parts = record_parts();
            clock.timings.push(Timing {
                stage: "record: content files",
                seconds: t.elapsed().as_secs_f64(),
            });
            parts
        });
        let built = indexing.map(|job| job.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
        (rendered, built, facts, all, parts)
    });
    let Pages {
        pages,
        read,
        copied,
    } = rendered?;
    let unchanged = all
        .iter()
        .filter(|(u, _)| u.ends_with(".html"))
        .count()
        .saturating_sub(pages);
    if diags.has_errors() {
        // `built`, dropped, removes its tantivy indexes: `loupe search` keeps the last good one.
        return Ok(Written {
            pages,
            unchanged,
            search_bytes: 0,
            search_in_place: Vec::new(),
            facts,
            read,
            copied,
            search: BTreeMap::new(),
            parts: None,
        });
    }
    let mut search_bytes = 0;
    let mut search_in_place = Vec::new();
    if let Some(built) = built {
        let indexed = built?.keep();
        if let Some(why) = indexed.kept {
            diags.warning(
                &crate::search::tantivy_dir(Path::new("")),
                Pos::new(1, 1),
                why,
            );
        }
        let report = indexed.report;
        // These overlap the render stage: its time and theirs are each measured alone.
        clock.timings.push(Timing {
            stage: "search index",
            seconds: report.index_seconds,
        });
        clock.timings.push(Timing {
            stage: "search export",
            seconds: report.export_seconds,
        });
        clock.last = Instant::now();
        search_bytes = report.client_bytes;
        search_in_place = report.in_place;
    }
    // The offline lists read the output as this build leaves it: in place, the changes are
    // applied first (the build has found no problem).
    staging.flush().map_err(io_error::at(staging.dir()))?;
    crate::offline::write(site, staging.dir(), staging)?;
    staging.flush().map_err(io_error::at(staging.dir()))?;
    Ok(Written {
        pages,
        unchanged,
        search_bytes,
        search_in_place,
        facts,
        read,
        copied,
        search,
        parts,
    })
}

/// Renders the `selected` routes, writes the theme's files (in a full build) and the changed
/// assets, and removes what the previous build wrote that this one no longer makes. Returns the
/// pages rendered, the facts each page read and the copied files' stamps.
#[expect(
    clippy::too_many_arguments,
    reason = "the build's inputs, passed as write_all has them"
)]
fn render_and_copy(
    site: &Site,
    tera: &tera::Tera,
    staging: &Staging,
    root: &Path,
    previous: Option<&incremental::State>,
    all: &[(String, routes::Route)],
    selected: &[(String, routes::Route)],
    diags: &mut Diagnostics,
) -> Result<Pages, BuildError> {
    let rendered = pages::render_routes(site, tera, staging, selected, diags)?;
    if previous.is_none() {
        pages::write_theme_files(site, staging)?;
    }
    let copied = copy_changed(site, root, staging, previous.map(|p| &p.copied), diags)?;
    let mut read = previous.map(|p| p.pages.clone()).unwrap_or_default();
    let routed: std::collections::HashSet<&str> = all.iter().map(|(u, _)| u.as_str()).collect();
    read.retain(|url, _| routed.contains(url.as_str()));
    let pages = rendered
        .pages
        .iter()
        .filter(|(rel, _)| rel.ends_with(".html"))
        .count();
    read.extend(rendered.pages);
    if let Some(p) = previous {
        // What the previous build wrote and this one does not make any more.
        let mut made: std::collections::HashSet<&str> =
            all.iter().map(|(u, _)| u.as_str()).collect();
        made.extend(copied.keys().map(String::as_str));
        let theme: Vec<String> = site
            .theme
            .static_files
            .keys()
            .map(|k| routes::theme_file(k))
            .collect();
        made.extend(theme.iter().map(String::as_str));
        let offline = routes::offline_files(site);
        made.extend(offline.iter().map(String::as_str));
        for rel in p.written.keys() {
            if !rel.starts_with(routes::SEARCH_DIR)
                && rel != crate::output::MARKER
                && !made.contains(rel.as_str())
            {
                staging.remove(rel).map_err(io_error::at(Path::new(rel)))?;
            }
        }
    }
    Ok(Pages {
        pages,
        read,
        copied,
    })
}

/// What [`render_and_copy`] did.
struct Pages {
    /// Pages rendered.
    pages: usize,
    /// The facts each page read, by output path.
    read: HashMap<String, Vec<Fact>>,
    /// Copied files by output path, with the stamp of their source.
    copied: BTreeMap<String, Stamp>,
}

/// Copies the files of `static/` and the content assets whose source changed since the stamps
/// `previous` recorded (all of them without a record). Returns every copied file's stamp.
fn copy_changed(
    site: &Site,
    root: &Path,
    sink: &dyn Sink,
    previous: Option<&BTreeMap<String, Stamp>>,
    diags: &mut Diagnostics,
) -> Result<BTreeMap<String, Stamp>, BuildError> {
    let mut copied = BTreeMap::new();
    let unchanged = |rel: &str, stamp: Option<Stamp>| {
        stamp.is_some() && previous.and_then(|p| p.get(rel)).copied() == stamp
    };
    for (rel, full) in &site.static_files {
        let stamp = Stamp::of(full);
        if !unchanged(rel, stamp) {
            let bytes = std::fs::read(full).map_err(io_error::at(full))?;
            sink.write(rel, &bytes)
                .map_err(io_error::at(Path::new(rel)))?;
        }
        copied.extend(stamp.map(|s| (rel.clone(), s)));
    }
    for rel in &site.assets {
        let stamp = Stamp::of(&root.join(CONTENT_DIR).join(rel));
        if !unchanged(rel, stamp) {
            copy_asset(root, rel, sink, diags)?;
        }
        copied.extend(stamp.map(|s| (rel.clone(), s)));
    }
    Ok(copied)
}

/// Renders every route of `site` (pages, feeds) and the theme's files into `sink`, and copies
/// its files: everything a build writes except the search index. Returns the number of pages
/// rendered.
pub fn render_into(
    site: &Site,
    tera: &tera::Tera,
    root: &Path,
    sink: &dyn Sink,
    diags: &mut Diagnostics,
) -> Result<usize, BuildError> {
    let rendered = pages::render_site(site, tera, sink, diags)?;
    copy_changed(site, root, sink, None, diags)?;
    Ok(rendered
        .pages
        .iter()
        .filter(|(rel, _)| rel.ends_with(".html"))
        .count())
}

/// Publishes the content asset `rel` (relative to `content/`) into `sink`: as it is, or, for
/// SVG images, sanitised. An SVG that cannot be read is an error at its path.
pub fn copy_asset(
    root: &Path,
    rel: &str,
    sink: &dyn Sink,
    diags: &mut Diagnostics,
) -> Result<(), BuildError> {
    let src = root.join(CONTENT_DIR).join(rel);
    let bytes = std::fs::read(&src).map_err(io_error::at(&src))?;
    let bytes = match assets::classify(rel) {
        Ok(AssetKind::Copied) => bytes,
        Ok(AssetKind::Svg) => match assets::sanitize_svg(&bytes) {
            Ok(clean) => clean,
            Err(why) => {
                diags.error(&Path::new(CONTENT_DIR).join(rel), Pos::new(1, 1), why);
                return Ok(());
            }
        },
        // Refused files never reach the site's assets (see `content::load`).
        Err(_) => return Ok(()),
    };
    Ok(sink
        .write(rel, &bytes)
        .map_err(io_error::at(Path::new(rel)))?)
}
