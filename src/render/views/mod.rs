//! Typed template data: what each template gets, as serde structs (in the manner of Zola's
//! `SerializingPage`), built from the site by functions that record the facts they read.
//!
//! Templates see nothing else: a field a template shows is a field of one of these views, and
//! the function that fills it records the [`Fact`] that covers it, so incremental rebuilds stay
//! right whatever a template shows.
//!
//! What every page shows (the header, navigation, breadcrumbs, language links) is built here;
//! each kind of page has its own module: [`doc`], [`home`], [`lists`], [`register`].

mod doc;
mod home;
mod lists;
mod pack;
mod register;

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Serialize;
use serde_json::Value as Json;

use doc::DocPage;
use home::HomePage;
use lists::{GlossaryPage, ListPage, TermsPage};
use pack::PackPage;
use register::RegisterPage;

use super::record::{Fact, Key, Recorder};
use crate::content::date::Date;
use crate::content::front_matter::{Action, FrontMatter, Kind};
use crate::markdown::links::root_prefix;
use crate::site::routes::{self, NavLabel, Route, Taxonomy};
use crate::site::Site;
use crate::theme::I18n;

/// `text` escaped for an HTML attribute written between single quotes, for templates to insert
/// with `| safe`: `&`, `<`, `>` and `'` become references, and the double quotes of JSON stay as
/// they are (escaping each as `&quot;` cost a document page about 550 bytes).
pub(crate) fn single_quoted_attribute(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A list of documents in reading order, and where each stands in it (by index in
/// `site.docs`).
type List = (Vec<usize>, HashMap<usize, usize>);

/// Per-language data shared by every page of that language, computed once per render.
pub(crate) struct Lang<'a> {
    /// Language code.
    pub code: &'a str,
    /// UI strings.
    pub i18n: &'a I18n,
    /// The `search_strings` map as JSON text escaped for a single-quoted attribute (the search
    /// form's `data-strings='…'`; see [`single_quoted_attribute`]).
    search_strings: String,
    /// The `offline` map as JSON text, for the "Save for offline" box's `data-strings`.
    offline_strings: String,
    /// Navigation entries: (label, output path).
    nav: Vec<(String, String)>,
}

impl<'a> Lang<'a> {
    /// The shared data of language `code`.
    pub(crate) fn new(site: &'a Site, code: &'a str) -> Self {
        let i18n = &site.theme.i18n[code];
        // The search UI's strings, with what it needs to write dates as pages do and to
        // point a search without results to the topics.
        let mut strings = match i18n.strings.get("search_strings") {
            Some(Json::Object(m)) => m.clone(),
            _ => serde_json::Map::new(),
        };
        // What only the templates show (the search page's form is in its HTML) stays out of
        // every page's attribute.
        for key in ["label", "button", "no_js", "all_languages", "example"] {
            strings.remove(key);
        }
        // A site of one language has no other to search: the runtime offers no link to.
        if site.config.languages.len() < 2 {
            strings.remove("search_all_languages");
        }
        strings.insert("date_format".into(), Json::from(i18n.date_format.clone()));
        strings.insert("months".into(), Json::from(i18n.months.clone()));
        strings.insert(
            "topics_url".into(),
            Json::from(routes::terms(code, Taxonomy::Topics)),
        );
        let search_strings = single_quoted_attribute(&Json::Object(strings).to_string());
        let offline_strings = i18n
            .strings
            .get("offline")
            .map(Json::to_string)
            .unwrap_or_else(|| "{}".into());
        let nav = routes::navigation(site, code)
            .into_iter()
            .map(|(label, url)| match label {
                NavLabel::Ui(key) => (i18n.t(key), url),
                NavLabel::Title(title) => (title, url),
            })
            .collect();
        Lang {
            code,
            i18n,
            search_strings,
            offline_strings,
            nav,
        }
    }

    /// A date written this language's way.
    pub(crate) fn date(&self, d: &Date) -> String {
        d.format(&self.i18n.date_format, &self.i18n.months)
    }

    /// A date written this language's way, with its ISO form for `<time datetime>`.
    pub(crate) fn date_view(&self, d: &Date) -> DateView {
        DateView {
            text: self.date(d),
            iso: d.to_string(),
        }
    }
}

/// A date as shown, with its ISO form.
#[derive(Serialize)]
pub(crate) struct DateView {
    text: String,
    iso: String,
}

/// The site's title and description in the page's language.
#[derive(Serialize)]
pub(crate) struct SiteView {
    title: String,
    description: String,
}

/// One language in the switcher.
#[derive(Serialize)]
pub(crate) struct SwitchEntry<'a> {
    code: &'a str,
    name: &'a str,
    current: bool,
    translated: bool,
    url: String,
    note: String,
}

