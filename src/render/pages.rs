//! Renders routes of the site through the theme's templates into a [`Sink`], recording the
//! facts each page read.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;

use rayon::prelude::*;
use tera::Tera;

use super::contexts::Contexts;
use super::record::{Fact, Recorder};
use super::templates::located;
use super::views::{PageView, Views};
use super::{feeds, Sink, WriteError};
use crate::content::front_matter::Kind;
use crate::diagnostics::{Diagnostics, Pos};
use crate::site::routes::{self, Route, Taxonomy};
use crate::site::Site;

/// The most pages one rayon task renders in a row.
const PAGES_PER_TASK: usize = 8;

/// What rendering some routes did.
#[derive(Debug, Default)]
pub(crate) struct Rendered {
    /// For each route rendered: its output path and the facts its page read.
    pub pages: Vec<(String, Vec<Fact>)>,
}

/// Renders the whole site (every route and the theme's files) into `sink`.
pub(crate) fn render_site(
    site: &Site,
    tera: &Tera,
    sink: &dyn Sink,
    diags: &mut Diagnostics,
) -> Result<Rendered, WriteError> {
    let all = routes::all(site);
    let rendered = render_routes(site, tera, sink, &all, diags)?;
    write_theme_files(site, sink)?;
    Ok(rendered)
}

/// Writes the theme's static files under `assets/`.
pub(crate) fn write_theme_files(site: &Site, sink: &dyn Sink) -> Result<(), WriteError> {
    for (rel, bytes) in &site.theme.static_files {
        let out = super::minify::theme_file(rel, bytes);
        let rel = routes::theme_file(rel);
        sink.write(&rel, &out).map_err(|source| WriteError {
            path: PathBuf::from(rel),
            source,
        })?;
    }
    Ok(())
}

/// Renders `routes` (output path, route) into `sink`. Template problems go to `diags`; the
/// first write failure is returned.
pub(crate) fn render_routes(
    site: &Site,
    tera: &Tera,
    sink: &dyn Sink,
    routes: &[(String, Route)],
    diags: &mut Diagnostics,
) -> Result<Rendered, WriteError> {
    let r = Renderer {
        site,
        tera,
        views: Views::new(site),
        contexts: Contexts::default(),
        problems: Mutex::new(TemplateProblems::default()),
    };
    let write_error: Mutex<Option<WriteError>> = Mutex::new(None);
    let progress = crate::progress::Progress::new(routes.len(), "rendering");
    let pages: Vec<(String, Vec<Fact>)> = lists_first(routes)
        .par_iter()
        // A few pages a task, so that no core is left idle while the other renders a long
        // run of pages that rayon did not split (it splits further only when asked to).
        .with_max_len(PAGES_PER_TASK)
        .filter_map(|&(rel, route)| {
            let rec = Recorder::new();
            let out = r.route(route, &rec);
            progress.inc();
            let text = out?;
            if let Err(source) = sink.write(rel, &text) {
                let mut slot = write_error.lock().unwrap_or_else(|p| p.into_inner());
                slot.get_or_insert(WriteError {
                    path: PathBuf::from(rel),
                    source,
                });
            }
            Some((rel.clone(), rec.into_facts()))
        })
        .collect();
    progress.finish();
    r.problems
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .report(diags);
    match write_error.into_inner().ok().flatten() {
        Some(e) => Err(e),
        None => Ok(Rendered { pages }),
    }
}

/// `routes` in the order they are rendered: the pages that list many documents (sections,
/// tags, the register, the glossary, workshop packs) first, each document's own page after.
/// Every core then ends on small pages: in the routes' own order, the longest pages came last
/// and the build waited on one core for the last of them (the register of a large site is
/// megabytes) while the others had nothing left to do. The order of the writes is all that
/// changes.
fn lists_first(routes: &[(String, Route)]) -> Vec<&(String, Route)> {
    let is_doc = |(_, route): &&(String, Route)| matches!(route, Route::Doc(_));
    let lists = routes.iter().filter(|r| !is_doc(r));
    lists.chain(routes.iter().filter(is_doc)).collect()
}

struct Renderer<'a> {
    site: &'a Site,
    tera: &'a Tera,
    views: Views<'a>,
    contexts: Contexts,
    problems: Mutex<TemplateProblems>,
}

