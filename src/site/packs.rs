//! Workshop packs, resolved: each pack's documents as pages of the site, its sessions, its
//! translations, and the glossary terms it prints.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use super::Doc;
use crate::content::glossary::Term;
use crate::content::pack::{DocRef, PackFile};
use crate::content::term_use::Words;
use crate::diagnostics::{did_you_mean, Diagnostics};

/// A pack of the site.
#[derive(Debug)]
pub struct Pack {
    /// The checked pack file (shared with the workspace).
    pub file: Arc<PackFile>,
    /// Indexes into `site.docs` of the documents, in print order (those that resolved).
    pub docs: Vec<usize>,
    /// For each session of the agenda: positions in `docs` of the documents it uses.
    pub sessions: Vec<Vec<usize>>,
    /// Language → index into `site.packs` of the translation (this pack included).
    pub translations: BTreeMap<String, usize>,
}

/// What packs are resolved against.
pub struct Context<'a> {
    /// Every page of the site.
    pub docs: &'a [Doc],
    /// Content path → index in `docs`.
    pub index: &'a HashMap<String, usize>,
    /// Content paths of drafts.
    pub drafts: &'a BTreeSet<String>,
    /// Language → glossary.
    pub glossaries: &'a BTreeMap<String, Arc<Vec<Term>>>,
    /// Language code → name, for messages.
    pub language_names: &'a BTreeMap<String, String>,
}

/// Resolves every pack file (in walk order) against the site: unknown documents, documents
/// missing in the pack's language and unknown glossary keys are errors at their line.
pub fn resolve(files: Vec<Arc<PackFile>>, cx: &Context<'_>, diags: &mut Diagnostics) -> Vec<Pack> {
    let mut by_path: BTreeMap<&str, BTreeMap<String, usize>> = BTreeMap::new();
    for (i, f) in files.iter().enumerate() {
        by_path
            .entry(f.lang_path.as_str())
            .or_default()
            .insert(f.lang.clone(), i);
    }
    let translations: Vec<BTreeMap<String, usize>> = files
        .iter()
        .map(|f| by_path[f.lang_path.as_str()].clone())
        .collect();
    files
        .iter()
        .zip(translations)
        .map(|(f, translations)| {
            let mut docs = Vec::new();
            let mut position: HashMap<&str, usize> = HashMap::new();
            for r in &f.documents {
                if let Some(i) = resolve_doc(f, r, cx, diags) {
                    position.insert(r.path.as_str(), docs.len());
                    docs.push(i);
                }
            }
            let sessions = f
                .agenda
                .iter()
                .map(|s| {
                    s.documents
                        .iter()
                        .filter_map(|r| position.get(r.path.as_str()).copied())
                        .collect()
                })
                .collect();
            let terms = cx.glossaries.get(&f.lang);
            for t in &f.glossary {
                let known = terms.is_some_and(|g| g.iter().any(|x| x.key == t.key));
                if !known {
                    let hint = did_you_mean(
                        &t.key,
                        terms.iter().flat_map(|g| g.iter().map(|x| x.key.as_str())),
                    );
                    diags.error(
                        &f.source,
                        t.pos,
                        format!(
                            "`{}` is not a key of content/{}/glossary.yaml{hint}",
                            t.key, f.lang
                        ),
                    );
                }
            }
            Pack {
                file: f.clone(),
                docs,
                sessions,
                translations,
            }
        })
        .collect()
}

/// The index of the page that `r` of pack `f` names, or `None` after an error.
fn resolve_doc(
    f: &PackFile,
    r: &DocRef,
    cx: &Context<'_>,
    diags: &mut Diagnostics,
) -> Option<usize> {
    let lang = f.lang.as_str();
    let cp = format!("{lang}/{}", r.path);
    let name = |code: &str| {
        cx.language_names
            .get(code)
            .cloned()
            .unwrap_or_else(|| code.to_string())
    };
    if let Some(&i) = cx.index.get(&cp) {
        if cx.docs[i].page.kind.is_document() {
            return Some(i);
        }
        diags.error(
            &f.source,
            r.pos,
            format!(
                "`{}` is not a guidance note, minutes or a case study: only documents of those sections go into a pack",
                r.path
            ),
        );
        return None;
    }
    if cx.drafts.contains(&cp) {
        diags.error(
            &f.source,
            r.pos,
            format!(
                "`{}` is a draft: drafts are not published, so they cannot be printed in a pack",
                r.path
            ),
        );
        return None;
    }
    // The document exists in another language: is it translated under another name?
    let elsewhere: Vec<&Doc> = cx
        .docs
        .iter()
        .filter(|d| d.page.lang_path == r.path && d.page.lang != lang)
        .collect();
    if let Some(other) = elsewhere.first() {
        let translated = other.translations.get(lang).map(|&j| &cx.docs[j]);
        let message = match translated {
            Some(t) => format!(
                "`{}` is `{}` in {} (its translation has another file name): name that file here",
                r.path,
                t.page.lang_path,
                name(lang)
            ),
            None => format!(
                "`{}` has no {} translation yet (it exists in {}): translate it, or leave it out of this pack",
                r.path,
                name(lang),
                elsewhere
                    .iter()
                    .map(|d| name(&d.page.lang))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        diags.error(&f.source, r.pos, message);
        return None;
    }
    let hint = did_you_mean(
        &r.path,
        cx.docs
            .iter()
            .filter(|d| d.page.lang == lang && d.page.kind.is_document())
            .map(|d| d.page.lang_path.as_str()),
    );
    diags.error(
        &f.source,
        r.pos,
        format!("there is no document `{}` in content/{lang}/{hint}", r.path),
    );
    None
}

/// The words of document `d` as a pack prints them for participants: its title, summary and
/// other front matter shown, its headings and body (not the notes for the facilitator).
pub fn printed_words(d: &Doc) -> Words {
    let fm = &d.page.fm;
    let mut w = Words::new(&fm.title);
    let mut add = |s: &str| w.add(s);
    for s in [&fm.summary, &fm.audience, &fm.meeting, &fm.location]
        .into_iter()
        .flatten()
    {
        add(s);
    }
    for list in [&fm.key_points, &fm.participants, &fm.decisions, &fm.lessons] {
        for s in list {
            add(s);
        }
    }
    for q in &fm.discussion_questions {
        add(&q.text);
    }
    for a in &fm.actions {
        add(&a.action);
        if let Some(o) = &a.owner {
            add(o);
        }
    }
    for h in &d.rendered.headings {
        add(h);
    }
    add(&d.rendered.text);
    w
}

/// The glossary terms pack `pack` prints, in glossary order: every term its documents use
/// (see [`crate::content::term_use`]) and the terms its file adds.
pub fn terms<'g>(pack: &Pack, docs: &[Doc], glossary: &'g [Term]) -> Vec<&'g Term> {
    let words: Vec<Words> = pack.docs.iter().map(|&i| printed_words(&docs[i])).collect();
    let extra: BTreeSet<&str> = pack.file.glossary.iter().map(|t| t.key.as_str()).collect();
    glossary
        .iter()
        .filter(|t| extra.contains(t.key.as_str()) || words.iter().any(|w| w.uses(t)))
        .collect()
}
