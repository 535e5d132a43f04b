//! One build, stage by stage: load → validate and resolve → render → search index → write.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::content::assets::{self, AssetKind};
use crate::content::load::CONTENT_DIR;
use crate::content::review::{self, ReviewRecord};
use crate::diagnostics::{Diagnostics, Pos};
use crate::output::Staging;
use crate::render::{pages, Discard, Sink, WriteError};
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
    /// Stage timings, in order.
    pub timings: Vec<Timing>,
    /// Bytes of the client search index.
    pub search_bytes: u64,
    /// The review record of every guidance note, for `loupe check` to list the ones due.
    pub reviews: Vec<ReviewRecord>,
    /// What each language lacks (when the site could be loaded).
    pub translations: Option<crate::site::status::Status>,
}

/// A build that could not write its output (content problems are in [`Outcome`] instead).
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// Writing a rendered file failed.
    #[error(transparent)]
    Write(#[from] WriteError),
    /// Other I/O on the output.
    #[error("{path}: {source}")]
    Io {
        /// The path concerned.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The search index could not be built.
    #[error(transparent)]
    Search(#[from] search_index::SearchError),
    /// The output folder may not be used.
    #[error(transparent)]
    Output(#[from] crate::output::OutputError),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BuildError + '_ {
    move |source| BuildError::Io {
        path: path.to_path_buf(),
        source,
    }
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
    let diags = &mut out.diagnostics;
    let Some((ws, site)) = load_site(&options.root, diags) else {
        return Ok(out);
    };
    out.reviews = review::guidance_records(&site);
    out.translations = Some(crate::site::status::translation_status(&site));
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
    let staging = Staging::new(target).map_err(io(target))?;
    let result = write_all(&site, tera, &staging, &options.root, diags, &mut clock);
    match result {
        Ok((pages, search_bytes)) if !diags.has_errors() => {
            staging.commit().map_err(io(target))?;
            clock.lap("write");
            out.pages = pages;
            out.search_bytes = search_bytes;
        }
        Ok(_) => staging.abandon(),
        Err(e) => {
            staging.abandon();
            return Err(e);
        }
    }
    out.timings = clock.timings;
    Ok(out)
}

fn write_all(
    site: &Site,
    tera: &tera::Tera,
    staging: &Staging,
    root: &Path,
    diags: &mut Diagnostics,
    clock: &mut Clock,
) -> Result<(usize, u64), BuildError> {
    let pages = render_into(site, tera, root, staging, diags)?;
    clock.lap("render");
    if diags.has_errors() {
        return Ok((pages, 0));
    }
    let indexed = crate::search::build(site, root, staging.dir())?;
    if let Some(why) = indexed.kept {
        diags.warning(
            &crate::search::tantivy_dir(Path::new("")),
            Pos::new(1, 1),
            why,
        );
    }
    let report = indexed.report;
    clock.timings.push(Timing {
        stage: "search index",
        seconds: report.index_seconds,
    });
    clock.timings.push(Timing {
        stage: "search export",
        seconds: report.export_seconds,
    });
    clock.last = Instant::now();
    Ok((pages, report.client_bytes))
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
    copy_files(site, root, sink, diags)?;
    Ok(rendered
        .pages
        .iter()
        .filter(|(rel, _)| rel.ends_with(".html"))
        .count())
}

/// Copies the site's `static/` folder to the output root, and content assets beside their pages
/// (SVG images sanitised on the way; see [`crate::content::assets`]).
pub fn copy_files(
    site: &Site,
    root: &Path,
    sink: &dyn Sink,
    diags: &mut Diagnostics,
) -> Result<(), BuildError> {
    for (rel, full) in &site.static_files {
        let bytes = std::fs::read(full).map_err(io(full))?;
        sink.write(rel, &bytes).map_err(io(Path::new(rel)))?;
    }
    for rel in &site.assets {
        copy_asset(root, rel, sink, diags)?;
    }
    Ok(())
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
    let bytes = std::fs::read(&src).map_err(io(&src))?;
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
    sink.write(rel, &bytes).map_err(io(Path::new(rel)))
}
