//! Matching translations: same path under another language folder, or a shared
//! `translation_key`. A group with two pages of one language is a clash.

use std::collections::BTreeMap;

use crate::content::load::Page;
use crate::diagnostics::{Diagnostics, Pos};

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        parent[ra.max(rb)] = ra.min(rb);
    }
}

/// For each page, language → index of its translation in that language (itself included).
pub fn match_translations(
    pages: &[&Page],
    diags: &mut Diagnostics,
) -> Vec<BTreeMap<String, usize>> {
    let mut parent: Vec<usize> = (0..pages.len()).collect();
    let mut by_path: BTreeMap<&str, usize> = BTreeMap::new();
    let mut by_key: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, p) in pages.iter().enumerate() {
        match by_path.get(p.lang_path.as_str()) {
            Some(&j) => union(&mut parent, i, j),
            None => {
                by_path.insert(&p.lang_path, i);
            }
        }
        if let Some(key) = &p.fm.translation_key {
            match by_key.get(key.as_str()) {
                Some(&j) => union(&mut parent, i, j),
                None => {
                    by_key.insert(key, i);
                }
            }
        }
    }
    let mut groups: BTreeMap<usize, BTreeMap<String, usize>> = BTreeMap::new();
    for i in 0..pages.len() {
        let root = find(&mut parent, i);
        let group = groups.entry(root).or_default();
        let lang = pages[i].lang.clone();
        if let Some(&other) = group.get(&lang) {
            let why = match (
                &pages[i].fm.translation_key,
                &pages[other].fm.translation_key,
            ) {
                (Some(k), _) | (_, Some(k)) => format!("`translation_key: {k}`"),
                _ => "its path".to_string(),
            };
            diags.error(
                &pages[i].source,
                Pos::new(1, 1),
                format!(
                    "translation clash: {} and this file are both in language `{lang}` and matched to the same translations by {why}; give them different `translation_key`s",
                    pages[other].source.display()
                ),
            );
            continue;
        }
        group.insert(lang, i);
    }
    let mut out = vec![BTreeMap::new(); pages.len()];
    for group in groups.values() {
        for &i in group.values() {
            out[i] = group.clone();
        }
    }
    out
}
