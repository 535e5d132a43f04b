//! What one folder of a FAT32 USB stick can hold.
//!
//! A FAT32 folder is a table of at most 65,536 directory entries of 32 bytes, its own `.` and
//! `..` included. A name that is a valid 8.3 name in one case (`README.TXT`, `index.js`)
//! takes one entry; any other name takes one more per 13 UTF-16 units of its long name
//! (`index.html`: 2 entries, `doc-09516`: 2, a 40-letter slug: 5). So a section of a site,
//! whose pages are folders, stops fitting at 13,000 to 32,000 pages, depending on the length
//! of their slugs, however large the stick. exFAT's limit is about a hundred times higher.

use std::collections::BTreeMap;

/// The most directory entries one FAT32 folder holds (`.` and `..` included).
pub const FAT32_FOLDER_ENTRIES: usize = 65_536;

/// A folder of the bundle with more entries than a FAT32 folder holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrowdedFolder {
    /// The folder, relative to the bundle (`""` for the bundle itself), with `/`.
    pub folder: String,
    /// Files and folders directly in it.
    pub children: usize,
    /// The FAT32 directory entries they take, with `.` and `..`.
    pub entries: usize,
}

/// The directory entries `name` takes in a FAT32 folder.
pub(crate) fn entries_for(name: &str) -> usize {
    if is_short_name(name) {
        1
    } else {
        1 + name.encode_utf16().count().div_ceil(13)
    }
}

/// Whether `name` is an 8.3 name that needs no long name: 1–8 characters, optionally a dot
/// and 1–3 more, of the characters FAT allows in short names, each part in one case (Windows
/// and Linux record an all-lower-case part with a flag instead of a long name).
fn is_short_name(name: &str) -> bool {
    let (base, ext) = match name.split_once('.') {
        Some((b, e)) => (b, Some(e)),
        None => (name, None),
    };
    let part_ok = |p: &str, max: usize| {
        !p.is_empty()
            && p.len() <= max
            && p.chars()
                .all(|c| c.is_ascii_alphanumeric() || "!#$%&'()-@^_`{}~".contains(c))
            && !(p.chars().any(|c| c.is_ascii_lowercase())
                && p.chars().any(|c| c.is_ascii_uppercase()))
    };
    part_ok(base, 8) && ext.is_none_or(|e| part_ok(e, 3))
}

/// The folders that a list of files (relative paths with `/`, each once) puts over `limit`
/// directory entries, in path order. Folders are those the paths imply; every folder but the
/// top one also holds `.` and `..`.
pub fn crowded_folders(files: &[String], limit: usize) -> Vec<CrowdedFolder> {
    // Per folder, its children's names: a file path adds its name to its folder, and each of
    // its folders to the one above (once: the map of children is a set).
    let mut children: BTreeMap<&str, BTreeMap<&str, ()>> = BTreeMap::new();
    for path in files {
        let mut rest = path.as_str();
        while let Some((folder, name)) = rest.rsplit_once('/') {
            let names = children.entry(folder).or_default();
            let known = names.insert(name, ()).is_some();
            if known {
                break;
            }
            rest = folder;
        }
        if !rest.contains('/') {
            children.entry("").or_default().insert(rest, ());
        }
    }
    children
        .into_iter()
        .filter_map(|(folder, names)| {
            let dots = if folder.is_empty() { 0 } else { 2 };
            let entries = dots + names.keys().map(|n| entries_for(n)).sum::<usize>();
            (entries > limit).then(|| CrowdedFolder {
                folder: folder.to_string(),
                children: names.len(),
                entries,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_take_one_entry_and_long_names_one_more_per_13_characters() {
        assert_eq!(entries_for("README.TXT"), 1);
        assert_eq!(entries_for("index.js"), 1);
        assert_eq!(entries_for("d"), 1);
        assert_eq!(entries_for("SHA256SUMS.txt"), 3); // 14 characters
        assert_eq!(entries_for("index.html"), 2); // a four-letter extension
        assert_eq!(entries_for("doc-09516"), 2); // nine characters
        assert_eq!(entries_for("Readme.txt"), 2); // mixed case
        assert_eq!(entries_for(".loupe-bundle"), 2); // no base name
        assert_eq!(entries_for("a.b.c"), 2);
        assert_eq!(entries_for("café"), 2); // not ASCII
        assert_eq!(entries_for(&"x".repeat(40)), 5);
        assert_eq!(entries_for(&"x".repeat(39)), 4);
    }

    /// `n` page folders, each with an index.html, in `site/en/guidance`, and a few files
    /// elsewhere.
    fn pages(n: usize) -> Vec<String> {
        let mut files = vec![
            "README.txt".to_string(),
            "index.html".to_string(),
            "site/index.html".to_string(),
        ];
        files.extend((0..n).map(|i| format!("site/en/guidance/doc-{i:05}/index.html")));
        files.push("site/en/guidance/index.html".into());
        files.sort();
        files
    }

    #[test]
    fn a_section_of_pages_is_counted_by_its_folders_names() {
        // Each page folder takes 2 entries (a nine-character name), index.html 2, and the
        // section's . and .. 2.
        let crowded = crowded_folders(&pages(100), 100);
        assert_eq!(
            crowded,
            vec![CrowdedFolder {
                folder: "site/en/guidance".into(),
                children: 101,
                entries: 2 + 100 * 2 + 2,
            }]
        );
        assert!(crowded_folders(&pages(100), 204).is_empty());
        assert_eq!(crowded_folders(&pages(100), 203).len(), 1);
    }

    #[test]
    fn the_real_limit_is_met_between_32_000_and_33_000_pages_of_short_slugs() {
        assert!(crowded_folders(&pages(32_000), FAT32_FOLDER_ENTRIES).is_empty());
        let over = crowded_folders(&pages(33_000), FAT32_FOLDER_ENTRIES);
        assert_eq!(over.len(), 1);
        assert_eq!(over[0].folder, "site/en/guidance");
        assert_eq!(over[0].entries, 2 + 33_000 * 2 + 2);
    }

    #[test]
    fn the_top_folder_has_no_dot_entries_and_files_at_the_top_count() {
        let files: Vec<String> = (0..10).map(|i| format!("f{i}.txt")).collect();
        // 10 short names, no . and .. at the top.
        assert!(crowded_folders(&files, 10).is_empty());
        assert_eq!(crowded_folders(&files, 9)[0].entries, 10);
        assert_eq!(crowded_folders(&files, 9)[0].folder, "");
    }
}
