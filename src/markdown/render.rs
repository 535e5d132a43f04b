//! Markdown to HTML in two passes over pulldown-cmark's events, with no marker in the text.
//!
//! 1. [`analyze`] reads a page: unique heading ids, the table of contents, the links and images
//!    to resolve (numbered in document order), plain text for search, problems at their place.
//! 2. Once every page's links are resolved, [`to_html`] walks the same events again and writes
//!    the HTML with each link's final relative URL, `<abbr>` on first use, and the note after a
//!    link that leads to another language. Pages with raw HTML are then sanitised.
//!
//! Both passes share one walk ([`walk`]), so links are numbered the same way in both. Where it
//! can, the first pass also writes the HTML with holes for the links
//! ([`super::template::BodyTemplate`]), and the second pass only fills them.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::Arc;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use super::abbreviations::Abbreviations;
use super::links::{classify, Target};
use super::sanitize::sanitize;
use super::slug::{explicit_id_problem, slugify, UniqueIds};
use super::template::{BodyTemplate, Hole, TemplateSlot, MARKER};
use crate::diagnostics::Pos;

/// The deepest nesting of raw HTML elements accepted: deeper nesting makes HTML parsers' time
/// grow with the square of the input, and no real document needs it.
pub(crate) const MAX_HTML_DEPTH: usize = 64;

/// One entry of a page's table of contents.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TocEntry {
    /// 2 or 3.
    pub level: u8,
    /// The heading's id.
    pub id: String,
    /// The heading's text.
    pub text: String,
}

/// A link or image of the page, to resolve.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct LinkRef {
    /// Where it points.
    pub target: Target,
    /// Where it is written in the file.
    pub pos: Pos,
    /// True for images.
    pub image: bool,
}

/// What the first pass learns of a page body.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Rendered {
    /// Level-2 and level-3 headings.
    pub toc: Vec<TocEntry>,
    /// Every id given to a heading.
    pub ids: HashSet<String>,
    /// Links and images to resolve, in document order.
    pub links: Vec<LinkRef>,
    /// Plain text of the body, headings excluded; shared with the search corpus.
    pub text: Arc<str>,
    /// Plain text of each heading.
    pub headings: Vec<String>,
    /// Problems found in the body, at their place.
    pub problems: Vec<(Pos, String)>,
    /// The body's HTML with holes for its links, when the first pass could write it (see
    /// [`analyze_with_template`]), until the render takes it. Not kept in the build record:
    /// a page read from there is written by the second pass.
    #[serde(skip)]
    pub template: TemplateSlot,
}

/// How a resolved link is written in the HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LinkOut {
    /// The URL relative to the page (not yet escaped for HTML).
    pub href: String,
    /// The name of the target's language, when the link leads to another language than the
    /// page's own (shown after the link).
    pub other_lang: Option<(String, String)>,
    /// A reference printed after the link (a printed page cannot be clicked), such as `[1]`.
    pub note: Option<String>,
}

/// What the renderer needs to know about the page.
pub struct Input<'a> {
    /// The Markdown body.
    pub body: &'a str,
    /// 1-based line of the body in its file.
    pub body_line: usize,
    /// The file's folder relative to `content/` (`en/guidance`).
    pub dir: &'a str,
    /// Abbreviations of the page's language.
    pub abbreviations: &'a Abbreviations,
    /// Put before every id the HTML gives (headings, footnotes), so that several documents
    /// can share one page (a workshop pack); empty for a document's own page.
    pub id_prefix: &'a str,
    /// Added to the level of every heading in the HTML (a pack shows a document under its
    /// own `h2`, so its `##` become `h3`); 0 for a document's own page.
    pub heading_offset: u8,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

fn level_num(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn escape_attr(s: &str) -> String {
    html_escape::encode_double_quoted_attribute(s).into_owned()
}

/// Byte offset → (line, column) within the body, shifted to file lines. Columns are counted
/// from the last position asked on the same line, so asking in document order stays linear.
struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    first_line: usize,
    /// The last (offset, column) computed.
    last: std::cell::Cell<(usize, usize)>,
}

impl<'a> LineIndex<'a> {
    fn new(text: &'a str, first_line: usize) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex {
            text,
            starts,
            first_line,
            last: std::cell::Cell::new((0, 1)),
        }
    }

    fn pos(&self, offset: usize) -> Pos {
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let (last_offset, last_col) = self.last.get();
        let (from, col) = if last_offset >= start && last_offset <= offset {
            (last_offset, last_col)
        } else {
            (start, 1)
        };
        let col = col
            + self
                .text
                .get(from..offset)
                .map(|s| s.chars().count())
                .unwrap_or(0);
        self.last.set((offset, col));
        Pos::new(self.first_line + line, col)
    }
}