impl Renderer<'_> {
    /// The text of `route`, or `None` after recording a template problem.
    fn route(&self, route: &Route, rec: &Recorder) -> Option<Vec<u8>> {
        let site = self.site;
        let v = &self.views;
        match route {
            Route::Doc(i) => {
                let d = &site.docs[*i];
                if d.page.kind == Kind::Home {
                    let home = v.home(rec, &d.page.lang, Some(*i));
                    return self.render("home.html", &home, &d.url);
                }
                let page = v.document(rec, *i);
                self.render("page.html", &page, &d.page.source.display().to_string())
            }
            Route::Pack(i, edition) => {
                let page = v.pack(rec, *i, *edition);
                let what = site.packs[*i].file.source.display().to_string();
                self.render("pack.html", &page, &what)
            }
            Route::Home(code) => self.render("home.html", &v.home(rec, code, None), code),
            Route::Section(code, k) => {
                let ld = v.lang(code);
                let items = v.list(rec, code, Some(*k)).to_vec();
                let title = ld.i18n.t(k.folder().unwrap_or_default());
                let intro = ld.i18n.t2("intros", k.folder().unwrap_or_default());
                let page = v.list_page(rec, route, code, &title, intro, items);
                self.render("list.html", &page, &route.url(site))
            }
            Route::Terms(code, tax) => {
                self.render("terms.html", &v.terms(rec, code, *tax), &route.url(site))
            }
            Route::Tag(code, tax, tag) => {
                let ld = v.lang(code);
                let name = match tax {
                    Taxonomy::Countries => ld.i18n.country(tag),
                    Taxonomy::Topics => site.config.topic_label(tag, code),
                };
                let items = v
                    .list(rec, code, None)
                    .iter()
                    .copied()
                    .filter(|&i| tax.tags(&site.docs[i].page.fm).iter().any(|t| t == tag))
                    .collect();
                let page = v.list_page(rec, route, code, &name, String::new(), items);
                self.render("list.html", &page, &route.url(site))
            }
            Route::Glossary(code) => {
                self.render("glossary.html", &v.glossary(rec, code), &route.url(site))
            }
            Route::Register(code) => {
                self.render("register.html", &v.register(rec, code), &route.url(site))
            }
            Route::Search(code) => {
                let title = v.lang(code).i18n.t("search");
                let page = v.search(rec, route, code, &title);
                self.render("search.html", &page, &route.url(site))
            }
            Route::Root => self.render("root.html", &v.root(rec), "the root index.html"),
            Route::NotFound => self.render("404.html", &v.not_found(rec), routes::NOT_FOUND),
            Route::Feed(code) => feeds::feed(site, code, rec).map(String::into_bytes),
            Route::Sitemap => feeds::sitemap(site, rec).map(String::into_bytes),
        }
    }

    fn render(&self, template: &str, view: &impl PageView, what: &str) -> Option<Vec<u8>> {
        let common = view.common();
        let result =
            self.contexts
                .render(self.tera, template, common.lang(), common.strings(), view);
        match result {
            Ok(html) => Some(html),
            Err(e) => {
                // An error that points at no template is placed at the one being rendered.
                let (path, pos, message) = located(&e, &PathBuf::from("templates").join(template));
                let mut p = self.problems.lock().unwrap_or_else(|p| p.into_inner());
                p.add(path, pos, message, what);
                None
            }
        }
    }
}

/// The template problems of a render, each once: a template that fails at one place fails on
/// every page it renders, and thousands of copies of one error would hide the others.
#[derive(Debug, Default)]
struct TemplateProblems {
    /// By template path, line, column and message: the first page met there (by name, so the
    /// report does not depend on the order pages were rendered in) and how many pages.
    seen: BTreeMap<(PathBuf, usize, usize, String), (String, usize)>,
}

impl TemplateProblems {
    /// Notes `message` at `pos` of template `path`, met rendering `what`.
    fn add(&mut self, path: PathBuf, pos: Pos, message: String, what: &str) {
        let (first, pages) = self
            .seen
            .entry((path, pos.line, pos.col, message))
            .or_insert_with(|| (what.to_string(), 0));
        if what < first.as_str() {
            *first = what.to_string();
        }
        *pages += 1;
    }

    /// One error per problem, naming the first page and how many more met it.
    fn report(self, diags: &mut Diagnostics) {
        for ((path, line, col, message), (first, pages)) in self.seen {
            let more = match pages - 1 {
                0 => String::new(),
                1 => " and 1 more page".to_string(),
                n => format!(" and {n} more pages"),
            };
            diags.error(
                &path,
                Pos::new(line, col),
                format!("rendering {first}{more}: {message}"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_pages_render_before_documents_and_no_route_is_lost() {
        let route = |url: &str, route: Route| (url.to_string(), route);
        let routes = vec![
            route("en/a/index.html", Route::Doc(0)),
            route(
                "en/guidance/index.html",
                Route::Section("en".into(), Kind::Guidance),
            ),
            route("en/b/index.html", Route::Doc(1)),
            route("en/register/index.html", Route::Register("en".into())),
            route("404.html", Route::NotFound),
            route("fr/c/index.html", Route::Doc(2)),
        ];
        let order: Vec<&str> = lists_first(&routes)
            .iter()
            .map(|(url, _)| url.as_str())
            .collect();
        assert_eq!(
            order,
            [
                "en/guidance/index.html",
                "en/register/index.html",
                "404.html",
                "en/a/index.html",
                "en/b/index.html",
                "fr/c/index.html",
            ]
        );
    }

    #[test]
    fn a_template_problem_is_reported_once_with_its_first_page_and_the_count() {
        let mut problems = TemplateProblems::default();
        let page = PathBuf::from("templates/page.html");
        for what in ["content/en/b.md", "content/en/a.md", "content/fr/c.md"] {
            problems.add(
                page.clone(),
                Pos::new(5, 12),
                "Field `x` is not defined".into(),
                what,
            );
        }
        problems.add(
            PathBuf::from("templates/list.html"),
            Pos::new(2, 1),
            "Field `y` is not defined".into(),
            "en/guidance/index.html",
        );
        let mut diags = Diagnostics::new();
        problems.report(&mut diags);
        let got: Vec<String> = diags
            .sorted()
            .iter()
            .map(|d| format!("{}:{}:{}: {}", d.path.display(), d.line, d.col, d.message))
            .collect();
        assert_eq!(
            got,
            [
                "templates/list.html:2:1: rendering en/guidance/index.html: Field `y` is not defined",
                "templates/page.html:5:12: rendering content/en/a.md and 2 more pages: Field `x` is not defined",
            ]
        );
    }
}