/// A translation of the page, for `hreflang` links: `href` is absolute when the site has a
/// `base_url`, else relative to the page.
#[derive(Serialize)]
pub(crate) struct Alternate<'a> {
    code: &'a str,
    href: String,
}

/// One navigation entry. `current` is the page itself; `section` the entry whose section
/// holds the page (a document of a section, a country of the countries' index).
#[derive(Serialize)]
pub(crate) struct NavEntry<'a> {
    label: &'a str,
    url: &'a str,
    current: bool,
    section: bool,
}

/// A link: a label and a root-relative URL.
#[derive(Serialize)]
pub(crate) struct Link {
    label: String,
    url: String,
}

/// A document in its section's navigation.
#[derive(Serialize)]
pub(crate) struct SectionLink<'a> {
    title: &'a str,
    url: &'a str,
    current: bool,
    /// Documents of the section are left out before this one (a long section).
    gap: bool,
}

/// "See all (214)": the section's list page, when its sidebar shows only some documents.
#[derive(Serialize)]
pub(crate) struct SectionMore {
    url: String,
    count: usize,
}

/// What every page gets.
#[derive(Serialize)]
pub(crate) struct Common<'a> {
    site: SiteView,
    lang: &'a str,
    /// The strings of the page's language: given to the template as `t` by
    /// [`crate::render::contexts`], not serialised page by page.
    #[serde(skip)]
    t: &'a Json,
    /// The way from this page to the output root (`../../`).
    root: String,
    url: String,
    page_title: String,
    description: String,
    switcher: Vec<SwitchEntry<'a>>,
    alternates: Vec<Alternate<'a>>,
    /// The page's absolute URL, when the site has a `base_url`.
    canonical: Option<String>,
    nav: Vec<NavEntry<'a>>,
    /// The documents of the page's section, shown under its navigation entry (some of them
    /// in a long section, see [`doc::section_window`]).
    section_links: Vec<SectionLink<'a>>,
    /// The link to all of them when some are left out.
    section_more: Option<SectionMore>,
    /// The way from the home page to this page, the page itself left out.
    crumbs: Vec<Link>,
    search_strings: &'a str,
    /// True when the site offers "Save for offline" (`offline.service_worker`).
    offline: bool,
    /// The `offline` strings as JSON text.
    offline_strings: &'a str,
    /// The home page of the page's language.
    home_url: String,
    /// The search page of the page's language.
    search_url: String,
    /// The folder of the theme's files (`assets/`), from the output root.
    theme_dir: &'static str,
    /// The folder of the search runtime and index (`search/`), from the output root.
    search_dir: &'static str,
}

/// The view of one page: what its template reads, beside the strings of its language (see
/// [`crate::render::contexts`]).
pub(crate) trait PageView: Serialize {
    /// The part every page has.
    fn common(&self) -> &Common<'_>;
}

/// Implements [`PageView`] for views whose [`Common`] is their field `common`.
macro_rules! page_view {
    ($($view:ident),* $(,)?) => {
        $(impl PageView for $view<'_> {
            fn common(&self) -> &Common<'_> {
                &self.common
            }
        })*
    };
}

/// The search page has no more than the common part.
impl PageView for Common<'_> {
    fn common(&self) -> &Common<'_> {
        self
    }
}

page_view!(
    RootPage,
    NotFoundPage,
    DocPage,
    HomePage,
    ListPage,
    TermsPage,
    GlossaryPage,
    PackPage,
    RegisterPage,
);

impl Common<'_> {
    /// The page's language.
    pub(crate) fn lang(&self) -> &str {
        self.lang
    }

    /// The strings of the page's language, given to templates as `t`. They are built once
    /// per language: serialising them page by page took twice as long, at every page.
    pub(crate) fn strings(&self) -> &Json {
        self.t
    }

    /// Marks the navigation entry at `url` as the section that holds this page, and puts it
    /// after the home page in the breadcrumbs.
    fn in_section(&mut self, url: &str) {
        let mut label = None;
        for n in &mut self.nav {
            if n.url == url && !n.current {
                n.section = true;
                label = Some(n.label.to_string());
            }
        }
        self.crumbs = vec![self.home_crumb()];
        if let Some(label) = label {
            self.crumbs.push(Link {
                label,
                url: url.to_string(),
            });
        }
    }

    /// Breadcrumbs of a page directly under the home page.
    fn under_home(&mut self) {
        self.crumbs = vec![self.home_crumb()];
    }

    fn home_crumb(&self) -> Link {
        Link {
            label: self
                .t
                .get("home")
                .and_then(Json::as_str)
                .unwrap_or("Home")
                .to_string(),
            url: self.home_url.clone(),
        }
    }
}

