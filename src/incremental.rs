//! Incremental builds across runs: what a build leaves for the next one.
//!
//! After a successful build, loupe records in `.loupe/build/` (postcard, compressed with LZ4)
//! what it read and what it wrote:
//! each content file with its size, modification time and what reading it gave (front matter,
//! the first pass of its Markdown, its problems); the facts of the site and the facts each page
//! read ([`crate::render::record`]); a hash of the configuration and theme; a hash of each
//! language's search corpus; and the size and time of every file of the output. The next build
//! reads again only the files whose size or time changed, renders only the routes whose
//! recorded facts changed, indexes again only the languages whose corpus changed, and writes
//! only the files that changed, into the output itself, once it has found no problem
//! ([`crate::output::Staging::in_place`]: a build that fails leaves the output and this
//! record as they were). Its output is byte for byte the output of a clean build.
//!
//! The record is used only when it was written by this very loupe binary, for this output
//! folder (otherwise, or with `--clean`, the build reads everything again and is a full one).
//! Its content files are used as they are; the output is built only in part when it is still
//! exactly as that build left it, and in full otherwise.
//!
//! There is one record per output folder; saving one removes those of folders that are gone.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::render::record::{Fact, Facts};
use crate::site::Site;
use crate::workspace::{Entry, Workspace};

/// The size and modification time of a file: equal stamps, unchanged file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Stamp {
    /// Size in bytes.
    pub len: u64,
    /// Modification time, in nanoseconds since the Unix epoch (0 when unknown).
    pub mtime: i128,
}

impl Stamp {
    /// The stamp of the file at `path`, if it can be read.
    pub fn of(path: &Path) -> Option<Stamp> {
        std::fs::metadata(path)
            .ok()
            .map(|meta| Stamp::of_metadata(&meta))
    }

    /// The stamp the metadata `meta` of a file gives.
    pub fn of_metadata(meta: &std::fs::Metadata) -> Stamp {
        let mtime = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|d| d.as_nanos() as i128)
            .unwrap_or(0);
        Stamp {
            len: meta.len(),
            mtime,
        }
    }
}

/// What a build records for the next one.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct State {
    /// The loupe binary that wrote it ([`binary_id`]).
    pub binary: String,
    /// The output folder it describes (absolute).
    pub output: PathBuf,
    /// A hash of `loupe.yaml` and the theme (templates, files, strings).
    pub base: u64,
    /// What the content files were read against ([`Workspace::reading`]).
    pub reading: u64,
    /// Content files by content path: what reading them gave, with their stamps (saved apart
    /// from the rest, in parts: see [`save`]).
    #[serde(skip)]
    pub files: BTreeMap<String, Entry>,
    /// A signature of each part of the content files ([`signatures`]): a part whose signature
    /// is the same in the next build is saved again as it was read, not encoded again.
    pub parts: Vec<u64>,
    /// The parts as the record held them, when the state was loaded from one.
    #[serde(skip)]
    pub earlier: Option<Earlier>,
    /// The facts of the site built.
    pub facts: Facts,
    /// The facts each page read, by output path.
    pub pages: HashMap<String, Vec<Fact>>,
    /// The related documents chosen, with a hash of what they were chosen from.
    pub related: crate::site::related::Chosen,
    /// Files copied from `static/` and content assets, by output path: the stamp of the source.
    pub copied: BTreeMap<String, Stamp>,
    /// A hash of each language's search corpus (and `""`: of the glossaries' term groups).
    pub search: BTreeMap<String, u64>,
    /// Every file of the output as the build left it, by output path.
    pub written: BTreeMap<String, Stamp>,
}

/// The content files' parts as a record held them: compressed, with their signatures.
#[derive(Debug)]
pub(crate) struct Earlier {
    /// The record's bytes.
    bytes: Vec<u8>,
    /// Where each part's frame is in `bytes`.
    frames: Vec<std::ops::Range<usize>>,
    /// Each part's signature.
    parts: Vec<u64>,
}

/// Where the record of builds into `output` is kept, inside the site's `.loupe/` folder.
pub(crate) fn state_path(root: &Path, output: &Path) -> PathBuf {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    output.hash(&mut h);
    root.join(".loupe")
        .join("build")
        .join(format!("{:016x}.state", h.finish()))
}

