//! One build, stage by stage: load → validate and resolve → render → search index → write.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::config;
use crate::content::front_matter::Vocabulary;
use crate::content::load::{self, CONTENT_DIR};
use crate::content::review::{self, ReviewRecord};
use crate::diagnostics::{Diagnostics, Pos};
use crate::output::Staging;
use crate::render::{feeds, pages, templates, Discard, Sink, WriteError};
use crate::site::{self, Site};
use crate::theme;

/// What to do.
#[derive(Debug, Clone)]
pub struct Options {
    /// The site folder (with `loupe.yaml`).
    pub root: PathBuf,
    /// Where the site goes; `None` checks only and writes nothing.
    pub output: Option<PathBuf>,
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

/// Loads and resolves the site at `root`: everything up to rendering.
pub fn load_site(root: &Path, diags: &mut Diagnostics) -> Option<Site> {
    let config = config::load(root, diags)?;
    let codes = config.language_codes();
    let theme = theme::load(
        root,
        &config.theme,
        &codes,
        config.default_language(),
        diags,
    );
    let topics = config.topics.keys().cloned().collect();
    let vocab = Vocabulary {
        countries: &theme.country_codes,
        topics: &topics,
    };
    let loaded = load::load(root, &codes, &vocab, diags);
    for l in &codes {
        if !root.join(CONTENT_DIR).join(l).is_dir() {
            diags.warning(
                &PathBuf::from(CONTENT_DIR).join(l),
                Pos::new(1, 1),
                format!("language `{l}` is listed in loupe.yaml but has no content folder"),
            );
        }
    }
    Some(site::build(config, theme, loaded, diags))
}

/// Runs a build (or a check when `options.output` is `None`).
pub fn run(options: &Options) -> Result<Outcome, BuildError> {
    let mut out = Outcome::default();
    let mut clock = Clock {
        last: Instant::now(),
        timings: Vec::new(),
    };
    let diags = &mut out.diagnostics;
    let Some(site) = load_site(&options.root, diags) else {
        return Ok(out);
    };
    out.reviews = review::guidance_records(&site);
    clock.lap("load, validate, markdown, links");
    let Some(tera) = templates::compile(&site.theme, diags) else {
        return Ok(out);
    };
    if diags.has_errors() {
        out.timings = clock.timings;
        return Ok(out);
    }
    let Some(target) = &options.output else {
        out.pages = pages::render_site(&site, &tera, &Discard, diags)?;
        clock.lap("render");
        out.timings = clock.timings;
        return Ok(out);
    };
    let staging = Staging::new(target).map_err(io(target))?;
    let result = write_all(&site, &tera, &staging, &options.root, diags, &mut clock);
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
    let report = crate::search::build(site, root, staging.dir())?;
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

/// Renders every page, the feeds and the copied files of `site` into `sink`: everything a build
/// writes except the search index. Returns the number of pages rendered.
pub fn render_into(
    site: &Site,
    tera: &tera::Tera,
    root: &Path,
    sink: &dyn Sink,
    diags: &mut Diagnostics,
) -> Result<usize, BuildError> {
    let pages = pages::render_site(site, tera, sink, diags)?;
    write_feeds(site, sink)?;
    copy_files(site, root, sink, diags)?;
    Ok(pages)
}

/// Writes `sitemap.xml` and the Atom feeds (only when `base_url` is set) into `sink`.
pub fn write_feeds(site: &Site, sink: &dyn Sink) -> Result<(), BuildError> {
    for (rel, xml) in feeds::feeds(site) {
        sink.write(&rel, xml.as_bytes())
            .map_err(io(Path::new(&rel)))?;
    }
    Ok(())
}

/// Copies the site's `static/` folder to the output root, and content assets beside their pages.
pub fn copy_files(
    site: &Site,
    root: &Path,
    sink: &dyn Sink,
    diags: &mut Diagnostics,
) -> Result<(), BuildError> {
    let static_dir = root.join("static");
    if static_dir.is_dir() {
        for e in walkdir::WalkDir::new(&static_dir).sort_by_file_name() {
            let e = match e {
                Ok(e) => e,
                Err(err) => {
                    diags.error(
                        Path::new("static"),
                        Pos::new(1, 1),
                        format!("cannot read: {err}"),
                    );
                    continue;
                }
            };
            if !e.file_type().is_file() {
                continue;
            }
            let rel = e.path().strip_prefix(&static_dir).unwrap_or(e.path());
            let rel = rel.to_string_lossy().replace('\\', "/");
            let bytes = std::fs::read(e.path()).map_err(io(e.path()))?;
            sink.write(&rel, &bytes).map_err(io(Path::new(&rel)))?;
        }
    }
    for rel in &site.assets {
        let src = root.join(CONTENT_DIR).join(rel);
        let bytes = std::fs::read(&src).map_err(io(&src))?;
        sink.write(rel, &bytes).map_err(io(Path::new(rel)))?;
    }
    Ok(())
}