/// The first pass: what a page body holds, without its HTML.
pub(crate) fn analyze(input: &Input<'_>) -> Rendered {
    walk(input, Mode::Analyze).0
}

/// The first pass, writing the HTML with holes for the links too where it can
/// ([`Rendered::template`]). `abbreviations` are those of `input`, shared between pages.
pub(crate) fn analyze_with_template(
    input: &Input<'_>,
    abbreviations: &Arc<Abbreviations>,
) -> Rendered {
    walk(input, Mode::Template(abbreviations)).0
}

/// The second pass: the body's HTML, with link `n` written as `links(n)` (`None` for a link
/// that could not be resolved, written as `#`).
pub(crate) fn to_html(input: &Input<'_>, links: &dyn Fn(usize) -> Option<LinkOut>) -> String {
    walk(input, Mode::Links(links)).1
}

/// The second pass for a page whose first pass gave `rendered`: its template (taken) filled
/// when it has one made for `input`, else [`to_html`].
pub(crate) fn finish_html(
    input: &Input<'_>,
    rendered: &Rendered,
    links: &dyn Fn(usize) -> Option<LinkOut>,
) -> String {
    if input.id_prefix.is_empty() && input.heading_offset == 0 {
        if let Some(t) = rendered.template.take() {
            if t.serves(input.abbreviations) {
                if let Some(html) = t.fill(links) {
                    return html;
                }
            }
        }
    }
    to_html(input, links)
}

/// What [`walk`] writes.
#[derive(Clone, Copy)]
enum Mode<'l> {
    /// No HTML.
    Analyze,
    /// HTML with holes for the links ([`BodyTemplate`]), made with these abbreviations.
    Template(&'l Arc<Abbreviations>),
    /// The final HTML, with link `n` written as `links(n)`.
    Links(&'l dyn Fn(usize) -> Option<LinkOut>),
}

/// What is written after a link: the name of its language when it leads to another, and its
/// printed reference. Empty for most links.
pub(crate) fn after_link(out: Option<&LinkOut>) -> String {
    let mut after = String::new();
    if let Some((code, name)) = out.and_then(|l| l.other_lang.as_ref()) {
        after.push_str(&format!(
            " <span class=\"lang-marker\" lang=\"{}\">({})</span>",
            escape_attr(code),
            html_escape::encode_text(name)
        ));
    }
    if let Some(note) = out.and_then(|l| l.note.as_ref()) {
        after.push_str(&format!(
            "<span class=\"print-ref\"> {}</span>",
            html_escape::encode_text(note)
        ));
    }
    after
}

/// A heading being read: level, explicit id, its inner events, its text.
type OpenHeading<'a> = (u8, Option<String>, Vec<Event<'a>>, String);

