//! Resolving links written in content to the URLs of their pages, with backlinks.

use std::collections::{BTreeSet, HashMap};

use rayon::prelude::*;

use super::{Doc, ResolvedLink};
use crate::content::front_matter::Kind;
use crate::diagnostics::{did_you_mean, Diagnostics};
use crate::markdown::links::Target;

/// How many broken links of one page get a "did you mean" suggestion (see [`resolve_page`]).
const SUGGESTIONS_PER_PAGE: usize = 8;

/// Where links may lead: published pages by content path, drafts, assets, workshop packs.
pub struct Targets<'a> {
    /// Content path → index of the page.
    pub index: &'a HashMap<String, usize>,
    /// Content paths of drafts.
    pub drafts: &'a BTreeSet<String>,
    /// Asset paths relative to `content/`.
    pub assets: BTreeSet<&'a str>,
    /// Content path of a pack file → the output path of its participant edition.
    pub packs: &'a HashMap<String, String>,
    /// Output paths of the files of the site's `static/` folder.
    pub statics: BTreeSet<&'a str>,
    /// The languages of the pages, in order (for a link's fallback to another language).
    langs: BTreeSet<&'a str>,
}

impl<'a> Targets<'a> {
    /// The targets of a site's pages.
    pub fn new(
        index: &'a HashMap<String, usize>,
        drafts: &'a BTreeSet<String>,
        assets: &'a [String],
        packs: &'a HashMap<String, String>,
    ) -> Self {
        Targets {
            index,
            drafts,
            assets: assets.iter().map(String::as_str).collect(),
            packs,
            statics: BTreeSet::new(),
            langs: index
                .keys()
                .filter_map(|path| path.split_once('/').map(|(lang, _)| lang))
                .collect(),
        }
    }

    /// The same targets, with the files of the site's `static/` folder (output path, file).
    pub fn with_static(mut self, files: &'a [(String, std::path::PathBuf)]) -> Self {
        self.statics = files.iter().map(|(p, _)| p.as_str()).collect();
        self
    }
}

/// A page's resolved links in order (`None` where broken) and the pages they lead to.
type PageLinks = (Vec<Option<ResolvedLink>>, Vec<usize>);

/// Resolves every page's links; records backlinks. Broken links are errors at their place.
///
/// Pages are resolved on every core (rayon's), each into problems of its own, reported in the
/// pages' order: the same diagnostics as one page after the other.
pub fn resolve_links(docs: &mut [Doc], targets: &Targets<'_>, diags: &mut Diagnostics) {
    let shared: &[Doc] = docs;
    let each: Vec<(PageLinks, Diagnostics)> = (0..shared.len())
        .into_par_iter()
        // Pieces small enough that neither core waits for the other at the end.
        .with_max_len(256)
        .map(|i| {
            let mut problems = Diagnostics::new();
            (resolve_page(shared, targets, i, &mut problems), problems)
        })
        .collect();
    let resolved: Vec<PageLinks> = each
        .into_iter()
        .map(|(page, problems)| {
            diags.extend(problems);
            page
        })
        .collect();
    let mut backlinks: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); docs.len()];
    for (i, (_, to)) in resolved.iter().enumerate() {
        for &t in to {
            if counts_as_backlink(&docs[i], i, t) {
                backlinks[t].insert(i);
            }
        }
    }
    for ((doc, (links, to)), back) in docs.iter_mut().zip(resolved).zip(backlinks) {
        doc.links = links;
        doc.link_targets = to;
        doc.backlinks = back.into_iter().collect();
    }
}

/// Whether a link of `doc` (index `i`) to page `t` makes `doc` a "linked from" entry of `t`.
/// The home page links everywhere; it is no useful "linked from". Nor is a page itself.
pub fn counts_as_backlink(doc: &Doc, i: usize, t: usize) -> bool {
    t != i && doc.page.kind != Kind::Home
}

