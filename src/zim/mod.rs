//! A writer of ZIM files, the archive format Kiwix reads, written from the public specification
//! (openzim.org, "ZIM file format"), version 6.1 with the new namespace scheme:
//!
//! - `C/…` content (the site's files), `M/…` metadata (`M/Title`, `M/Illustration_48x48@1`,
//!   `M/Counter`), `W/mainPage` (a redirect to the main page), `X/listing/titleOrdered/v0`
//!   and `v1` (entry indexes ordered by title: all entries, and front articles only).
//! - A file is: header, MIME type list, path pointer list, cluster pointer list, directory
//!   entries, clusters (zstd-compressed for text, stored for images and listings), and the
//!   MD5 of everything before it.
//!
//! The module stands alone: it takes entries and metadata and writes bytes. Nothing in it knows
//! about loupe. The output depends only on the input: the same archive gives the same bytes
//! (the UUID, unless set, is derived from the content).
//!
//! ```
//! use loupe::zim::{Archive, Item};
//! let mut a = Archive::new();
//! a.add_item(Item::new("index.html", "Home", "text/html", b"<h1>Hi</h1>".to_vec()).front_article())?;
//! a.set_main_path("index.html");
//! a.set_metadata("Title", "Example");
//! let mut bytes = Vec::new();
//! a.write(&mut bytes)?;
//! assert_eq!(&bytes[..4], &[0x5a, 0x49, 0x4d, 0x04]);
//! # Ok::<(), loupe::zim::ZimError>(())
//! ```

mod layout;
#[cfg(test)]
mod read;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::io::Write;

/// Something that makes an archive impossible to write.
#[derive(Debug, thiserror::Error)]
pub enum ZimError {
    /// Two entries with the same path in the same namespace.
    #[error("two entries have the path `{0}`")]
    DuplicatePath(String),
    /// A path that is empty or contains a NUL character.
    #[error("invalid entry path `{0}`: a path must be non-empty and contain no NUL character")]
    InvalidPath(String),
    /// A title or metadata name containing a NUL character.
    #[error("invalid text in `{0}`: it contains a NUL character")]
    InvalidText(String),
    /// A redirect to a path that has no entry.
    #[error("the redirect `{from}` leads to `{to}`, which is not in the archive")]
    DanglingRedirect {
        /// The redirect's path.
        from: String,
        /// The missing target.
        to: String,
    },
    /// The main page is not in the archive.
    #[error("the main page `{0}` is not in the archive")]
    MissingMainPage(String),
    /// More entries or bigger clusters than the format's 32-bit fields hold.
    #[error("the archive is too large for the ZIM format's 32-bit fields ({0})")]
    TooLarge(&'static str),
    /// Compressing a cluster failed.
    #[error("zstd compression failed: {0}")]
    Compress(std::io::Error),
    /// Writing the output failed.
    #[error("writing the ZIM file failed: {0}")]
    Io(#[from] std::io::Error),
}

/// How an item's content is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    /// zstd, for text (HTML, CSS, JavaScript, JSON, SVG, XML).
    Zstd,
    /// Stored as it is, for content already compressed (PNG, JPEG, WebP, fonts, zip, PDF).
    None,
}

impl Compression {
    /// The natural choice for a MIME type: zstd for text-like types, none for the rest.
    pub fn for_mime_type(mime: &str) -> Compression {
        let essence = mime.split(';').next().unwrap_or("").trim();
        let texty = essence.starts_with("text/")
            || essence.ends_with("+xml")
            || essence.ends_with("+json")
            || matches!(
                essence,
                "application/javascript"
                    | "application/json"
                    | "application/xml"
                    | "application/xhtml+xml"
                    | "image/svg+xml"
                    | "application/wasm"
                    | "font/ttf"
                    | "font/otf"
            );
        if texty {
            Compression::Zstd
        } else {
            Compression::None
        }
    }
}

/// A content entry (`C/<path>`).
#[derive(Debug, Clone)]
pub struct Item {
    /// Path inside the archive, without leading slash: `en/guidance/x/index.html`.
    pub path: String,
    /// Title shown by readers; empty means "the path".
    pub title: String,
    /// MIME type: `text/html`.
    pub mime_type: String,
    /// The content.
    pub data: Vec<u8>,
    /// Listed in the front-article title index (`X/listing/titleOrdered/v1`), which readers use
    /// for suggestions and random pages: true for the articles a reader looks for.
    pub front_article: bool,
    /// How the content is stored.
    pub compression: Compression,
}

impl Item {
    /// An item, compressed or not according to its MIME type, not a front article.
    pub fn new(path: &str, title: &str, mime_type: &str, data: Vec<u8>) -> Item {
        Item {
            path: path.to_string(),
            title: title.to_string(),
            mime_type: mime_type.to_string(),
            data,
            front_article: false,
            compression: Compression::for_mime_type(mime_type),
        }
    }

