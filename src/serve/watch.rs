//! Watching the site with `notify`, debounced: batches of changed paths, sorted into what a
//! rebuild needs to know.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::Duration;

use notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

use super::{Event, Reporter, ServeError};
use crate::config::CONFIG_FILE;

/// The folders of a site that are watched (recursively) besides `loupe.yaml`.
pub const WATCHED: &[&str] = &["content", "themes", "templates", "static"];

pub use crate::workspace::Changes;

impl Changes {
    /// True when nothing relevant changed.
    pub fn is_empty(&self) -> bool {
        !self.config && !self.theme && !self.static_files && self.content.is_empty()
    }

    /// Adds the change of `path` (absolute, under `root`).
    pub fn add(&mut self, root: &Path, path: &Path) {
        let Ok(rel) = path.strip_prefix(root) else {
            return;
        };
        let mut parts = rel.components();
        let Some(first) = parts.next() else {
            return;
        };
        let first = first.as_os_str().to_string_lossy();
        let rest: PathBuf = parts.collect();
        if rest
            .components()
            .any(|c| crate::content::load::ignored(&c.as_os_str().to_string_lossy()))
        {
            return;
        }
        match first.as_ref() {
            CONFIG_FILE => self.config = true,
            "themes" | "templates" => self.theme = true,
            "static" => self.static_files = true,
            "content" if rest.as_os_str().is_empty() => self.config = true,
            "content" => {
                self.content.insert(rest);
            }
            _ => {}
        }
    }

    /// Merges `other` into this batch.
    pub fn merge(&mut self, other: Changes) {
        self.config |= other.config;
        self.theme |= other.theme;
        self.static_files |= other.static_files;
        self.content.extend(other.content);
    }
}

/// A debounced watcher of one site.
pub struct Watcher {
    root: PathBuf,
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    rx: Receiver<DebounceEventResult>,
    watched: BTreeSet<String>,
    reporter: Arc<dyn Reporter>,
}

impl Watcher {
    /// Starts watching the site at `root` (canonical), with `debounce` between a change and its batch.
    pub fn start(
        root: &Path,
        debounce: Duration,
        reporter: Arc<dyn Reporter>,
    ) -> Result<Watcher, ServeError> {
        let (tx, rx) = channel();
        let debouncer = new_debouncer(debounce, None, move |r: DebounceEventResult| {
            let _ = tx.send(r);
        })
        .map_err(|e| ServeError::Watch(e.to_string()))?;
        let mut w = Watcher {
            root: root.to_path_buf(),
            debouncer,
            rx,
            watched: BTreeSet::new(),
            reporter,
        };
        w.debouncer
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| ServeError::Watch(e.to_string()))?;
        w.watch_folders();
        Ok(w)
    }

    /// Watches the folders of [`WATCHED`] that exist and are not watched yet.
    fn watch_folders(&mut self) {
        for name in WATCHED {
            let dir = self.root.join(name);
            if dir.is_dir() && !self.watched.contains(*name) {
                match self.debouncer.watch(&dir, RecursiveMode::Recursive) {
                    Ok(()) => {
                        self.watched.insert(name.to_string());
                    }
                    Err(e) => self.reporter.report(Event::Note(format!(
                        "serve: cannot watch {}: {e}",
                        dir.display()
                    ))),
                }
            } else if !dir.is_dir() && self.watched.remove(*name) {
                let _ = self.debouncer.unwatch(&dir);
            }
        }
    }

    /// Waits up to `timeout` for the next batch; `None` when nothing came.
    pub fn next(&mut self, timeout: Duration) -> Option<Changes> {
        let first = match self.rx.recv_timeout(timeout) {
            Ok(r) => r,
            Err(RecvTimeoutError::Timeout) => return None,
            Err(RecvTimeoutError::Disconnected) => {
                std::thread::sleep(timeout);
                return None;
            }
        };
        let mut changes = Changes::default();
        let mut rescan = false;
        for r in std::iter::once(first).chain(self.rx.try_iter()) {
            match r {
                Ok(events) => {
                    for e in events {
                        rescan |= e.need_rescan();
                        if e.kind.is_access() || e.kind.is_other() {
                            // Reading a file (as every rebuild does) changes nothing.
                            continue;
                        }
                        for p in &e.paths {
                            changes.add(&self.root, p);
                        }
                    }
                }
                Err(errors) => {
                    rescan = true;
                    for e in errors {
                        self.reporter
                            .report(Event::Note(format!("serve: watching: {e}")));
                    }
                }
            }
        }
        if rescan {
            // Events were lost: rebuild everything.
            changes.config = true;
        }
        self.watch_folders();
        Some(changes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_paths_by_kind() {
        let root = Path::new("/site");
        let mut c = Changes::default();
        c.add(root, Path::new("/site/content/en/a.md"));
        c.add(root, Path::new("/site/content/en/.a.md.swp"));
        c.add(root, Path::new("/site/content/en/a.md~"));
        c.add(root, Path::new("/site/themes/default/static/style.css"));
        c.add(root, Path::new("/site/.loupe/serve/index.html"));
        c.add(root, Path::new("/elsewhere/x"));
        assert!(c.theme && !c.config && !c.static_files);
        assert_eq!(c.content, [PathBuf::from("en/a.md")].into());
        c.add(root, Path::new("/site/loupe.yaml"));
        assert!(c.config);
    }
}
