//! Laying an [`Archive`] out as bytes: ordering, title listings, clusters, pointers, header,
//! checksum.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use md5::{Digest, Md5};

use super::{Archive, Compression, Summary, ZimError};

/// "ZIM\x04", little-endian.
pub(crate) const MAGIC: u32 = 0x044D_495A;
/// Major version 6: zstd clusters and 32-bit blob offsets.
pub(crate) const MAJOR: u16 = 6;
/// Minor version 1: the new namespace scheme (`C`, `M`, `W`, `X`).
pub(crate) const MINOR: u16 = 1;
/// The header's size, which is also where the MIME type list starts.
pub(crate) const HEADER_SIZE: u64 = 80;
/// The MIME type value of a redirect entry.
pub(crate) const REDIRECT_MIME: u16 = 0xffff;
/// "No entry" in the header's main and layout page fields.
pub(crate) const NO_PAGE: u32 = u32::MAX;
/// Cluster information byte: stored.
pub(crate) const CLUSTER_NONE: u8 = 1;
/// Cluster information byte: zstd.
pub(crate) const CLUSTER_ZSTD: u8 = 5;

/// What an entry holds.
enum Body<'a> {
    Data {
        mime: &'a str,
        data: Cow<'a, [u8]>,
        compression: Compression,
    },
    Redirect {
        ns: u8,
        target: &'a str,
    },
}

struct Entry<'a> {
    ns: u8,
    path: Cow<'a, str>,
    title: &'a str,
    front: bool,
    body: Body<'a>,
}

impl Entry<'_> {
    /// The title readers show: the path when there is none.
    fn shown_title(&self) -> &str {
        if self.title.is_empty() {
            &self.path
        } else {
            self.title
        }
    }

    /// The title as stored: empty when it equals the path.
    fn stored_title(&self) -> &str {
        if self.title == self.path {
            ""
        } else {
            self.title
        }
    }

    fn dirent_size(&self) -> u64 {
        let fixed = match self.body {
            Body::Data { .. } => 16,
            Body::Redirect { .. } => 12,
        };
        fixed + self.path.len() as u64 + 1 + self.stored_title().len() as u64 + 1
    }
}

/// Where an entry's data went: cluster number and blob number.
#[derive(Clone, Copy, Default)]
struct Place {
    cluster: u32,
    blob: u32,
}

struct Cluster {
    /// The cluster as written: information byte, then (compressed) offsets and blobs.
    bytes: Vec<u8>,
    /// Offsets of the blobs in the uncompressed data (from its start, offsets table included).
    blob_offsets: Vec<u32>,
}

const LISTING_V0: &str = "listing/titleOrdered/v0";
const LISTING_V1: &str = "listing/titleOrdered/v1";
const LISTING_MIME: &str = "application/octet-stream+zimlisting";