    /// The same item, marked as a front article.
    pub fn front_article(mut self) -> Item {
        self.front_article = true;
        self
    }
}

/// What [`Archive::write`] wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Directory entries (content, metadata, redirects, listings).
    pub entries: u32,
    /// Clusters.
    pub clusters: u32,
    /// Bytes written.
    pub bytes: u64,
    /// The archive's UUID.
    pub uuid: [u8; 16],
}

/// A redirect entry: `C/<path>` that readers follow to `C/<target>`.
#[derive(Debug, Clone)]
struct Redirect {
    path: String,
    title: String,
    target: String,
}

/// An archive being assembled. Entries are kept in memory; [`Archive::write`] lays them out.
#[derive(Debug, Clone)]
pub struct Archive {
    items: BTreeMap<String, Item>,
    redirects: BTreeMap<String, Redirect>,
    metadata: BTreeMap<String, (String, Vec<u8>)>,
    main_path: Option<String>,
    uuid: Option<[u8; 16]>,
    cluster_size: usize,
    zstd_level: i32,
}

impl Default for Archive {
    fn default() -> Self {
        Archive::new()
    }
}

impl Archive {
    /// An empty archive: clusters of 2 MiB before compression, zstd level 19.
    pub fn new() -> Archive {
        Archive {
            items: BTreeMap::new(),
            redirects: BTreeMap::new(),
            metadata: BTreeMap::new(),
            main_path: None,
            uuid: None,
            cluster_size: 2 << 20,
            zstd_level: 19,
        }
    }

    /// Adds a content entry.
    pub fn add_item(&mut self, item: Item) -> Result<(), ZimError> {
        check_path(&item.path)?;
        check_text(&item.title, &item.path)?;
        check_text(&item.mime_type, &item.path)?;
        if self.items.contains_key(&item.path) || self.redirects.contains_key(&item.path) {
            return Err(ZimError::DuplicatePath(item.path));
        }
        self.items.insert(item.path.clone(), item);
        Ok(())
    }

    /// Adds a redirect from `path` to the content entry `target`.
    pub fn add_redirect(&mut self, path: &str, title: &str, target: &str) -> Result<(), ZimError> {
        check_path(path)?;
        check_path(target)?;
        check_text(title, path)?;
        if self.items.contains_key(path) || self.redirects.contains_key(path) {
            return Err(ZimError::DuplicatePath(path.to_string()));
        }
        self.redirects.insert(
            path.to_string(),
            Redirect {
                path: path.to_string(),
                title: title.to_string(),
                target: target.to_string(),
            },
        );
        Ok(())
    }

    /// Sets a text metadata entry (`M/<name>`): `Title`, `Description`, `Language`, `Creator`,
    /// `Publisher`, `Date`, `Name`, `Tags`, `LongDescription`, …
    pub fn set_metadata(&mut self, name: &str, value: &str) {
        self.metadata.insert(
            name.to_string(),
            ("text/plain".to_string(), value.as_bytes().to_vec()),
        );
    }

    /// Sets the PNG illustration of `size`×`size` pixels (`M/Illustration_<size>x<size>@1`);
    /// readers need the 48×48 one.
    pub fn set_illustration(&mut self, size: u32, png: Vec<u8>) {
        self.metadata.insert(
            format!("Illustration_{size}x{size}@1"),
            ("image/png".to_string(), png),
        );
    }

    /// Sets the main page: the content entry readers open first.
    pub fn set_main_path(&mut self, path: &str) {
        self.main_path = Some(path.to_string());
    }

    /// Sets the UUID (default: derived from the content, so that equal input gives equal bytes).
    pub fn set_uuid(&mut self, uuid: [u8; 16]) {
        self.uuid = Some(uuid);
    }

    /// Sets the uncompressed size at which a cluster is closed (default 2 MiB).
    pub fn set_cluster_size(&mut self, bytes: usize) {
        self.cluster_size = bytes.max(1);
    }

    /// Sets the zstd level (default 19).
    pub fn set_zstd_level(&mut self, level: i32) {
        self.zstd_level = level;
    }

    /// Writes the archive to `out`.
    pub fn write<W: Write>(&self, out: W) -> Result<Summary, ZimError> {
        if let Some(main) = &self.main_path {
            if !self.items.contains_key(main) && !self.redirects.contains_key(main) {
                return Err(ZimError::MissingMainPage(main.clone()));
            }
        }
        for r in self.redirects.values() {
            if !self.items.contains_key(&r.target) {
                return Err(ZimError::DanglingRedirect {
                    from: r.path.clone(),
                    to: r.target.clone(),
                });
            }
        }
        layout::write(self, out)
    }
}

fn check_path(path: &str) -> Result<(), ZimError> {
    if path.is_empty() || path.contains('\0') {
        return Err(ZimError::InvalidPath(path.to_string()));
    }
    Ok(())
}

fn check_text(text: &str, owner: &str) -> Result<(), ZimError> {
    if text.contains('\0') {
        return Err(ZimError::InvalidText(owner.to_string()));
    }
    Ok(())
}
