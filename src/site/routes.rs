//! The route table: every output path of a site, and what renders there.
//!
//! This is the one place where the URL scheme is written: documents, workshop packs, the
//! generated pages of each language (home, section lists, country and topic pages, glossary,
//! register, search), the root language chooser, the 404 page and the feeds. Every URL is relative to the output root and
//! names a file, so that links work from `file://`.

use crate::content::front_matter::{FrontMatter, Kind};
use crate::content::load::Page;

use super::Site;

/// A way of tagging documents that has a page per tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Taxonomy {
    /// ISO 3166 country codes (`countries:`).
    Countries,
    /// Topics declared in `loupe.yaml` (`topics:`).
    Topics,
}

impl Taxonomy {
    /// Both taxonomies, in display order.
    pub const ALL: [Taxonomy; 2] = [Taxonomy::Countries, Taxonomy::Topics];

    /// The folder of its pages, also its key in UI strings (`countries`).
    pub fn folder(self) -> &'static str {
        match self {
            Taxonomy::Countries => "countries",
            Taxonomy::Topics => "topics",
        }
    }

    /// The tags of this taxonomy in front matter.
    pub fn tags(self, fm: &FrontMatter) -> &[String] {
        match self {
            Taxonomy::Countries => &fm.countries,
            Taxonomy::Topics => &fm.topics,
        }
    }

    /// The URL part of a tag (country codes in lower case).
    fn slug(self, tag: &str) -> String {
        match self {
            Taxonomy::Countries => tag.to_lowercase(),
            Taxonomy::Topics => tag.to_string(),
        }
    }
}

/// The two editions of a workshop pack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Edition {
    /// For participants: the documents, questions, glossary and notes pages.
    Participant,
    /// For the facilitator: the same, with the facilitator notes and answer notes.
    Facilitator,
}

impl Edition {
    /// Both editions, participant first.
    pub const ALL: [Edition; 2] = [Edition::Participant, Edition::Facilitator];

    /// A stable name (`participant`, `facilitator`).
    pub fn name(self) -> &'static str {
        match self {
            Edition::Participant => "participant",
            Edition::Facilitator => "facilitator",
        }
    }
}

/// One page loupe renders, named by what it shows.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Route {
    /// A document (index into `site.docs`); `_index.md` renders as its language's home page.
    Doc(usize),
    /// An edition of a workshop pack (index into `site.packs`).
    Pack(usize, Edition),
    /// The home page of a language that has no `_index.md`.
    Home(String),
    /// The list of a section in a language.
    Section(String, Kind),
    /// The index of a taxonomy in a language.
    Terms(String, Taxonomy),
    /// The documents with one tag, in a language.
    Tag(String, Taxonomy, String),
    /// The glossary of a language.
    Glossary(String),
    /// The register of decisions and actions of a language.
    Register(String),
    /// The search page of a language.
    Search(String),
    /// The root `index.html` (language choice).
    Root,
    /// `404.html`.
    NotFound,
    /// The Atom feed of a language (only with `base_url`).
    Feed(String),
    /// `sitemap.xml` (only with `base_url`).
    Sitemap,
}

/// The slug and output path of a content page.
pub fn page(page: &Page) -> (String, String) {
    let slug = page.fm.slug.clone().unwrap_or_else(|| page.stem.clone());
    let url = match page.kind {
        Kind::Home => home(&page.lang),
        Kind::Page => format!("{}/{slug}/index.html", page.lang),
        k => format!(
            "{}/{}/{slug}/index.html",
            page.lang,
            k.folder().unwrap_or_default()
        ),
    };
    (slug, url)
}

/// The home page of `lang`.
pub fn home(lang: &str) -> String {
    format!("{lang}/index.html")
}

/// The list of section `kind` in `lang`.
pub fn section(lang: &str, kind: Kind) -> String {
    format!("{lang}/{}/index.html", kind.folder().unwrap_or_default())
}

/// The index of taxonomy `tax` in `lang`.
pub fn terms(lang: &str, tax: Taxonomy) -> String {
    format!("{lang}/{}/index.html", tax.folder())
}

/// The page of `tag` in taxonomy `tax`, in `lang`.
pub fn tag(lang: &str, tax: Taxonomy, tag: &str) -> String {
    format!("{lang}/{}/{}/index.html", tax.folder(), tax.slug(tag))
}