/// Writes `archive` to `out`.
pub(super) fn write<W: Write>(archive: &Archive, out: W) -> Result<Summary, ZimError> {
    let mut entries = collect(archive);
    entries.sort_by(|a, b| (a.ns, a.path.as_bytes()).cmp(&(b.ns, b.path.as_bytes())));
    let count = u32::try_from(entries.len()).map_err(|_| ZimError::TooLarge("entry count"))?;

    // Title listings: every entry, and front articles only.
    let mut by_title: Vec<u32> = (0..count).collect();
    by_title.sort_by(|&a, &b| {
        let (a, b) = (&entries[a as usize], &entries[b as usize]);
        (a.ns, a.shown_title().as_bytes(), a.path.as_bytes()).cmp(&(
            b.ns,
            b.shown_title().as_bytes(),
            b.path.as_bytes(),
        ))
    });
    let v0: Vec<u8> = by_title.iter().flat_map(|i| i.to_le_bytes()).collect();
    let v1: Vec<u8> = by_title
        .iter()
        .filter(|&&i| entries[i as usize].front && entries[i as usize].ns == b'C')
        .flat_map(|i| i.to_le_bytes())
        .collect();
    for e in entries.iter_mut().filter(|e| e.ns == b'X') {
        if let Body::Data { data, .. } = &mut e.body {
            if e.path == LISTING_V0 {
                *data = Cow::Owned(v0.clone());
            } else if e.path == LISTING_V1 {
                *data = Cow::Owned(v1.clone());
            }
        }
    }

    // Redirect targets.
    let mut redirect_index = vec![0u32; entries.len()];
    for (i, e) in entries.iter().enumerate() {
        if let Body::Redirect { ns, target } = e.body {
            // Checked by `Archive::write`: every target exists.
            redirect_index[i] = index_of(&entries, ns, target).unwrap_or(0);
        }
    }

    // MIME types, sorted.
    let mimes: Vec<&str> = entries
        .iter()
        .filter_map(|e| match e.body {
            Body::Data { mime, .. } => Some(mime),
            Body::Redirect { .. } => None,
        })
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if mimes.len() >= REDIRECT_MIME as usize - 2 {
        return Err(ZimError::TooLarge("MIME type count"));
    }
    let mime_index: BTreeMap<&str, u16> = mimes
        .iter()
        .enumerate()
        .map(|(i, m)| (*m, i as u16))
        .collect();

    // Clusters: compressed ones first, then stored ones, each filled in path order.
    let mut places = vec![Place::default(); entries.len()];
    let mut clusters: Vec<Cluster> = Vec::new();
    for kind in [Compression::Zstd, Compression::None] {
        let mut members: Vec<usize> = Vec::new();
        let mut size = 0usize;
        for (i, e) in entries.iter().enumerate() {
            let Body::Data {
                data, compression, ..
            } = &e.body
            else {
                continue;
            };
            if *compression != kind {
                continue;
            }
            members.push(i);
            size += data.len();
            if size >= archive.cluster_size {
                close(
                    &entries,
                    &mut members,
                    kind,
                    archive,
                    &mut places,
                    &mut clusters,
                )?;
                size = 0;
            }
        }
        if !members.is_empty() {
            close(
                &entries,
                &mut members,
                kind,
                archive,
                &mut places,
                &mut clusters,
            )?;
        }
    }
    let cluster_count =
        u32::try_from(clusters.len()).map_err(|_| ZimError::TooLarge("cluster count"))?;

    // Layout: header, MIME list, path pointers, cluster pointers, dirents, clusters, checksum.
    let mut mime_list = Vec::new();
    for m in &mimes {
        mime_list.extend_from_slice(m.as_bytes());
        mime_list.push(0);
    }
    mime_list.push(0);
    let path_ptr_pos = HEADER_SIZE + mime_list.len() as u64;
    let cluster_ptr_pos = path_ptr_pos + 8 * u64::from(count);
    let dirents_pos = cluster_ptr_pos + 8 * u64::from(cluster_count);
    let mut dirent_offsets = Vec::with_capacity(entries.len());
    let mut pos = dirents_pos;
    for e in &entries {
        dirent_offsets.push(pos);
        pos += e.dirent_size();
    }
    let dirents_end = pos;
    let mut cluster_offsets = Vec::with_capacity(clusters.len());
    for c in &clusters {
        cluster_offsets.push(pos);
        pos += c.bytes.len() as u64;
    }
    let checksum_pos = pos;
    let title_idx_pos = match index_of(&entries, b'X', LISTING_V0) {
        Some(i) => {
            let p = places[i as usize];
            cluster_offsets[p.cluster as usize]
                + 1
                + u64::from(clusters[p.cluster as usize].blob_offsets[p.blob as usize])
        }
        None => u64::MAX,
    };
    let main_page = index_of(&entries, b'W', "mainPage").unwrap_or(NO_PAGE);

    // Everything after the header, in file order.
    let mut pointers = Vec::with_capacity((8 * (count + cluster_count)) as usize);
    for o in &dirent_offsets {
        pointers.extend_from_slice(&o.to_le_bytes());
    }
    for o in &cluster_offsets {
        pointers.extend_from_slice(&o.to_le_bytes());
    }
    let mut dirents = Vec::with_capacity((dirents_end - dirents_pos) as usize);
    for (i, e) in entries.iter().enumerate() {
        match &e.body {
            Body::Data { mime, .. } => {
                dirents.extend_from_slice(&mime_index[mime].to_le_bytes());
                dirents.push(0); // parameter length
                dirents.push(e.ns);
                dirents.extend_from_slice(&0u32.to_le_bytes()); // revision
                dirents.extend_from_slice(&places[i].cluster.to_le_bytes());
                dirents.extend_from_slice(&places[i].blob.to_le_bytes());
            }
            Body::Redirect { .. } => {
                dirents.extend_from_slice(&REDIRECT_MIME.to_le_bytes());
                dirents.push(0);
                dirents.push(e.ns);
                dirents.extend_from_slice(&0u32.to_le_bytes());
                dirents.extend_from_slice(&redirect_index[i].to_le_bytes());
            }
        }
        dirents.extend_from_slice(e.path.as_bytes());
        dirents.push(0);
        dirents.extend_from_slice(e.stored_title().as_bytes());
        dirents.push(0);
    }

    let uuid = archive.uuid.unwrap_or_else(|| {
        // A name-based (MD5, version 3) UUID of the content: equal input, equal UUID.
        let mut h = Md5::new();
        h.update(&mime_list);
        h.update(&dirents);
        for c in &clusters {
            h.update(&c.bytes);
        }
        let mut u: [u8; 16] = h.finalize().into();
        u[6] = (u[6] & 0x0f) | 0x30;
        u[8] = (u[8] & 0x3f) | 0x80;
        u
    });

    let mut header = Vec::with_capacity(HEADER_SIZE as usize);
    header.extend_from_slice(&MAGIC.to_le_bytes());
    header.extend_from_slice(&MAJOR.to_le_bytes());
    header.extend_from_slice(&MINOR.to_le_bytes());
    header.extend_from_slice(&uuid);
    header.extend_from_slice(&count.to_le_bytes());
    header.extend_from_slice(&cluster_count.to_le_bytes());
    header.extend_from_slice(&path_ptr_pos.to_le_bytes());
    header.extend_from_slice(&title_idx_pos.to_le_bytes());
    header.extend_from_slice(&cluster_ptr_pos.to_le_bytes());
    header.extend_from_slice(&HEADER_SIZE.to_le_bytes());
    header.extend_from_slice(&main_page.to_le_bytes());
    header.extend_from_slice(&NO_PAGE.to_le_bytes());
    header.extend_from_slice(&checksum_pos.to_le_bytes());
    debug_assert_eq!(header.len() as u64, HEADER_SIZE);

    let mut out = HashingWriter {
        inner: out,
        md5: Md5::new(),
    };
    out.write_all(&header)?;
    out.write_all(&mime_list)?;
    out.write_all(&pointers)?;
    out.write_all(&dirents)?;
    for c in &clusters {
        out.write_all(&c.bytes)?;
    }
    let digest: [u8; 16] = out.md5.finalize().into();
    out.inner.write_all(&digest)?;
    out.inner.flush()?;
    Ok(Summary {
        entries: count,
        clusters: cluster_count,
        bytes: checksum_pos + 16,
        uuid,
    })
}

