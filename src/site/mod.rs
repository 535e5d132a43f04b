//! The resolved site: every page with its URL, rendered body, resolved links, translations,
//! backlinks and related documents. Assembled from a `Workspace` by sharing its pages;
//! rendered by `render`.

pub mod outputs;
pub mod packs;
pub mod patch;
pub mod related;
pub mod resolve;
pub mod routes;
pub mod status;
pub mod translations;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use crate::config::Config;
use crate::content::front_matter::Kind;
use crate::content::glossary::Term;
use crate::content::load::Page;
use crate::diagnostics::Diagnostics;
use crate::markdown::abbreviations::Abbreviations;
use crate::markdown::render::{analyze_with_template, Input, Rendered};
use crate::theme::Theme;
use crate::workspace::{Item, Workspace};

/// A link of a page, resolved to a root-relative URL.
#[derive(Debug, Clone)]
pub struct ResolvedLink {
    /// Root-relative URL with optional `#anchor`.
    pub url: String,
    /// The language of the target, when it is not the page's own (a fallback).
    pub other_lang: Option<String>,
}

/// One page of the site.
#[derive(Debug)]
pub struct Doc {
    /// The loaded page (shared with the workspace).
    pub page: Arc<Page>,
    /// The URL slug.
    pub slug: String,
    /// Root-relative output path, ending in `index.html`.
    pub url: String,
    /// The first pass of its Markdown (shared with the workspace).
    pub rendered: Arc<Rendered>,
    /// Language → index of the translation (this page included).
    pub translations: BTreeMap<String, usize>,
    /// Resolution of `rendered.links`, same order; `None` where resolution failed.
    pub links: Vec<Option<ResolvedLink>>,
    /// Indexes of the pages this page's links lead to (in link order, repeats kept).
    pub link_targets: Vec<usize>,
    /// Indexes of pages linking here.
    pub backlinks: Vec<usize>,
    /// Indexes of related documents.
    pub related: Vec<usize>,
}

impl Doc {
    /// A page at the place the route table gives it, with its translations; its links are
    /// not resolved yet (see [`resolve`]).
    pub fn new(
        page: Arc<Page>,
        rendered: Arc<Rendered>,
        translations: BTreeMap<String, usize>,
    ) -> Doc {
        let (slug, url) = routes::page(&page);
        Doc {
            page,
            slug,
            url,
            rendered,
            translations,
            links: Vec::new(),
            link_targets: Vec::new(),
            backlinks: Vec::new(),
            related: Vec::new(),
        }
    }
}

/// Everything a build renders.
pub struct Site {
    /// The configuration.
    pub config: Arc<Config>,
    /// The theme.
    pub theme: Arc<Theme>,
    /// Every page, sorted by content path.
    pub docs: Vec<Doc>,
    /// Language → glossary.
    pub glossaries: BTreeMap<String, Arc<Vec<Term>>>,
    /// Asset files relative to `content/`, published beside their pages.
    pub assets: Vec<String>,
    /// Files of the site's `static/` folder: (output path, file).
    pub static_files: Vec<(String, std::path::PathBuf)>,
    /// Language → glossary abbreviations, as Markdown rendering marks them.
    pub abbreviations: BTreeMap<String, Abbreviations>,
    /// Content paths of drafts (not published; links to them are errors).
    pub drafts: BTreeSet<String>,
    /// Content path → index in `docs`.
    pub index: HashMap<String, usize>,
    /// Workshop packs, in walk order.
    pub packs: Vec<packs::Pack>,
    /// Content path of each pack file → its participant edition, where links to it lead.
    pub pack_urls: HashMap<String, String>,
    /// A hash of what the related documents were chosen from ([`related::Chosen`]).
    pub related_hash: u64,
}

impl Site {
    /// The related documents of every page, for a later [`assemble_reusing`].
    pub fn related_chosen(&self) -> related::Chosen {
        related::Chosen {
            hash: self.related_hash,
            related: self.docs.iter().map(|d| d.related.clone()).collect(),
        }
    }

