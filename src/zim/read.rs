//! A small ZIM reader for the writer's tests, written from the specification too, with every
//! offset checked: it reads what the writer wrote back, so a round trip shows the layout.

use md5::{Digest, Md5};

use super::layout::{HEADER_SIZE, MAGIC, REDIRECT_MIME};

/// A parsed archive.
pub(crate) struct Zim<'a> {
    pub(crate) bytes: &'a [u8],
    pub(crate) major: u16,
    pub(crate) minor: u16,
    pub(crate) uuid: [u8; 16],
    pub(crate) mimes: Vec<String>,
    pub(crate) entries: Vec<Dirent>,
    pub(crate) cluster_offsets: Vec<u64>,
    pub(crate) title_idx_pos: u64,
    pub(crate) main_page: u32,
    pub(crate) layout_page: u32,
    pub(crate) checksum_pos: u64,
}

/// One directory entry.
#[derive(Debug, Clone)]
pub(crate) struct Dirent {
    pub(crate) ns: u8,
    pub(crate) path: String,
    pub(crate) title: String,
    pub(crate) mime: u16,
    /// (cluster, blob) for content, or the redirect target index.
    pub(crate) target: Target,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    Blob { cluster: u32, blob: u32 },
    Redirect(u32),
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes(b[at..at + 2].try_into().unwrap())
}
fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(b[at..at + 4].try_into().unwrap())
}
fn u64_at(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(b[at..at + 8].try_into().unwrap())
}
fn cstr(b: &[u8], at: usize) -> (String, usize) {
    let end = at
        + b[at..]
            .iter()
            .position(|&c| c == 0)
            .expect("NUL-terminated string");
    (String::from_utf8(b[at..end].to_vec()).unwrap(), end + 1)
}

impl<'a> Zim<'a> {
    /// Parses `bytes`, panicking on anything out of place.
    pub(crate) fn parse(bytes: &'a [u8]) -> Zim<'a> {
        assert!(bytes.len() as u64 >= HEADER_SIZE + 16, "too short");
        assert_eq!(u32_at(bytes, 0), MAGIC, "magic");
        let count = u32_at(bytes, 24) as usize;
        let cluster_count = u32_at(bytes, 28) as usize;
        let path_ptr_pos = u64_at(bytes, 32) as usize;
        let title_idx_pos = u64_at(bytes, 40);
        let cluster_ptr_pos = u64_at(bytes, 48) as usize;
        let mime_pos = u64_at(bytes, 56);
        assert_eq!(mime_pos, HEADER_SIZE, "the MIME list follows the header");
        let checksum_pos = u64_at(bytes, 72);
        assert_eq!(checksum_pos + 16, bytes.len() as u64, "checksum at the end");

        let mut mimes = Vec::new();
        let mut at = HEADER_SIZE as usize;
        loop {
            let (m, next) = cstr(bytes, at);
            at = next;
            if m.is_empty() {
                break;
            }
            mimes.push(m);
        }
        assert!(at <= path_ptr_pos, "MIME list overlaps the path pointers");

        let mut entries = Vec::with_capacity(count);
        for i in 0..count {
            let off = u64_at(bytes, path_ptr_pos + 8 * i) as usize;
            assert!(off >= HEADER_SIZE as usize && off < checksum_pos as usize);
            let mime = u16_at(bytes, off);
            assert_eq!(bytes[off + 2], 0, "no parameters");
            let ns = bytes[off + 3];
            let (target, strings) = if mime == REDIRECT_MIME {
                (Target::Redirect(u32_at(bytes, off + 8)), off + 12)
            } else {
                assert!((mime as usize) < mimes.len(), "MIME index in range");
                (
                    Target::Blob {
                        cluster: u32_at(bytes, off + 8),
                        blob: u32_at(bytes, off + 12),
                    },
                    off + 16,
                )
            };
            let (path, next) = cstr(bytes, strings);
            let (title, _) = cstr(bytes, next);
            entries.push(Dirent {
                ns,
                path,
                title,
                mime,
                target,
            });
        }
        let cluster_offsets = (0..cluster_count)
            .map(|i| u64_at(bytes, cluster_ptr_pos + 8 * i))
            .collect();
        Zim {
            bytes,
            major: u16_at(bytes, 4),
            minor: u16_at(bytes, 6),
            uuid: bytes[8..24].try_into().unwrap(),
            mimes,
            entries,
            cluster_offsets,
            title_idx_pos,
            main_page: u32_at(bytes, 64),
            layout_page: u32_at(bytes, 68),
            checksum_pos,
        }
    }

    /// True when the stored MD5 matches the bytes before it.
    pub(crate) fn checksum_ok(&self) -> bool {
        let pos = self.checksum_pos as usize;
        let digest: [u8; 16] = Md5::digest(&self.bytes[..pos]).into();
        digest == self.bytes[pos..pos + 16]
    }

    /// The uncompressed data of cluster `n` (offsets table and blobs) and its compression byte.
    pub(crate) fn cluster(&self, n: u32) -> (u8, Vec<u8>) {
        let start = self.cluster_offsets[n as usize] as usize;
        let end = self
            .cluster_offsets
            .iter()
            .copied()
            .filter(|&o| o as usize > start)
            .min()
            .unwrap_or(self.checksum_pos) as usize;
        let info = self.bytes[start];
        assert_eq!(info & 0x10, 0, "no extended clusters");
        let body = &self.bytes[start + 1..end];
        let data = match info & 0x0f {
            1 => body.to_vec(),
            5 => zstd::stream::decode_all(body).expect("zstd cluster"),
            other => panic!("unknown compression {other}"),
        };
        (info, data)
    }

    /// The blob `blob` of cluster `cluster`.
    pub(crate) fn blob(&self, cluster: u32, blob: u32) -> Vec<u8> {
        let (_, data) = self.cluster(cluster);
        let first = u32_at(&data, 0) as usize;
        let n = first / 4 - 1;
        assert!((blob as usize) < n, "blob number in range");
        let a = u32_at(&data, 4 * blob as usize) as usize;
        let b = u32_at(&data, 4 * (blob as usize + 1)) as usize;
        data[a..b].to_vec()
    }

    /// The index of `ns/path`, by binary search over the path pointers.
    pub(crate) fn find(&self, ns: u8, path: &str) -> Option<usize> {
        self.entries
            .binary_search_by(|e| (e.ns, e.path.as_bytes()).cmp(&(ns, path.as_bytes())))
            .ok()
    }

    /// The content of `ns/path`, following redirects.
    pub(crate) fn get(&self, ns: u8, path: &str) -> Option<(String, Vec<u8>)> {
        let mut i = self.find(ns, path)?;
        for _ in 0..10 {
            match self.entries[i].target {
                Target::Redirect(t) => i = t as usize,
                Target::Blob { cluster, blob } => {
                    let mime = self.mimes[self.entries[i].mime as usize].clone();
                    return Some((mime, self.blob(cluster, blob)));
                }
            }
        }
        panic!("redirect loop at {path}");
    }

    /// Entry indexes of a title listing read at the header's title index position (v0, all).
    pub(crate) fn title_index_v0(&self) -> Vec<u32> {
        let at = self.title_idx_pos as usize;
        (0..self.entries.len())
            .map(|i| u32_at(self.bytes, at + 4 * i))
            .collect()
    }

    /// Entry indexes stored in `X/<path>`.
    pub(crate) fn listing(&self, path: &str) -> Option<Vec<u32>> {
        let (_, data) = self.get(b'X', path)?;
        Some(data.chunks(4).map(|c| u32_at(c, 0)).collect())
    }
}
