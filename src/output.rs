//! Safe, atomic output.
//!
//! A build writes into a fresh staging folder beside the output and replaces the old output only
//! when everything succeeded, so a failed build leaves it untouched. Before anything is written,
//! the output folder is checked: loupe never replaces the site itself, a folder containing it or
//! one of its source folders, a file, or a non-empty folder it did not make (unless forced).
//!
//! The replacement is atomic where the system allows it: on Linux the staging folder and the
//! output are exchanged in one `renameat2(RENAME_EXCHANGE)`, so at every instant either the old
//! or the new output is in place. Elsewhere the old output is renamed aside and the new one moved
//! in; a run interrupted between the two renames is repaired by the next run ([`recover`]).

use crate::io_error;
use std::path::{Component, Path, PathBuf};

use crate::render::Sink;

/// The file that marks a folder as made by `loupe build`, so a later build may replace it.
pub const MARKER: &str = ".loupe-output";

/// What the marker file says to whoever opens it.
const MARKER_TEXT: &[u8] =
    b"This folder was made by `loupe build`, which replaces it at each build.\n";

/// Source folders of a site that an output may never be put in.
const SOURCE_DIRS: [&str; 4] = ["content", "static", "themes", "templates"];

/// Why an output folder cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The output would replace the site folder or a folder containing it.
    #[error("{output} contains the site folder {root}: building there would delete the site; choose another --output, such as {root}/public")]
    ContainsSite {
        /// The output asked for.
        output: PathBuf,
        /// The site folder.
        root: PathBuf,
    },
    /// The output lies inside one of the site's source folders.
    #[error("{output} is inside the site's `{folder}/` folder: building there would mix the output with the sources; choose another --output, such as public")]
    InsideSources {
        /// The output asked for.
        output: PathBuf,
        /// The source folder (`content`, `static`, `themes`, `templates`).
        folder: &'static str,
    },
    /// The output path is an existing file.
    #[error(
        "{0} is a file or a link, not a folder: it was left in place; choose another --output"
    )]
    IsAFile(PathBuf),
    /// The output is a non-empty folder that loupe did not make.
    #[error("{0} is not empty and was not made by loupe: it was left as it was; choose an empty or new folder, or pass --force to replace it")]
    NotOurs(PathBuf),
    /// Reading or writing failed.
    #[error(transparent)]
    Io(#[from] crate::io_error::PathIoError),
}

/// `path` made absolute and free of `.`, `..` and symbolic links, as far as it exists; the part
/// that does not exist yet is appended as written (with `..` resolved lexically).
pub fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    let mut existing = abs.clone();
    let mut rest: Vec<std::ffi::OsString> = Vec::new();
    loop {
        match existing.canonicalize() {
            Ok(c) => {
                let mut out = c;
                for part in rest.iter().rev() {
                    match Path::new(part).components().next() {
                        Some(Component::ParentDir) => {
                            out.pop();
                        }
                        Some(Component::CurDir) | None => {}
                        Some(_) => out.push(part),
                    }
                }
                return Ok(out);
            }
            Err(e) => {
                let Some(name) = existing.file_name().map(|n| n.to_os_string()) else {
                    return Err(e);
                };
                rest.push(name);
                if !existing.pop() {
                    return Err(e);
                }
            }
        }
    }
}

/// Checks that `output` may receive a build of the site at `root`: it is not the site, does
/// not contain it, does not lie inside its source folders, and is not a file. With
/// `must_be_ours`, a non-empty folder must carry `marker` (loupe made it), unless `force`.
pub fn check_location(
    root: &Path,
    output: &Path,
    marker: &str,
    force: bool,
) -> Result<(), OutputError> {
    let root_abs = resolve(root).map_err(io_error::at(root))?;
    let out_abs = resolve(output).map_err(io_error::at(output))?;
    if root_abs.starts_with(&out_abs) {
        return Err(OutputError::ContainsSite {
            output: output.to_path_buf(),
            root: root.to_path_buf(),
        });
    }
    for folder in SOURCE_DIRS {
        if out_abs.starts_with(root_abs.join(folder)) {
            return Err(OutputError::InsideSources {
                output: output.to_path_buf(),
                folder,
            });
        }
    }
    match std::fs::symlink_metadata(output) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(io_error::at(output)(e).into()),
        Ok(meta) if !meta.is_dir() => Err(OutputError::IsAFile(output.to_path_buf())),
        Ok(_) => {
            let mut entries = std::fs::read_dir(output).map_err(io_error::at(output))?;
            let empty = entries.next().is_none();
            if empty || force || output.join(marker).is_file() {
                Ok(())
            } else {
                Err(OutputError::NotOurs(output.to_path_buf()))
            }
        }
    }
}