/// Builds views of one site, recording what each page reads.
pub(crate) struct Views<'a> {
    site: &'a Site,
    langs: std::collections::BTreeMap<&'a str, Lang<'a>>,
    /// The documents of each language, all of them (`None`) and per section, in reading
    /// order: sorted once per render, not once per page that shows them.
    /// With each list, where each of its documents stands in it.
    lists: HashMap<&'a str, HashMap<Option<Kind>, List>>,
    /// Per language, the date open actions are judged against (see [`Views::status_date`]).
    as_of: std::collections::HashMap<&'a str, Option<Date>>,
    /// Per language, what lists show of each document (by index), with the key its pages
    /// record reading: made the first time a page shows it, then shared by every list, tag
    /// page and "see also" that shows it (each document is shown on some ten pages).
    items: HashMap<&'a str, Vec<OnceLock<(Key, ItemView<'a>)>>>,
}

impl<'a> Views<'a> {
    /// The views of `site`.
    pub(crate) fn new(site: &'a Site) -> Self {
        let langs = site
            .config
            .languages
            .iter()
            .map(|l| (l.code.as_str(), Lang::new(site, &l.code)))
            .collect();
        let mut lists: HashMap<&str, HashMap<_, _>> = HashMap::new();
        let mut as_of = std::collections::HashMap::new();
        for l in &site.config.languages {
            let code = l.code.as_str();
            for kind in std::iter::once(None).chain(Kind::SECTIONS.map(Some)) {
                let list = site.list(code, kind);
                let at = list.iter().enumerate().map(|(p, &i)| (i, p)).collect();
                lists.entry(code).or_default().insert(kind, (list, at));
            }
            as_of.insert(code, site.actions_as_of(code));
        }
        let items = site
            .config
            .languages
            .iter()
            .map(|l| {
                let cells = site.docs.iter().map(|_| OnceLock::new()).collect();
                (l.code.as_str(), cells)
            })
            .collect();
        Views {
            site,
            langs,
            lists,
            as_of,
            items,
        }
    }