/// Walks the body's events once: always collects what [`Rendered`] holds; as `mode` says,
/// also writes the HTML (returned), or the template of it (in the [`Rendered`]).
fn walk(input: &Input<'_>, mode: Mode<'_>) -> (Rendered, String) {
    let mut out = Rendered::default();
    let index = LineIndex::new(input.body, input.body_line);
    let html = !matches!(mode, Mode::Analyze);
    let template = matches!(mode, Mode::Template(_));
    let link_out = |n: usize| match mode {
        Mode::Links(f) => f(n),
        _ => None,
    };
    // The URL written for link `n`: none in a template (a hole goes there), `#` for a link
    // that was not resolved.
    let href_of = |n: usize| match mode {
        Mode::Template(_) => String::new(),
        _ => link_out(n).map(|l| l.href).unwrap_or_else(|| "#".into()),
    };
    // Template mode: the holes in the order of their markers, and whether a link is where
    // the writer would not write its tag (inside an image's text), so no template is made.
    let mut holes: Vec<Hole> = Vec::new();
    let mut no_template = false;

    // First pass: reserve explicit heading ids so generated ones never take them.
    let mut ids = UniqueIds::for_page();
    let events: Vec<(Event<'_>, std::ops::Range<usize>)> = Parser::new_ext(input.body, options())
        .into_offset_iter()
        .collect();
    let mut bad_ids: HashSet<usize> = HashSet::new();
    for (i, (e, range)) in events.iter().enumerate() {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = e {
            match explicit_id_problem(id) {
                None => ids.reserve(id),
                Some(problem) => {
                    out.problems.push((index.pos(range.start), problem));
                    bad_ids.insert(i);
                }
            }
        }
    }

    let mut html_events: Vec<Event<'_>> = Vec::new();
    let mut heading: Option<OpenHeading<'_>> = None;
    let mut link_stack: Vec<Option<usize>> = Vec::new();
    let mut in_code_block = false;
    let mut in_image = 0usize;
    // Looked up for every abbreviation in every piece of text: foldhash, not SipHash.
    let mut abbr_done: foldhash::HashSet<&str> = foldhash::HashSet::default();
    let mut raw_html = false;
    let mut raw_depth = RawDepth::default();
    let mut footnotes: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    // A task list checkbox is labelled by its item's text: `<label>` is opened with the
    // checkbox and closed where the item's inline text ends.
    let mut task_label = false;

    // The body's plain text, which only the first pass keeps.
    let mut text_out = String::new();
    let keep_text = !matches!(mode, Mode::Links(_));

    for (i, (event, range)) in events.into_iter().enumerate() {
        if task_label && ends_task_text(&event) {
            push(
                &mut heading,
                &mut html_events,
                Event::Html("</label>".into()),
            );
            task_label = false;
        }
        let event = match event {
            Event::TaskListMarker(checked) => {
                task_label = true;
                let checked = if checked { " checked=\"\"" } else { "" };
                Event::Html(
                    format!("<label><input disabled=\"\" type=\"checkbox\"{checked}/>\n").into(),
                )
            }
            Event::Start(Tag::Heading { level, id, .. }) => {
                let id = id.filter(|_| !bad_ids.contains(&i));
                heading = Some((
                    level_num(level),
                    id.map(|s| s.to_string()),
                    Vec::new(),
                    String::new(),
                ));
                continue;
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, explicit, inner, text)) = heading.take() {
                    let text = text.trim().to_string();
                    let id = match explicit {
                        Some(id) => id,
                        None => ids.make(&slugify(&text)),
                    };
                    out.ids.insert(id.clone());
                    if level == 2 || level == 3 {
                        out.toc.push(TocEntry {
                            level,
                            id: id.clone(),
                            text: text.clone(),
                        });
                    }
                    out.headings.push(text);
                    if html {
                        let shown = level.saturating_add(input.heading_offset).min(6);
                        html_events.push(Event::Html(
                            format!(
                                "<h{shown} id=\"{}{}\">",
                                escape_attr(input.id_prefix),
                                escape_attr(&id)
                            )
                            .into(),
                        ));
                        html_events.extend(inner);
                        html_events.push(Event::Html(format!("</h{shown}>\n").into()));
                    }
                }
                continue;
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let target = classify(&dest_url, input.dir);
                if target == Target::External {
                    link_stack.push(None);
                    let title = if title.is_empty() {
                        String::new()
                    } else {
                        format!(" title=\"{}\"", escape_attr(&title))
                    };
                    Event::Html(
                        format!(
                            "<a href=\"{}\" class=\"external\" rel=\"noopener noreferrer\"{title}>",
                            escape_attr(&dest_url)
                        )
                        .into(),
                    )
                } else {
                    let n = out.links.len();
                    out.links.push(LinkRef {
                        target,
                        pos: index.pos(range.start),
                        image: false,
                    });
                    link_stack.push(Some(n));
                    if template {
                        no_template |= in_image > 0;
                        let prefix = if link_type == LinkType::Email {
                            "<a href=\"mailto:"
                        } else {
                            "<a href=\""
                        };
                        push(&mut heading, &mut html_events, MARKER);
                        holes.push(Hole::Url { link: n, prefix });
                    }
                    let href = href_of(n);
                    Event::Start(Tag::Link {
                        link_type,
                        dest_url: CowStr::from(href),
                        title,
                        id,
                    })
                }
            }
            Event::End(TagEnd::Link) => match link_stack.pop().flatten() {
                None => Event::Html("</a>".into()),
                Some(n) => {
                    push(&mut heading, &mut html_events, Event::End(TagEnd::Link));
                    if template {
                        holes.push(Hole::After { link: n });
                        MARKER
                    } else {
                        let after = after_link(link_out(n).as_ref());
                        if after.is_empty() {
                            continue;
                        }
                        Event::Html(after.into())
                    }
                }
            },
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                in_image += 1;
                let target = match classify(&dest_url, input.dir) {
                    Target::External => Target::Invalid(format!(
                        "`{dest_url}` is on the network: images must be files of the site, so that they show offline (put it beside the page under content/)"
                    )),
                    t => t,
                };
                let n = out.links.len();
                out.links.push(LinkRef {
                    target,
                    pos: index.pos(range.start),
                    image: true,
                });
                if template {
                    no_template |= in_image > 1;
                    push(&mut heading, &mut html_events, MARKER);
                    holes.push(Hole::Url {
                        link: n,
                        prefix: "<img src=\"",
                    });
                }
                let href = href_of(n);
                Event::Start(Tag::Image {
                    link_type,
                    dest_url: CowStr::from(href),
                    title,
                    id,
                })
            }
            Event::End(TagEnd::Image) => {
                in_image = in_image.saturating_sub(1);
                Event::End(TagEnd::Image)
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                in_code_block = true;
                Event::Start(Tag::CodeBlock(kind))
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code_block = false;
                Event::End(TagEnd::CodeBlock)
            }
            Event::Text(text) => {
                if let Some(h) = heading.as_mut() {
                    h.3.push_str(&text);
                } else if keep_text {
                    text_out.push_str(&text);
                }
                let plain =
                    heading.is_none() && link_stack.is_empty() && !in_code_block && in_image == 0;
                let candidates = if html && plain && !input.abbreviations.is_empty() {
                    input.abbreviations.present_in(&text, &abbr_done)
                } else {
                    Cow::Borrowed(&[][..])
                };
                if !candidates.is_empty() {
                    let mut rest: &str = &text;
                    let mut pieces: Vec<Event<'_>> = Vec::new();
                    while let Some((at, abbr, title)) =
                        input.abbreviations.first_in(rest, &candidates, &abbr_done)
                    {
                        abbr_done.insert(abbr);
                        if at > 0 {
                            pieces.push(Event::Text(rest[..at].to_string().into()));
                        }
                        pieces.push(Event::Html(
                            format!(
                                "<abbr title=\"{}\">{}</abbr>",
                                escape_attr(title),
                                html_escape::encode_text(abbr)
                            )
                            .into(),
                        ));
                        rest = &rest[at + abbr.len()..];
                    }
                    if !pieces.is_empty() {
                        if !rest.is_empty() {
                            pieces.push(Event::Text(rest.to_string().into()));
                        }
                        for p in pieces {
                            push(&mut heading, &mut html_events, p);
                        }
                        continue;
                    }
                }
                Event::Text(text)
            }
            Event::Code(code) => {
                if let Some(h) = heading.as_mut() {
                    h.3.push_str(&code);
                } else if keep_text {
                    text_out.push_str(&code);
                }
                Event::Code(code)
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(h) = heading.as_mut() {
                    h.3.push(' ');
                } else if keep_text {
                    text_out.push(' ');
                }
                event
            }
            Event::End(TagEnd::Paragraph)
            | Event::End(TagEnd::Item)
            | Event::End(TagEnd::TableCell) => {
                if keep_text {
                    text_out.push('\n');
                }
                event
            }
            // Footnotes get ids of loupe's own form (`fn-LABEL`), so that a label can never
            // give an element the name of a global (`[^loupeSearch]`).
            Event::FootnoteReference(label) => {
                let n = footnote_number(&mut footnotes, &label);
                Event::Html(
                    format!(
                        "<sup class=\"footnote-reference\"><a href=\"#{}fn-{}\">{n}</a></sup>",
                        escape_attr(input.id_prefix),
                        escape_attr(&label)
                    )
                    .into(),
                )
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let n = footnote_number(&mut footnotes, &label);
                let id = format!("fn-{label}");
                out.ids.insert(id.clone());
                Event::Html(
                    format!(
                        "<div class=\"footnote-definition\" id=\"{}{}\"><sup class=\"footnote-definition-label\">{n}</sup>\n",
                        escape_attr(input.id_prefix),
                        escape_attr(&id)
                    )
                    .into(),
                )
            }
            Event::End(TagEnd::FootnoteDefinition) => Event::Html("</div>\n".into()),
            e @ (Event::Html(_) | Event::InlineHtml(_)) => {
                raw_html = true;
                let pos = index.pos(range.start);
                let raw: &str = match &e {
                    Event::Html(r) | Event::InlineHtml(r) => r,
                    _ => "",
                };
                if raw_depth.add(raw) && !raw_depth.reported {
                    raw_depth.reported = true;
                    out.problems.push((
                        pos,
                        format!("raw HTML is nested more than {MAX_HTML_DEPTH} elements deep here: simplify it"),
                    ));
                }
                rewrite_raw_event(e, input.dir, pos, &mut out.links, &link_out)
            }
            other => other,
        };
        if html {
            push(&mut heading, &mut html_events, event);
        }
    }

    // Exactly its length: a text grown by doubling holds up to twice that.
    out.text = Arc::from(text_out);

    if !html || raw_depth.reported {
        // Too deeply nested HTML is an error: the page is never written, and never sanitised.
        return (out, String::new());
    }
    if let Mode::Template(abbreviations) = mode {
        // Raw HTML is sanitised after its links are written: the second pass writes it.
        let plain = !raw_html && !no_template;
        if plain && input.id_prefix.is_empty() && input.heading_offset == 0 {
            let capacity = input.body.len() * 3 / 2;
            out.template = TemplateSlot::new(BodyTemplate::write(
                html_events,
                holes,
                abbreviations.clone(),
                capacity,
            ));
        }
        return (out, String::new());
    }
    let mut raw = String::with_capacity(input.body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut raw, html_events.into_iter());
    // Markdown without raw HTML renders only safe markup (link schemes are checked above), so
    // the sanitiser, the costliest step of rendering, runs only where raw HTML was written.
    let body = if raw_html && input.id_prefix.is_empty() {
        sanitize(&raw, &out.ids)
    } else if raw_html {
        let given: HashSet<String> = out
            .ids
            .iter()
            .map(|id| format!("{}{id}", input.id_prefix))
            .collect();
        sanitize(&raw, &given)
    } else {
        raw
    };
    (out, body)
}