/// The index of `ns/path` in the sorted `entries`.
fn index_of(entries: &[Entry<'_>], ns: u8, path: &str) -> Option<u32> {
    entries
        .binary_search_by(|e| (e.ns, e.path.as_bytes()).cmp(&(ns, path.as_bytes())))
        .ok()
        .map(|i| i as u32)
}

/// Every entry of the archive: content, redirects, metadata, main page, listings.
fn collect(archive: &Archive) -> Vec<Entry<'_>> {
    let mut entries: Vec<Entry<'_>> = Vec::new();
    let mut counter: BTreeMap<&str, u32> = BTreeMap::new();
    let mut any_front = false;
    for item in archive.items.values() {
        *counter.entry(item.mime_type.as_str()).or_default() += 1;
        any_front |= item.front_article;
        entries.push(Entry {
            ns: b'C',
            path: Cow::Borrowed(&item.path),
            title: &item.title,
            front: item.front_article,
            body: Body::Data {
                mime: &item.mime_type,
                data: Cow::Borrowed(&item.data),
                compression: item.compression,
            },
        });
    }
    for r in archive.redirects.values() {
        entries.push(Entry {
            ns: b'C',
            path: Cow::Borrowed(&r.path),
            title: &r.title,
            front: false,
            body: Body::Redirect {
                ns: b'C',
                target: &r.target,
            },
        });
    }
    for (name, (mime, value)) in &archive.metadata {
        entries.push(Entry {
            ns: b'M',
            path: Cow::Borrowed(name),
            title: "",
            front: false,
            body: Body::Data {
                mime,
                data: Cow::Borrowed(value),
                compression: Compression::for_mime_type(mime),
            },
        });
    }
    if !archive.metadata.contains_key("Counter") {
        let text = counter
            .iter()
            .map(|(m, n)| format!("{m}={n}"))
            .collect::<Vec<_>>()
            .join(";");
        entries.push(Entry {
            ns: b'M',
            path: Cow::Borrowed("Counter"),
            title: "",
            front: false,
            body: Body::Data {
                mime: "text/plain",
                data: Cow::Owned(text.into_bytes()),
                compression: Compression::Zstd,
            },
        });
    }
    if let Some(main) = &archive.main_path {
        entries.push(Entry {
            ns: b'W',
            path: Cow::Borrowed("mainPage"),
            title: "",
            front: false,
            body: Body::Redirect {
                ns: b'C',
                target: main,
            },
        });
    }
    let mut listings = vec![LISTING_V0];
    if any_front {
        listings.push(LISTING_V1);
    }
    for l in listings {
        entries.push(Entry {
            ns: b'X',
            path: Cow::Borrowed(l),
            title: "",
            front: false,
            body: Body::Data {
                mime: LISTING_MIME,
                data: Cow::Borrowed(&[]),
                // Readers find listings inside stored clusters by offset.
                compression: Compression::None,
            },
        });
    }
    entries
}