    /// The shared data of language `code`.
    pub(crate) fn lang(&self, code: &str) -> &Lang<'a> {
        &self.langs[code]
    }

    /// The site's base URL with a trailing `/`, when set.
    fn base_url(&self) -> Option<String> {
        let base = self.site.config.base_url.as_deref()?.trim();
        (!base.is_empty()).then(|| {
            if base.ends_with('/') {
                base.to_string()
            } else {
                format!("{base}/")
            }
        })
    }

    /// What every page gets. `translation(lang)` is the output path of this page in another
    /// language, if it exists there.
    pub(crate) fn common(
        &self,
        rec: &Recorder,
        code: &str,
        url: &str,
        page_title: &str,
        translation: &dyn Fn(&str) -> Option<String>,
    ) -> Common<'_> {
        let site = self.site;
        let ld = self.lang(code);
        rec.read(Fact::Nav(Key::of(code)));
        let root = root_prefix(url);
        let base = self.base_url();
        let href = |u: &str| match &base {
            Some(b) => format!("{b}{u}"),
            None => format!("{root}{u}"),
        };
        let mut switcher = Vec::new();
        let mut alternates = Vec::new();
        for l in &site.config.languages {
            let target = if l.code == code {
                Some(url.to_string())
            } else {
                translation(&l.code)
            };
            if let Some(t) = &target {
                alternates.push(Alternate {
                    code: &l.code,
                    href: href(t),
                });
            }
            let note = site
                .theme
                .i18n
                .get(&l.code)
                .map(|i| i.t("not_translated_short"))
                .unwrap_or_default();
            switcher.push(SwitchEntry {
                code: &l.code,
                name: &l.name,
                current: l.code == code,
                translated: target.is_some(),
                url: target.unwrap_or_else(|| routes::home(&l.code)),
                note,
            });
        }
        let nav = ld
            .nav
            .iter()
            .map(|(label, u)| NavEntry {
                label,
                url: u,
                current: u == url,
                section: false,
            })
            .collect();
        let default = site.config.default_language();
        Common {
            site: SiteView {
                title: site.config.title.get(code, default),
                description: site.config.description.get(code, default),
            },
            lang: ld.code,
            t: &ld.i18n.strings,
            canonical: base.as_ref().map(|b| format!("{b}{url}")),
            root,
            url: url.to_string(),
            page_title: page_title.to_string(),
            description: String::new(),
            switcher,
            alternates,
            nav,
            section_links: Vec::new(),
            section_more: None,
            crumbs: Vec::new(),
            search_strings: &ld.search_strings,
            offline: site.config.offline.service_worker,
            offline_strings: &ld.offline_strings,
            home_url: routes::home(code),
            search_url: routes::search(code),
            theme_dir: routes::THEME_DIR,
            search_dir: routes::SEARCH_DIR,
        }
    }

    /// The common data of a generated page, which exists in every language, with its
    /// breadcrumbs and section.
    pub(crate) fn common_generated(
        &self,
        rec: &Recorder,
        route: &Route,
        code: &str,
        page_title: &str,
    ) -> Common<'_> {
        let url = route.url(self.site);
        let mut c = self.common(rec, code, &url, page_title, &|l| {
            route.in_lang(l).map(|r| r.url(self.site))
        });
        match route {
            Route::Home(_) | Route::Root | Route::NotFound | Route::Feed(_) | Route::Sitemap => {}
            Route::Tag(l, tax, _) => c.in_section(&routes::terms(l, *tax)),
            _ => c.under_home(),
        }
        c
    }

    /// What lists show of document `i`, in the language of the list.
    pub(crate) fn item(&self, rec: &Recorder, code: &str, i: usize) -> &ItemView<'a> {
        let (key, item) = self.items[code][i].get_or_init(|| {
            let key = Key::of(&self.site.docs[i].page.content_path);
            (key, self.make_item(code, i))
        });
        rec.read(Fact::Meta(*key));
        item
    }

    /// [`Views::item`], made.
    fn make_item(&self, code: &str, i: usize) -> ItemView<'a> {
        let site = self.site;
        let d = &site.docs[i];
        let ld = self.lang(code);
        let fm = &d.page.fm;
        let other_lang = (d.page.lang != code).then_some(d.page.lang.as_str());
        let other_lang_name = other_lang.and_then(|c| {
            site.config
                .languages
                .iter()
                .find(|l| l.code == c)
                .map(|l| l.name.as_str())
        });
        ItemView {
            title: &fm.title,
            url: &d.url,
            summary: fm.summary.as_deref(),
            kind: d.page.kind.name(),
            kind_label: ld.i18n.t2("kind_singular", d.page.kind.name()),
            date: fm.date.map(|x| ld.date(&x)),
            date_iso: fm.date.map(|x| x.to_string()),
            updated: fm.updated.map(|x| ld.date(&x)),
            updated_iso: fm.updated.map(|x| x.to_string()),
            countries: fm.countries.iter().map(|c| ld.i18n.country(c)).collect(),
            topics: fm
                .topics
                .iter()
                .map(|t| site.config.topic_label(t, code))
                .collect(),
            location: fm.location.as_deref(),
            meeting: fm.meeting.as_deref(),
            audience: fm.audience.as_deref(),
            illustrative: fm.illustrative,
            other_lang,
            other_lang_name,
        }
    }

    /// The documents of `code` (of `kind`, when given), in reading order: by `weight`, then
    /// newest first.
    pub(crate) fn list(&self, rec: &Recorder, code: &str, kind: Option<Kind>) -> &[usize] {
        rec.read(Fact::Lists(Key::of(code)));
        self.lists
            .get(code)
            .and_then(|lists| lists.get(&kind))
            .map_or(&[], |list| &list.0)
    }

    /// Where document `i` stands in its list (see [`Views::list`]).
    pub(crate) fn position(&self, code: &str, kind: Option<Kind>, i: usize) -> Option<usize> {
        self.lists.get(code)?.get(&kind)?.1.get(&i).copied()
    }

    /// The date open actions are judged against when no script runs: the latest date recorded
    /// in the minutes of `code` (a meeting's date or its `updated` date), when any. Pages read
    /// that way stay the same from one build to the next; the theme's script marks overdue
    /// actions against the day the page is read. Computed once per language.
    pub(crate) fn status_date(&self, rec: &Recorder, code: &str) -> Option<Date> {
        rec.read(Fact::AsOf(Key::of(code)));
        match self.as_of.get(code) {
            Some(date) => *date,
            None => self.site.actions_as_of(code),
        }
    }

    /// Action items of minutes, with dates in the language `code`; `as_of` is the date an
    /// open action past its due date is overdue against.
    pub(crate) fn actions(
        &self,
        code: &str,
        actions: &'a [Action],
        as_of: Option<Date>,
    ) -> Vec<ActionView<'a>> {
        let ld = self.lang(code);
        actions
            .iter()
            .map(|a| ActionView {
                action: &a.action,
                owner: a.owner.as_deref(),
                done: a.done,
                overdue: is_overdue(a, as_of),
                due: a.due.map(|x| ld.date(&x)),
                due_iso: a.due.map(|x| x.to_string()),
            })
            .collect()
    }

    /// Country names of a document for a line that may also show its `location`: a country
    /// the location already names is left out ("Koidu, Sierra Leone · Sierra Leone").
    fn countries_beside_location(&self, code: &str, fm: &FrontMatter) -> Vec<String> {
        let ld = self.lang(code);
        let location = fm.location.as_deref().unwrap_or_default();
        fm.countries
            .iter()
            .map(|c| ld.i18n.country(c))
            .filter(|name| !location.contains(name.as_str()))
            .collect()
    }

    /// The root language chooser.
    pub(crate) fn root(&self, rec: &Recorder) -> RootPage<'_> {
        let site = self.site;
        let default = site.config.default_language();
        let mut common = self.common(rec, default, routes::ROOT, "", &|l| Some(routes::home(l)));
        // Each language's home is the page in that language; this page chooses between them.
        let base = self.base_url();
        common.alternates = site
            .config
            .languages
            .iter()
            .map(|l| (l.code.as_str(), routes::home(&l.code)))
            .chain([("x-default", routes::ROOT.to_string())])
            .map(|(code, url)| Alternate {
                code,
                href: match &base {
                    Some(b) => format!("{b}{url}"),
                    None => url,
                },
            })
            .collect();
        let languages = site
            .config
            .languages
            .iter()
            .map(|l| RootLanguage {
                code: &l.code,
                name: &l.name,
                url: routes::home(&l.code),
                title: site.config.title.get(&l.code, default),
                description: site.config.description.get(&l.code, default),
                choose: site
                    .theme
                    .i18n
                    .get(&l.code)
                    .map(|i| i.t("choose_language"))
                    .unwrap_or_default(),
            })
            .collect();
        RootPage { common, languages }
    }

    /// The search page of `code`.
    pub(crate) fn search(
        &self,
        rec: &Recorder,
        route: &Route,
        code: &str,
        title: &str,
    ) -> Common<'_> {
        self.common_generated(rec, route, code, title)
    }

    /// The page servers show for a missing file. Servers show it at any address, so its links
    /// start from the site's root: the path of `base_url`, or `/` without one.
    pub(crate) fn not_found(&self, rec: &Recorder) -> NotFoundPage<'_> {
        let site = self.site;
        let code = site.config.default_language();
        let title = self.lang(code).i18n.t("page_not_found");
        let mut common = self.common(rec, code, routes::NOT_FOUND, &title, &|_| None);
        common.root = site_path(self.base_url().as_deref());
        common.alternates.clear();
        common.canonical = None;
        for s in &mut common.switcher {
            s.url = routes::home(s.code);
        }
        let languages = site
            .config
            .languages
            .iter()
            .filter_map(|l| {
                let i = site.theme.i18n.get(&l.code)?;
                Some(NotFoundLanguage {
                    code: &l.code,
                    title: i.t("page_not_found"),
                    text: i.t("page_not_found_text"),
                    home: i.t("home"),
                    home_url: routes::home(&l.code),
                    search: i.t("search"),
                    search_url: routes::search(&l.code),
                })
            })
            .collect();
        NotFoundPage { common, languages }
    }
}