/// The number of footnote `label`: numbered in order of first appearance, as pulldown-cmark does.
fn footnote_number(footnotes: &mut std::collections::HashMap<String, usize>, label: &str) -> usize {
    let next = footnotes.len() + 1;
    *footnotes.entry(label.to_string()).or_insert(next)
}

/// The nesting depth of raw HTML elements across a page's raw HTML, counted roughly (void and
/// self-closed elements do not nest) but in linear time.
#[derive(Default)]
struct RawDepth {
    depth: usize,
    reported: bool,
}

impl RawDepth {
    /// Counts the tags of `raw`; true when the depth went over [`MAX_HTML_DEPTH`].
    fn add(&mut self, raw: &str) -> bool {
        const VOID: &[&str] = &[
            "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
            "track", "wbr",
        ];
        let bytes = raw.as_bytes();
        let mut over = false;
        let mut i = 0;
        while let Some(at) = raw[i..].find('<') {
            let start = i + at + 1;
            i = start;
            let closing = bytes.get(start) == Some(&b'/');
            let name_start = if closing { start + 1 } else { start };
            let name_len = bytes[name_start.min(bytes.len())..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
            if name_len == 0 {
                continue;
            }
            let name = raw[name_start..name_start + name_len].to_ascii_lowercase();
            // The tag ends at the next `>`; looking no further than the next `<` keeps the
            // whole count linear.
            let rest = &bytes[name_start + name_len..];
            let end = rest.iter().position(|&b| b == b'>' || b == b'<');
            let self_closed = end.is_some_and(|e| rest[e] == b'>' && e > 0 && rest[e - 1] == b'/');
            if closing {
                self.depth = self.depth.saturating_sub(1);
            } else if !VOID.contains(&name.as_str()) && !self_closed {
                self.depth += 1;
                over |= self.depth > MAX_HTML_DEPTH;
            }
        }
        over
    }
}

/// Whether `event` ends the inline text that follows a task list checkbox: the end of its
/// paragraph or item, or the start of a block inside the item (a nested list, say).
fn ends_task_text(event: &Event<'_>) -> bool {
    match event {
        Event::End(TagEnd::Paragraph | TagEnd::Item) | Event::Html(_) => true,
        Event::Start(tag) => matches!(
            tag,
            Tag::Paragraph
                | Tag::List(_)
                | Tag::Item
                | Tag::BlockQuote(_)
                | Tag::CodeBlock(_)
                | Tag::Table(_)
                | Tag::Heading { .. }
                | Tag::HtmlBlock
                | Tag::FootnoteDefinition(_)
                | Tag::DefinitionList
        ),
        _ => false,
    }
}

fn push<'a>(
    heading: &mut Option<OpenHeading<'a>>,
    html_events: &mut Vec<Event<'a>>,
    event: Event<'a>,
) {
    match heading.as_mut() {
        Some(h) => h.2.push(event),
        None => html_events.push(event),
    }
}

