//! Output names that work everywhere a site goes: in links opened from `file://`, on Windows,
//! on FAT32 and exFAT USB sticks, and on macOS.
//!
//! A name may not hold characters that break a link (`#`, `?`, `%`) or that Windows and FAT
//! refuse (`< > : " / \ | ? *`, control characters), end in a dot or a space, be a reserved
//! Windows device name (`CON`, `NUL`, `COM1`…, with any extension), or be longer than 255
//! bytes. A whole output path stays within [`MAX_PATH_CHARS`] characters, leaving room under
//! Windows' 260-character limit for the folder the site is copied into. Two outputs that differ
//! only by case would overwrite each other on case-insensitive systems; [`fold`] gives the key
//! under which they collide.

use unicode_normalization::UnicodeNormalization;

/// The longest output path (relative to the output folder), in characters.
pub(crate) const MAX_PATH_CHARS: usize = 200;

/// The longest file or folder name, in bytes (the limit of ext4, FAT and exFAT names).
pub(crate) const MAX_NAME_BYTES: usize = 255;

/// Characters refused in names: they break links or are refused by Windows and FAT.
const FORBIDDEN: &[char] = &['<', '>', ':', '"', '/', '\\', '|', '?', '*', '#', '%'];

/// Windows device names, refused whatever their extension.
const RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com0", "com1", "com2", "com3", "com4", "com5", "com6", "com7",
    "com8", "com9", "com¹", "com²", "com³", "lpt0", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6",
    "lpt7", "lpt8", "lpt9", "lpt¹", "lpt²", "lpt³",
];

/// Why a name does not work everywhere, in words that say what to change; `None` when it does.
pub(crate) fn problem(name: &str) -> Option<String> {
    if name.is_empty() || name == "." || name == ".." {
        return Some(format!("`{name}` is not a usable name"));
    }
    if let Some(c) = name.chars().find(|c| c.is_control()) {
        return Some(format!(
            "the name holds the control character U+{:04X}: rename it with letters, digits and hyphens",
            c as u32
        ));
    }
    if let Some(c) = name.chars().find(|c| FORBIDDEN.contains(c)) {
        return Some(format!(
            "the name `{name}` holds `{c}`, which breaks links or cannot be copied to Windows and USB sticks: use letters, digits and hyphens"
        ));
    }
    if name.starts_with(' ') || name.ends_with(' ') || name.ends_with('.') {
        return Some(format!(
            "the name `{name}` starts or ends with a space or ends with a dot, which Windows and USB sticks drop: remove it"
        ));
    }
    let stem = name
        .split('.')
        .next()
        .unwrap_or(name)
        .trim_end()
        .to_lowercase();
    if RESERVED.contains(&stem.as_str()) {
        return Some(format!(
            "`{name}` is a reserved device name on Windows, where the file cannot be created: choose another name"
        ));
    }
    if name.len() > MAX_NAME_BYTES {
        return Some(format!(
            "the name is {} bytes long; names longer than {MAX_NAME_BYTES} bytes cannot be written on most disks: shorten it",
            name.len()
        ));
    }
    None
}

/// Why the output path `rel` (with `/`) does not work everywhere, checking every name in it
/// and its length; `None` when it does.
pub(crate) fn path_problem(rel: &str) -> Option<String> {
    for part in rel.split('/') {
        if let Some(p) = problem(part) {
            return Some(p);
        }
    }
    let chars = rel.chars().count();
    (chars > MAX_PATH_CHARS).then(|| {
        format!(
            "the output path {rel} is {chars} characters long; Windows limits paths to 260 characters, including the folder the site is copied into, so loupe keeps them under {MAX_PATH_CHARS}: use a shorter file name or `slug`"
        )
    })
}

/// The key under which two paths collide on case-insensitive, normalising systems (Windows,
/// macOS, FAT, exFAT): NFC, then lower case.
pub(crate) fn fold(rel: &str) -> String {
    // ASCII is NFC as it is, and lower-cases byte by byte: most paths are ASCII.
    if rel.is_ascii() {
        return rel.to_ascii_lowercase();
    }
    rel.nfc().collect::<String>().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ascii_paths_byte_by_byte_folds_as_normalising_does() {
        for rel in [
            "en/Guidance/KP-Minimum-Requirements/index.html",
            "fr/études/Cote-d'Ivoire.html",
            "FR/E\u{301}tudes/x.HTML",
            "",
            "search/EN/p/3.js",
        ] {
            assert_eq!(
                fold(rel),
                rel.nfc().collect::<String>().to_lowercase(),
                "{rel}"
            );
        }
        assert_eq!(fold("FR/E\u{301}tudes"), "fr/études");
    }

    #[test]
    fn plain_names_pass() {
        for ok in [
            "index.html",
            "what-is-the-kpcs",
            "2016-03-border-meeting.md",
            "Contrôles internes.md",
            "diagram.v2.svg",
            "console.md",
            "auxiliary.md",
        ] {
            assert_eq!(problem(ok), None, "{ok}");
        }
    }

    #[test]
    fn names_that_break_links_or_copies_are_refused() {
        for bad in [
            "a#b.md",
            "why?.md",
            "100%.md",
            "a\\b.md",
            "tab\there.md",
            "new\nline.md",
            "a<b.md",
            "a>b",
            "a:b.md",
            "say\"hi\".md",
            "a|b",
            "star*.md",
            "trailing.",
            "trailing ",
            " leading",
            "CON",
            "con.md",
            "Nul.txt",
            "COM1.md",
            "lpt9.pdf",
            "",
            "..",
        ] {
            assert!(problem(bad).is_some(), "{bad:?}");
        }
        assert!(problem(&"x".repeat(256)).is_some());
        assert!(problem(&"é".repeat(128)).is_some());
    }

    #[test]
    fn long_paths_are_refused() {
        let long = format!("en/guidance/{}/index.html", "a".repeat(190));
        assert!(path_problem(&long).unwrap().contains("260"));
        assert_eq!(path_problem("en/guidance/short/index.html"), None);
        assert!(path_problem("en/a:b/index.html").is_some());
    }

    #[test]
    fn case_and_normalisation_fold_together() {
        assert_eq!(fold("en/Guide/index.html"), fold("en/guide/index.html"));
        assert_eq!(fold("fr/e\u{301}te"), fold("fr/\u{e9}te"));
        assert_ne!(fold("en/a"), fold("en/b"));
    }
}
