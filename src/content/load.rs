//! Loading `content/`: every page of every language, glossaries and asset files.

use std::path::{Path, PathBuf};

use super::assets;
use super::front_matter::{self, FrontMatter, Kind, Vocabulary};
use super::glossary::{self, Term};
use super::pack::{self, PackFile};
use super::source;
use crate::diagnostics::{did_you_mean, Diagnostics, Pos};
use crate::names;

/// The content folder's name.
pub const CONTENT_DIR: &str = "content";

/// One Markdown file, read and checked.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Page {
    /// Language code (the first folder under `content/`).
    pub lang: String,
    /// Type, given by the folder.
    pub kind: Kind,
    /// Path shown in messages, relative to the site root (`content/en/guidance/x.md`).
    pub source: PathBuf,
    /// Path relative to `content/` (`en/guidance/x.md`).
    pub content_path: String,
    /// Path relative to the language folder (`guidance/x.md`): equal for translations.
    pub lang_path: String,
    /// The file name without `.md`.
    pub stem: String,
    /// Checked front matter.
    pub fm: FrontMatter,
    /// Markdown body.
    pub body: String,
    /// 1-based line where the body starts.
    pub body_line: usize,
    /// A hash of the file's text: equal texts, equal hashes.
    pub source_hash: u64,
}

/// Whether `name` is never content: hidden files, editor backups and swap files.
pub fn ignored(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".tmp")
}

/// What walking part of `content/` found: the files to read, and problems met on the way
/// (names that would not work, unreadable folders, symbolic links), each by content path.
#[derive(Debug, Default)]
pub struct Walk {
    /// Content paths (relative to `content/`, with `/`) of the files found, in walk order.
    pub files: Vec<String>,
    /// Content paths with the problems found there.
    pub problems: Vec<(String, Diagnostics)>,
}

/// Walks `content/<under>` (a file or a folder; `""` for all of it).
pub fn walk(root: &Path, under: &str) -> Walk {
    let content = root.join(CONTENT_DIR);
    let start = if under.is_empty() {
        content.clone()
    } else {
        content.join(under)
    };
    let mut found = Walk::default();
    let rel_of = |full: &Path| -> String {
        full.strip_prefix(&content)
            .unwrap_or(full)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/")
    };
    let mut walker = walkdir::WalkDir::new(&start)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walker.next() {
        let mut d = Diagnostics::new();
        if let Ok(e) = &entry {
            if e.path() != content && skip_ignored(root, e, &mut d) {
                if !d.is_empty() {
                    found.problems.push((rel_of(e.path()), d));
                }
                if e.file_type().is_dir() {
                    walker.skip_current_dir();
                }
                continue;
            }
        }
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let p = e.path().map(Path::to_path_buf).unwrap_or_default();
                d.error(
                    &shown(root, &p),
                    Pos::new(1, 1),
                    format!("cannot read: {e}"),
                );
                found.problems.push((rel_of(&p), d));
                continue;
            }
        };
        let full = entry.path();
        let shown_path = shown(root, full);
        if entry.path_is_symlink() {
            warn_symlink(full, &shown_path, &mut d);
            found.problems.push((rel_of(full), d));
            continue;
        }
        if full == content {
            continue;
        }
        let problem = match entry.file_name().to_str() {
            None => Some("this file or folder name is not valid text (UTF-8): rename it with letters, digits and hyphens".to_string()),
            Some(name) => names::problem(name),
        };
        if let Some(problem) = problem {
            d.error(&shown_path, Pos::new(1, 1), problem);
            found.problems.push((rel_of(full), d));
            if entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        if entry.file_type().is_file() && !assets::is_system_file(&name) {
            found.files.push(rel_of(full));
        }
    }
    found
}

/// One content file, read.
#[derive(Debug, Clone)]
pub enum Item {
    /// A published page.
    Page(Box<Page>),
    /// A draft (not published).
    Draft,
    /// The glossary of a language.
    Glossary(String, Vec<Term>),
    /// A workshop pack (`<lang>/packs/<name>.yaml`).
    Pack(Box<PackFile>),
    /// A file published beside the pages (see [`assets`]).
    Asset,
    /// Not part of the site (its problems say why).
    Nothing,
}

/// Whether the content path `rel` is a language's glossary (`<lang>/glossary.yaml`), as
/// [`read`] reads it when the language is the site's.
pub fn is_glossary(rel: &str) -> bool {
    let mut parts = rel.split('/');
    matches!(
        (parts.next(), parts.next(), parts.next()),
        (Some(_), Some("glossary.yaml"), None)
    )
}

