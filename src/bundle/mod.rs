//! Offline distribution: a built site as a folder ready for USB sticks (`loupe bundle`), with a
//! start page, a `README.txt` and a manifest of SHA-256 digests; optionally the same as one
//! zip file and as a Kiwix (ZIM) file; and the check of a copy against its manifest
//! (`loupe verify`).
//!
//! The bundle's layout:
//!
//! ```text
//! index.html          start page: how to open the site, in every language
//! README.txt          the same, as plain text
//! SHA256SUMS.txt      `sha256sum` of every other file
//! .loupe-bundle       marks the folder as made by loupe (it may be replaced)
//! site/               the built site
//! kiwix/<name>.zim    with --zim: the site for the Kiwix reader
//! ```

pub mod fat;
pub mod kiwix;
pub mod manifest;
pub mod site_info;
pub mod start;
pub mod verify;
mod zipfile;

use crate::io_error;
use std::path::{Path, PathBuf};

use manifest::{hash_reader, Manifest, MANIFEST};
use start::{Language, SITE_DIR};

/// The marker file: a folder holding it was made by `loupe bundle`, which may replace it.
pub const MARKER: &str = ".loupe-bundle";

/// Where the Kiwix file goes inside the bundle.
pub const KIWIX_DIR: &str = "kiwix";

/// Why a bundle could not be written.
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    /// The target folder holds files loupe did not put there.
    #[error("{0}: the folder is not empty and was not made by `loupe bundle` (no {MARKER} in it); choose another folder with --out, or empty this one")]
    NotOurs(PathBuf),
    /// The target zip exists and was not made by loupe.
    #[error("{0}: the file exists and was not made by `loupe bundle`; move it away or choose another --out")]
    ZipNotOurs(PathBuf),
    /// The target is a file.
    #[error("{0}: this is a file, not a folder; choose another --out")]
    NotAFolder(PathBuf),
    /// The built site has no root page.
    #[error("{0}: no index.html (build the site first, or leave out --site)")]
    NotASite(PathBuf),
    /// The Kiwix archive could not be made.
    #[error(transparent)]
    Kiwix(#[from] kiwix::KiwixError),
    /// File I/O.
    #[error(transparent)]
    Io(#[from] crate::io_error::PathIoError),
}

/// What to write.
#[derive(Debug, Clone)]
pub struct Options {
    /// The bundle folder.
    pub out: PathBuf,
    /// Also write `<out>.zip`.
    pub zip: bool,
    /// Also write a Kiwix file into the bundle, with this metadata.
    pub zim: Option<kiwix::ZimInfo>,
}

/// What was written.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// Files in the bundle folder (manifest included).
    pub files: usize,
    /// Their bytes.
    pub bytes: u64,
    /// The zip and its size.
    pub zip: Option<(PathBuf, u64)>,
    /// The Kiwix file, its size and its entry count.
    pub zim: Option<(PathBuf, u64, u32)>,
    /// Folders with more entries than a FAT32 folder holds: the bundle cannot be copied onto
    /// a FAT32 stick (it can onto exFAT).
    pub crowded: Vec<fat::CrowdedFolder>,
}

/// The zip written beside the bundle folder `out`: `<out>.zip`.
pub fn zip_path(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "bundle".into());
    out.with_file_name(format!("{name}.zip"))
}

/// Fails unless `out` (and its zip, when `zip`) may be written: absent, empty, or made by
/// loupe. Called before a build, so that a refusal costs nothing.
pub fn check_target(out: &Path, zip: bool) -> Result<(), BundleError> {
    if out.exists() {
        if !out.is_dir() {
            return Err(BundleError::NotAFolder(out.to_path_buf()));
        }
        let empty = std::fs::read_dir(out)
            .map_err(io_error::at(out))?
            .next()
            .is_none();
        if !empty && !out.join(MARKER).is_file() {
            return Err(BundleError::NotOurs(out.to_path_buf()));
        }
    }
    let zip_file = zip_path(out);
    if zip && zip_file.exists() && !zipfile::is_bundle_zip(&zip_file) {
        return Err(BundleError::ZipNotOurs(zip_file));
    }
    Ok(())
}

/// A folder beside `out` named after it: `.<name>.<suffix>`.
pub fn sibling(out: &Path, suffix: &str) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "bundle".into());
    out.with_file_name(format!(".{name}.{suffix}"))
}

/// Writes the bundle of the built site `site_dir` for `languages` (default language first).
/// The previous bundle is replaced only when the new one is complete.
pub fn write(
    site_dir: &Path,
    languages: &[Language],
    options: &Options,
) -> Result<Outcome, BundleError> {
    check_target(&options.out, options.zip)?;
    if !site_dir.join("index.html").is_file() {
        return Err(BundleError::NotASite(site_dir.to_path_buf()));
    }
    if let Some(parent) = options.out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(io_error::at(parent))?;
    }
    let staging = sibling(&options.out, "loupe-staging");
    if staging.exists() {
        std::fs::remove_dir_all(&staging).map_err(io_error::at(&staging))?;
    }
    let result = fill(site_dir, languages, options, &staging);
    let mut outcome = match result {
        Ok(o) => o,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    replace(&staging, &options.out)?;
    if let Some((path, ..)) = &mut outcome.zim {
        *path = options
            .out
            .join(path.strip_prefix(&staging).unwrap_or(path));
    }
    if options.zip {
        let files = list_files(&options.out)?;
        let zip_file = zip_path(&options.out);
        let top = options
            .out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "bundle".into());
        zipfile::write_file(&options.out, &files, &top, &zip_file)
            .map_err(io_error::at(&zip_file))?;
        let size = std::fs::metadata(&zip_file)
            .map_err(io_error::at(&zip_file))?
            .len();
        outcome.zip = Some((zip_file, size));
    }
    Ok(outcome)
}

