//! "Related documents": documents of the same language sharing topics or countries.
//!
//! Candidates are the documents nearest in date within each shared tag, so the cost stays
//! linear in the number of documents however large a topic grows.

use std::collections::{BTreeMap, HashMap};

use super::Doc;

/// How many related documents a page shows.
pub const RELATED: usize = 5;
/// How many neighbours in date order each tag contributes as candidates.
const WINDOW: usize = 12;

/// Fills `related` for every document.
pub fn compute(docs: &mut [Doc]) {
    // Tag → documents carrying it, ordered by (date, path).
    let mut lists: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    for (i, d) in docs.iter().enumerate() {
        if !d.page.kind.is_document() {
            continue;
        }
        for t in &d.page.fm.topics {
            lists
                .entry((d.page.lang.clone(), format!("t:{t}")))
                .or_default()
                .push(i);
        }
        for c in &d.page.fm.countries {
            lists
                .entry((d.page.lang.clone(), format!("c:{c}")))
                .or_default()
                .push(i);
        }
    }
    for list in lists.values_mut() {
        list.sort_by(|&a, &b| {
            docs[a]
                .page
                .fm
                .date
                .cmp(&docs[b].page.fm.date)
                .then_with(|| docs[a].page.content_path.cmp(&docs[b].page.content_path))
        });
    }
    let mut position: HashMap<(usize, &(String, String)), usize> = HashMap::new();
    for (tag, list) in &lists {
        for (p, &i) in list.iter().enumerate() {
            position.insert((i, tag), p);
        }
    }
    let mut all = Vec::with_capacity(docs.len());
    for (i, d) in docs.iter().enumerate() {
        if !d.page.kind.is_document() {
            all.push(Vec::new());
            continue;
        }
        let mut candidates: Vec<usize> = Vec::new();
        for (tag, list) in &lists {
            if let Some(&p) = position.get(&(i, tag)) {
                let lo = p.saturating_sub(WINDOW);
                let hi = (p + WINDOW + 1).min(list.len());
                candidates.extend(list[lo..hi].iter().copied().filter(|&j| j != i));
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        let score = |j: usize| {
            let o = &docs[j].page.fm;
            let topics = o
                .topics
                .iter()
                .filter(|t| d.page.fm.topics.contains(t))
                .count();
            let countries = o
                .countries
                .iter()
                .filter(|c| d.page.fm.countries.contains(c))
                .count();
            2 * topics + countries
        };
        let mut scored: Vec<(usize, usize)> =
            candidates.into_iter().map(|j| (score(j), j)).collect();
        scored.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then_with(|| docs[b.1].page.fm.date.cmp(&docs[a.1].page.fm.date))
                .then_with(|| {
                    docs[a.1]
                        .page
                        .content_path
                        .cmp(&docs[b.1].page.content_path)
                })
        });
        all.push(scored.into_iter().take(RELATED).map(|(_, j)| j).collect());
    }
    for (d, r) in docs.iter_mut().zip(all) {
        d.related = r;
    }
}
