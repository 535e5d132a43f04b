//! Rebuilds for `loupe serve`. Every rebuild renders into memory with the same code as
//! `loupe build`; only when it has no error are the changed files written to the served
//! folder, so a broken file leaves the last good pages served.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::output::{MemSink, Output};
use super::watch::Changes;
use super::ServeError;
use crate::diagnostics::Diagnostics;
use crate::pipeline::{self, BuildError};
use crate::render::templates;
use crate::site::Site;

/// What one rebuild did.
#[derive(Debug, Default)]
pub struct Rebuild {
    /// Every problem found (with errors, nothing was written).
    pub diagnostics: Diagnostics,
    /// Root-relative paths written or removed.
    pub changed: Vec<String>,
    /// Milliseconds from start to the changed pages being served.
    pub millis: f64,
    /// "full", "incremental", "theme" or "static".
    pub mode: &'static str,
}

/// The rebuild state of one served site.
pub struct Engine {
    root: PathBuf,
    out: Output,
    scratch: PathBuf,
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
        })
    }

    /// The served folder.
    pub fn output_dir(&self) -> &Path {
        self.out.dir()
    }

    /// Rebuilds everything from the files on disk, as `loupe build` does.
    pub fn full(&mut self) -> Result<Rebuild, ServeError> {
        let started = Instant::now();
        let mut r = Rebuild {
            mode: "full",
            ..Rebuild::default()
        };
        let diags = &mut r.diagnostics;
        let Some(site) = pipeline::load_site(&self.root, diags) else {
            return Ok(r);
        };
        let Some(tera) = templates::compile(&site.theme, diags) else {
            return Ok(r);
        };
        if diags.has_errors() {
            return Ok(r);
        }
        let sink = MemSink::new();
        pipeline::render_into(&site, &tera, &self.root, &sink, diags)?;
        if diags.has_errors() {
            return Ok(r);
        }
        let mut files = sink.into_files();
        files.extend(self.search_files(&site)?);
        let keep: BTreeSet<String> = files.keys().cloned().collect();
        r.changed = self.out.update(files)?;
        r.changed.extend(self.out.retain(&keep)?);
        r.millis = started.elapsed().as_secs_f64() * 1000.0;
        Ok(r)
    }

    /// Rebuilds after `changes`.
    pub fn apply(&mut self, changes: &Changes) -> Result<Rebuild, ServeError> {
        let _ = changes;
        self.full()
    }

    /// Builds the search index as `loupe build` does, into a scratch folder, and returns its
    /// files as they go into the output.
    fn search_files(&self, site: &Site) -> Result<BTreeMap<String, Vec<u8>>, ServeError> {
        let scratch_site = self.scratch.join("site");
        if scratch_site.exists() {
            std::fs::remove_dir_all(&scratch_site).map_err(|source| ServeError::Io {
                path: scratch_site.clone(),
                source,
            })?;
        }
        std::fs::create_dir_all(&scratch_site).map_err(|source| ServeError::Io {
            path: scratch_site.clone(),
            source,
        })?;
        crate::search::build(site, &self.root, &scratch_site).map_err(BuildError::from)?;
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
            let bytes = std::fs::read(e.path()).map_err(|source| ServeError::Io {
                path: e.path().to_path_buf(),
                source,
            })?;
            files.insert(rel, bytes);
        }
        Ok(files)
    }
}
