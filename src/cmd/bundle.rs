//! `loupe bundle`: the site as a folder for USB sticks, optionally a zip and a Kiwix file.

use std::path::{Path, PathBuf};

use super::{report_in, CONTENT_ERROR, OK, USAGE_ERROR};
use crate::bundle::kiwix::{self, ZimInfo};
use crate::bundle::site_info::{self, SiteInfo};
use crate::bundle::{self, Options};
use crate::diagnostics::Diagnostics;
use crate::pipeline;

/// What `loupe bundle` was asked.
#[derive(Debug, Clone)]
pub struct Args {
    /// The site folder.
    pub root: PathBuf,
    /// An already built site to bundle instead of building.
    pub site: Option<PathBuf>,
    /// The bundle folder (default `<root>/bundle`).
    pub out: Option<PathBuf>,
    /// Also write `<out>.zip`.
    pub zip: bool,
    /// Also write a Kiwix file.
    pub zim: bool,
    /// The Kiwix file's Creator (default: the site's title).
    pub creator: Option<String>,
    /// The Kiwix file's Publisher (default: the Creator).
    pub publisher: Option<String>,
}

/// Runs `loupe bundle`.
pub fn run(args: &Args) -> i32 {
    let out = args.out.clone().unwrap_or_else(|| args.root.join("bundle"));
    if let Err(e) = bundle::check_target(&out, args.zip) {
        eprintln!("error: {e}");
        return USAGE_ERROR;
    }
    let mut diags = Diagnostics::default();
    let Some(info) = site_info::read(&args.root, &mut diags) else {
        report_in(&args.root, &diags);
        return CONTENT_ERROR;
    };
    let zim = if args.zim {
        match zim_info(args, &info) {
            Ok(z) => Some(z),
            Err(msg) => {
                eprintln!("error: {msg}");
                return CONTENT_ERROR;
            }
        }
    } else {
        None
    };

    // The site: the one given, or a fresh build beside the bundle (removed afterwards).
    let (site_dir, temporary) = match &args.site {
        Some(dir) => (dir.clone(), false),
        None => {
            let dir = bundle::sibling(&out, "loupe-site");
            match pipeline::run(&pipeline::Options {
                root: args.root.clone(),
                output: Some(dir.clone()),
                force: false,
                clean: true,
            }) {
                Ok(outcome) => {
                    report_in(&args.root, &outcome.diagnostics);
                    if outcome.diagnostics.has_errors() {
                        eprintln!("the build failed: no bundle was written");
                        return CONTENT_ERROR;
                    }
                    eprintln!("built {} pages", outcome.pages);
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    return CONTENT_ERROR;
                }
            }
            (dir, true)
        }
    };
    let result = bundle::write(
        &site_dir,
        &info.languages,
        &Options {
            out: out.clone(),
            zip: args.zip,
            zim,
        },
    );
    if temporary {
        let _ = std::fs::remove_dir_all(&site_dir);
    }
    match result {
        Ok(o) => {
            eprintln!(
                "wrote {} files ({}) into {}",
                o.files,
                size(o.bytes),
                out.display()
            );
            if let Some((path, bytes, entries)) = &o.zim {
                eprintln!(
                    "  Kiwix file: {} ({}, {entries} entries)",
                    path.display(),
                    size(*bytes)
                );
            }
            if let Some((path, bytes)) = &o.zip {
                eprintln!("  zip: {} ({})", path.display(), size(*bytes));
            }
            for c in &o.crowded {
                eprintln!(
                    "warning: {}: {} files and folders in one folder take {} FAT32 entries, more than the {} a FAT32 folder holds; this bundle cannot be copied onto a FAT32 stick\n  hint: format the sticks as exFAT (it has no such limit), or split this section into several",
                    out.join(&c.folder).display(),
                    c.children,
                    c.entries,
                    bundle::fat::FAT32_FOLDER_ENTRIES
                );
            }
            eprintln!(
                "check each copy with `loupe verify <copy>` (or `sha256sum -c {}` inside it)",
                bundle::manifest::MANIFEST
            );
            OK
        }
        Err(e) => {
            eprintln!("error: {e}");
            CONTENT_ERROR
        }
    }
}

/// The Kiwix metadata from the site and the command line; an error names what is missing.
fn zim_info(args: &Args, info: &SiteInfo) -> Result<ZimInfo, String> {
    let first = info.languages.first().ok_or("the site has no language")?;
    let mut codes = Vec::new();
    for l in &info.languages {
        let code = kiwix::iso639_3(&l.code).ok_or_else(|| {
            format!(
                "loupe.yaml: no ISO 639-3 code known for language `{}` (Kiwix needs one); use the three-letter code as the language code",
                l.code
            )
        })?;
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    let lang_part = if info.languages.len() == 1 {
        first.code.clone()
    } else {
        "mul".to_string()
    };
    let title = first.site_title.trim().to_string();
    if title.chars().count() > 30 {
        eprintln!(
            "warning: the site's title has {} characters; Kiwix shows titles of at most 30 in full",
            title.chars().count()
        );
    }
    let full = info.descriptions.first().cloned().unwrap_or_default();
    let description = kiwix::shorten(if full.is_empty() { &title } else { &full }, 80);
    let long_description = (full.chars().count() > 80).then(|| kiwix::shorten(&full, 4000));
    let date = match std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
    {
        Some(secs) => site_info::date_of_unix(secs),
        None => info.newest.clone().unwrap_or_else(|| {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0);
            site_info::date_of_unix(now)
        }),
    };
    let creator = args.creator.clone().unwrap_or_else(|| title.clone());
    Ok(ZimInfo {
        name: format!("{}_{lang_part}_all", kiwix::name_slug(&title)),
        description,
        long_description,
        language: codes.join(","),
        publisher: args.publisher.clone().unwrap_or_else(|| creator.clone()),
        creator,
        date,
        illustration: illustration(&args.root),
        site_titles: info
            .languages
            .iter()
            .map(|l| l.site_title.trim().to_string())
            .collect(),
        title,
    })
}

/// The theme's `kiwix/illustration_48x48.png` when the site has one, else the default's.
fn illustration(root: &Path) -> Vec<u8> {
    let theme = crate::config::load(root, &mut Diagnostics::default())
        .map(|c| c.theme)
        .unwrap_or_else(|| "default".into());
    std::fs::read(
        root.join("themes")
            .join(theme)
            .join("kiwix/illustration_48x48.png"),
    )
    .unwrap_or_else(|_| kiwix::DEFAULT_ILLUSTRATION.to_vec())
}

/// Bytes as a short human size.
pub fn size(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MB", bytes as f64 / f64::from(1 << 20))
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}
