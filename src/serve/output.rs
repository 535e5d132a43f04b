//! The folder `loupe serve` serves from: rendered files are collected in memory first, then
//! only the files whose bytes changed are written (each atomically, through a temporary file
//! and a rename), and files a build no longer produces are removed.

use crate::io_error;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::render::Sink;

/// The file that marks a folder as made by `loupe serve`, so it may be emptied on start.
pub const MARKER: &str = ".loupe-serve";

/// Errors of the served folder.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The folder has files `loupe serve` did not make: it is never emptied.
    #[error("{0} is not empty and was not made by `loupe serve`: choose another --output")]
    NotOurs(PathBuf),
    /// Reading or writing failed.
    #[error(transparent)]
    Io(#[from] crate::io_error::PathIoError),
}

/// A `Sink` that keeps every file in memory.
#[derive(Default)]
pub struct MemSink {
    files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl MemSink {
    /// An empty sink.
    pub fn new() -> Self {
        Self::default()
    }

    /// The files written, by root-relative path.
    pub fn into_files(self) -> BTreeMap<String, Vec<u8>> {
        self.files.into_inner().unwrap_or_else(|p| p.into_inner())
    }
}

impl Sink for MemSink {
    fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        let mut files = self.files.lock().unwrap_or_else(|p| p.into_inner());
        files.insert(rel.to_string(), bytes.to_vec());
        Ok(())
    }
}

fn digest(bytes: &[u8]) -> (u64, usize) {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    (h.finish(), bytes.len())
}

/// The served folder and what is in it.
pub struct Output {
    dir: PathBuf,
    files: HashMap<String, (u64, usize)>,
}

impl Output {
    /// Creates (or empties, when it was made by `loupe serve`) the folder `dir`.
    pub fn create(dir: &Path) -> Result<Output, OutputError> {
        if dir.exists() {
            let mut entries = std::fs::read_dir(dir).map_err(io_error::at(dir))?;
            if entries.next().is_some() && !dir.join(MARKER).is_file() {
                return Err(OutputError::NotOurs(dir.to_path_buf()));
            }
            std::fs::remove_dir_all(dir).map_err(io_error::at(dir))?;
        }
        std::fs::create_dir_all(dir).map_err(io_error::at(dir))?;
        let marker = dir.join(MARKER);
        std::fs::write(&marker, b"made by loupe serve; emptied on each start\n")
            .map_err(io_error::at(&marker))?;
        Ok(Output {
            dir: dir.to_path_buf(),
            files: HashMap::new(),
        })
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Root-relative paths of every file written.
    pub fn paths(&self) -> BTreeSet<String> {
        self.files.keys().cloned().collect()
    }

    /// Root-relative paths of the files written that start with `prefix`.
    pub fn paths_under(&self, prefix: &str) -> Vec<String> {
        self.files
            .keys()
            .filter(|k| k.starts_with(prefix))
            .cloned()
            .collect()
    }

    /// Writes the files of `files` whose bytes changed. Returns the paths written.
    pub fn update(&mut self, files: BTreeMap<String, Vec<u8>>) -> Result<Vec<String>, OutputError> {
        let mut changed = Vec::new();
        for (rel, bytes) in files {
            let d = digest(&bytes);
            if self.files.get(&rel) == Some(&d) {
                continue;
            }
            let path = self.dir.join(&rel);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(io_error::at(parent))?;
            }
            let tmp = path.with_file_name(format!(
                ".{}.loupe-tmp",
                path.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            ));
            std::fs::write(&tmp, &bytes).map_err(io_error::at(&tmp))?;
            std::fs::rename(&tmp, &path).map_err(io_error::at(&path))?;
            self.files.insert(rel.clone(), d);
            changed.push(rel);
        }
        Ok(changed)
    }

    /// Removes every file not in `keep` (and folders left empty). Returns the paths removed.
    pub fn retain(&mut self, keep: &BTreeSet<String>) -> Result<Vec<String>, OutputError> {
        let gone: Vec<String> = self
            .files
            .keys()
            .filter(|k| !keep.contains(*k))
            .cloned()
            .collect();
        for rel in &gone {
            let path = self.dir.join(rel);
            match std::fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(io_error::at(&path)(e).into()),
            }
            self.files.remove(rel);
            let mut parent = path.parent();
            while let Some(p) = parent {
                if p == self.dir || std::fs::remove_dir(p).is_err() {
                    break;
                }
                parent = p.parent();
            }
        }
        Ok(gone)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_only_changes_and_removes_the_rest() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        let mut out = Output::create(&dir).unwrap();
        let mut files = BTreeMap::new();
        files.insert("a/index.html".to_string(), b"A".to_vec());
        files.insert("b/index.html".to_string(), b"B".to_vec());
        assert_eq!(out.update(files.clone()).unwrap().len(), 2);
        files.insert("a/index.html".to_string(), b"A2".to_vec());
        assert_eq!(out.update(files).unwrap(), vec!["a/index.html".to_string()]);
        let keep: BTreeSet<String> = ["a/index.html".to_string()].into();
        assert_eq!(out.retain(&keep).unwrap(), vec!["b/index.html".to_string()]);
        assert!(!dir.join("b").exists());
        assert_eq!(std::fs::read(dir.join("a/index.html")).unwrap(), b"A2");
    }

    #[test]
    fn refuses_a_folder_it_did_not_make() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("precious.txt"), b"x").unwrap();
        assert!(matches!(
            Output::create(tmp.path()),
            Err(OutputError::NotOurs(_))
        ));
        assert!(tmp.path().join("precious.txt").exists());
    }
}