/// A raw HTML event with its `href` and `src` URLs read as links (and, when writing HTML,
/// replaced by their resolved URLs).
fn rewrite_raw_event<'a>(
    event: Event<'a>,
    dir: &str,
    pos: Pos,
    links: &mut Vec<LinkRef>,
    link_out: &dyn Fn(usize) -> Option<LinkOut>,
) -> Event<'a> {
    match event {
        Event::Html(raw) => Event::Html(rewrite_raw_urls(&raw, dir, pos, links, link_out).into()),
        Event::InlineHtml(raw) => {
            Event::InlineHtml(rewrite_raw_urls(&raw, dir, pos, links, link_out).into())
        }
        other => other,
    }
}

/// The next occurrence of the attribute name `name` at or after `from` in `lower`, preceded
/// by white space (so `data-href` is not `href`).
fn next_attribute(lower: &str, name: &str, mut from: usize) -> Option<usize> {
    while let Some(i) = lower.get(from..)?.find(name) {
        let at = from + i;
        if at > 0 && lower.as_bytes()[at - 1].is_ascii_whitespace() {
            return Some(at);
        }
        from = at + name.len();
    }
    None
}

/// Reads the relative `href`/`src` URLs of raw HTML as links, so they are resolved and checked
/// like Markdown links; with resolved links, writes each one's URL in place (the sanitiser then
/// removes anything unsafe). Images on the network are errors, as in Markdown. Linear in the
/// length of `raw`.
fn rewrite_raw_urls(
    raw: &str,
    dir: &str,
    pos: Pos,
    links: &mut Vec<LinkRef>,
    link_out: &dyn Fn(usize) -> Option<LinkOut>,
) -> String {
    let lower = raw.to_ascii_lowercase();
    let mut out = String::with_capacity(raw.len());
    let mut last = 0;
    let mut from = 0;
    let (mut next_href, mut next_src) = (None, None);
    loop {
        if next_href.is_none_or(|h| h < from) {
            next_href = next_attribute(&lower, "href", from);
        }
        if next_src.is_none_or(|s| s < from) {
            next_src = next_attribute(&lower, "src", from);
        }
        let (at, len, image) = match (next_href, next_src) {
            (None, None) => break,
            (Some(h), Some(s)) if s < h => (s, 3, true),
            (Some(h), _) => (h, 4, false),
            (None, Some(s)) => (s, 3, true),
        };
        from = at + len;
        let after = &raw[from..];
        let Some(rest) = after.trim_start().strip_prefix('=') else {
            continue;
        };
        let rest_trim = rest.trim_start();
        let value_start = raw.len() - rest_trim.len();
        let (value_start, value_len) = match rest_trim.chars().next() {
            Some(q @ ('"' | '\'')) => match raw[value_start + 1..].find(q) {
                Some(l) => (value_start + 1, l),
                None => continue,
            },
            Some(_) => {
                let l = rest_trim
                    .find(|c: char| c.is_ascii_whitespace() || c == '>')
                    .unwrap_or(rest_trim.len());
                (value_start, l)
            }
            None => continue,
        };
        let value = &raw[value_start..value_start + value_len];
        from = value_start + value_len;
        let target = match classify(value, dir) {
            Target::External if image => Target::Invalid(format!(
                "`{value}` is on the network: images must be files of the site, so that they show offline (put it beside the page under content/)"
            )),
            Target::External | Target::Invalid(_) => continue,
            _ if value.is_empty() => continue,
            t => t,
        };
        let n = links.len();
        links.push(LinkRef { image, target, pos });
        if let Some(link) = link_out(n) {
            out.push_str(&raw[last..value_start]);
            out.push_str(&super::links::href_attr(&link.href));
            last = value_start + value_len;
        }
    }
    out.push_str(&raw[last..]);
    out
}
#[cfg(test)]
mod tests {
    use super::*;

