//! `loupe verify`: checks a copy of a bundle (a folder, or the zip) against its manifest, and
//! lists the files that are missing, changed, or not part of the bundle.

use crate::io_error;
use std::collections::BTreeSet;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use super::manifest::{self, hash_reader, Manifest, ManifestError, Sha, MANIFEST};

/// Why a copy could not be checked at all.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    /// The path does not exist.
    #[error("{0}: no such file or folder")]
    NotFound(PathBuf),
    /// No manifest where one should be.
    #[error("{0}: no {MANIFEST} found (is this a folder or zip made by `loupe bundle`?)")]
    NoManifest(PathBuf),
    /// The manifest cannot be read.
    #[error("{path}: {source}")]
    BadManifest {
        /// The bundle checked.
        path: PathBuf,
        /// What is wrong.
        source: ManifestError,
    },
    /// A file that is neither a folder nor a zip.
    #[error("{0}: not a zip file (give the bundle's folder or its .zip)")]
    NotZip(PathBuf),
    /// Reading the zip's directory failed.
    #[error("{path}: the zip file cannot be read: {source}")]
    Zip {
        /// The zip.
        path: PathBuf,
        /// The cause.
        source: zip::result::ZipError,
    },
    /// Other I/O.
    #[error(transparent)]
    Io(#[from] crate::io_error::PathIoError),
}

/// What a check found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    /// Files listed in the manifest.
    pub listed: usize,
    /// Bytes read and hashed.
    pub bytes: u64,
    /// Listed but absent.
    pub missing: Vec<String>,
    /// Present with other content (or unreadable: a damaged file counts as changed).
    pub changed: Vec<String>,
    /// Present but not listed.
    pub extra: Vec<String>,
    /// Files operating systems add on removable drives (`System Volume Information`,
    /// `.DS_Store`, `._*`, …), present but not counted as extra.
    pub ignored: Vec<String>,
}

impl Report {
    /// True when every listed file is there, unchanged, and nothing else is.
    pub fn is_ok(&self) -> bool {
        self.missing.is_empty() && self.changed.is_empty() && self.extra.is_empty()
    }
}

/// Progress of a check: called after each block read, with bytes done and bytes to do.
pub trait Progress {
    /// `done` of `total` bytes hashed.
    fn bytes(&mut self, done: u64, total: u64);
}

impl<F: FnMut(u64, u64)> Progress for F {
    fn bytes(&mut self, done: u64, total: u64) {
        self(done, total)
    }
}

/// Checks the bundle at `path`: a folder holding [`MANIFEST`], or a zip holding it at its root
/// or in its one top folder.
pub fn verify(path: &Path, progress: &mut dyn Progress) -> Result<Report, VerifyError> {
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => VerifyError::NotFound(path.to_path_buf()),
        _ => VerifyError::Io(io_error::at(path)(e)),
    })?;
    if meta.is_dir() {
        verify_folder(path, progress)
    } else {
        verify_zip(path, progress)
    }
}

fn read_manifest(bundle: &Path, text: &[u8]) -> Result<Manifest, VerifyError> {
    manifest::parse(&String::from_utf8_lossy(text)).map_err(|source| VerifyError::BadManifest {
        path: bundle.to_path_buf(),
        source,
    })
}

fn verify_folder(root: &Path, progress: &mut dyn Progress) -> Result<Report, VerifyError> {
    let text = match std::fs::read(root.join(MANIFEST)) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(VerifyError::NoManifest(root.to_path_buf()))
        }
        Err(e) => return Err(io_error::at(root)(e).into()),
    };
    let listed = read_manifest(root, &text)?;
    let mut report = Report {
        listed: listed.len(),
        ..Report::default()
    };
    // What is there: every file below the root, by relative path.
    let mut present = BTreeSet::new();
    for e in walkdir::WalkDir::new(root).sort_by_file_name() {
        let e = match e {
            Ok(e) => e,
            Err(err) => {
                // A folder that cannot be listed: what it holds will show as missing.
                let p = err.path().unwrap_or(root).to_path_buf();
                if let Ok(rel) = p.strip_prefix(root) {
                    report
                        .changed
                        .push(format!("{} (cannot be read)", slash(rel)));
                }
                continue;
            }
        };
        if e.file_type().is_dir() {
            continue;
        }
        if let Ok(rel) = e.path().strip_prefix(root) {
            present.insert(slash(rel));
        }
    }
    let total: u64 = listed
        .keys()
        .filter(|p| present.contains(*p))
        .filter_map(|p| std::fs::metadata(root.join(p)).ok())
        .map(|m| m.len())
        .sum();
    let mut done = 0u64;
    for (rel, want) in &listed {
        if !present.contains(rel) {
            report.missing.push(rel.clone());
            continue;
        }
        let got = File::open(root.join(rel)).and_then(|f| {
            hash_reader(BufReader::new(f), |n| {
                done += n;
                progress.bytes(done, total);
            })
        });
        compare(rel, got, want, &mut report);
    }
    report.bytes = done;
    sort_extra(present, &listed, &mut report);
    Ok(report)
}

