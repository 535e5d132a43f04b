//! A document body's HTML written by the first pass, with a hole where each link's URL goes
//! and one after each link (for the note of a link to another language), so that the second
//! pass only fills the holes instead of parsing the Markdown again.
//!
//! The holes are byte offsets into the HTML, noted while pulldown-cmark writes it: the first
//! pass puts a marker event before the start of each link or image (written with an empty
//! URL) and after the end of each link. Markers are math events, which the parser never makes
//! (math is not enabled): they are taken out of the stream before the HTML writer sees them,
//! and nothing of them reaches the text. A template is made only where filling it gives what
//! the second pass writes; elsewhere (raw HTML, links inside an image's text) the second pass
//! runs as before.

use std::cell::Cell;
use std::sync::{Arc, Mutex};

use pulldown_cmark::{CowStr, Event};

use super::abbreviations::Abbreviations;
use super::render::{after_link, LinkOut};

/// The event that marks where a hole goes (see the module's documentation).
pub(crate) const MARKER: Event<'static> = Event::InlineMath(CowStr::Borrowed(""));

/// A hole the first pass asks for, in the order of its markers.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Hole {
    /// The URL of link `link`: `prefix` is what the HTML writer puts before the URL of the
    /// tag that follows the marker (`<a href="`).
    Url { link: usize, prefix: &'static str },
    /// What follows link `link` (the marker is after its end).
    After { link: usize },
}

/// What a hole of a [`BodyTemplate`] is filled with.
#[derive(Debug, Clone, Copy)]
enum Fill {
    Url,
    After,
}

/// A body's HTML with holes for its links (see the module's documentation).
#[derive(Debug)]
pub(crate) struct BodyTemplate {
    /// The abbreviations the HTML marks: a template made with others does not serve.
    abbreviations: Arc<Abbreviations>,
    /// The HTML, compressed (LZ4, its size first): every document's template is held from
    /// loading to its render, and HTML compresses to about a third. Decompressing is some
    /// hundred times cheaper than the second pass it replaces.
    html: Vec<u8>,
    /// (byte offset in `html`, link number, what goes there), in order.
    holes: Vec<(usize, usize, Fill)>,
}

/// A page's [`BodyTemplate`] until the render that uses it takes it: templates are kept no
/// longer than needed (every page's HTML at once, a gigabyte at 50,000 documents per
/// language). A clone is empty: a template serves one render, and any other render of the
/// page is written by the second pass.
#[derive(Default)]
pub struct TemplateSlot(Mutex<Option<BodyTemplate>>);

impl TemplateSlot {
    /// A slot holding `template`.
    pub(crate) fn new(template: Option<BodyTemplate>) -> Self {
        TemplateSlot(Mutex::new(template))
    }

    /// The template, now taken out of the slot.
    pub(crate) fn take(&self) -> Option<BodyTemplate> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).take()
    }

    /// Whether the slot holds a template.
    pub(crate) fn is_some(&self) -> bool {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).is_some()
    }
}

impl Clone for TemplateSlot {
    fn clone(&self) -> Self {
        TemplateSlot::default()
    }
}

impl std::fmt::Debug for TemplateSlot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.is_some() {
            "TemplateSlot(Some(..))"
        } else {
            "TemplateSlot(None)"
        })
    }
}

/// A `fmt::Write` into a string that tells how long the string is.
struct Counting<'c> {
    out: String,
    len: &'c Cell<usize>,
}

impl std::fmt::Write for Counting<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.out.push_str(s);
        self.len.set(self.out.len());
        Ok(())
    }
}

impl BodyTemplate {
    /// Writes `events` (with [`MARKER`]s, one per hole of `holes`) as HTML. `None` when a
    /// hole is not where it was meant to be: the second pass then writes the page.
    pub(crate) fn write(
        events: Vec<Event<'_>>,
        holes: Vec<Hole>,
        abbreviations: Arc<Abbreviations>,
        capacity: usize,
    ) -> Option<BodyTemplate> {
        let len = Cell::new(0);
        let mut writer = Counting {
            out: String::with_capacity(capacity),
            len: &len,
        };
        let mut asked = holes.into_iter();
        let mut placed: Vec<(usize, usize, Fill)> = Vec::new();
        let mut lost = false;
        let stream = events.into_iter().filter(|e| {
            if !matches!(e, Event::InlineMath(_)) {
                return true;
            }
            // The writer asks for the next event only once it has written the last one, so
            // `len` is where the next event's HTML starts.
            match asked.next() {
                Some(Hole::Url { link, prefix }) => {
                    placed.push((len.get() + prefix.len(), link, Fill::Url));
                }
                Some(Hole::After { link }) => placed.push((len.get(), link, Fill::After)),
                None => lost = true,
            }
            false
        });
        pulldown_cmark::html::write_html_fmt(&mut writer, stream).ok()?;
        if lost || asked.next().is_some() {
            return None;
        }
        let html = writer.out;
        // Kept until the page is rendered, with every other page's: no spare capacity.
        // Each URL hole must follow its tag's opening, and every hole be in order.
        let mut last = 0;
        for &(at, _, fill) in &placed {
            if at < last || at > html.len() || !html.is_char_boundary(at) {
                return None;
            }
            if let Fill::Url = fill {
                if !(html[..at].ends_with("<a href=\"")
                    || html[..at].ends_with("<a href=\"mailto:")
                    || html[..at].ends_with("<img src=\""))
                {
                    return None;
                }
            }
            last = at;
        }
        placed.shrink_to_fit();
        Some(BodyTemplate {
            abbreviations,
            html: lz4_flex::block::compress_prepend_size(html.as_bytes()),
            holes: placed,
        })
    }

    /// The bytes the template's HTML holds.
    #[cfg(test)]
    pub(crate) fn held_bytes(&self) -> usize {
        self.html.len()
    }

    /// The template with its HTML cut short, as a damaged one would be.
    #[cfg(test)]
    pub(crate) fn damaged(mut self) -> Self {
        self.html.truncate(self.html.len() / 2);
        self
    }

    /// Whether the template marks exactly `abbreviations` (those the page is rendered with).
    pub(crate) fn serves(&self, abbreviations: &Abbreviations) -> bool {
        std::ptr::eq(&*self.abbreviations, abbreviations)
            || self.abbreviations.list() == abbreviations.list()
    }

    /// The body's HTML with link `n` written as `links(n)` (`None`: written as `#`), as the
    /// second pass would write it. `None` if the template does not decompress (it always
    /// does: the second pass then writes the page).
    pub(crate) fn fill(&self, links: &dyn Fn(usize) -> Option<LinkOut>) -> Option<String> {
        let html = lz4_flex::block::decompress_size_prepended(&self.html).ok()?;
        let html = String::from_utf8(html).ok()?;
        if self.holes.last().is_some_and(|h| h.0 > html.len()) {
            return None;
        }
        let mut out = String::with_capacity(html.len() + 48 * self.holes.len());
        let mut last = 0;
        for &(at, link, fill) in &self.holes {
            if !html.is_char_boundary(at) {
                return None;
            }
            out.push_str(&html[last..at]);
            last = at;
            let resolved = links(link);
            match fill {
                Fill::Url => {
                    let href = resolved.as_ref().map_or("#", |l| l.href.as_str());
                    // Writing into a `String` cannot fail.
                    let _ = pulldown_cmark_escape::escape_href(&mut out, href);
                }
                Fill::After => out.push_str(&after_link(resolved.as_ref())),
            }
        }
        out.push_str(&html[last..]);
        Some(out)
    }
}