    /// Indexes of documents of `lang` and `kind` in reading order: those with a `weight` first,
    /// lightest first; then newest first (undated last), then by title.
    pub fn list(&self, lang: &str, kind: Option<Kind>) -> Vec<usize> {
        let mut v: Vec<usize> = (0..self.docs.len())
            .filter(|&i| {
                let p = &self.docs[i].page;
                p.lang == lang && p.kind.is_document() && kind.is_none_or(|k| p.kind == k)
            })
            .collect();
        v.sort_by(|&a, &b| {
            let (pa, pb) = (&self.docs[a].page, &self.docs[b].page);
            let (wa, wb) = (pa.fm.weight, pb.fm.weight);
            (wa.is_none(), wa)
                .cmp(&(wb.is_none(), wb))
                .then_with(|| pb.fm.date.cmp(&pa.fm.date))
                .then_with(|| pa.fm.title.cmp(&pb.fm.title))
                .then_with(|| pa.content_path.cmp(&pb.content_path))
        });
        v
    }

    /// The date open actions of `lang` are judged against when no script runs: the latest
    /// date recorded in its minutes (a meeting's date or its `updated` date), when any.
    pub fn actions_as_of(&self, lang: &str) -> Option<crate::content::date::Date> {
        self.docs
            .iter()
            .filter(|d| d.page.lang == lang && d.page.kind == Kind::Minutes)
            .filter_map(|d| d.page.fm.date.max(d.page.fm.updated))
            .max()
    }

    /// The home page (`_index.md`) of `lang`, if written.
    pub fn home(&self, lang: &str) -> Option<&Doc> {
        self.docs
            .iter()
            .find(|d| d.page.lang == lang && d.page.kind == Kind::Home)
    }

    /// The Markdown of `page` as the renderer takes it.
    pub fn markdown_input<'a>(&'a self, page: &'a Page) -> Input<'a> {
        markdown_input(page, &self.abbreviations)
    }
}

/// Assembles the site from the inputs of `ws`: translations, URLs, links, backlinks, related
/// documents, and the check of every output path. `None` when `loupe.yaml` or the theme is
/// unusable. Problems of the assembly go to `diags` (those of the inputs themselves are
/// `Workspace::diagnostics`).
pub fn assemble(ws: &Workspace, diags: &mut Diagnostics) -> Option<Site> {
    assemble_reusing(ws, diags, None)
}