/// The due dates of the open actions among `actions`, space-separated (`2016-04-15 …`): the
/// theme's script counts those past on the day the page is read.
fn open_dues<'b>(actions: impl IntoIterator<Item = &'b Action>) -> String {
    actions
        .into_iter()
        .filter(|a| !a.done)
        .filter_map(|a| a.due.map(|d| d.to_string()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// True when `a` is still open after its due date, judged on `as_of`.
fn is_overdue(a: &Action, as_of: Option<Date>) -> bool {
    match (a.done, a.due, as_of) {
        (false, Some(due), Some(day)) => due < day,
        _ => false,
    }
}

/// The path part of a base URL (`https://example.org/kp/` → `/kp/`), or `/`.
fn site_path(base: Option<&str>) -> String {
    let Some(base) = base else {
        return "/".into();
    };
    let rest = base.split_once("://").map(|(_, r)| r).unwrap_or(base);
    match rest.find('/') {
        Some(at) => {
            let path = &rest[at..];
            if path.ends_with('/') {
                path.to_string()
            } else {
                format!("{path}/")
            }
        }
        None => "/".into(),
    }
}

/// What lists show of a document.
#[derive(Serialize)]
pub(crate) struct ItemView<'a> {
    title: &'a str,
    url: &'a str,
    summary: Option<&'a str>,
    kind: &'static str,
    kind_label: String,
    date: Option<String>,
    date_iso: Option<String>,
    updated: Option<String>,
    updated_iso: Option<String>,
    countries: Vec<String>,
    topics: Vec<String>,
    location: Option<&'a str>,
    meeting: Option<&'a str>,
    audience: Option<&'a str>,
    illustrative: bool,
    other_lang: Option<&'a str>,
    other_lang_name: Option<&'a str>,
}

/// An action item.
#[derive(Serialize)]
pub(crate) struct ActionView<'a> {
    action: &'a str,
    owner: Option<&'a str>,
    done: bool,
    /// Open after its due date, judged on the page's status date.
    overdue: bool,
    due: Option<String>,
    due_iso: Option<String>,
}

/// A country or topic of a document, with its page.
#[derive(Serialize)]
pub(crate) struct Tag {
    name: String,
    url: String,
}

/// A country or topic with its number of documents.
#[derive(Serialize)]
pub(crate) struct TagCount {
    code: String,
    name: String,
    count: usize,
    url: String,
}

/// A language on the root chooser, with the site's title and description in it.
#[derive(Serialize)]
pub(crate) struct RootLanguage<'a> {
    code: &'a str,
    name: &'a str,
    url: String,
    title: String,
    description: String,
    choose: String,
}

