//! Markdown to HTML, in one pass over pulldown-cmark's events: unique heading ids, the table
//! of contents, link placeholders for the resolver, `<abbr>` on first use, plain text for search.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::links::{classify, Target};
use super::sanitize::sanitize;
use super::slug::{slugify, UniqueIds};
use crate::diagnostics::Pos;

/// The scheme of a link placeholder, replaced once every link is resolved.
pub const PLACEHOLDER: &str = "loupe-link:";
/// Marks where a note may follow a link (`(in French)`): `\u{E000}N\u{E001}`.
pub const MARK_OPEN: char = '\u{E000}';
/// Closes a link marker.
pub const MARK_CLOSE: char = '\u{E001}';

/// One entry of a page's table of contents.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TocEntry {
    /// 2 or 3.
    pub level: u8,
    /// The heading's id.
    pub id: String,
    /// The heading's text.
    pub text: String,
}

/// A link or image of the page, to resolve.
#[derive(Debug, Clone)]
pub struct LinkRef {
    /// Where it points.
    pub target: Target,
    /// Where it is written in the file.
    pub pos: Pos,
    /// True for images.
    pub image: bool,
}

/// A rendered page body.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// Sanitised HTML, with `loupe-link:N` placeholders in `href`/`src` for `links[N]`.
    pub html: String,
    /// Level-2 and level-3 headings.
    pub toc: Vec<TocEntry>,
    /// Every id given to a heading.
    pub ids: HashSet<String>,
    /// Links and images to resolve, indexed by their placeholder number.
    pub links: Vec<LinkRef>,
    /// Plain text of the body, headings excluded.
    pub text: String,
    /// Plain text of each heading.
    pub headings: Vec<String>,
}

/// An abbreviation to mark up on its first use: (abbreviation, expansion).
pub type Abbreviation = (String, String);

/// What the renderer needs to know about the page.
pub struct Input<'a> {
    /// The Markdown body.
    pub body: &'a str,
    /// 1-based line of the body in its file.
    pub body_line: usize,
    /// The file's folder relative to `content/` (`en/guidance`).
    pub dir: &'a str,
    /// Abbreviations of the page's language.
    pub abbreviations: &'a [Abbreviation],
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

/// Byte offset → (line, column) within the body, shifted to file lines.
struct LineIndex {
    starts: Vec<usize>,
    first_line: usize,
}

impl LineIndex {
    fn new(text: &str, first_line: usize) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts, first_line }
    }

    fn pos(&self, text: &str, offset: usize) -> Pos {
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let col = text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(0)
            + 1;
        Pos::new(self.first_line + line, col)
    }
}

/// Renders one page body.
pub fn render(input: &Input<'_>) -> Rendered {
    let mut out = Rendered::default();
    let index = LineIndex::new(input.body, input.body_line);

    // First pass: reserve explicit heading ids so generated ones never take them.
    let mut ids = UniqueIds::default();
    let events: Vec<(Event<'_>, std::ops::Range<usize>)> = Parser::new_ext(input.body, options())
        .into_offset_iter()
        .collect();
    for (e, _) in &events {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = e {
            ids.reserve(id);
        }
    }

    let mut html_events: Vec<Event<'_>> = Vec::with_capacity(events.len());
    let mut heading: Option<(u8, Option<String>, Vec<Event<'_>>, String)> = None;
    let mut link_stack: Vec<Option<usize>> = Vec::new();
    let mut in_code_block = false;
    let mut in_image = 0usize;
    let mut abbr_done: HashSet<&str> = HashSet::new();
    let mut raw_html = false;
    // A task list checkbox is labelled by its item's text: `<label>` is opened with the
    // checkbox and closed where the item's inline text ends.
    let mut task_label = false;

    for (event, range) in events {
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
                    html_events.push(Event::Html(
                        format!("<h{level} id=\"{}\">", escape_attr(&id)).into(),
                    ));
                    html_events.extend(inner);
                    html_events.push(Event::Html(format!("</h{level}>\n").into()));
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
                        pos: index.pos(input.body, range.start),
                        image: false,
                    });
                    link_stack.push(Some(n));
                    Event::Start(Tag::Link {
                        link_type,
                        dest_url: CowStr::from(format!("{PLACEHOLDER}{n}")),
                        title,
                        id,
                    })
                }
            }
            Event::End(TagEnd::Link) => match link_stack.pop().flatten() {
                None => Event::Html("</a>".into()),
                Some(n) => {
                    push(&mut heading, &mut html_events, Event::End(TagEnd::Link));
                    Event::Html(format!("{MARK_OPEN}{n}{MARK_CLOSE}").into())
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
                {
                    let n = out.links.len();
                    out.links.push(LinkRef {
                        target,
                        pos: index.pos(input.body, range.start),
                        image: true,
                    });
                    Event::Start(Tag::Image {
                        link_type,
                        dest_url: CowStr::from(format!("{PLACEHOLDER}{n}")),
                        title,
                        id,
                    })
                }
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
                } else {
                    out.text.push_str(&text);
                }
                let plain =
                    heading.is_none() && link_stack.is_empty() && !in_code_block && in_image == 0;
                if plain && !input.abbreviations.is_empty() {
                    let mut rest: &str = &text;
                    let mut pieces: Vec<Event<'_>> = Vec::new();
                    while let Some((at, abbr, title)) =
                        first_abbreviation(rest, input.abbreviations, &abbr_done)
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
                } else {
                    out.text.push_str(&code);
                }
                Event::Code(code)
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(h) = heading.as_mut() {
                    h.3.push(' ');
                } else {
                    out.text.push(' ');
                }
                event
            }
            Event::End(TagEnd::Paragraph)
            | Event::End(TagEnd::Item)
            | Event::End(TagEnd::TableCell) => {
                out.text.push('\n');
                event
            }
            e @ (Event::Html(_) | Event::InlineHtml(_)) => {
                raw_html = true;
                let pos = index.pos(input.body, range.start);
                rewrite_raw_event(e, input.dir, pos, &mut out.links)
            }
            other => other,
        };
        push(&mut heading, &mut html_events, event);
    }

    let mut raw = String::with_capacity(input.body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut raw, html_events.into_iter());
    // Markdown without raw HTML renders only safe markup (link schemes are checked above), so
    // the sanitiser, the costliest step of rendering, runs only where raw HTML was written.
    out.html = if raw_html { sanitize(&raw) } else { raw };
    out
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
    heading: &mut Option<(u8, Option<String>, Vec<Event<'a>>, String)>,
    html_events: &mut Vec<Event<'a>>,
    event: Event<'a>,
) {
    match heading.as_mut() {
        Some(h) => h.2.push(event),
        None => html_events.push(event),
    }
}

