//! Printing built pages to PDF with headless Chromium (`loupe pack --pdf`).
//!
//! Chromium prints a page through its own print path, so the PDF is what a reader gets from
//! the print dialog. The paper size is the one thing a dialog chooses that a command line
//! cannot: the page is printed through a copy of itself, written beside it (so that every
//! relative link stays as it is) with `@page { size: … }` added, and removed afterwards.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The programs looked for on `PATH`, in order.
pub const CHROMIUM_NAMES: &[&str] = &["chromium", "chromium-browser", "google-chrome"];

/// The flags every headless Chromium run gets: nothing that relaxes what `file://` pages may
/// do, nothing that goes to the network.
pub const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
];

/// How long one page may take to print.
pub const TIMEOUT: Duration = Duration::from_secs(180);

/// A paper size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    /// ISO A4, 210 × 297 mm.
    A4,
    /// US Letter, 8.5 × 11 in.
    Letter,
}

impl Paper {
    /// Its name in CSS `size`.
    pub fn css(self) -> &'static str {
        match self {
            Paper::A4 => "A4",
            Paper::Letter => "letter",
        }
    }
}

/// Why a PDF could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// No Chromium on `PATH`.
    #[error("no Chromium found: looked for {} on PATH", CHROMIUM_NAMES.join(", "))]
    NotFound,
    /// The program given is not there.
    #[error("{0} does not exist")]
    Missing(PathBuf),
    /// Reading the page or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// Chromium ran but wrote no PDF.
    #[error("Chromium wrote no PDF for {page}: {detail}")]
    Failed {
        /// The page printed.
        page: PathBuf,
        /// Its exit status and the end of what it printed.
        detail: String,
    },
    /// Chromium did not finish in time.
    #[error("Chromium did not finish printing {page} within {} s", TIMEOUT.as_secs())]
    Timeout {
        /// The page printed.
        page: PathBuf,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> PdfError + '_ {
    move |source| PdfError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The Chromium to use: `explicit` when given (it must exist), else the first of
/// [`CHROMIUM_NAMES`] found on `PATH`.
pub fn find_chromium(explicit: Option<&Path>) -> Result<PathBuf, PdfError> {
    if let Some(p) = explicit {
        return if p.is_file() {
            Ok(p.to_path_buf())
        } else {
            Err(PdfError::Missing(p.to_path_buf()))
        };
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        for name in CHROMIUM_NAMES {
            for file in [name.to_string(), format!("{name}.exe")] {
                let candidate = dir.join(&file);
                if candidate.is_file() {
                    return Ok(candidate);
                }
            }
        }
    }
    Err(PdfError::NotFound)
}

/// The `file://` URL of the absolute path `path`.
pub fn file_url(path: &Path) -> String {
    use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
    const PATH: &AsciiSet = &CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'#')
        .add(b'%')
        .add(b'<')
        .add(b'>')
        .add(b'?')
        .add(b'`')
        .add(b'{')
        .add(b'}');
    let text = path.to_string_lossy().replace('\\', "/");
    let encoded = utf8_percent_encode(&text, PATH).to_string();
    if encoded.starts_with('/') {
        format!("file://{encoded}")
    } else {
        format!("file:///{encoded}")
    }
}

/// `html` with `@page { size: … }` for `paper` as the first thing in its head.
pub fn with_paper(html: &str, paper: Paper) -> String {
    let style = format!("<style>@page{{size:{}}}</style>", paper.css());
    match html.find("<head>") {
        Some(at) => {
            let end = at + "<head>".len();
            format!("{}{style}{}", &html[..end], &html[end..])
        }
        None => format!("{style}{html}"),
    }
}

/// Removes a file (or a folder and everything in it) when dropped.
struct Remove(PathBuf);

impl Drop for Remove {
    fn drop(&mut self) {
        if self.0.is_dir() {
            let _ = std::fs::remove_dir_all(&self.0);
        } else {
            let _ = std::fs::remove_file(&self.0);
        }
    }
}

/// Prints the built page `page` (an HTML file) to `pdf` on `paper`, with `chromium`.
pub fn print(chromium: &Path, page: &Path, pdf: &Path, paper: Paper) -> Result<(), PdfError> {
    let page = page.canonicalize().map_err(io(page))?;
    let html = std::fs::read_to_string(&page).map_err(io(&page))?;
    let dir = page.parent().unwrap_or(Path::new("."));
    let copy = dir.join(format!(
        ".loupe-print-{}-{}.html",
        paper.css().to_lowercase(),
        std::process::id()
    ));
    std::fs::write(&copy, with_paper(&html, paper)).map_err(io(&copy))?;
    let _remove = Remove(copy.clone());
    // A profile of its own, so that runs side by side do not wait for each other's lock.
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    let profile =
        std::env::temp_dir().join(format!("loupe-chromium-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&profile).map_err(io(&profile))?;
    let _profile = Remove(profile.clone());
    if let Some(parent) = pdf.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(io(parent))?;
    }
    let _ = std::fs::remove_file(pdf);
    let mut child = Command::new(chromium)
        .args(CHROMIUM_FLAGS)
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--no-pdf-header-footer")
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(file_url(&copy))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(io(chromium))?;
    // Read what Chromium says on a thread, so that a full pipe never blocks it.
    let mut stderr = child.stderr.take();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(s) = stderr.as_mut() {
            let _ = s.read_to_string(&mut text);
        }
        text
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait().map_err(io(chromium))? {
            Some(status) => break status,
            None if started.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(PdfError::Timeout { page });
            }
            None => std::thread::sleep(Duration::from_millis(100)),
        }
    };
    let said = reader.join().unwrap_or_default();
    let written = std::fs::read(pdf).unwrap_or_default();
    if !status.success() || !written.starts_with(b"%PDF") {
        let tail: Vec<&str> = said.lines().rev().take(5).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        return Err(PdfError::Failed {
            page,
            detail: format!("{status}; {}", tail.join(" | ")),
        });
    }
    Ok(())
}

/// The number of pages of a PDF as Chromium writes them (its page objects), for reports.
pub fn page_count(pdf: &[u8]) -> usize {
    let needle = b"/Type /Page";
    pdf.windows(needle.len() + 1)
        .filter(|w| &w[..needle.len()] == needle && w[needle.len()] != b's')
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_urls_encode_what_a_url_cannot_hold() {
        assert_eq!(
            file_url(Path::new("/tmp/a b/#1/é.html")),
            "file:///tmp/a%20b/%231/%C3%A9.html"
        );
        assert_eq!(file_url(Path::new("C:\\x\\y.html")), "file:///C:/x/y.html");
    }

    #[test]
    fn the_paper_size_goes_first_in_the_head() {
        let html = "<!DOCTYPE html>\n<html><head>\n<meta charset=\"utf-8\"></head></html>";
        let out = with_paper(html, Paper::Letter);
        assert!(
            out.contains("<head><style>@page{size:letter}</style>\n<meta"),
            "{out}"
        );
    }

    #[test]
    fn pages_are_counted_without_the_page_tree() {
        let pdf = b"%PDF-1.4 1 0 obj << /Type /Pages /Count 2 >> 2 0 obj << /Type /Page >> 3 0 obj << /Type /Page/Parent 1 0 R >>";
        assert_eq!(page_count(pdf), 2);
    }

    #[test]
    fn a_chromium_given_must_exist() {
        assert!(matches!(
            find_chromium(Some(Path::new("/no/such/chromium"))),
            Err(PdfError::Missing(_))
        ));
    }
}
