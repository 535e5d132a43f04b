//! Recorded dependencies: what each rendered page showed of the site.
//!
//! Every piece of site data a template can see reaches it through a view builder
//! ([`super::views`]) that records the [`Fact`] it read. After an edit, the facts of the site are
//! hashed again ([`Facts::of`]); a page is rendered again exactly when a fact it recorded
//! changed. Nothing keeps a list of which template shows which field: a view shows only data
//! covered by the facts it records, whatever the template does with it.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::hash::{BuildHasher, Hash};

use rayon::prelude::*;

use crate::site::routes::{self, Route};
use crate::site::Site;

/// A key that names a document or a language in facts: a hash of its content path or code,
/// stable across rebuilds (indexes into `site.docs` are not).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub(crate) struct Key(u64);

impl Key {
    /// The key of a content path or a language code.
    pub(crate) fn of(name: &str) -> Key {
        Key(hash(name))
    }
}

/// One thing of the site a page can show.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub(crate) enum Fact {
    /// All of one document: its file, URL, resolved links, translations, backlinks and related
    /// documents (by content path).
    Doc(Key),
    /// What lists show of a document: its front matter, URL, language and type.
    Meta(Key),
    /// Which documents each list of a language holds, in which order.
    Lists(Key),
    /// The glossary of a language (and so the abbreviations marked in its bodies).
    Glossary(Key),
    /// The navigation of a language.
    Nav(Key),
    /// A workshop pack (by content path): its file, the documents it resolved to and its
    /// translations.
    Pack(Key),
    /// The date a language's open actions are judged against (the latest date of its
    /// minutes): one fact, where reading every minutes' date would record one per minutes on
    /// every page that shows actions.
    AsOf(Key),
}

/// The facts one page read while it was rendered.
#[derive(Debug, Default)]
pub(crate) struct Recorder {
    facts: RefCell<BTreeSet<Fact>>,
}

impl Recorder {
    /// An empty record.
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Records that the page shows `fact`.
    pub(crate) fn read(&self, fact: Fact) {
        self.facts.borrow_mut().insert(fact);
    }

    /// The facts recorded, sorted.
    pub(crate) fn into_facts(self) -> Vec<Fact> {
        self.facts.into_inner().into_iter().collect()
    }
}

/// A hash of `v`, the same in every run of one loupe binary (a fixed seed). foldhash rather
/// than SipHash: a build hashes every document's front matter and links. With a known key
/// neither resists collisions made on purpose; one would leave a page as the last build
/// rendered it until the next `--clean` build.
fn hash(v: impl Hash) -> u64 {
    foldhash::fast::FixedState::with_seed(0).hash_one(v)
}

/// The routes of `all` to render again after the facts `changed`: those not rendered before
/// (absent from `read`, the facts each page read, by output path) and those that read a fact
/// that changed.
pub(crate) fn stale(
    all: &[(String, Route)],
    read: &HashMap<String, Vec<Fact>>,
    changed: &BTreeSet<Fact>,
) -> Vec<(String, Route)> {
    all.iter()
        .filter(|(url, _)| match read.get(url) {
            None => true,
            Some(facts) => facts.iter().any(|f| changed.contains(f)),
        })
        .cloned()
        .collect()
}

/// The hash of every fact of a site.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Facts(HashMap<Fact, u64>);

impl Facts {
    /// Hashes every fact of `site`.
    pub(crate) fn of(site: &Site) -> Facts {
        let cp = |j: &usize| site.docs[*j].page.content_path.as_str();
        let per_doc: Vec<[(Fact, u64); 2]> = site
            .docs
            .par_iter()
            // Pieces small enough that neither core waits for the other at the end.
            .with_max_len(256)
            .map(|d| {
                let key = Key::of(&d.page.content_path);
                let links: Vec<Option<(&str, Option<&str>)>> = d
                    .links
                    .iter()
                    .map(|l| {
                        l.as_ref()
                            .map(|l| (l.url.as_str(), l.other_lang.as_deref()))
                    })
                    .collect();
                let translations: Vec<(&str, &str)> = d
                    .translations
                    .iter()
                    .map(|(l, j)| (l.as_str(), site.docs[*j].url.as_str()))
                    .collect();
                let doc = hash((
                    d.page.source_hash,
                    &d.url,
                    &d.slug,
                    links,
                    translations,
                    d.backlinks.iter().map(cp).collect::<Vec<_>>(),
                    d.related.iter().map(cp).collect::<Vec<_>>(),
                ));
                let meta = hash((&d.page.fm, &d.url, &d.page.lang, d.page.kind, &d.page.stem));
                [(Fact::Doc(key), doc), (Fact::Meta(key), meta)]
            })
            .collect();
        let mut facts: HashMap<Fact, u64> = per_doc.into_iter().flatten().collect();
        for p in &site.packs {
            let translations: Vec<(&str, &str)> = p
                .translations
                .iter()
                .map(|(l, &j)| (l.as_str(), site.packs[j].file.content_path.as_str()))
                .collect();
            let value = hash((
                p.file.as_ref(),
                p.docs.iter().map(cp).collect::<Vec<_>>(),
                &p.sessions,
                translations,
            ));
            facts.insert(Fact::Pack(Key::of(&p.file.content_path)), value);
        }
        for l in &site.config.languages {
            let key = Key::of(&l.code);
            let members: Vec<(&str, _, _, &str, _, &[String], &[String])> = site
                .docs
                .iter()
                .filter(|d| d.page.lang == l.code)
                .map(|d| {
                    let fm = &d.page.fm;
                    (
                        d.page.content_path.as_str(),
                        fm.weight,
                        fm.date,
                        fm.title.as_str(),
                        d.page.kind,
                        fm.countries.as_slice(),
                        fm.topics.as_slice(),
                    )
                })
                .collect();
            facts.insert(Fact::Lists(key), hash(members));
            facts.insert(
                Fact::Glossary(key),
                hash(site.glossaries.get(&l.code).map(|g| g.as_slice())),
            );
            facts.insert(Fact::Nav(key), hash(routes::navigation(site, &l.code)));
            facts.insert(Fact::AsOf(key), hash(site.actions_as_of(&l.code)));
        }
        Facts(facts)
    }

    /// The facts whose hash differs between `self` and `other`, or that only one of them has.
    pub(crate) fn changed(&self, other: &Facts) -> BTreeSet<Fact> {
        let mut out: BTreeSet<Fact> = self
            .0
            .iter()
            .filter(|(k, v)| other.0.get(k) != Some(v))
            .map(|(k, _)| *k)
            .collect();
        out.extend(other.0.keys().filter(|k| !self.0.contains_key(k)));
        out
    }
}
