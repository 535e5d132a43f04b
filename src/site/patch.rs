//! Patching a resolved site after some pages' bodies changed, for `loupe serve`: the same
//! result as resolving the whole site again, for the cost of the pages concerned.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::resolve::{counts_as_backlink, resolve_page, Targets};
use super::Site;
use crate::content::load::Page;
use crate::diagnostics::Diagnostics;
use crate::markdown::render::Rendered;

/// Puts the new versions of pages into `site` (each `(index, page, first pass)` keeping its
/// URL, language, type and translations), resolves their links again and those of the pages
/// linking to them, and computes related documents again when a date, title or tag changed.
/// Problems of the patched pages go to `diags`.
pub fn apply(
    site: &mut Site,
    edits: Vec<(usize, Arc<Page>, Arc<Rendered>)>,
    diags: &mut Diagnostics,
) {
    let mut tags_changed = false;
    let mut edited = BTreeSet::new();
    for (i, page, rendered) in edits {
        for (pos, problem) in &rendered.problems {
            diags.error(&page.source, *pos, problem.clone());
        }
        let d = &mut site.docs[i];
        let (o, n) = (&d.page.fm, &page.fm);
        tags_changed |= o.date != n.date
            || o.title != n.title
            || o.topics != n.topics
            || o.countries != n.countries;
        d.page = page;
        d.rendered = rendered;
        edited.insert(i);
    }
    relink(site, &edited, diags);
    if tags_changed {
        site.related_hash = super::related::compute(&mut site.docs, None);
    }
}

/// Resolves again the links of the pages `edited` (whose bodies, so links and heading ids,
/// changed; their URLs did not) and of every page linking to them, and updates backlinks.
/// Broken links are errors in `diags`, as in a full build. Returns every page whose links or
/// backlinks may have changed.
pub fn relink(
    site: &mut Site,
    edited: &BTreeSet<usize>,
    diags: &mut Diagnostics,
) -> BTreeSet<usize> {
    let mut again: BTreeSet<usize> = edited.clone();
    for (j, d) in site.docs.iter().enumerate() {
        if d.link_targets.iter().any(|t| edited.contains(t)) {
            again.insert(j);
        }
    }
    let targets = Targets::new(&site.index, &site.drafts, &site.assets, &site.pack_urls)
        .with_static(&site.static_files);
    let resolved: Vec<_> = again
        .iter()
        .map(|&j| (j, resolve_page(&site.docs, &targets, j, diags)))
        .collect();
    let mut affected = again.clone();
    for (j, (links, to)) in resolved {
        let old = std::mem::replace(&mut site.docs[j].link_targets, to);
        site.docs[j].links = links;
        for t in old {
            if let Ok(p) = site.docs[t].backlinks.binary_search(&j) {
                site.docs[t].backlinks.remove(p);
            }
            affected.insert(t);
        }
    }
    for &j in &again {
        for k in 0..site.docs[j].link_targets.len() {
            let t = site.docs[j].link_targets[k];
            if counts_as_backlink(&site.docs[j], j, t) {
                let back = &mut site.docs[t].backlinks;
                if let Err(p) = back.binary_search(&j) {
                    back.insert(p, j);
                }
            }
            affected.insert(t);
        }
    }
    affected
}