/// Writes everything into the empty folder `dir`.
fn fill(
    site_dir: &Path,
    languages: &[Language],
    options: &Options,
    dir: &Path,
) -> Result<Outcome, BundleError> {
    let mut outcome = Outcome::default();
    copy_tree(site_dir, &dir.join(SITE_DIR))?;
    let mut zim_rel = None;
    if let Some(info) = &options.zim {
        let archive = kiwix::archive(site_dir, info)?;
        let rel = format!("{KIWIX_DIR}/{}", info.file_name());
        let path = dir.join(&rel);
        let parent = dir.join(KIWIX_DIR);
        std::fs::create_dir_all(&parent).map_err(io_error::at(&parent))?;
        let file = std::fs::File::create(&path).map_err(io_error::at(&path))?;
        let summary = archive
            .write(std::io::BufWriter::new(file))
            .map_err(kiwix::KiwixError::from)?;
        outcome.zim = Some((path, summary.bytes, summary.entries));
        zim_rel = Some(rel);
    }
    let zim = zim_rel.as_deref();
    write_file(
        dir,
        "index.html",
        start::start_page(languages, zim).as_bytes(),
    )?;
    write_file(dir, "README.txt", start::readme(languages, zim).as_bytes())?;
    write_file(
        dir,
        MARKER,
        b"This folder was made by `loupe bundle`; the next `loupe bundle` replaces it.\n",
    )?;
    let mut manifest = Manifest::new();
    let files = list_files(dir)?;
    // (The top folder holds a handful of files: the manifest, not written yet, changes nothing.)
    outcome.crowded = fat::crowded_folders(&files, fat::FAT32_FOLDER_ENTRIES);
    for rel in files {
        if rel == MANIFEST {
            continue;
        }
        let path = dir.join(&rel);
        let f = std::fs::File::open(&path).map_err(io_error::at(&path))?;
        let sha = hash_reader(std::io::BufReader::new(f), |n| outcome.bytes += n)
            .map_err(io_error::at(&path))?;
        manifest.insert(rel, sha);
    }
    let text = manifest::render(&manifest);
    outcome.bytes += text.len() as u64;
    write_file(dir, MANIFEST, text.as_bytes())?;
    outcome.files = manifest.len() + 1;
    Ok(outcome)
}

fn write_file(dir: &Path, rel: &str, bytes: &[u8]) -> Result<(), BundleError> {
    let path = dir.join(rel);
    Ok(std::fs::write(&path, bytes).map_err(io_error::at(&path))?)
}

/// Copies every file of `from` into `to`, in path order.
fn copy_tree(from: &Path, to: &Path) -> Result<(), BundleError> {
    for rel in list_files(from)? {
        // The build's own marker says the build folder may be replaced; the copy is not it.
        if rel == crate::output::MARKER {
            continue;
        }
        let src = from.join(&rel);
        let dest = to.join(&rel);
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent).map_err(io_error::at(parent))?;
        }
        std::fs::copy(&src, &dest).map_err(io_error::at(&src))?;
    }
    Ok(())
}

/// Every file below `dir`, as sorted relative paths with `/`.
pub fn list_files(dir: &Path) -> Result<Vec<String>, BundleError> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(dir) {
        let e = e.map_err(|err| io_error::walk(err, dir))?;
        if e.file_type().is_file() {
            if let Ok(rel) = e.path().strip_prefix(dir) {
                out.push(
                    rel.components()
                        .map(|c| c.as_os_str().to_string_lossy())
                        .collect::<Vec<_>>()
                        .join("/"),
                );
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Puts `staging` in the place of `out`, keeping the old `out` until the rename succeeded.
fn replace(staging: &Path, out: &Path) -> Result<(), BundleError> {
    let old = sibling(out, "loupe-old");
    if old.exists() {
        std::fs::remove_dir_all(&old).map_err(io_error::at(&old))?;
    }
    if out.exists() {
        std::fs::rename(out, &old).map_err(io_error::at(out))?;
    }
    if let Err(e) = std::fs::rename(staging, out) {
        if old.exists() {
            let _ = std::fs::rename(&old, out);
        }
        return Err(io_error::at(out)(e).into());
    }
    if old.exists() {
        std::fs::remove_dir_all(&old).map_err(io_error::at(&old))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_a_folder_it_did_not_make() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("stick");
        check_target(&out, true).unwrap();
        std::fs::create_dir(&out).unwrap();
        check_target(&out, true).unwrap();
        std::fs::write(out.join("thesis.docx"), b"precious").unwrap();
        let e = check_target(&out, false).unwrap_err();
        assert!(matches!(e, BundleError::NotOurs(_)), "{e}");
        std::fs::write(out.join(MARKER), b"").unwrap();
        check_target(&out, false).unwrap();
        std::fs::write(tmp.path().join("stick.zip"), b"not a zip").unwrap();
        assert!(matches!(
            check_target(&out, true),
            Err(BundleError::ZipNotOurs(_))
        ));
        check_target(&out, false).unwrap();
    }
}
