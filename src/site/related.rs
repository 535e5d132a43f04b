//! "Related documents": documents of the same language sharing topics or countries.
//!
//! Candidates are the documents nearest in date within each shared tag, so the cost stays
//! linear in the number of documents however large a topic grows, and a document visits only
//! its own tags' lists, so it does not grow with the number of tags of the site either.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use rayon::prelude::*;

use super::Doc;

/// How many related documents a page shows.
pub const RELATED: usize = 5;
/// How many neighbours in date order each tag contributes as candidates.
const WINDOW: usize = 12;

/// The related documents of a site's documents, with a hash of everything they were chosen
/// from: a later build whose documents have the same hash (the same paths, languages, tags
/// and dates, in the same order) takes them as they are.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Chosen {
    /// A hash of what the choice reads of every page.
    pub hash: u64,
    /// Each page's related documents (indexes of pages).
    pub related: Vec<Vec<usize>>,
}

/// Fills `related` for every document: as `previous` chose them, when they were chosen from
/// the same documents, or afresh. Returns the hash of what the choice read.
pub fn compute(docs: &mut [Doc], previous: Option<&Chosen>) -> u64 {
    let items: Vec<Item<'_, _>> = docs
        .iter()
        .map(|d| Item {
            document: d.page.kind.is_document(),
            lang: d.page.lang.as_str(),
            topics: &d.page.fm.topics,
            countries: &d.page.fm.countries,
            date: &d.page.fm.date,
            path: d.page.content_path.as_str(),
        })
        .collect();
    let hash = hash_of(&items);
    let all = match previous.filter(|p| p.hash == hash && p.related.len() == items.len()) {
        Some(p) => p.related.clone(),
        None => related(&items),
    };
    for (d, r) in docs.iter_mut().zip(all) {
        d.related = r;
    }
    hash
}

/// A hash of what the choice reads of every item, in order: each run of items is hashed on
/// a core of its own, then the runs' hashes in order (the same items, the same hash, for one
/// loupe binary; a record written by another is not read).
fn hash_of<D: Hash + Sync>(items: &[Item<'_, D>]) -> u64 {
    let runs: Vec<u64> = items
        .par_chunks(HASH_RUN)
        .map(|run| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            for it in run {
                (
                    it.document,
                    it.lang,
                    it.topics,
                    it.countries,
                    &it.date,
                    it.path,
                )
                    .hash(&mut h);
            }
            h.finish()
        })
        .collect();
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (items.len(), runs).hash(&mut h);
    h.finish()
}

/// How many items [`hash_of`] hashes in one run.
const HASH_RUN: usize = 4096;

/// What the choice of related documents reads of a page.
struct Item<'a, D> {
    /// Only documents (not home or section pages) have related documents and are ones.
    document: bool,
    lang: &'a str,
    topics: &'a [String],
    countries: &'a [String],
    /// A tag's list is in date order, ties by path; among equal scores the newest comes first.
    date: D,
    path: &'a str,
}