fn compare(rel: &str, got: std::io::Result<Sha>, want: &Sha, report: &mut Report) {
    match got {
        Ok(sha) if &sha == want => {}
        Ok(_) => report.changed.push(rel.to_string()),
        Err(e) => report.changed.push(format!("{rel} (cannot be read: {e})")),
    }
}

/// Sorts files not in the manifest into extra and ignored.
fn sort_extra(present: BTreeSet<String>, listed: &Manifest, report: &mut Report) {
    for rel in present {
        if rel == MANIFEST || listed.contains_key(&rel) {
            continue;
        }
        if is_system_litter(&rel) {
            report.ignored.push(rel);
        } else {
            report.extra.push(rel);
        }
    }
}

/// Files and folders that Windows and macOS put on removable drives by themselves.
fn is_system_litter(rel: &str) -> bool {
    rel.split('/').any(|part| {
        matches!(
            part,
            "System Volume Information"
                | "$RECYCLE.BIN"
                | ".Trashes"
                | ".Spotlight-V100"
                | ".fseventsd"
                | ".TemporaryItems"
                | ".DS_Store"
                | "Thumbs.db"
                | "desktop.ini"
                | "__MACOSX"
        ) || part.starts_with("._")
    })
}

fn slash(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn verify_zip(path: &Path, progress: &mut dyn Progress) -> Result<Report, VerifyError> {
    let file = File::open(path).map_err(io_error::at(path))?;
    let mut zip = zip::ZipArchive::new(BufReader::new(file)).map_err(|e| match e {
        zip::result::ZipError::InvalidArchive(_) => VerifyError::NotZip(path.to_path_buf()),
        source => VerifyError::Zip {
            path: path.to_path_buf(),
            source,
        },
    })?;
    let names: Vec<String> = (0..zip.len())
        .filter_map(|i| zip.name_for_index(i).map(str::to_string))
        .filter(|n| !n.ends_with('/'))
        .collect();
    // The manifest is at the root, or in the single top folder.
    let prefix = if names.iter().any(|n| n == MANIFEST) {
        String::new()
    } else {
        let tops: BTreeSet<&str> = names
            .iter()
            .filter_map(|n| n.split_once('/'))
            .map(|(t, _)| t)
            .collect();
        match tops.into_iter().collect::<Vec<_>>().as_slice() {
            [top] if names.iter().any(|n| *n == format!("{top}/{MANIFEST}")) => format!("{top}/"),
            _ => return Err(VerifyError::NoManifest(path.to_path_buf())),
        }
    };
    let mut text = Vec::new();
    zip.by_name(&format!("{prefix}{MANIFEST}"))
        .and_then(|mut f| f.read_to_end(&mut text).map_err(Into::into))
        .map_err(|source| VerifyError::Zip {
            path: path.to_path_buf(),
            source,
        })?;
    let listed = read_manifest(path, &text)?;
    let mut report = Report {
        listed: listed.len(),
        ..Report::default()
    };
    let mut present = BTreeSet::new();
    let mut outside = Vec::new();
    for n in &names {
        match n.strip_prefix(&prefix) {
            Some(rel) => {
                present.insert(rel.to_string());
            }
            None => outside.push(n.clone()),
        }
    }
    let total: u64 = listed
        .keys()
        .filter_map(|rel| {
            zip.by_name(&format!("{prefix}{rel}"))
                .ok()
                .map(|f| f.size())
        })
        .sum();
    let mut done = 0u64;
    for (rel, want) in &listed {
        if !present.contains(rel) {
            report.missing.push(rel.clone());
            continue;
        }
        // A damaged entry fails to inflate or fails its CRC: it counts as changed.
        let got = match zip.by_name(&format!("{prefix}{rel}")) {
            Ok(f) => hash_reader(f, |n| {
                done += n;
                progress.bytes(done, total);
            }),
            Err(e) => Err(std::io::Error::other(e)),
        };
        compare(rel, got, want, &mut report);
    }
    report.bytes = done;
    sort_extra(present, &listed, &mut report);
    report.extra.extend(outside);
    Ok(report)
}
