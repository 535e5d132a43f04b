//! `loupe pack NAME [--pdf]`: builds the site as `loupe build` does, shows where the pack's
//! printable pages are, and with `--pdf` prints both editions with headless Chromium.

use std::path::{Path, PathBuf};

use super::report::MessageFormat;
use super::{CONTENT_ERROR, OK, USAGE_ERROR};
use crate::cli::PaperArg;
use crate::diagnostics::did_you_mean;
use crate::pdf::{self, Paper, PdfError};
use crate::pipeline::{Options, PackInfo};

/// The command line of `loupe pack`.
#[derive(Debug, Clone)]
pub struct Args {
    /// The pack's name.
    pub name: String,
    /// Print PDFs.
    pub pdf: bool,
    /// The Chromium program, when named.
    pub chromium: Option<PathBuf>,
    /// Only this language.
    pub lang: Option<String>,
    /// The paper of the PDFs.
    pub paper: PaperArg,
    /// The site folder.
    pub root: PathBuf,
    /// The output folder (default `public/` in the site folder).
    pub output: Option<PathBuf>,
    /// Where the PDFs go (default `print/` in the site folder).
    pub pdf_dir: Option<PathBuf>,
}

/// How to print from a browser, for when there is no Chromium.
const BROWSER_HELP: &str = "to print from a browser: open each page above in Chrome, Edge or Chromium, press Ctrl+P (Cmd+P on a Mac), choose A4 or Letter, untick \"Headers and footers\", then print or choose \"Save as PDF\"";

/// Runs `loupe pack`.
pub fn run(args: &Args) -> i32 {
    let target = args
        .output
        .clone()
        .unwrap_or_else(|| args.root.join("public"));
    let outcome = match super::build::run(
        &Options {
            root: args.root.clone(),
            output: Some(target.clone()),
            force: false,
            clean: false,
        },
        MessageFormat::Human,
    ) {
        Ok(o) => o,
        Err(code) => return code,
    };
    if outcome.diagnostics.has_errors() {
        eprintln!("the build failed, so the pack was not made: fix the errors above");
        return CONTENT_ERROR;
    }
    let packs: Vec<&PackInfo> = outcome
        .packs
        .iter()
        .filter(|p| p.name == args.name)
        .filter(|p| args.lang.as_ref().is_none_or(|l| &p.lang == l))
        .collect();
    if packs.is_empty() {
        let names: std::collections::BTreeSet<&str> =
            outcome.packs.iter().map(|p| p.name.as_str()).collect();
        let lang = args
            .lang
            .as_ref()
            .map(|l| format!(" in language `{l}`"))
            .unwrap_or_default();
        let known = if names.is_empty() {
            " (this site has no packs: a pack is a file content/<lang>/packs/<name>.yaml; see docs/packs.md)".to_string()
        } else {
            format!(
                " (packs of this site: {}){}",
                names.iter().copied().collect::<Vec<_>>().join(", "),
                did_you_mean(&args.name, names.iter().copied())
            )
        };
        eprintln!("error: there is no pack `{}`{lang}{known}", args.name);
        return USAGE_ERROR;
    }
    eprintln!("built {} pages into {}", outcome.pages, target.display());
    for p in &packs {
        println!("{} ({}):", p.title, p.lang);
        for (edition, url) in &p.editions {
            println!(
                "  {} edition: {}",
                edition.name(),
                target.join(url).display()
            );
        }
    }
    if !args.pdf {
        eprintln!("{BROWSER_HELP}; or run it again with --pdf to print PDFs with Chromium");
        return OK;
    }
    let chromium = match pdf::find_chromium(args.chromium.as_deref()) {
        Ok(c) => c,
        Err(e @ PdfError::Missing(_)) => {
            eprintln!("error: --chromium: {e}");
            return USAGE_ERROR;
        }
        Err(e) => {
            eprintln!("no PDF written: {e}; install it (Debian, Ubuntu: apt-get install chromium) or name it with --chromium PATH");
            eprintln!("{BROWSER_HELP}");
            return OK;
        }
    };
    let paper = match args.paper {
        PaperArg::A4 => Paper::A4,
        PaperArg::Letter => Paper::Letter,
    };
    let dir = args
        .pdf_dir
        .clone()
        .unwrap_or_else(|| args.root.join("print"));
    for p in &packs {
        for (edition, url) in &p.editions {
            let out = dir.join(format!("{}-{}-{}.pdf", p.name, p.lang, edition.name()));
            if let Err(e) = pdf::print(&chromium, &target.join(url), &out, paper) {
                eprintln!("error: {e}");
                return CONTENT_ERROR;
            }
            println!("wrote {}{}", out.display(), pages_note(&out, paper));
        }
    }
    OK
}

/// ` (A4, 28 pages)`, when the PDF can be read.
fn pages_note(pdf: &Path, paper: Paper) -> String {
    match std::fs::read(pdf) {
        Ok(bytes) => format!(" ({}, {} pages)", paper.css(), pdf::page_count(&bytes)),
        Err(_) => String::new(),
    }
}