/// An identity of the running loupe binary: its version, size and modification time. A record
/// written by another binary (another version, or a rebuild of this one) is not used.
pub(crate) fn binary_id() -> String {
    let exe = std::env::current_exe()
        .ok()
        .and_then(|p| Stamp::of(&p))
        .map(|s| format!("{}-{}", s.len, s.mtime))
        .unwrap_or_default();
    format!("{}-{exe}", env!("CARGO_PKG_VERSION"))
}

/// Reads the record of the last build of `root` into `output` (absolute), when it was written
/// by this binary for this output. What it says of the content files can be used as it is;
/// what it says of the output only if [`output_unchanged`] says so.
pub(crate) fn load(root: &Path, output: &Path) -> Option<State> {
    let bytes = std::fs::read(state_path(root, output)).ok()?;
    let ranges = frames(&bytes)?;
    let (last, parts) = ranges.split_last()?;
    let mut state: State = decode(&bytes[last.clone()])?;
    if state.binary != binary_id() || state.output != output || state.parts.len() != parts.len() {
        return None;
    }
    // The parts of the content files, decoded on every core.
    let decoded: Vec<Part> = parts
        .par_iter()
        .map(|r| decode::<Part>(&bytes[r.clone()]))
        .collect::<Option<_>>()?;
    state.files.extend(decoded.into_iter().flatten());
    state.earlier = Some(Earlier {
        frames: parts.to_vec(),
        parts: state.parts.clone(),
        bytes,
    });
    Some(state)
}

/// One part of the content files, as decoded.
type Part = Vec<(String, Entry)>;

/// How many parts the content files are saved in, each compressed and read on its own (on
/// every core): after an edit, only the parts with a changed file are encoded again.
const PARTS: usize = 64;

/// The part of the content file `path` (stable for one loupe binary).
fn part_of(path: &str) -> usize {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    path.hash(&mut h);
    (h.finish() % PARTS as u64) as usize
}

/// The content files in their parts, each in path order.
fn split_parts(files: &BTreeMap<String, Entry>) -> Vec<Vec<(&String, &Entry)>> {
    let mut parts = vec![Vec::new(); PARTS];
    for (path, entry) in files {
        parts[part_of(path)].push((path, entry));
    }
    parts
}

/// A signature of each part of `files`, read against `reading` ([`Workspace::reading`]): its
/// paths and their stamps. An entry is taken from the record exactly when its stamp and the
/// reading are unchanged, so a part with the same signature holds the same entries.
pub(crate) fn signatures(files: &BTreeMap<String, Entry>, reading: u64) -> Vec<u64> {
    split_parts(files)
        .iter()
        .map(|part| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            reading.hash(&mut h);
            for (path, entry) in part {
                (path, entry.stamp).hash(&mut h);
            }
            h.finish()
        })
        .collect()
}

/// The frames of a record: a count, then each frame's length and bytes (lengths as
/// little-endian `u64`). Returns where each frame is.
fn frames(bytes: &[u8]) -> Option<Vec<std::ops::Range<usize>>> {
    let count = u64::from_le_bytes(*bytes.first_chunk::<8>()?);
    let mut at = 8usize;
    let mut out = Vec::new();
    for _ in 0..count {
        let len = u64::from_le_bytes(*bytes.get(at..)?.first_chunk::<8>()?);
        let start = at.checked_add(8)?;
        let end = start.checked_add(usize::try_from(len).ok()?)?;
        bytes.get(start..end)?;
        out.push(start..end);
        at = end;
    }
    (at == bytes.len()).then_some(out)
}

/// A value from one frame: postcard, compressed with LZ4 (a block, after its size as a
/// little-endian `u32`).
fn decode<T: serde::de::DeserializeOwned>(frame: &[u8]) -> Option<T> {
    let (size, block) = frame.split_first_chunk::<4>()?;
    let size = u32::from_le_bytes(*size) as usize;
    // LZ4 expands at most ~255 times: a larger size is a damaged frame, not an allocation.
    if size > block.len().saturating_mul(256) {
        return None;
    }
    let bytes = lz4_flex::block::decompress(block, size).ok()?;
    postcard::from_bytes(&bytes).ok()
}

/// One frame of `value` ([`decode`] reads it back).
fn encode<T: Serialize + ?Sized>(value: &T) -> std::io::Result<Vec<u8>> {
    let bytes = postcard::to_allocvec(value).map_err(std::io::Error::other)?;
    Ok(lz4_flex::block::compress_prepend_size(&bytes))
}