/// The staging folder and the aside folder of `target`: `.NAME.loupe-staging` and
/// `.NAME.loupe-old`, beside it.
fn companions(target: &Path) -> (PathBuf, PathBuf) {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    (
        parent.join(format!(".{name}.loupe-staging")),
        parent.join(format!(".{name}.loupe-old")),
    )
}

/// True when `dir` is empty or carries loupe's marker: a folder loupe may remove.
fn removable(dir: &Path) -> bool {
    dir.join(MARKER).is_file()
        || std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
}

/// Repairs what an interrupted run left beside `target`: an output renamed aside but not
/// replaced is put back, and leftover staging or aside folders made by loupe are removed.
pub fn recover(target: &Path) -> std::io::Result<()> {
    let (staging, old) = companions(target);
    if old.is_dir() && removable(&old) {
        if std::fs::symlink_metadata(target).is_err() {
            std::fs::rename(&old, target)?;
        } else {
            std::fs::remove_dir_all(&old)?;
        }
    }
    if staging.is_dir() && removable(&staging) {
        std::fs::remove_dir_all(&staging)?;
    }
    Ok(())
}

/// A staging folder for one build.
pub struct Staging {
    dir: PathBuf,
    old: PathBuf,
    target: PathBuf,
    /// Its files start as hard links to the output's: a file is replaced, never written into.
    linked: bool,
}