/// Reads the content file at `content_path` (relative to `content/`, with `/`).
pub fn read(
    root: &Path,
    content_path: &str,
    languages: &[String],
    vocab: &Vocabulary<'_>,
    diags: &mut Diagnostics,
) -> Item {
    let full = root.join(CONTENT_DIR).join(content_path);
    let shown_path = shown(root, &full);
    let parts: Vec<String> = content_path.split('/').map(str::to_string).collect();
    match classify(root, &parts, &shown_path, languages, diags) {
        Some((lang, Role::Markdown(kind))) => {
            match read_page(root, &lang, content_path, kind, &full, vocab, diags) {
                Some(p) if p.fm.draft => Item::Draft,
                Some(p) => Item::Page(Box::new(p)),
                None => Item::Nothing,
            }
        }
        Some((lang, Role::Glossary)) => match source::read_text(&full, &shown_path, diags) {
            Some(text) => Item::Glossary(lang, glossary::parse(&text, &shown_path, diags)),
            None => Item::Nothing,
        },
        Some((lang, Role::Pack)) => match source::read_text(&full, &shown_path, diags) {
            Some(text) => match pack::parse(&text, &lang, content_path, &shown_path, diags) {
                Some(p) => Item::Pack(Box::new(p)),
                None => Item::Nothing,
            },
            None => Item::Nothing,
        },
        Some((_, Role::Asset)) => Item::Asset,
        None => Item::Nothing,
    }
}

/// True when the walker's `entry` is left out of the site (hidden, an editor's backup or
/// swap file): with a warning naming it, except for the files operating systems make.
fn skip_ignored(root: &Path, entry: &walkdir::DirEntry, diags: &mut Diagnostics) -> bool {
    let name = entry.file_name().to_string_lossy();
    if !ignored(&name) {
        return false;
    }
    let os_made = assets::is_system_file(&name)
        || name.eq_ignore_ascii_case(".DS_Store")
        || name.starts_with("._");
    if !os_made {
        let what = if entry.file_type().is_dir() {
            "folder"
        } else {
            "file"
        };
        diags.warning_hint(
            &shown(root, entry.path()),
            Pos::new(1, 1),
            format!("this {what} is ignored: hidden files and folders (`.name`), editor backups (`name~`) and temporary files (`.swp`, `.tmp`) are not part of the site"),
            "rename it if it belongs to the site, or move it out of content/",
        );
    }
    true
}

/// Warns that the symbolic link `full` is not followed: a site's files must be inside it, so
/// that the site builds the same wherever it is copied.
pub fn warn_symlink(full: &Path, shown_path: &Path, diags: &mut Diagnostics) {
    let target = std::fs::read_link(full)
        .map(|t| format!(" (it points to {})", t.display()))
        .unwrap_or_default();
    diags.warning(
        shown_path,
        Pos::new(1, 1),
        format!("symbolic links are not followed, so this one is left out{target}: copy the file or folder here instead"),
    );
}

/// What a file under `content/` is, by its place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A Markdown page of this type.
    Markdown(Kind),
    /// The glossary of a language (`content/<lang>/glossary.yaml`).
    Glossary,
    /// A workshop pack (`content/<lang>/packs/<name>.yaml`).
    Pack,
    /// Any other file, copied as it is.
    Asset,
}

/// Classifies the file at `parts` (its path relative to `content/`, shown as `shown_path`):
/// its language and role, or `None` after recording why it is not part of the site.
pub fn classify(
    root: &Path,
    parts: &[String],
    shown_path: &Path,
    languages: &[String],
    diags: &mut Diagnostics,
) -> Option<(String, Role)> {
    let content = root.join(CONTENT_DIR);
    if let Some(problem) = parts.iter().find_map(|p| names::problem(p)) {
        diags.error(shown_path, Pos::new(1, 1), problem);
        return None;
    }
    if parts.len() < 2 {
        diags.error(
            shown_path,
            Pos::new(1, 1),
            format!(
                "files go into a language folder: move it to `{CONTENT_DIR}/{}/{}`",
                languages.first().map(String::as_str).unwrap_or("en"),
                parts[0]
            ),
        );
        return None;
    }
    let lang = &parts[0];
    if !languages.contains(lang) {
        // Reported at the folder, for every file in it: identical problems are shown once.
        let hint = did_you_mean(lang, languages.iter().map(String::as_str));
        diags.error(
            &shown(root, &content.join(lang)),
            Pos::new(1, 1),
            format!("`{lang}` is not a language listed in loupe.yaml{hint}"),
        );
        return None;
    }
    let name = parts.last().cloned().unwrap_or_default();
    let is_md = name.ends_with(".md");
    if !is_md {
        if parts.len() == 2 && name == "glossary.yaml" {
            return Some((lang.clone(), Role::Glossary));
        }
        if pack::is_pack_path(parts) {
            return Some((lang.clone(), Role::Pack));
        }
        if parts.len() == 3 && parts[1] == pack::PACKS_DIR && name.ends_with(".yml") {
            diags.error(
                shown_path,
                Pos::new(1, 1),
                "packs are `.yaml` files: rename it to end in `.yaml`",
            );
            return None;
        }
        if let Err(why) = assets::classify(&name) {
            diags.error(shown_path, Pos::new(1, 1), why);
            return None;
        }
        return Some((lang.clone(), Role::Asset));
    }
    let kind = match parts.len() {
        2 if name == "_index.md" => Kind::Home,
        2 => Kind::Page,
        3 => match Kind::from_folder(&parts[1]) {
            Some(k) => k,
            None if parts[1] == pack::PACKS_DIR => {
                diags.error(
                    shown_path,
                    Pos::new(1, 1),
                    "a workshop pack is a YAML file (`packs/<name>.yaml`) that lists documents: put the document into guidance/, minutes/ or case-studies/, and name it in the pack",
                );
                return None;
            }
            None => {
                let hint =
                    did_you_mean(&parts[1], Kind::SECTIONS.iter().filter_map(|k| k.folder()));
                diags.error(
                        shown_path,
                        Pos::new(1, 1),
                        format!(
                            "`{}/` is not a section: Markdown files go into guidance/, minutes/ or case-studies/, or at the language root{hint}",
                            parts[1]
                        ),
                    );
                return None;
            }
        },
        _ => {
            diags.error(
                shown_path,
                Pos::new(1, 1),
                "sections have no subfolders: move the file up into its section folder",
            );
            return None;
        }
    };
    Some((lang.clone(), Role::Markdown(kind)))
}