/// The glossary of `lang`, at the entry `key` when given.
pub fn glossary(lang: &str, key: Option<&str>) -> String {
    match key {
        Some(k) => format!("{lang}/glossary/index.html#{k}"),
        None => format!("{lang}/glossary/index.html"),
    }
}

/// The register of `lang`.
pub fn register(lang: &str) -> String {
    format!("{lang}/register/index.html")
}

/// The register of `lang` with its status filter set to `status` (`open`, `overdue`, `done`):
/// the page reads the filter from its address when a script runs, and shows everything when
/// none does.
pub fn register_showing(lang: &str, status: &str) -> String {
    format!("{}?status={status}", register(lang))
}

/// The search page of `lang`.
pub fn search(lang: &str) -> String {
    format!("{lang}/search/index.html")
}

/// Edition `edition` of the pack `name` of `lang`: the participant edition at
/// `<lang>/packs/<name>/index.html`, the facilitator edition in its `facilitator/` folder.
pub fn pack(lang: &str, name: &str, edition: Edition) -> String {
    match edition {
        Edition::Participant => format!("{lang}/packs/{name}/index.html"),
        Edition::Facilitator => format!("{lang}/packs/{name}/facilitator/index.html"),
    }
}

/// The Atom feed of `lang`.
pub fn feed(lang: &str) -> String {
    format!("{lang}/atom.xml")
}

/// The root language chooser.
pub const ROOT: &str = "index.html";
/// The page servers show for missing files.
pub const NOT_FOUND: &str = "404.html";
/// The sitemap (only with `base_url`).
pub const SITEMAP: &str = "sitemap.xml";
/// The folder of the client search index.
pub const SEARCH_DIR: &str = "search/";
/// The folder of the theme's files (CSS, JS, icons).
pub const THEME_DIR: &str = "assets/";

/// The service worker of a site with `offline.service_worker` (at the root: its scope is the
/// whole site).
pub const SERVICE_WORKER: &str = "sw.js";
/// The web app manifest of a site with `offline.service_worker`.
pub const WEB_MANIFEST: &str = "manifest.webmanifest";
/// The folder of the offline file lists.
pub const OFFLINE_DIR: &str = "offline/";
/// The summary of the offline lists: each language's version and download size.
pub const OFFLINE_INDEX: &str = "offline/index.json";

/// The list of the files a reader saves for reading `lang` offline.
pub fn offline_list(lang: &str) -> String {
    format!("{OFFLINE_DIR}{lang}.json")
}

/// The files written for `offline.service_worker` (none without it).
pub fn offline_files(site: &Site) -> Vec<String> {
    if !site.config.offline.service_worker {
        return Vec::new();
    }
    let mut v = vec![
        SERVICE_WORKER.to_string(),
        WEB_MANIFEST.to_string(),
        OFFLINE_INDEX.to_string(),
    ];
    v.extend(site.config.languages.iter().map(|l| offline_list(&l.code)));
    v
}

/// The output path of the theme's file `rel` (`style.css` → `assets/style.css`).
pub fn theme_file(rel: &str) -> String {
    format!("{THEME_DIR}{rel}")
}

/// The folder of the search index files of language `lang`.
pub fn search_lang_dir(lang: &str) -> String {
    format!("{SEARCH_DIR}{lang}/")
}

impl Route {
    /// The output path of this route in `site`.
    pub fn url(&self, site: &Site) -> String {
        match self {
            Route::Doc(i) => site.docs[*i].url.clone(),
            Route::Pack(i, e) => {
                let f = &site.packs[*i].file;
                pack(&f.lang, &f.name, *e)
            }
            Route::Home(l) => home(l),
            Route::Section(l, k) => section(l, *k),
            Route::Terms(l, t) => terms(l, *t),
            Route::Tag(l, t, tag) => self::tag(l, *t, tag),
            Route::Glossary(l) => glossary(l, None),
            Route::Register(l) => register(l),
            Route::Search(l) => search(l),
            Route::Root => ROOT.to_string(),
            Route::NotFound => NOT_FOUND.to_string(),
            Route::Feed(l) => feed(l),
            Route::Sitemap => SITEMAP.to_string(),
        }
    }