impl Staging {
    /// Creates an empty staging folder next to `target`, marked as loupe's, after repairing
    /// what an interrupted run may have left.
    pub fn new(target: &Path) -> std::io::Result<Staging> {
        let (dir, old) = companions(target);
        if let Some(parent) = dir.parent() {
            std::fs::create_dir_all(parent)?;
        }
        recover(target)?;
        if dir.exists() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                format!(
                    "{} exists and was not made by loupe: move it away",
                    dir.display()
                ),
            ));
        }
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join(MARKER), MARKER_TEXT)?;
        Ok(Staging {
            dir,
            old,
            target: target.to_path_buf(),
            linked: false,
        })
    }

    /// A staging folder next to `target` that starts as a copy of it made of hard links, for a
    /// build that changes only some files. Fails where the file system has no hard links.
    pub fn linked(target: &Path) -> std::io::Result<Staging> {
        let mut staging = Staging::new(target)?;
        staging.linked = true;
        for e in walkdir::WalkDir::new(target).min_depth(1) {
            let e = e.map_err(std::io::Error::from)?;
            let Ok(rel) = e.path().strip_prefix(target) else {
                continue;
            };
            let dest = staging.dir.join(rel);
            if e.file_type().is_dir() {
                std::fs::create_dir_all(&dest)?;
            } else if rel != Path::new(MARKER) {
                std::fs::hard_link(e.path(), &dest).inspect_err(|_| {
                    let _ = std::fs::remove_dir_all(&staging.dir);
                })?;
            }
        }
        Ok(staging)
    }

    /// Removes the output file `rel` from the staged files, and the folders it leaves empty.
    pub fn remove(&self, rel: &str) -> std::io::Result<()> {
        let path = self.dir.join(rel);
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
        let mut parent = path.parent();
        while let Some(p) = parent {
            if p == self.dir || std::fs::remove_dir(p).is_err() {
                break;
            }
            parent = p.parent();
        }
        Ok(())
    }

    /// Removes the files directly in the staged folder `rel` (not its subfolders), so that
    /// whoever writes them next writes new files, not into the previous output's.
    pub fn unlink_files_in(&self, rel: &str) -> std::io::Result<()> {
        let dir = self.dir.join(rel);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return Ok(());
        };
        for e in entries {
            let e = e?;
            if e.file_type()?.is_file() {
                std::fs::remove_file(e.path())?;
            }
        }
        Ok(())
    }

    /// The staging folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Replaces the output with the staged files.
    pub fn commit(self) -> std::io::Result<()> {
        if std::fs::symlink_metadata(&self.target).is_err() {
            return std::fs::rename(&self.dir, &self.target);
        }
        if exchange(&self.dir, &self.target).is_ok() {
            // The staging path now holds the previous output.
            return std::fs::remove_dir_all(&self.dir);
        }
        std::fs::rename(&self.target, &self.old)?;
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            // Put the previous output back before reporting.
            let _ = std::fs::rename(&self.old, &self.target);
            return Err(e);
        }
        std::fs::remove_dir_all(&self.old)
    }

    /// Removes the staged files, leaving the output as it was.
    pub fn abandon(self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Swaps `a` and `b` atomically (Linux `renameat2(RENAME_EXCHANGE)`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

/// No atomic exchange here: the caller falls back to two renames.
#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

impl Sink for Staging {
    fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        let path = self.dir.join(rel);
        if self.linked {
            // The file may be a hard link to the previous output's: write a new one.
            match std::fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
                _ => {}
            }
        }
        // Most files are `<folder>/index.html` in a folder of their own: try the write first and
        // create the folders only when it fails for want of them.
        match std::fs::write(&path, bytes) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                std::fs::write(path, bytes)
            }
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        for d in ["content/en", "static", "themes/x", "templates"] {
            std::fs::create_dir_all(root.join(d)).unwrap();
        }
        std::fs::write(root.join("loupe.yaml"), "title: x\n").unwrap();
        tmp
    }

    #[test]
    fn refuses_the_site_its_parents_and_its_sources() {
        let tmp = site();
        let root = tmp.path().join("site");
        for out in [
            root.clone(),
            root.join("."),
            tmp.path().to_path_buf(),
            root.join("content/.."),
        ] {
            assert!(
                matches!(
                    check_location(&root, &out, MARKER, true),
                    Err(OutputError::ContainsSite { .. })
                ),
                "{}",
                out.display()
            );
        }
        for (out, folder) in [
            ("content", "content"),
            ("content/en/new", "content"),
            ("static/out", "static"),
            ("themes", "themes"),
            ("templates/public", "templates"),
        ] {
            match check_location(&root, &root.join(out), MARKER, true) {
                Err(OutputError::InsideSources { folder: f, .. }) => assert_eq!(f, folder),
                other => panic!("{out}: {other:?}"),
            }
        }
        assert!(check_location(&root, &root.join("public"), MARKER, false).is_ok());
        assert!(check_location(&root, &tmp.path().join("elsewhere/out"), MARKER, false).is_ok());
    }

    #[test]
    fn refuses_files_and_folders_it_did_not_make() {
        let tmp = site();
        let root = tmp.path().join("site");
        let file = tmp.path().join("notes.txt");
        std::fs::write(&file, "keep me").unwrap();
        assert!(matches!(
            check_location(&root, &file, MARKER, true),
            Err(OutputError::IsAFile(_))
        ));
        let theirs = tmp.path().join("theirs");
        std::fs::create_dir_all(&theirs).unwrap();
        std::fs::write(theirs.join("precious.txt"), "x").unwrap();
        assert!(matches!(
            check_location(&root, &theirs, MARKER, false),
            Err(OutputError::NotOurs(_))
        ));
        assert!(check_location(&root, &theirs, MARKER, true).is_ok());
        std::fs::write(theirs.join(MARKER), "").unwrap();
        assert!(check_location(&root, &theirs, MARKER, false).is_ok());
    }

    #[test]
    fn commit_replaces_the_output_and_leaves_nothing_beside_it() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("public");
        for round in ["one", "two"] {
            let s = Staging::new(&target).unwrap();
            s.write("index.html", round.as_bytes()).unwrap();
            s.commit().unwrap();
            assert_eq!(
                std::fs::read_to_string(target.join("index.html")).unwrap(),
                round
            );
            assert!(target.join(MARKER).is_file());
        }
        let names: Vec<String> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, vec!["public".to_string()]);
    }

    #[test]
    fn recovers_an_output_left_aside_by_an_interrupted_swap() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("public");
        let (staging, old) = companions(&target);
        // An interrupted two-rename swap: the old output aside, the new one still staged.
        std::fs::create_dir_all(&old).unwrap();
        std::fs::write(old.join(MARKER), "").unwrap();
        std::fs::write(old.join("index.html"), "old").unwrap();
        std::fs::create_dir_all(&staging).unwrap();
        std::fs::write(staging.join(MARKER), "").unwrap();
        recover(&target).unwrap();
        assert_eq!(
            std::fs::read_to_string(target.join("index.html")).unwrap(),
            "old"
        );
        assert!(!old.exists() && !staging.exists());
    }

    #[test]
    fn leaves_foreign_folders_beside_the_output_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("public");
        let (staging, _) = companions(&target);
        std::fs::create_dir_all(&staging).unwrap();
        std::fs::write(staging.join("mine.txt"), "x").unwrap();
        assert!(Staging::new(&target).is_err());
        assert!(staging.join("mine.txt").is_file());
    }
}