/// Closes a cluster holding `members` (entry indexes), recording where each entry went.
fn close(
    entries: &[Entry<'_>],
    members: &mut Vec<usize>,
    kind: Compression,
    archive: &Archive,
    places: &mut [Place],
    clusters: &mut Vec<Cluster>,
) -> Result<(), ZimError> {
    let number = clusters.len() as u32;
    let table = 4 * (members.len() + 1);
    let mut blob_offsets = Vec::with_capacity(members.len() + 1);
    let mut offset = table;
    for (blob, &i) in members.iter().enumerate() {
        blob_offsets.push(u32::try_from(offset).map_err(|_| ZimError::TooLarge("cluster size"))?);
        if let Body::Data { data, .. } = &entries[i].body {
            offset += data.len();
        }
        places[i] = Place {
            cluster: number,
            blob: blob as u32,
        };
    }
    blob_offsets.push(u32::try_from(offset).map_err(|_| ZimError::TooLarge("cluster size"))?);
    let mut raw = Vec::with_capacity(offset);
    for o in &blob_offsets {
        raw.extend_from_slice(&o.to_le_bytes());
    }
    for &i in members.iter() {
        if let Body::Data { data, .. } = &entries[i].body {
            raw.extend_from_slice(data);
        }
    }
    let bytes = match kind {
        Compression::None => {
            let mut b = Vec::with_capacity(raw.len() + 1);
            b.push(CLUSTER_NONE);
            b.extend_from_slice(&raw);
            b
        }
        Compression::Zstd => {
            let mut b = vec![CLUSTER_ZSTD];
            let compressed =
                zstd::bulk::compress(&raw, archive.zstd_level).map_err(ZimError::Compress)?;
            b.extend_from_slice(&compressed);
            b
        }
    };
    clusters.push(Cluster {
        bytes,
        blob_offsets,
    });
    members.clear();
    Ok(())
}

/// A writer that hashes what goes through it.
struct HashingWriter<W> {
    inner: W,
    md5: Md5,
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.md5.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}
