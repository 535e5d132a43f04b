//! The command line: `loupe build | check | status | new | init | search | serve | bundle |
//! verify | pack`.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::cmd::report::MessageFormat;

/// A static site generator for a multilingual Kimberley Process knowledge base that works
/// offline, from a USB stick, with search.
#[derive(Debug, Parser)]
#[command(name = "loupe", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into a folder (default `public/`); the old output is replaced only on success.
    Build {
        /// The site folder (with loupe.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site (default: `public/` inside the site folder).
        #[arg(long)]
        output: Option<PathBuf>,
        /// Print the time of each stage.
        #[arg(long)]
        timings: bool,
        /// Open the built site in the default browser.
        #[arg(long)]
        open: bool,
        /// Replace the output folder even if it is not empty and loupe did not make it.
        #[arg(long)]
        force: bool,
        /// Build everything again, ignoring what the last build recorded.
        #[arg(long)]
        clean: bool,
        /// How to print problems: `human`, or `json` (one object per line, on stdout).
        #[arg(long, value_enum, default_value_t)]
        message_format: MessageFormat,
    },
    /// Check everything a build checks, writing nothing.
    Check {
        /// The site folder (with loupe.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// How to print problems: `human`, or `json` (one object per line, on stdout).
        #[arg(long, value_enum, default_value_t)]
        message_format: MessageFormat,
        /// Also list the translation status (as `loupe status` does).
        #[arg(long)]
        translations: bool,
    },
    /// List, per language, documents with no translation, translations older than their
    /// source, and glossary terms missing in a language.
    Status {
        /// The site folder (with loupe.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Create a new document with the right front matter, in the right folder.
    New {
        /// The type of document.
        kind: NewKind,
        /// Its title.
        title: String,
        /// Its language (default: the site's default language).
        #[arg(long)]
        lang: Option<String>,
        /// Its date, YYYY-MM-DD (default: today); minutes are named after it.
        #[arg(long)]
        date: Option<String>,
        /// The site folder (with loupe.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Create a new site with a small bilingual example.
    Init {
        /// The folder to create (must be empty or absent).
        dir: PathBuf,
    },
    /// Search a built site with tantivy (run `loupe build` first).
    Search {
        /// The query.
        query: String,
        /// The language to search (default: the site's default language).
        #[arg(long)]
        lang: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        /// How many results.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// The site folder (with loupe.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Serve the site on http://127.0.0.1:1111, rebuild what changes and reload open pages.
    Serve {
        /// The site folder (with loupe.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on (`0.0.0.0`: every network of this machine).
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// A host name or address that requests may name besides `127.0.0.1`, `localhost`,
        /// `[::1]` and the `--bind` address (repeatable), e.g. this machine's address on the
        /// network with `--bind 0.0.0.0`. Requests for any other host are refused.
        #[arg(long, value_name = "HOST")]
        allow_host: Vec<String>,
        /// The folder served (default: `.loupe/serve/site` inside the site folder); emptied on start.
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// Make a folder for USB sticks: the site, a start page, README.txt and SHA256SUMS.txt.
    Bundle {
        /// The site folder (with loupe.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Bundle this already built site instead of building one.
        #[arg(long)]
        site: Option<PathBuf>,
        /// The bundle folder (default: `bundle/` inside the site folder); replaced only if loupe made it.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Also write the bundle as one zip file, `<out>.zip`.
        #[arg(long)]
        zip: bool,
        /// Also write a Kiwix file (`kiwix/<name>.zim` in the bundle) for the Kiwix reader.
        #[arg(long)]
        zim: bool,
        /// The Kiwix file's Creator (default: the site's title).
        #[arg(long, requires = "zim")]
        creator: Option<String>,
        /// The Kiwix file's Publisher (default: the Creator).
        #[arg(long, requires = "zim")]
        publisher: Option<String>,
    },
    /// Check a copy of a bundle (folder or zip): lists missing, changed and extra files.
    Verify {
        /// The copy: the bundle folder (e.g. the USB stick) or the zip.
        path: PathBuf,
    },
    /// Build the site and show where a workshop pack's printable pages are; with --pdf, print
    /// its participant and facilitator editions to PDF with headless Chromium.
    Pack {
        /// The pack's name: its file name in `content/<lang>/packs/`, without `.yaml`.
        name: String,
        /// Print both editions to PDF (needs Chromium; without it, shows how to print from a browser).
        #[arg(long)]
        pdf: bool,
        /// The Chromium program (default: `chromium`, `chromium-browser` or `google-chrome` on PATH).
        #[arg(long, value_name = "PATH")]
        chromium: Option<PathBuf>,
        /// Only this language (default: every language the pack is written in).
        #[arg(long)]
        lang: Option<String>,
        /// The paper of the PDFs.
        #[arg(long, value_enum, default_value_t = PaperArg::A4)]
        paper: PaperArg,
        /// The site folder (with loupe.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where the site is built (default: `public/` inside the site folder), as `loupe build` does.
        #[arg(long)]
        output: Option<PathBuf>,
        /// Where the PDFs go (default: `print/` inside the site folder).
        #[arg(long, value_name = "DIR")]
        pdf_dir: Option<PathBuf>,
    },
}

/// Paper sizes for `loupe pack --pdf`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum PaperArg {
    /// ISO A4 (210 × 297 mm).
    A4,
    /// US Letter (8.5 × 11 in).
    Letter,
}

/// Document types `loupe new` can create.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum NewKind {
    /// A guidance note (`guidance/`).
    Guidance,
    /// Meeting minutes (`minutes/`).
    Minutes,
    /// A case study (`case-studies/`).
    CaseStudy,
}