/// A raw HTML event with its relative URLs replaced by placeholders.
fn rewrite_raw_event<'a>(
    event: Event<'a>,
    dir: &str,
    pos: Pos,
    links: &mut Vec<LinkRef>,
) -> Event<'a> {
    match event {
        Event::Html(raw) => Event::Html(rewrite_raw_urls(&raw, dir, pos, links).into()),
        Event::InlineHtml(raw) => Event::InlineHtml(rewrite_raw_urls(&raw, dir, pos, links).into()),
        other => other,
    }
}

/// Replaces relative `href`/`src` URLs in raw HTML with placeholders, so they are resolved
/// and checked like Markdown links (the sanitiser then removes anything unsafe).
fn rewrite_raw_urls(raw: &str, dir: &str, pos: Pos, links: &mut Vec<LinkRef>) -> String {
    let lower = raw.to_ascii_lowercase();
    let mut out = String::with_capacity(raw.len());
    let mut last = 0;
    let mut from = 0;
    while let Some(found) = ["href", "src"]
        .iter()
        .filter_map(|a| lower[from..].find(a).map(|i| (from + i, a.len())))
        .min()
    {
        let (at, len) = found;
        from = at + len;
        let after = &raw[from..];
        let trimmed = after.trim_start();
        let Some(rest) = trimmed.strip_prefix('=') else {
            continue;
        };
        let rest_trim = rest.trim_start();
        let quote = match rest_trim.chars().next() {
            Some(q @ ('"' | '\'')) => q,
            _ => continue,
        };
        let value_start = raw.len() - rest_trim.len() + 1;
        let Some(value_len) = raw[value_start..].find(quote) else {
            continue;
        };
        let value = &raw[value_start..value_start + value_len];
        let target = classify(value, dir);
        if matches!(target, Target::External | Target::Invalid(_)) || value.is_empty() {
            continue;
        }
        let n = links.len();
        links.push(LinkRef {
            image: lower[from - len..].starts_with("src"),
            target,
            pos,
        });
        out.push_str(&raw[last..value_start]);
        out.push_str(&format!("{PLACEHOLDER}{n}"));
        last = value_start + value_len;
        from = last;
    }
    out.push_str(&raw[last..]);
    out
}

/// The earliest whole-word occurrence in `text` of an abbreviation not yet used.
fn first_abbreviation<'a>(
    text: &str,
    abbreviations: &'a [Abbreviation],
    done: &HashSet<&str>,
) -> Option<(usize, &'a str, &'a str)> {
    let mut best: Option<(usize, &'a str, &'a str)> = None;
    for (abbr, title) in abbreviations {
        if abbr.is_empty() || done.contains(abbr.as_str()) {
            continue;
        }
        let mut from = 0;
        while let Some(i) = text[from..].find(abbr.as_str()) {
            let at = from + i;
            let before = text[..at].chars().next_back();
            let after = text[at + abbr.len()..].chars().next();
            let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
            if boundary(before) && boundary(after) {
                if best.is_none_or(|(b, _, _)| at < b) {
                    best = Some((at, abbr.as_str(), title.as_str()));
                }
                break;
            }
            from = at + abbr.len();
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(body: &str) -> Rendered {
        let abbrs = vec![(
            "KPCS".to_string(),
            "Kimberley Process Certification Scheme".to_string(),
        )];
        render(&Input {
            body,
            body_line: 5,
            dir: "en/guidance",
            abbreviations: &abbrs,
        })
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
        assert!(out.html.contains("href=\"loupe-link:0\""), "{}", out.html);
        assert!(out.html.contains("class=\"external\""), "{}", out.html);
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