    /// Both passes over `body`; link `n` resolves to `resolved-n.html`.
    fn r(body: &str) -> Out {
        let abbrs = Abbreviations::new(vec![(
            "KPCS".to_string(),
            "Kimberley Process Certification Scheme".to_string(),
        )]);
        let input = Input {
            body,
            body_line: 5,
            dir: "en/guidance",
            abbreviations: &abbrs,
            id_prefix: "",
            heading_offset: 0,
        };
        let html = to_html(&input, &|n| {
            Some(LinkOut {
                href: format!("resolved-{n}.html"),
                other_lang: None,
                note: None,
            })
        });
        same_filled(&input);
        Out {
            analysis: analyze(&input),
            html,
        }
    }

    /// Links of every kind: unresolved, with characters to escape, to another language, with
    /// a printed reference.
    fn varied_link(n: usize) -> Option<LinkOut> {
        match n % 4 {
            0 => None,
            1 => Some(LinkOut {
                href: format!("../a b/\"x\"&y-{n}.html#z<"),
                other_lang: None,
                note: None,
            }),
            2 => Some(LinkOut {
                href: format!("../../fr/guidance/d-{n}/index.html"),
                other_lang: Some(("fr".into(), "Français <&>".into())),
                note: None,
            }),
            _ => Some(LinkOut {
                href: format!("#h-{n}"),
                other_lang: Some(("en".into(), "English".into())),
                note: Some(format!("[{n}]")),
            }),
        }
    }

