//! The bundle as one zip file, byte-identical for the same files: entries sorted by path, one
//! top folder, fixed timestamps (1980-01-01 00:00, the format's first day) and permissions
//! (0644), deflated except for files already compressed.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, Write};
use std::path::Path;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime};

use super::MARKER;

/// Writes every file of `files` (relative paths with `/`, sorted) from `dir` into a zip at
/// `out`, under the top folder `top`.
pub(crate) fn write(
    dir: &Path,
    files: &[String],
    top: &str,
    out: impl Write + Seek,
) -> zip::result::ZipResult<()> {
    let mut zip = zip::ZipWriter::new(out);
    let base = SimpleFileOptions::default()
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644)
        .large_file(false);
    let mut buf = Vec::new();
    for rel in files {
        let method = if already_compressed(rel) {
            CompressionMethod::Stored
        } else {
            CompressionMethod::Deflated
        };
        buf.clear();
        BufReader::new(File::open(dir.join(rel))?).read_to_end(&mut buf)?;
        let options = base
            .compression_method(method)
            .large_file(buf.len() as u64 >= u32::MAX as u64);
        zip.start_file(format!("{top}/{rel}"), options)?;
        zip.write_all(&buf)?;
    }
    zip.finish()?.flush()?;
    Ok(())
}

/// Writes the zip to `path` through a temporary file, replaced only when complete.
pub(crate) fn write_file(
    dir: &Path,
    files: &[String],
    top: &str,
    path: &Path,
) -> std::io::Result<()> {
    let tmp = path.with_extension("zip.loupe-tmp");
    let result = File::create(&tmp)
        .and_then(|f| write(dir, files, top, BufWriter::new(f)).map_err(std::io::Error::other));
    match result {
        Ok(()) => std::fs::rename(&tmp, path),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// True when `path` is a zip holding `<top>/.loupe-bundle`: one that loupe made and may replace.
pub(crate) fn is_bundle_zip(path: &Path) -> bool {
    let Ok(f) = File::open(path) else {
        return false;
    };
    let Ok(zip) = zip::ZipArchive::new(BufReader::new(f)) else {
        return false;
    };
    let found = zip
        .file_names()
        .any(|n| n.split_once('/').is_some_and(|(_, rest)| rest == MARKER));
    found
}

fn already_compressed(path: &str) -> bool {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    matches!(
        ext.as_str(),
        "png"
            | "jpg"
            | "jpeg"
            | "gif"
            | "webp"
            | "avif"
            | "woff"
            | "woff2"
            | "zip"
            | "gz"
            | "zst"
            | "zim"
            | "pdf"
            | "mp3"
            | "mp4"
            | "webm"
            | "ogg"
    )
}
