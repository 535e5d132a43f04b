//! Resolving links written in content to the URLs of their pages, with backlinks.

use std::collections::{BTreeSet, HashMap};

use super::{Doc, ResolvedLink};
use crate::content::front_matter::Kind;
use crate::diagnostics::{did_you_mean, Diagnostics};
use crate::markdown::links::Target;

/// Resolves every page's links; records backlinks. Broken links are errors at their place.
pub fn resolve_links(
    docs: &mut [Doc],
    drafts: &BTreeSet<String>,
    assets: &[String],
    diags: &mut Diagnostics,
) {
    let by_path: HashMap<&str, usize> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.page.content_path.as_str(), i))
        .collect();
    let assets: BTreeSet<&str> = assets.iter().map(String::as_str).collect();
    let mut all_links = Vec::with_capacity(docs.len());
    let mut backlinks: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); docs.len()];

    for (i, doc) in docs.iter().enumerate() {
        let mut resolved = Vec::with_capacity(doc.rendered.links.len());
        for link in &doc.rendered.links {
            let r = match &link.target {
                Target::Content { path, anchor } => {
                    resolve_content(docs, &by_path, drafts, i, path, anchor.as_deref())
                }
                Target::Asset { path } => {
                    if assets.contains(path.as_str()) {
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
                        let hint =
                            did_you_mean(anchor, doc.rendered.ids.iter().map(String::as_str));
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
                    if let Some(t) = target {
                        // The home page links everywhere; it is no useful "linked from".
                        if t != i && doc.page.kind != Kind::Home {
                            backlinks[t].insert(i);
                        }
                    }
                    resolved.push(Some(link));
                }
                Err(msg) => {
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
        all_links.push(resolved);
    }
    for ((doc, links), back) in docs.iter_mut().zip(all_links).zip(backlinks) {
        doc.links = links;
        doc.backlinks = back.into_iter().collect();
    }
}

fn resolve_content(
    docs: &[Doc],
    by_path: &HashMap<&str, usize>,
    drafts: &BTreeSet<String>,
    from: usize,
    path: &str,
    anchor: Option<&str>,
) -> Result<(ResolvedLink, Option<usize>), String> {
    let lang = &docs[from].page.lang;
    let (target_lang, lang_path) = path.split_once('/').unwrap_or(("", path));
    let found = by_path.get(path).copied().map(|t| (t, None)).or_else(|| {
        // Not in this language: the translation in another language, marked as such.
        if target_lang != lang {
            return None;
        }
        let mut others: Vec<(usize, &str)> = docs
            .iter()
            .enumerate()
            .filter(|(_, d)| d.page.lang_path == lang_path && d.page.lang != *lang)
            .map(|(j, d)| (j, d.page.lang.as_str()))
            .collect();
        others.sort_by_key(|(_, l)| *l);
        others.first().map(|&(j, l)| (j, Some(l.to_string())))
    });
    let Some((target, other_lang)) = found else {
        if drafts.contains(path) {
            return Err(format!("`{path}` is a draft: drafts are not published"));
        }
        let dir = path.rsplit_once('/').map(|(d, _)| d).unwrap_or_default();
        let siblings: Vec<&str> = by_path
            .keys()
            .filter(|p| p.rsplit_once('/').map(|(d, _)| d) == Some(dir))
            .copied()
            .collect();
        let hint = did_you_mean(path, siblings.iter().copied());
        return Err(format!("content/{path} does not exist{hint}"));
    };
    let doc = &docs[target];
    let mut url = doc.url.clone();
    if let Some(anchor) = anchor {
        if !anchor.is_empty() {
            if !doc.rendered.ids.contains(anchor) {
                let hint = did_you_mean(anchor, doc.rendered.ids.iter().map(String::as_str));
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