    /// Where the first pass of `input` writes a template, filling it gives what the second
    /// pass writes. Returns whether it wrote one.
    fn same_filled(input: &Input<'_>) -> bool {
        let abbrs = Arc::new(input.abbreviations.clone());
        let first = analyze_with_template(input, &abbrs);
        if !first.template.is_some() {
            return false;
        }
        assert_eq!(first.links.len(), analyze(input).links.len());
        assert_eq!(
            finish_html(input, &first, &varied_link),
            to_html(input, &varied_link),
            "{:?}",
            input.body
        );
        assert!(!first.template.is_some(), "the render took the template");
        let again = analyze_with_template(input, &abbrs);
        assert_eq!(
            finish_html(input, &again, &|_| None),
            to_html(input, &|_| None)
        );
        true
    }

    fn input_of<'a>(body: &'a str, abbrs: &'a Abbreviations) -> Input<'a> {
        Input {
            body,
            body_line: 1,
            dir: "en/guidance",
            abbreviations: abbrs,
            id_prefix: "",
            heading_offset: 0,
        }
    }

    #[test]
    fn filling_the_first_passs_template_gives_the_second_passs_html() {
        let abbrs = Abbreviations::new(vec![
            (
                "KPCS".to_string(),
                "Kimberley Process Certification Scheme".to_string(),
            ),
            ("KP".to_string(), "Kimberley Process".to_string()),
        ]);
        let with_template = [
            "",
            "Plain text about the KP and the KPCS.",
            "# Title\n\n## A [linked](other.md) heading\n\nText [one](a.md) and [two](../b.md#x).",
            "[![a picture](p.png \"its title\")](doc.md \"link title\")",
            "![alt *em* text](img.png)\n\n<foo@example.org> and <https://example.org>",
            "| a | [b](b.md) |\n|---|---|\n| [c](c.md) | ![d](d.png) |",
            "- [ ] task [x](x.md)\n- [x] done\n\n> quote [q](q.md)",
            "Footnote[^1] [in](in.md).\n\n[^1]: Note with [link](n.md).",
            "[ref][r] and [r]\n\n[r]: ref.md",
            "`code [x](x.md)` and ```\n[y](y.md)\n```\n",
            "[external](https://example.org) and [mail](mailto:a@b.org) then [local](l.md)",
            "Text ending in a link [end](end.md)",
        ];
        for body in with_template {
            assert!(
                same_filled(&input_of(body, &abbrs)),
                "no template for {body:?}"
            );
        }
        // Written by the second pass: raw HTML (sanitised after its links are written), and
        // a link inside an image's text (the writer writes no tag for it).
        for body in ["<b>raw</b> [x](x.md)", "![see [x](x.md)](p.png)"] {
            assert!(!same_filled(&input_of(body, &abbrs)), "{body:?}");
        }
    }

    #[test]
    fn a_template_is_held_compressed_and_a_damaged_one_gives_way_to_the_second_pass() {
        let none = Abbreviations::default();
        let body = "## A section\n\nThe review team checks [the register](r.md) with \
                    [the exporters](e.md); the chair records the findings.\n\n"
            .repeat(40);
        let input = input_of(&body, &none);
        let html = to_html(&input, &varied_link);
        let mut first = analyze_with_template(&input, &Arc::new(none.clone()));
        let t = first.template.take().expect("a template");
        assert!(
            t.held_bytes() * 3 < html.len(),
            "{} of {}",
            t.held_bytes(),
            html.len()
        );
        first.template = TemplateSlot::new(Some(t.damaged()));
        assert_eq!(finish_html(&input, &first, &varied_link), html);
    }

    #[test]
    fn a_template_serves_only_the_abbreviations_it_was_made_with() {
        let kp = Abbreviations::new(vec![("KP".to_string(), "Kimberley Process".to_string())]);
        let none = Abbreviations::default();
        let input = input_of("The KP [met](m.md).", &kp);
        let shared = Arc::new(kp.clone());
        let t = analyze_with_template(&input, &shared).template.take();
        let t = t.expect("a template");
        assert!(t.serves(&kp));
        assert!(!t.serves(&none));
        let first = analyze_with_template(&input, &shared);
        let without = input_of("The KP [met](m.md).", &none);
        assert_eq!(
            finish_html(&without, &first, &varied_link),
            to_html(&without, &varied_link)
        );
        assert!(!finish_html(&without, &first, &varied_link).contains("<abbr"));
    }