/// Whether the output is still exactly as the recorded build left it (`stamps`, from
/// [`State::written`]): the stamp of every file is read, on a thread of its own so that it
/// overlaps the loading of the content.
pub(crate) fn output_unchanged(
    output: PathBuf,
    stamps: BTreeMap<String, Stamp>,
) -> std::thread::JoinHandle<bool> {
    std::thread::spawn(move || written(&output) == stamps)
}

/// The content files' frames of a record, written ahead of the rest of it (see [`save`]).
/// Until [`save`] completes it, the record is a file of its own beside the last complete one,
/// removed if the build, or the writing, goes no further.
pub(crate) struct Parts {
    /// The record being written.
    tmp: PathBuf,
    /// It, open after the parts' frames (`None` until they are written, and once [`save`]
    /// has closed it).
    file: Option<std::io::BufWriter<std::fs::File>>,
    /// Whether [`save`] made it the record.
    saved: bool,
    /// The signature of each part ([`signatures`]).
    pub signatures: Vec<u64>,
}

impl Drop for Parts {
    fn drop(&mut self) {
        if !self.saved {
            drop(self.file.take());
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// Starts the record of builds of `root` into `output` (absolute) with the content files,
/// `files`, read against `reading`, in [`PARTS`] frames, so that [`load`] reads them on every
/// core. A part whose signature is that of a part of the `earlier` record is copied from it as
/// it is; the others are encoded on every core (rayon's), as many at a time as there are
/// threads, and written as each batch is done (no more than a batch in memory).
///
/// The build writes them as soon as its pages are rendered: they depend on nothing else, and
/// the search index, built beside the pages, often has a core to spare by then.
pub(crate) fn write_parts(
    root: &Path,
    output: &Path,
    files: &BTreeMap<String, Entry>,
    reading: u64,
    earlier: Option<&Earlier>,
) -> std::io::Result<Parts> {
    let path = state_path(root, output);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("tmp");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
    // From here, a failure removes the file (`Parts`' drop).
    let mut parts = Parts {
        tmp,
        file: None,
        saved: false,
        signatures: signatures(files, reading),
    };
    let split = split_parts(files);
    file.write_all(&(1 + split.len() as u64).to_le_bytes())?;
    let signatures = &parts.signatures;
    let kept = |i: usize| {
        earlier
            .filter(|e| e.parts.get(i) == signatures.get(i))
            .and_then(|e| e.frames.get(i).map(|r| &e.bytes[r.clone()]))
    };
    let numbered: Vec<(usize, &Vec<(&String, &Entry)>)> = split.iter().enumerate().collect();
    for batch in numbered.chunks(rayon::current_num_threads()) {
        let frames: Vec<std::io::Result<Cow<'_, [u8]>>> = batch
            .par_iter()
            .map(|&(i, part)| match kept(i) {
                Some(frame) => Ok(Cow::Borrowed(frame)),
                None => encode(part).map(Cow::Owned),
            })
            .collect();
        for frame in frames {
            write_frame(&mut file, &frame?)?;
        }
    }
    parts.file = Some(file);
    Ok(parts)
}

/// Saves `state` for the next build, after the content files' `parts` ([`write_parts`]); a
/// failure only costs the next build its speed.
///
/// The record is a count of frames, the content files in [`PARTS`] frames, then a frame of
/// everything else. LZ4 rather than a stronger compression: reading the record is on the path
/// of every build after an edit, and LZ4 decodes about twice as fast as zstd (at 20,000
/// documents, 242 MB of postcard become 48 MB, against zstd's 31 MB).
pub(crate) fn save(root: &Path, state: &State, mut parts: Parts) -> std::io::Result<()> {
    let path = state_path(root, &state.output);
    // The folder first, so that a record is never without it (see `prune`).
    std::fs::write(
        output_note(&path),
        state.output.to_string_lossy().as_bytes(),
    )?;
    let Some(mut file) = parts.file.take() else {
        return Err(std::io::Error::other("the record's parts were closed"));
    };
    // A failure here leaves the file to `Parts`' drop, which removes it.
    write_frame(&mut file, &encode(state)?)?;
    file.flush()?;
    drop(file);
    std::fs::rename(&parts.tmp, &path)?;
    parts.saved = true;
    prune(&path);
    Ok(())
}

/// Appends a frame to `file`: its length, then its bytes.
fn write_frame(file: &mut impl std::io::Write, frame: &[u8]) -> std::io::Result<()> {
    file.write_all(&(frame.len() as u64).to_le_bytes())?;
    file.write_all(frame)
}

/// Beside each record, the output folder it describes (one line of text), so that the
/// records of folders that are gone can be found without reading them.
fn output_note(record: &Path) -> PathBuf {
    record.with_extension("output")
}

/// Removes the records of output folders that are gone, and those whose folder is not noted
/// (written by an older loupe, so never used again): a record serves its own folder only, and
/// at 10,000 documents per language it takes ~31 MB.
fn prune(kept: &Path) {
    let Some(dir) = kept.parent() else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for record in entries.flatten().map(|e| e.path()) {
        if record == kept || record.extension().is_none_or(|x| x != "state") {
            continue;
        }
        let gone = std::fs::read_to_string(output_note(&record))
            .map_or(true, |folder| !Path::new(&folder).is_dir());
        if gone {
            remove_record(&record);
        }
    }
}

/// Removes a record and the note of its folder.
fn remove_record(record: &Path) {
    let _ = std::fs::remove_file(record);
    let _ = std::fs::remove_file(output_note(record));
}

/// Forgets the record of builds of `root` into `output` (before a build that may fail half-way
/// through writing, or a `--clean` build).
pub(crate) fn forget(root: &Path, output: &Path) {
    remove_record(&state_path(root, output));
}

/// The stamp of every file below `dir`, by path relative to it (with `/`).
pub(crate) fn written(dir: &Path) -> BTreeMap<String, Stamp> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir).into_iter().flatten() {
        if !e.file_type().is_file() {
            continue;
        }
        let Ok(rel) = e.path().strip_prefix(dir) else {
            continue;
        };
        if let Some(stamp) = Stamp::of(e.path()) {
            out.insert(rel.to_string_lossy().replace('\\', "/"), stamp);
        }
    }
    out
}

/// A hash of `loupe.yaml` and the theme: when it changes, every page may look different.
pub(crate) fn base_hash(ws: &Workspace) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    std::fs::read(ws.root().join(crate::config::CONFIG_FILE))
        .unwrap_or_default()
        .hash(&mut h);
    if let Some(base) = ws.base() {
        base.theme.templates.hash(&mut h);
        base.theme.static_files.hash(&mut h);
        base.theme.service_worker.hash(&mut h);
        for (lang, i18n) in &base.theme.i18n {
            lang.hash(&mut h);
            i18n.strings.to_string().hash(&mut h);
            i18n.countries.hash(&mut h);
        }
    }
    h.finish()
}