/// The path of `full` shown in messages: relative to the site root.
pub fn shown(root: &Path, full: &Path) -> PathBuf {
    full.strip_prefix(root).unwrap_or(full).to_path_buf()
}

/// Reads and checks one Markdown page. Problems go to `diags`.
pub fn read_page(
    root: &Path,
    lang: &str,
    content_path: &str,
    kind: Kind,
    full: &Path,
    vocab: &Vocabulary<'_>,
    diags: &mut Diagnostics,
) -> Option<Page> {
    let shown_path = shown(root, full);
    let text = source::read_text(full, &shown_path, diags)?;
    page_from_text(&text, lang, content_path, kind, shown_path, vocab, diags)
}

/// Checks the text of one Markdown page (already decoded by [`source::decode`]) as
/// [`read_page`] does once the file is read. `shown_path` names the file in messages.
pub fn page_from_text(
    text: &str,
    lang: &str,
    content_path: &str,
    kind: Kind,
    shown_path: PathBuf,
    vocab: &Vocabulary<'_>,
    diags: &mut Diagnostics,
) -> Option<Page> {
    let split = front_matter::split(text, &shown_path, diags)?;
    let fm = front_matter::parse(&split, kind, vocab, &shown_path, diags)?;
    let lang_path = content_path
        .split_once('/')
        .map(|(_, rest)| rest.to_string())
        .unwrap_or_default();
    let stem = content_path
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .trim_end_matches(".md")
        .to_string();
    Some(Page {
        lang: lang.to_string(),
        kind,
        source: shown_path,
        content_path: content_path.to_string(),
        lang_path,
        stem,
        fm,
        body: split.body.to_string(),
        body_line: split.body_line,
        // The same in every run of one loupe binary (a fixed seed); foldhash reads a long
        // text several times faster than the standard SipHash.
        source_hash: std::hash::BuildHasher::hash_one(
            &foldhash::fast::FixedState::with_seed(0),
            text,
        ),
    })
}

/// The files of the site's `static/` folder: (output path, file). Symbolic links are left out
/// with a warning, and names that would not work everywhere are errors.
pub fn static_files(root: &Path, diags: &mut Diagnostics) -> Vec<(String, PathBuf)> {
    let static_dir = root.join("static");
    let mut files = Vec::new();
    if !static_dir.is_dir() {
        return files;
    }
    let mut walker = walkdir::WalkDir::new(&static_dir)
        .sort_by_file_name()
        .into_iter();
    while let Some(e) = walker.next() {
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
        let shown = e.path().strip_prefix(root).unwrap_or(e.path());
        if e.path_is_symlink() {
            warn_symlink(e.path(), shown, diags);
            continue;
        }
        if e.depth() == 0 {
            continue;
        }
        let problem = match e.file_name().to_str() {
            None => Some("this file or folder name is not valid text (UTF-8): rename it".into()),
            Some(name) => names::problem(name),
        };
        if let Some(problem) = problem {
            diags.error(shown, Pos::new(1, 1), problem);
            if e.file_type().is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        if !e.file_type().is_file() {
            continue;
        }
        let rel = e.path().strip_prefix(&static_dir).unwrap_or(e.path());
        let rel = rel.to_string_lossy().replace('\\', "/");
        files.push((rel, e.path().to_path_buf()));
    }
    files
}