    struct Out {
        analysis: Rendered,
        html: String,
    }

    impl std::ops::Deref for Out {
        type Target = Rendered;
        fn deref(&self) -> &Rendered {
            &self.analysis
        }
    }

    #[test]
    fn task_list_checkboxes_are_labelled_by_their_text() {
        let out = r("- [ ] Draft the plan\n- [x] Book a room\n  - nested\n\n");
        assert!(
            out.html.contains(
                "<li><label><input disabled=\"\" type=\"checkbox\"/>\nDraft the plan</label></li>"
            ),
            "{}",
            out.html
        );
        assert!(
            out.html.contains(
                "<label><input disabled=\"\" type=\"checkbox\" checked=\"\"/>\nBook a room</label>\n<ul>"
            ),
            "{}",
            out.html
        );
        // Loose items: the label stays inside the paragraph.
        let out = r("- [ ] One\n\n- [x] Two\n");
        assert!(
            out.html
                .contains("<p><label><input disabled=\"\" type=\"checkbox\"/>\nOne</label></p>"),
            "{}",
            out.html
        );
    }

    #[test]
    fn heading_ids_are_folded_and_unique() {
        let out = r("## Sécurité\n\n## Sécurité\n\n### Other {#mine}\n");
        assert!(
            out.html.contains("<h2 id=\"securite\">Sécurité</h2>"),
            "{}",
            out.html
        );
        assert!(out.html.contains("<h2 id=\"securite-1\">"), "{}", out.html);
        assert!(
            out.html.contains("<h3 id=\"mine\">Other</h3>"),
            "{}",
            out.html
        );
        assert_eq!(out.toc.len(), 3);
    }

    #[test]
    fn links_become_placeholders_with_positions() {
        let out = r("Intro\n\nSee [x](../minutes/a.md#b) and [web](https://example.org).\n");
        assert_eq!(out.links.len(), 1);
        assert_eq!(out.links[0].pos, Pos::new(7, 5));
        assert!(
            out.html.contains("href=\"resolved-0.html\""),
            "{}",
            out.html
        );
        assert!(out.html.contains("class=\"external\""), "{}", out.html);
    }

    #[test]
    fn a_page_of_several_documents_gets_prefixed_ids_and_lower_headings() {
        let abbrs = Abbreviations::default();
        let input = Input {
            body: "## Intro\n\nText[^a] and [a link](other.md).\n\n[^a]: A note.\n\n<div id=\"x\">raw</div>\n",
            body_line: 1,
            dir: "en/guidance",
            abbreviations: &abbrs,
            id_prefix: "d2-",
            heading_offset: 1,
        };
        let html = to_html(&input, &|_| {
            Some(LinkOut {
                href: "#doc-3".into(),
                other_lang: None,
                note: Some("see document 3".into()),
            })
        });
        assert!(html.contains("<h3 id=\"d2-intro\">Intro</h3>"), "{html}");
        assert!(html.contains("href=\"#d2-fn-a\""), "{html}");
        assert!(html.contains("id=\"d2-fn-a\""), "{html}");
        assert!(
            html.contains(
                "<a href=\"#doc-3\">a link</a><span class=\"print-ref\"> see document 3</span>"
            ),
            "{html}"
        );
        assert!(html.contains("id=\"user-content-x\""), "{html}");
    }

    #[test]
    fn first_abbreviation_only_is_marked() {
        let out = r("The KPCS and the KPCS again; not KPCSX.\n");
        assert_eq!(out.html.matches("<abbr").count(), 1, "{}", out.html);
        assert!(out
            .html
            .contains("<abbr title=\"Kimberley Process Certification Scheme\">KPCS</abbr>"));
    }

    #[test]
    fn raw_html_is_sanitised() {
        let out = r("<script>alert(1)</script>\n\n<img src=x onerror=\"alert(1)\">\n\n[a](javascript:alert(1))\n");
        assert!(!out.html.contains("<script"), "{}", out.html);
        assert!(!out.html.contains("onerror"), "{}", out.html);
        assert!(!out.html.contains("javascript:"), "{}", out.html);
    }

    #[test]
    fn collects_plain_text_for_search() {
        let out = r("## Title here\n\nSome *body* text.\n");
        assert_eq!(out.headings, vec!["Title here".to_string()]);
        assert!(out.text.contains("Some body text."), "{}", out.text);
    }
}