    /// The same generated page in language `lang` (documents, the root and the 404 page have
    /// no language of their own: `None`).
    pub fn in_lang(&self, lang: &str) -> Option<Route> {
        let l = lang.to_string();
        Some(match self {
            Route::Doc(_)
            | Route::Pack(..)
            | Route::Root
            | Route::NotFound
            | Route::Feed(_)
            | Route::Sitemap => return None,
            Route::Home(_) => Route::Home(l),
            Route::Section(_, k) => Route::Section(l, *k),
            Route::Terms(_, t) => Route::Terms(l, *t),
            Route::Tag(_, t, tag) => Route::Tag(l, *t, tag.clone()),
            Route::Glossary(_) => Route::Glossary(l),
            Route::Register(_) => Route::Register(l),
            Route::Search(_) => Route::Search(l),
        })
    }
}

/// Every page of the site with its output path, in a stable order: documents, packs (both
/// editions), then [`generated`].
pub fn all(site: &Site) -> Vec<(String, Route)> {
    let mut v: Vec<(String, Route)> = (0..site.docs.len())
        .map(|i| (site.docs[i].url.clone(), Route::Doc(i)))
        .collect();
    for i in 0..site.packs.len() {
        for e in Edition::ALL {
            let route = Route::Pack(i, e);
            v.push((route.url(site), route));
        }
    }
    v.extend(generated(site));
    v
}

/// The pages loupe generates (lists, indexes, glossary, register, search, root, 404, and with
/// `base_url` the sitemap and feeds), without the documents.
pub fn generated(site: &Site) -> Vec<(String, Route)> {
    let mut v = Vec::new();
    // Pages exist for tags used in any language, so the switcher always has a target.
    let used: Vec<(Taxonomy, std::collections::BTreeSet<&str>)> = Taxonomy::ALL
        .iter()
        .map(|&t| {
            let tags = site
                .docs
                .iter()
                .filter(|d| d.page.kind.is_document())
                .flat_map(|d| t.tags(&d.page.fm).iter().map(String::as_str))
                .collect();
            (t, tags)
        })
        .collect();
    for l in &site.config.languages {
        let code = l.code.as_str();
        let mut push = |route: Route| v.push((route.url(site), route));
        if site.home(code).is_none() {
            push(Route::Home(code.into()));
        }
        for k in Kind::SECTIONS {
            push(Route::Section(code.into(), k));
        }
        for (t, tags) in &used {
            push(Route::Terms(code.into(), *t));
            for tag in tags {
                push(Route::Tag(code.into(), *t, tag.to_string()));
            }
        }
        push(Route::Glossary(code.into()));
        push(Route::Register(code.into()));
        push(Route::Search(code.into()));
    }
    v.push((ROOT.into(), Route::Root));
    v.push((NOT_FOUND.into(), Route::NotFound));
    if site.config.base_url.is_some() {
        v.push((SITEMAP.into(), Route::Sitemap));
        for l in &site.config.languages {
            v.push((feed(&l.code), Route::Feed(l.code.clone())));
        }
    }
    v
}

/// The navigation of `lang`: (UI string key or `None` for a page's own title, output path).
/// The about page, when there is one, comes last under its own title.
pub fn navigation(site: &Site, lang: &str) -> Vec<(NavLabel, String)> {
    let mut nav = vec![(NavLabel::Ui("home"), home(lang))];
    for k in Kind::SECTIONS {
        nav.push((
            NavLabel::Ui(k.folder().unwrap_or_default()),
            section(lang, k),
        ));
    }
    nav.push((NavLabel::Ui("register"), register(lang)));
    for t in Taxonomy::ALL {
        nav.push((NavLabel::Ui(t.folder()), terms(lang, t)));
    }
    nav.push((NavLabel::Ui("glossary"), glossary(lang, None)));
    if let Some(about) = site
        .docs
        .iter()
        .find(|d| d.page.lang == lang && d.page.kind == Kind::Page && d.page.stem == "about")
    {
        nav.push((
            NavLabel::Title(about.page.fm.title.clone()),
            about.url.clone(),
        ));
    }
    nav
}

/// The label of a navigation entry.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum NavLabel {
    /// A UI string, by key.
    Ui(&'static str),
    /// A page's own title.
    Title(String),
}
