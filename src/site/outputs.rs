//! Checks every file a build writes before anything is written: each output path works
//! everywhere (see `crate::names`), and no two outputs take the same path, or paths that differ
//! only by case (they would overwrite each other on Windows, macOS and USB sticks).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::routes::{self, Route};
use super::Site;
use crate::content::load::CONTENT_DIR;
use crate::diagnostics::{Diagnostics, Pos};
use crate::names;

/// Where an output comes from.
#[derive(Debug, Clone)]
enum Origin {
    /// A document of the site (index into `site.docs`).
    Doc(usize),
    /// A file copied from the site's folders, shown as this path.
    File(PathBuf),
    /// A page or file loupe makes itself.
    Loupe,
}

impl Origin {
    fn describe(&self, site: &Site) -> String {
        match self {
            Origin::Doc(i) => site.docs[*i].page.source.display().to_string(),
            Origin::File(p) => p.display().to_string(),
            Origin::Loupe => "a page loupe generates".to_string(),
        }
    }

    /// Where a problem with this output is reported, if it is the site's own doing.
    fn place(&self, site: &Site) -> Option<(PathBuf, Pos)> {
        match self {
            Origin::Doc(i) => {
                let page = &site.docs[*i].page;
                Some((
                    page.source.clone(),
                    page.fm.slug_pos.unwrap_or(Pos::new(1, 1)),
                ))
            }
            Origin::File(p) => Some((p.clone(), Pos::new(1, 1))),
            Origin::Loupe => None,
        }
    }
}

/// Every output of `site` with where it comes from, except the search index (whose files all
/// lie in [`routes::SEARCH_DIR`]).
fn outputs(site: &Site) -> Vec<(String, Origin)> {
    let mut v: Vec<(String, Origin)> = routes::all(site)
        .into_iter()
        .map(|(url, route)| match route {
            Route::Doc(i) => (url, Origin::Doc(i)),
            Route::Pack(i, _) => (url, Origin::File(site.packs[i].file.source.clone())),
            _ => (url, Origin::Loupe),
        })
        .collect();
    for rel in site.theme.static_files.keys() {
        v.push((routes::theme_file(rel), Origin::Loupe));
    }
    for rel in &site.assets {
        v.push((rel.clone(), Origin::File(Path::new(CONTENT_DIR).join(rel))));
    }
    for (rel, _) in &site.static_files {
        v.push((rel.clone(), Origin::File(Path::new("static").join(rel))));
    }
    v
}

/// Reports outputs of `site` that would not work everywhere or would overwrite each other.
pub fn check(site: &Site, diags: &mut Diagnostics) {
    let mut all = outputs(site);
    // loupe's own outputs first, so that a clash is reported at the site's file.
    all.sort_by_key(|(_, origin)| !matches!(origin, Origin::Loupe));
    let mut exact: HashMap<&str, usize> = HashMap::new();
    let mut folded: HashMap<String, usize> = HashMap::new();
    for (i, (path, origin)) in all.iter().enumerate() {
        let Some((file, pos)) = origin.place(site) else {
            exact.insert(path, i);
            folded.insert(names::fold(path), i);
            continue;
        };
        if path.starts_with(routes::SEARCH_DIR) {
            diags.error(
                &file,
                pos,
                format!(
                    "{path} lies in {}, which holds loupe's search index: move the file",
                    routes::SEARCH_DIR
                ),
            );
            continue;
        }
        if let Some(problem) = names::path_problem(path) {
            diags.error(&file, pos, problem);
            continue;
        }
        if let Some(&j) = exact.get(path.as_str()) {
            let message = match (&all[j].1, origin) {
                (Origin::Loupe, Origin::Doc(_)) => format!("this page would be written to {path}, which loupe generates itself; rename the file or set another `slug`"),
                (Origin::Loupe, _) => format!("{} would be published at {path}, which loupe generates itself: rename or move it", file.display()),
                (other, Origin::Doc(_)) => format!("duplicate output path {path}: {} is written there too; change one `slug`", other.describe(site)),
                (other, _) => format!("duplicate output path {path}: {} is written there too; rename one", other.describe(site)),
            };
            diags.error(&file, pos, message);
            continue;
        }
        exact.insert(path, i);
        let key = names::fold(path);
        if let Some(&j) = folded.get(&key) {
            let (other_path, other) = &all[j];
            diags.error(
                &file,
                pos,
                format!(
                    "{path} and {other_path} (from {}) differ only in upper and lower case, so they would overwrite each other on Windows, macOS and USB sticks: rename one",
                    other.describe(site)
                ),
            );
            continue;
        }
        folded.insert(key, i);
    }
}
