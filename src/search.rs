//! Hands the rendered documents to the search index: one corpus per language.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use search_index::{BuildReport, FacetLabels, FileSink, LanguageCorpus, SearchDoc, TermGroup};

use crate::content::front_matter::Kind;
use crate::render::Sink;
use crate::site::routes;
use crate::site::Site;

/// Where a site keeps its tantivy indexes (outside the published output).
pub(crate) fn tantivy_dir(root: &Path) -> PathBuf {
    root.join(".loupe").join("search")
}

/// The corpora of the languages `wanted` accepts.
pub(crate) fn corpora_of(site: &Site, wanted: &dyn Fn(&str) -> bool) -> Vec<LanguageCorpus> {
    site.config
        .languages
        .iter()
        .filter(|l| wanted(&l.code))
        .map(|l| {
            let i18n = &site.theme.i18n[&l.code];
            let docs = site
                .docs
                .iter()
                .filter(|d| d.page.lang == l.code && d.page.kind != Kind::Home)
                .map(|d| SearchDoc {
                    url: d.url.clone(),
                    title: d.page.fm.title.clone(),
                    headings: d.rendered.headings.clone(),
                    body: d.rendered.text.clone(),
                    kind: d.page.kind.name().to_string(),
                    date: d.page.fm.date.map(|x| x.to_string()),
                    countries: d.page.fm.countries.clone(),
                    topics: d.page.fm.topics.clone(),
                    summary: d.page.fm.summary.clone(),
                    translation_group: translation_group(site, d),
                })
                .collect();
            let mut labels = FacetLabels::default();
            for k in [Kind::Guidance, Kind::Minutes, Kind::CaseStudy, Kind::Page] {
                labels
                    .kinds
                    .insert(k.name().to_string(), i18n.t2("kind_singular", k.name()));
            }
            for d in site.docs.iter().filter(|d| d.page.lang == l.code) {
                for c in &d.page.fm.countries {
                    labels.countries.insert(c.clone(), i18n.country(c));
                }
            }
            for other in &site.config.languages {
                labels
                    .languages
                    .insert(other.code.clone(), other.name.clone());
            }
            for t in site.config.topics.keys() {
                labels
                    .topics
                    .insert(t.clone(), site.config.topic_label(t, &l.code));
            }
            LanguageCorpus {
                lang: l.code.clone(),
                docs,
                labels,
            }
        })
        .collect()
}

/// What a document shares with its translations: the URL of the group's version in the first
/// language (by code), the same from every member; `None` without translations.
pub(crate) fn translation_group(site: &Site, d: &crate::site::Doc) -> Option<String> {
    if d.translations.len() < 2 {
        return None;
    }
    let (_, &first) = d.translations.iter().next()?;
    site.docs.get(first).map(|t| t.url.clone())
}

/// The glossary's concepts across languages, for cross-language query expansion.
pub(crate) fn term_groups(site: &Site) -> Vec<TermGroup> {
    let mut groups: BTreeMap<String, TermGroup> = BTreeMap::new();
    for (lang, terms) in &site.glossaries {
        for t in terms.iter() {
            let g = groups.entry(t.key.clone()).or_insert_with(|| TermGroup {
                key: t.key.clone(),
                terms: BTreeMap::new(),
            });
            let forms = g.terms.entry(lang.clone()).or_default();
            forms.push(t.term.clone());
            if let Some(a) = &t.abbr {
                forms.push(a.clone());
            }
        }
    }
    groups.into_values().collect()
}

/// The site's `search/` folder in a [`Sink`], as the export writes into it.
struct SearchFolder<'a>(&'a dyn Sink);

impl FileSink for SearchFolder<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.0.write(&format!("{}{rel}", routes::SEARCH_DIR), bytes)
    }
}

/// Builds the tantivy indexes and hands the client index to `sink` (as `search/...`), from
/// corpora and glossary groups already taken from a site (so it can run on a thread of its
/// own while the site changes, or while the pages render). `corpora` may hold some of the
/// site's languages `langs` only: just those are indexed and exported again (removing the
/// files of their previous export is the caller's job).
///
/// The tantivy indexes are built in a folder of this build's own; [`Built::keep`] swaps them
/// into [`tantivy_dir`], so that two builds of one site at the same time (a test run, `serve`
/// beside `build`) never write into each other's index, and a build that fails elsewhere
/// leaves the index of `loupe search` as it was.
///
/// With `reuse`, each language starts from the index in [`tantivy_dir`] when the memo beside
/// it was written by this loupe binary ([`search_index::Reuse`]): updated in place after an
/// edit, with the snippets of unchanged documents kept. The files are the same either way.
pub(crate) fn build_from(
    corpora: &[LanguageCorpus],
    langs: &[String],
    groups: &[TermGroup],
    root: &Path,
    sink: &dyn Sink,
    reuse: bool,
) -> Result<Built, search_index::SearchError> {
    let final_dir = tantivy_dir(root);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let own = final_dir.with_file_name(format!("search.{}-{nanos}.tmp", std::process::id()));
    let opts = search_index::export::ExportOptions::default();
    // Dropped on an error, it removes what was built.
    let mut built = Built {
        own,
        final_dir,
        some: (corpora.len() != langs.len())
            .then(|| corpora.iter().map(|c| c.lang.clone()).collect()),
        report: None,
    };
    let key = crate::incremental::binary_id();
    let reuse = search_index::Reuse {
        from: reuse.then_some(built.final_dir.as_path()),
        key: &key,
    };
    built.report = Some(search_index::build_languages_into(
        corpora,
        langs,
        groups,
        &built.own,
        &SearchFolder(sink),
        &opts,
        reuse,
    )?);
    Ok(built)
}

/// A search index [`build_from`] made: the client index is written, the tantivy indexes wait
/// in a folder of their own until [`Built::keep`] (dropped, they are removed).
#[derive(Debug)]
pub(crate) struct Built {
    report: Option<BuildReport>,
    own: PathBuf,
    final_dir: PathBuf,
    /// The languages indexed, when not all of the site's.
    some: Option<Vec<String>>,
}

impl Built {
    /// Puts the tantivy indexes where `loupe search` reads them.
    pub(crate) fn keep(mut self) -> Indexed {
        let (own, final_dir) = (&self.own, &self.final_dir);
        let kept = match &self.some {
            None => swap_into_place(own, final_dir),
            Some(langs) => std::fs::create_dir_all(final_dir).and_then(|()| {
                langs
                    .iter()
                    .try_for_each(|l| swap_into_place(&own.join(l), &final_dir.join(l)))
            }),
        };
        Indexed {
            report: self.report.take().unwrap_or_default(),
            kept: kept.err().map(|e| {
                format!(
                    "the search index for `loupe search` was not updated ({}: {e})",
                    final_dir.display()
                )
            }),
        }
    }
}

impl Drop for Built {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.own);
    }
}

/// What [`Built::keep`] made.
#[derive(Debug)]
pub(crate) struct Indexed {
    /// The client index written and the time taken.
    pub report: BuildReport,
    /// Why the tantivy index that `loupe search` reads was not updated, if it was not (the
    /// site's own search is complete either way).
    pub kept: Option<String>,
}

/// Replaces `target` with `fresh`; the old index is removed after the swap.
fn swap_into_place(fresh: &Path, target: &Path) -> std::io::Result<()> {
    let old = fresh.with_extension("old");
    let had_old = std::fs::rename(target, &old).is_ok();
    let moved = std::fs::rename(fresh, target);
    if had_old {
        let _ = std::fs::remove_dir_all(&old);
    }
    moved
}