/// A hash of each language's translation groups (what its search export shares with the
/// other languages, see `search::translation_group`): adding, removing or renaming a page in
/// one language changes the groups of its translations in the others.
pub(crate) fn translation_hashes(site: &Site) -> BTreeMap<String, u64> {
    let mut out = BTreeMap::new();
    for l in &site.config.languages {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        for d in site.docs.iter().filter(|d| d.page.lang == l.code) {
            (&d.url, crate::search::translation_group(site, d)).hash(&mut h);
        }
        out.insert(l.code.clone(), h.finish());
    }
    out
}

/// A hash of each language's search corpus (its translation groups included), and under `""`
/// of the glossaries' term groups: a language is indexed again when its hash changed.
pub(crate) fn search_hashes(site: &Site) -> BTreeMap<String, u64> {
    let mut out = BTreeMap::new();
    let translations = translation_hashes(site);
    for l in &site.config.languages {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        for d in site.docs.iter().filter(|d| d.page.lang == l.code) {
            (d.page.source_hash, &d.url, d.page.kind).hash(&mut h);
        }
        translations.get(&l.code).hash(&mut h);
        out.insert(l.code.clone(), h.finish());
    }
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for (lang, terms) in &site.glossaries {
        (lang, terms.as_slice()).hash(&mut h);
    }
    out.insert(String::new(), h.finish());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;
    use crate::workspace::Item;

    fn entry(len: u64) -> Entry {
        Entry {
            item: Item::Asset,
            diags: Diagnostics::new(),
            stamp: Some(Stamp { len, mtime: 7 }),
        }
    }

    fn state(output: &Path, files: BTreeMap<String, Entry>, reading: u64) -> State {
        State {
            binary: binary_id(),
            output: output.to_path_buf(),
            base: 1,
            reading,
            parts: signatures(&files, reading),
            files,
            earlier: None,
            facts: Facts::default(),
            pages: HashMap::new(),
            related: crate::site::related::Chosen::default(),
            copied: BTreeMap::new(),
            search: BTreeMap::new(),
            written: BTreeMap::new(),
        }
    }

    /// `n` guidance notes, the `i`-th of length `i`.
    fn guidance(n: u64) -> BTreeMap<String, Entry> {
        (0..n)
            .map(|i| (format!("en/guidance/doc-{i}.md"), entry(i)))
            .collect()
    }

    /// The stamps of `files`, in order.
    fn stamps(files: &BTreeMap<String, Entry>) -> Vec<(String, Option<Stamp>)> {
        files.iter().map(|(k, e)| (k.clone(), e.stamp)).collect()
    }

    /// Saves the record of `files` read against `reading`, copying what it can from
    /// `earlier`; returns the content files that loading it gives.
    fn resaved(
        root: &Path,
        output: &Path,
        files: &BTreeMap<String, Entry>,
        reading: u64,
        earlier: &Earlier,
    ) -> BTreeMap<String, Entry> {
        let parts = write_parts(root, output, files, reading, Some(earlier)).unwrap();
        save(root, &state(output, files.clone(), reading), parts).unwrap();
        load(root, output).unwrap().files
    }

    #[test]
    fn parts_not_saved_leave_the_last_record_as_it_was() {
        let root = tempfile::tempdir().unwrap();
        let output = root.path().join("out");
        let files = guidance(50);
        let parts = write_parts(root.path(), &output, &files, 3, None).unwrap();
        save(root.path(), &state(&output, files.clone(), 3), parts).unwrap();
        let record = state_path(root.path(), &output);
        let saved = std::fs::read(&record).unwrap();

        // A build that wrote its parts, then failed: the record is the last one, whole, and
        // nothing of the failed build is left beside it.
        let mut edited = files.clone();
        edited.insert("en/guidance/new.md".into(), entry(1));
        let parts = write_parts(root.path(), &output, &edited, 3, None).unwrap();
        assert!(record.with_extension("tmp").exists());
        drop(parts);
        assert!(!record.with_extension("tmp").exists());
        assert_eq!(std::fs::read(&record).unwrap(), saved);
        assert_eq!(
            stamps(&load(root.path(), &output).unwrap().files),
            stamps(&files)
        );
    }

    #[test]
    fn only_the_parts_with_a_changed_file_are_encoded_again() {
        let root = tempfile::tempdir().unwrap();
        let output = root.path().join("out");
        let files = guidance(500);
        // A record whose parts have the signatures of `files` but other entries: a part
        // copied from it, not encoded again, shows them.
        let marked: BTreeMap<String, Entry> = files
            .iter()
            .map(|(k, e)| (k.clone(), entry(e.stamp.unwrap().len + 1_000_000)))
            .collect();
        let mut record = state(&output, marked.clone(), 3);
        let mut parts = write_parts(root.path(), &output, &marked, 3, None).unwrap();
        parts.signatures = signatures(&files, 3);
        record.parts = parts.signatures.clone();
        save(root.path(), &record, parts).unwrap();
        let earlier = load(root.path(), &output).unwrap().earlier.unwrap();
        assert_eq!(earlier.frames.len(), PARTS);

        // One file changed and one added: their parts are encoded again, the others copied.
        let mut edited = files.clone();
        edited.insert("en/guidance/doc-7.md".into(), entry(7_000));
        edited.insert("fr/guidance/new.md".into(), entry(1));
        let changed = [
            part_of("en/guidance/doc-7.md"),
            part_of("fr/guidance/new.md"),
        ];
        let loaded = resaved(root.path(), &output, &edited, 3, &earlier);
        let expected: BTreeMap<String, Entry> = edited
            .iter()
            .map(|(k, e)| {
                let copied = !changed.contains(&part_of(k));
                (
                    k.clone(),
                    if copied { marked[k].clone() } else { e.clone() },
                )
            })
            .collect();
        assert_eq!(stamps(&loaded), stamps(&expected));
        assert!(expected.len() > changed.len() && stamps(&expected) != stamps(&edited));

        // Read against another configuration, every part is encoded again.
        let loaded = resaved(root.path(), &output, &edited, 4, &earlier);
        assert_eq!(stamps(&loaded), stamps(&edited));
    }
}