/// [`assemble`], taking the related documents a build of the same documents chose
/// (`previous`, from [`Site::related_chosen`]) instead of choosing them again.
pub fn assemble_reusing(
    ws: &Workspace,
    diags: &mut Diagnostics,
    previous: Option<&related::Chosen>,
) -> Option<Site> {
    let base = ws.base()?;
    let mut pages: Vec<(Arc<Page>, Arc<Rendered>)> = Vec::new();
    let mut drafts = BTreeSet::new();
    let mut glossaries = BTreeMap::new();
    let mut assets = Vec::new();
    let mut pack_files = Vec::new();
    // Pack files too broken to read (their problems are reported): links to them are not
    // reported as broken as well.
    let mut unread_packs = Vec::new();
    for (rel, entry) in ws.entries() {
        match &entry.item {
            Item::Page(p, r) => pages.push((p.clone(), r.clone())),
            Item::Draft => {
                drafts.insert(rel.to_string());
            }
            Item::Glossary(lang, terms) => {
                glossaries.insert(lang.clone(), terms.clone());
            }
            Item::Pack(p) => pack_files.push(p.clone()),
            Item::Asset => assets.push(rel.to_string()),
            Item::Nothing => {
                let parts: Vec<String> = rel.split('/').map(str::to_string).collect();
                if crate::content::pack::is_pack_path(&parts) {
                    let name = parts[2].trim_end_matches(".yaml");
                    let url = routes::pack(&parts[0], name, routes::Edition::Participant);
                    unread_packs.push((rel.to_string(), url));
                }
            }
        }
    }
    let page_list: Vec<&Page> = pages.iter().map(|(p, _)| p.as_ref()).collect();
    let translations = translations::match_translations(&page_list, diags);
    for (p, r) in &pages {
        for (pos, problem) in &r.problems {
            diags.error(&p.source, *pos, problem.clone());
        }
    }
    let mut docs: Vec<Doc> = pages
        .into_iter()
        .zip(translations)
        .map(|((page, rendered), translations)| Doc::new(page, rendered, translations))
        .collect();

    let index: HashMap<String, usize> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.page.content_path.clone(), i))
        .collect();
    let pack_urls: HashMap<String, String> = pack_files
        .iter()
        .map(|f| {
            let url = routes::pack(&f.lang, &f.name, routes::Edition::Participant);
            (f.content_path.clone(), url)
        })
        .chain(unread_packs)
        .collect();
    let targets =
        resolve::Targets::new(&index, &drafts, &assets, &pack_urls).with_static(ws.static_files());
    resolve::resolve_links(&mut docs, &targets, diags);
    let related_hash = related::compute(&mut docs, previous);
    let abbreviations = abbreviations(&glossaries);
    let language_names = base
        .config
        .languages
        .iter()
        .map(|l| (l.code.clone(), l.name.clone()))
        .collect();
    let packs = packs::resolve(
        pack_files,
        &packs::Context {
            docs: &docs,
            index: &index,
            drafts: &drafts,
            glossaries: &glossaries,
            language_names: &language_names,
        },
        diags,
    );

    let site = Site {
        config: base.config.clone(),
        theme: base.theme.clone(),
        docs,
        glossaries,
        assets,
        static_files: ws.static_files().to_vec(),
        abbreviations,
        drafts,
        index,
        packs,
        pack_urls,
        related_hash,
    };
    outputs::check(&site, diags);
    Some(site)
}

/// Each language's glossary abbreviations, longest first (so `KPCS` wins over `KP` at the
/// same place), as Markdown rendering marks them.
pub fn abbreviations(
    glossaries: &BTreeMap<String, Arc<Vec<Term>>>,
) -> BTreeMap<String, Abbreviations> {
    glossaries
        .iter()
        .map(|(lang, terms)| {
            let mut v: Vec<(String, String)> = terms
                .iter()
                .filter_map(|t| t.abbr.clone().map(|a| (a, t.term.clone())))
                .collect();
            v.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
            (lang.clone(), Abbreviations::new(v))
        })
        .collect()
}

/// The abbreviations of a language without a glossary.
static NO_ABBREVIATIONS: std::sync::LazyLock<Abbreviations> =
    std::sync::LazyLock::new(Abbreviations::default);

/// The Markdown of `page` as the renderer takes it, with its language's abbreviations.
pub fn markdown_input<'a>(
    page: &'a Page,
    abbreviations: &'a BTreeMap<String, Abbreviations>,
) -> Input<'a> {
    page_input(
        page,
        abbreviations.get(&page.lang).unwrap_or(&NO_ABBREVIATIONS),
    )
}

/// The Markdown of `page` as the renderer takes it, with `abbreviations` (its language's).
fn page_input<'a>(page: &'a Page, abbreviations: &'a Abbreviations) -> Input<'a> {
    let dir = page
        .content_path
        .rsplit_once('/')
        .map(|(d, _)| d)
        .unwrap_or_default();
    Input {
        body: &page.body,
        body_line: page.body_line,
        dir,
        abbreviations,
        id_prefix: "",
        heading_offset: 0,
    }
}

/// The first pass of rendering `page`'s Markdown (see [`crate::markdown::render`]), with the
/// abbreviations of its language (from [`abbreviations`]): the HTML it writes with holes for
/// the links serves when the site is rendered with the same ones.
pub fn render_body(page: &Page, abbreviations: &Arc<Abbreviations>) -> Rendered {
    analyze_with_template(&page_input(page, abbreviations), abbreviations)
}