/// `root.html`.
#[derive(Serialize)]
pub(crate) struct RootPage<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    languages: Vec<RootLanguage<'a>>,
}

/// The "not found" message in one language.
#[derive(Serialize)]
pub(crate) struct NotFoundLanguage<'a> {
    code: &'a str,
    title: String,
    text: String,
    home: String,
    home_url: String,
    search: String,
    search_url: String,
}

/// `404.html`: the message in every language.
#[derive(Serialize)]
pub(crate) struct NotFoundPage<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    languages: Vec<NotFoundLanguage<'a>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_quoted_attributes_cannot_be_left() {
        assert_eq!(
            single_quoted_attribute(r#"{"a":"l'été <b> & \u0027"}"#),
            r#"{"a":"l&#39;été &lt;b&gt; &amp; \u0027"}"#
        );
        // Nothing that ends a single-quoted attribute or starts markup is left as it is.
        let out = single_quoted_attribute("'\"<>&");
        assert!(!out.contains(['\'', '<', '>']), "{out}");
    }

    #[test]
    fn site_paths_of_base_urls() {
        assert_eq!(site_path(None), "/");
        assert_eq!(site_path(Some("https://example.org/")), "/");
        assert_eq!(site_path(Some("https://example.org")), "/");
        assert_eq!(site_path(Some("https://example.org/kp/")), "/kp/");
        assert_eq!(site_path(Some("https://example.org/a/kp")), "/a/kp/");
    }

    #[test]
    fn overdue_needs_an_open_action_a_due_date_and_a_later_day() {
        let day = |s| Date::parse(s);
        let a = |done, due: Option<Date>| Action {
            action: "x".into(),
            owner: None,
            due,
            done,
        };
        let on = day("2016-05-01");
        assert!(is_overdue(&a(false, day("2016-04-30")), on));
        assert!(!is_overdue(&a(false, day("2016-05-01")), on));
        assert!(!is_overdue(&a(true, day("2016-04-30")), on));
        assert!(!is_overdue(&a(false, None), on));
        assert!(!is_overdue(&a(false, day("2016-04-30")), None));
    }
}