/// The related documents of every item (indexes into `items`), best first: shared topics
/// count twice, shared countries once, ties newest first, then by path.
fn related<D: Ord + Sync>(items: &[Item<'_, D>]) -> Vec<Vec<usize>> {
    // The documents in date order: the lists below, filled in this order, are in date order.
    let mut dated: Vec<usize> = (0..items.len()).filter(|&i| items[i].document).collect();
    // On every core: at 50,000 documents a language this sort was most of the second the
    // site's assembly spent on one core. Equal dates and paths (none: paths differ) would keep
    // their order, as in a stable sort.
    dated.par_sort_unstable_by(|&a, &b| by_date(&items[a], &items[b]).then(a.cmp(&b)));
    // Tag (language, t:topic or c:country) → its list: the documents carrying it. Each
    // document's topics and countries as list ids, so that they compare as numbers.
    let mut ids: HashMap<(&str, char, &str), u32> = HashMap::new();
    let mut lists: Vec<Vec<usize>> = Vec::new();
    let mut topics: Vec<Vec<u32>> = vec![Vec::new(); items.len()];
    let mut countries: Vec<Vec<u32>> = vec![Vec::new(); items.len()];
    for &i in &dated {
        let item = &items[i];
        let tags = item.topics.iter().map(|t| ('t', t.as_str()));
        for (k, tag) in tags.chain(item.countries.iter().map(|c| ('c', c.as_str()))) {
            let id = *ids.entry((item.lang, k, tag)).or_insert_with(|| {
                lists.push(Vec::new());
                (lists.len() - 1) as u32
            });
            lists[id as usize].push(i);
            if k == 't' {
                topics[i].push(id);
            } else {
                countries[i].push(id);
            }
        }
    }
    // Each document's places in its own lists.
    let mut places: Vec<Vec<(usize, usize)>> = vec![Vec::new(); items.len()];
    for (id, list) in lists.iter().enumerate() {
        for (p, &i) in list.iter().enumerate() {
            places[i].push((id, p));
        }
    }
    // Candidates share the document's language, so equal ids are equal tags.
    let shared = |a: &[u32], b: &[u32]| b.iter().filter(|x| a.contains(x)).count();
    (0..items.len())
        .into_par_iter()
        // Pieces small enough that neither core waits for the other at the end.
        .with_max_len(256)
        .map(|i| {
            let mut candidates: Vec<usize> = Vec::new();
            for &(id, p) in &places[i] {
                let list = &lists[id];
                let window = &list[p.saturating_sub(WINDOW)..(p + WINDOW + 1).min(list.len())];
                candidates.extend(window.iter().copied().filter(|&j| j != i));
            }
            candidates.sort_unstable();
            candidates.dedup();
            let mut scored: Vec<(usize, usize)> = candidates
                .into_iter()
                .map(|j| {
                    let score =
                        2 * shared(&topics[i], &topics[j]) + shared(&countries[i], &countries[j]);
                    (score, j)
                })
                .collect();
            // Only the best few are kept: they are chosen first (linear), then ordered. The
            // order is total (paths differ), so the choice is the one a full sort makes.
            let order = |a: &(usize, usize), b: &(usize, usize)| {
                b.0.cmp(&a.0)
                    .then_with(|| items[b.1].date.cmp(&items[a.1].date))
                    .then_with(|| items[a.1].path.cmp(items[b.1].path))
            };
            if scored.len() > RELATED {
                scored.select_nth_unstable_by(RELATED - 1, order);
                scored.truncate(RELATED);
            }
            scored.sort_by(order);
            scored.into_iter().map(|(_, j)| j).collect()
        })
        .collect()
}

/// Date order, ties by path.
fn by_date<D: Ord>(a: &Item<'_, D>, b: &Item<'_, D>) -> std::cmp::Ordering {
    a.date.cmp(&b.date).then_with(|| a.path.cmp(b.path))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The algorithm as it was (every document against every tag of the site), the reference.
    fn reference(items: &[Item<'_, u32>]) -> Vec<Vec<usize>> {
        let mut lists: std::collections::BTreeMap<(String, String), Vec<usize>> =
            Default::default();
        for (i, d) in items.iter().enumerate().filter(|(_, d)| d.document) {
            for t in d.topics {
                lists
                    .entry((d.lang.into(), format!("t:{t}")))
                    .or_default()
                    .push(i);
            }
            for c in d.countries {
                lists
                    .entry((d.lang.into(), format!("c:{c}")))
                    .or_default()
                    .push(i);
            }
        }
        for list in lists.values_mut() {
            list.sort_by(|&a, &b| by_date(&items[a], &items[b]));
        }
        items
            .iter()
            .enumerate()
            .map(|(i, d)| {
                if !d.document {
                    return Vec::new();
                }
                let mut candidates = Vec::new();
                for list in lists.values() {
                    if let Some(p) = list.iter().position(|&j| j == i) {
                        let lo = p.saturating_sub(WINDOW);
                        let hi = (p + WINDOW + 1).min(list.len());
                        candidates.extend(list[lo..hi].iter().copied().filter(|&j| j != i));
                    }
                }
                candidates.sort_unstable();
                candidates.dedup();
                let score = |j: usize| {
                    let o = &items[j];
                    2 * o.topics.iter().filter(|t| d.topics.contains(t)).count()
                        + o.countries
                            .iter()
                            .filter(|c| d.countries.contains(c))
                            .count()
                };
                let mut scored: Vec<(usize, usize)> =
                    candidates.into_iter().map(|j| (score(j), j)).collect();
                scored.sort_by(|a, b| {
                    b.0.cmp(&a.0)
                        .then_with(|| items[b.1].date.cmp(&items[a.1].date))
                        .then_with(|| items[a.1].path.cmp(items[b.1].path))
                });
                scored.into_iter().take(RELATED).map(|(_, j)| j).collect()
            })
            .collect()
    }

    #[test]
    fn the_hash_changes_with_any_item_in_any_run_and_not_otherwise() {
        let paths: Vec<String> = (0..2 * HASH_RUN + 7).map(|i| format!("p{i}")).collect();
        let topics = vec!["a".to_string()];
        let items = |changed: Option<usize>| -> Vec<Item<'_, u32>> {
            paths
                .iter()
                .enumerate()
                .map(|(i, path)| Item {
                    document: true,
                    lang: "en",
                    topics: &topics,
                    countries: &[],
                    date: if changed == Some(i) { 1 } else { 0 },
                    path,
                })
                .collect()
        };
        let same = hash_of(&items(None));
        assert_eq!(hash_of(&items(None)), same);
        // The first run, a later one, and the last (short) one.
        for i in [0, HASH_RUN + 5, 2 * HASH_RUN + 6] {
            assert_ne!(hash_of(&items(Some(i))), same, "item {i}");
        }
        // One item fewer is another site.
        assert_ne!(hash_of(&items(None)[..paths.len() - 1]), same);
    }

    #[test]
    fn related_documents_are_those_of_the_reference_algorithm() {
        let mut rng = xtask::rng::XorShift64::new(0x2545_F491_4F6C_DD1D);
        let mut next = |n: u64| rng.below(n as usize) as u64;
        let tags: Vec<String> = (0..30).map(|t| format!("tag{t}")).collect();
        let pick = |next: &mut dyn FnMut(u64) -> u64| -> Vec<String> {
            let n = next(4) as usize;
            let mut v: Vec<String> = (0..n).map(|_| tags[next(30) as usize].clone()).collect();
            v.sort();
            v.dedup();
            v
        };
        type Data = (bool, &'static str, Vec<String>, Vec<String>, u32, String);
        let data: Vec<Data> = (0..600u32)
            .map(|i| {
                let lang = if next(3) == 0 { "fr" } else { "en" };
                // Few distinct dates: ties are decided by the path.
                let (topics, countries) = (pick(&mut next), pick(&mut next));
                let date = next(40) as u32;
                (
                    next(20) != 0,
                    lang,
                    topics,
                    countries,
                    date,
                    format!("p{}", 600 - i),
                )
            })
            .collect();
        let items: Vec<Item<'_, u32>> = data
            .iter()
            .map(|(document, lang, topics, countries, date, path)| Item {
                document: *document,
                lang,
                topics,
                countries,
                date: *date,
                path,
            })
            .collect();
        let got = related(&items);
        assert_eq!(got, reference(&items));
        assert!(got.iter().filter(|r| r.len() == RELATED).count() > 300);
    }
}