/// Resolves the links of page `i`: the resolved links in order (`None` where broken, with an
/// error at the link's place in `diags`) and the indexes of the pages they lead to.
pub fn resolve_page(
    docs: &[Doc],
    targets: &Targets<'_>,
    i: usize,
    diags: &mut Diagnostics,
) -> (Vec<Option<ResolvedLink>>, Vec<usize>) {
    let doc = &docs[i];
    let mut resolved = Vec::with_capacity(doc.rendered.links.len());
    let mut to = Vec::new();
    let mut broken = 0;
    for link in &doc.rendered.links {
        // Suggestions compare a broken link with every candidate: only the first few broken
        // links of a page get one, so a page of many broken links still resolves in linear time.
        let suggest = broken < SUGGESTIONS_PER_PAGE;
        let r = match &link.target {
            Target::Content { path, anchor } => {
                resolve_content(docs, targets, i, path, anchor.as_deref(), suggest)
            }
            Target::Asset { path } => {
                if let Some(url) = targets.packs.get(path) {
                    // A workshop pack: its participant edition.
                    Ok((
                        ResolvedLink {
                            url: url.clone(),
                            other_lang: None,
                        },
                        None,
                    ))
                } else if targets.assets.contains(path.as_str()) {
                    Ok((
                        ResolvedLink {
                            url: path.clone(),
                            other_lang: None,
                        },
                        None,
                    ))
                } else {
                    Err(format!("`{}` does not exist under content/", path))
                }
            }
            Target::Static { path } => {
                if targets.statics.contains(path.as_str()) {
                    Ok((
                        ResolvedLink {
                            url: path.clone(),
                            other_lang: None,
                        },
                        None,
                    ))
                } else {
                    Err(format!("`static/{path}` does not exist"))
                }
            }
            Target::SamePage(anchor) => {
                if anchor.is_empty() || doc.rendered.ids.contains(anchor) {
                    Ok((
                        ResolvedLink {
                            url: format!("{}#{anchor}", doc.url),
                            other_lang: None,
                        },
                        None,
                    ))
                } else {
                    let hint = if suggest {
                        did_you_mean(anchor, doc.rendered.ids.iter().map(String::as_str))
                    } else {
                        String::new()
                    };
                    Err(format!(
                        "there is no heading `#{anchor}` in this page{hint}"
                    ))
                }
            }
            Target::External => Ok((
                ResolvedLink {
                    url: String::new(),
                    other_lang: None,
                },
                None,
            )),
            Target::Invalid(msg) => Err(msg.clone()),
        };
        match r {
            Ok((link, target)) => {
                to.extend(target);
                resolved.push(Some(link));
            }
            Err(msg) => {
                broken += 1;
                let what = if link.image {
                    "broken image"
                } else {
                    "broken link"
                };
                diags.error(&doc.page.source, link.pos, format!("{what}: {msg}"));
                resolved.push(None);
            }
        }
    }
    (resolved, to)
}

/// The link from the content file `from` to the content file `to` (both relative to
/// `content/`), as an author writes it: `good.md`, `../guidance/good.md`.
fn relative_link(from: &str, to: &str) -> String {
    let from_dir: Vec<&str> = from.split('/').collect();
    let from_dir = &from_dir[..from_dir.len().saturating_sub(1)];
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dir
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count()
        .min(to_parts.len().saturating_sub(1));
    format!(
        "{}{}",
        "../".repeat(from_dir.len() - common),
        to_parts[common..].join("/")
    )
}

fn resolve_content(
    docs: &[Doc],
    targets: &Targets<'_>,
    from: usize,
    path: &str,
    anchor: Option<&str>,
    suggest: bool,
) -> Result<(ResolvedLink, Option<usize>), String> {
    let lang = &docs[from].page.lang;
    let (target_lang, lang_path) = path.split_once('/').unwrap_or(("", path));
    let found = targets
        .index
        .get(path)
        .copied()
        .map(|t| (t, None))
        .or_else(|| {
            // Not in this language: the translation in another language (the first by code),
            // marked as such. One lookup per language, not a scan of every page per link.
            if target_lang != lang {
                return None;
            }
            targets
                .langs
                .iter()
                .filter(|other| **other != lang.as_str())
                .find_map(|other| {
                    let j = *targets.index.get(&format!("{other}/{lang_path}"))?;
                    Some((j, Some((*other).to_string())))
                })
        });
    let Some((target, other_lang)) = found else {
        if targets.drafts.contains(path) {
            return Err(format!("`{path}` is a draft: drafts are not published"));
        }
        if !suggest {
            return Err(format!("content/{path} does not exist"));
        }
        let dir = path.rsplit_once('/').map(|(d, _)| d).unwrap_or_default();
        let siblings: Vec<&str> = targets
            .index
            .keys()
            .map(String::as_str)
            .filter(|p| p.rsplit_once('/').map(|(d, _)| d) == Some(dir))
            .collect();
        // The suggestion is written as the link is: relative to the linking page.
        let from_page = &docs[from].page.content_path;
        let hint = siblings
            .iter()
            .map(|p| (strsim::damerau_levenshtein(path, p), *p))
            .filter(|(d, p)| *d <= (p.chars().count() / 3).max(1))
            .min()
            .map(|(_, p)| format!(", did you mean `{}`?", relative_link(from_page, p)))
            .unwrap_or_default();
        return Err(format!("content/{path} does not exist{hint}"));
    };
    let doc = &docs[target];
    let mut url = doc.url.clone();
    if let Some(anchor) = anchor {
        if !anchor.is_empty() {
            if !doc.rendered.ids.contains(anchor) {
                let hint = if suggest {
                    did_you_mean(anchor, doc.rendered.ids.iter().map(String::as_str))
                } else {
                    String::new()
                };
                return Err(format!(
                    "there is no heading `#{anchor}` in {}{hint}",
                    doc.page.source.display()
                ));
            }
            url.push('#');
            url.push_str(anchor);
        }
    }
    Ok((ResolvedLink { url, other_lang }, Some(target)))
}

#[cfg(test)]
mod tests {
    use super::relative_link;

    #[test]
    fn suggestions_are_written_as_links() {
        assert_eq!(
            relative_link("en/guidance/a.md", "en/guidance/good.md"),
            "good.md"
        );
        assert_eq!(
            relative_link("en/minutes/a.md", "en/guidance/good.md"),
            "../guidance/good.md"
        );
        assert_eq!(
            relative_link("en/about.md", "en/guidance/good.md"),
            "guidance/good.md"
        );
    }
}
