//! Renders every page of the site and hands the bytes to a [`Sink`].

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;

use rayon::prelude::*;
use serde_json::{json, Value};
use tera::Tera;

use super::body;
use super::context::{actions, common, item, LangData};
use super::templates::error_chain;
use super::{Sink, WriteError};
use crate::content::front_matter::Kind;
use crate::diagnostics::{Diagnostics, Pos};
use crate::markdown::slug::slugify;
use crate::site::routes::{self, Route, Taxonomy};
use crate::site::Site;

/// How many newest items of each section the home page lists.
const HOME_ITEMS: usize = 5;

struct Renderer<'a> {
    site: &'a Site,
    tera: &'a Tera,
    sink: &'a dyn Sink,
    langs: BTreeMap<&'a str, LangData<'a>>,
    problems: Mutex<Diagnostics>,
    write_error: Mutex<Option<WriteError>>,
}

/// Renders the whole site into `sink`. Template problems go to `diags`.
pub fn render_site(
    site: &Site,
    tera: &Tera,
    sink: &dyn Sink,
    diags: &mut Diagnostics,
) -> Result<usize, WriteError> {
    let all = routes::all(site);
    let count = render_jobs(site, tera, sink, &all, diags)?;
    write_theme_files(site, sink)?;
    Ok(count)
}

/// Writes the theme's static files under `assets/`.
pub fn write_theme_files(site: &Site, sink: &dyn Sink) -> Result<(), WriteError> {
    for (rel, bytes) in &site.theme.static_files {
        let rel = format!("assets/{rel}");
        sink.write(&rel, bytes).map_err(|source| WriteError {
            path: PathBuf::from(rel),
            source,
        })?;
    }
    Ok(())
}

/// Renders the pages `jobs` (as [`routes::all`] lists them) into `sink`. Returns how many were
/// written; template problems go to `diags`.
pub fn render_jobs(
    site: &Site,
    tera: &Tera,
    sink: &dyn Sink,
    jobs: &[(String, Route)],
    diags: &mut Diagnostics,
) -> Result<usize, WriteError> {
    let langs = site
        .config
        .languages
        .iter()
        .map(|l| (l.code.as_str(), LangData::new(site, &l.code)))
        .collect();
    let r = Renderer {
        site,
        tera,
        sink,
        langs,
        problems: Mutex::new(Diagnostics::new()),
        write_error: Mutex::new(None),
    };
    let count = std::sync::atomic::AtomicUsize::new(0);
    let progress = crate::progress::Progress::new(jobs.len(), "rendering");
    jobs.par_iter().for_each(|(rel, job)| {
        if let Some(html) = r.job(job) {
            count.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            r.write(rel, html.as_bytes());
        }
        progress.inc();
    });
    progress.finish();

    diags.extend(r.problems.into_inner().unwrap_or_default());
    match r.write_error.into_inner().ok().flatten() {
        Some(e) => Err(e),
        None => Ok(count.into_inner()),
    }
}

impl<'a> Renderer<'a> {
    fn write(&self, rel: &str, bytes: &[u8]) {
        if let Err(source) = self.sink.write(rel, bytes) {
            let mut slot = self.write_error.lock().unwrap_or_else(|p| p.into_inner());
            slot.get_or_insert(WriteError {
                path: PathBuf::from(rel),
                source,
            });
        }
    }

    fn render(&self, template: &str, ctx: &tera::Context, what: &str) -> Option<String> {
        match self.tera.render(template, ctx) {
            Ok(html) => Some(html),
            Err(e) => {
                let mut p = self.problems.lock().unwrap_or_else(|p| p.into_inner());
                p.error(
                    &PathBuf::from("templates").join(template),
                    Pos::new(1, 1),
                    format!("rendering {what}: {}", error_chain(&e)),
                );
                None
            }
        }
    }

    fn ld(&self, code: &str) -> &LangData<'a> {
        &self.langs[code]
    }

    /// The same generated page in every language.
    fn everywhere<'r>(&'r self, route: &'r Route) -> impl Fn(&str) -> Option<String> + 'r {
        move |lang: &str| route.in_lang(lang).map(|r| r.url(self.site))
    }

    fn document(&self, i: usize) -> Option<String> {
        let site = self.site;
        let d = &site.docs[i];
        let ld = self.ld(&d.page.lang);
        if d.page.kind == Kind::Home {
            return self.home(&d.page.lang, Some(i));
        }
        let translation = |lang: &str| d.translations.get(lang).map(|&j| site.docs[j].url.clone());
        let mut ctx = common(site, ld, &d.url, &d.page.fm.title, &translation);
        let fm = &d.page.fm;
        ctx.insert("description", &fm.summary.clone().unwrap_or_default());
        let code = ld.code;
        let countries: Vec<Value> = fm
            .countries
            .iter()
            .map(|c| {
                json!({"name": ld.i18n.country(c), "url": routes::tag(code, Taxonomy::Countries, c)})
            })
            .collect();
        let topics: Vec<Value> = fm
            .topics
            .iter()
            .map(|t| json!({"name": site.config.topic_label(t, code), "url": routes::tag(code, Taxonomy::Topics, t)}))
            .collect();
        let actions = actions(ld, &fm.actions);
        let related: Vec<Value> = d.related.iter().map(|&j| item(site, ld, j)).collect();
        let backlinks: Vec<Value> = d.backlinks.iter().map(|&j| item(site, ld, j)).collect();
        let kind_label = if d.page.kind == Kind::Page {
            String::new()
        } else {
            ld.i18n.t2("kind_singular", d.page.kind.name())
        };
        let has_meta = fm.date.is_some()
            || fm.updated.is_some()
            || fm.location.is_some()
            || !fm.participants.is_empty()
            || fm.audience.is_some()
            || !countries.is_empty()
            || !topics.is_empty();
        ctx.insert(
            "doc",
            &json!({
                "title": fm.title,
                "summary": fm.summary,
                "kind": d.page.kind.name(),
                "kind_label": kind_label,
                "illustrative": fm.illustrative,
                "has_meta": has_meta,
                "date": fm.date.map(|x| ld.date(&x)),
                "date_iso": fm.date.map(|x| x.to_string()),
                "updated": fm.updated.map(|x| ld.date(&x)),
                "updated_iso": fm.updated.map(|x| x.to_string()),
                "countries": countries,
                "topics": topics,
                "audience": fm.audience,
                "key_points": fm.key_points,
                "meeting": fm.meeting,
                "location": fm.location,
                "participants": fm.participants,
                "decisions": fm.decisions,
                "actions": actions,
                "lessons": fm.lessons,
                "discussion_questions": fm.discussion_questions,
                "toc": d.rendered.toc,
                "html": body::finish(d, site),
                "related": related,
                "backlinks": backlinks,
            }),
        );
        self.render("page.html", &ctx, &d.page.source.display().to_string())
    }

    fn home(&self, code: &str, doc: Option<usize>) -> Option<String> {
        let site = self.site;
        let ld = self.ld(code);
        let url = routes::home(code);
        let title = site.config.title.get(code, site.config.default_language());
        let mut ctx = common(site, ld, &url, "", &|l: &str| Some(routes::home(l)));
        let (intro_title, intro_html) = match doc {
            Some(i) => (
                site.docs[i].page.fm.title.clone(),
                body::finish(&site.docs[i], site),
            ),
            None => (title, String::new()),
        };
        ctx.insert("intro_title", &intro_title);
        ctx.insert("intro_html", &intro_html);
        let sections: Vec<Value> = Kind::SECTIONS
            .iter()
            .map(|&k| {
                let all = site.list(code, Some(k));
                let folder = k.folder().unwrap_or_default();
                json!({
                    "key": folder,
                    "label": ld.i18n.t(folder),
                    "url": routes::section(code, k),
                    "count": all.len(),
                    "items": all.iter().take(HOME_ITEMS).map(|&i| item(site, ld, i)).collect::<Vec<_>>(),
                })
            })
            .collect();
        ctx.insert("sections", &sections);
        let (countries, topics) = self.tag_counts(code);
        ctx.insert("countries", &countries);
        ctx.insert("topics", &topics);
        self.render("home.html", &ctx, &format!("the {code} home page"))
    }

    fn section(&self, code: &str, k: Kind) -> Option<String> {
        let site = self.site;
        let ld = self.ld(code);
        let folder = k.folder().unwrap_or_default();
        let route = Route::Section(code.into(), k);
        let url = route.url(site);
        let mut ctx = common(site, ld, &url, &ld.i18n.t(folder), &self.everywhere(&route));
        let items: Vec<Value> = site
            .list(code, Some(k))
            .into_iter()
            .map(|i| item(site, ld, i))
            .collect();
        ctx.insert("items", &items);
        ctx.insert("intro", "");
        self.render("list.html", &ctx, &url)
    }

    /// (countries, topics) used by documents of `code`, with counts and URLs.
    fn tag_counts(&self, code: &str) -> (Vec<Value>, Vec<Value>) {
        let site = self.site;
        let ld = self.ld(code);
        let mut countries: BTreeMap<&str, usize> = BTreeMap::new();
        let mut topics: BTreeMap<&str, usize> = BTreeMap::new();
        for i in site.list(code, None) {
            for c in &site.docs[i].page.fm.countries {
                *countries.entry(c).or_default() += 1;
            }
            for t in &site.docs[i].page.fm.topics {
                *topics.entry(t).or_default() += 1;
            }
        }
        let mut cs: Vec<Value> = countries
            .into_iter()
            .map(|(c, n)| json!({"code": c, "name": ld.i18n.country(c), "count": n, "url": routes::tag(code, Taxonomy::Countries, c)}))
            .collect();
        cs.sort_by_key(|v| {
            crate::content::glossary::sort_key(v["name"].as_str().unwrap_or_default())
        });
        let mut ts: Vec<Value> = topics
            .into_iter()
            .map(|(t, n)| json!({"code": t, "name": site.config.topic_label(t, code), "count": n, "url": routes::tag(code, Taxonomy::Topics, t)}))
            .collect();
        ts.sort_by_key(|v| {
            crate::content::glossary::sort_key(v["name"].as_str().unwrap_or_default())
        });
        (cs, ts)
    }

    fn job(&self, route: &Route) -> Option<String> {
        match route {
            Route::Doc(i) => self.document(*i),
            Route::Home(code) => self.home(code, None),
            Route::Section(code, k) => self.section(code, *k),
            Route::Terms(code, tax) => self.terms(code, *tax),
            Route::Tag(code, tax, tag) => self.tag(code, *tax, tag),
            Route::Glossary(code) => self.glossary(code),
            Route::Register(code) => self.register(code),
            Route::Search(code) => self.search(code),
            Route::Root => self.root(),
            Route::NotFound => self.not_found(),
        }
    }

    /// The index of taxonomy `tax` in `code`.
    fn terms(&self, code: &str, tax: Taxonomy) -> Option<String> {
        let site = self.site;
        let ld = self.ld(code);
        let (countries, topics) = self.tag_counts(code);
        let terms = match tax {
            Taxonomy::Countries => countries,
            Taxonomy::Topics => topics,
        };
        let label = ld.i18n.t(tax.folder());
        let route = Route::Terms(code.into(), tax);
        let url = route.url(site);
        let mut ctx = common(site, ld, &url, &label, &self.everywhere(&route));
        ctx.insert("terms", &terms);
        self.render("terms.html", &ctx, &url)
    }

    /// The documents of `code` with `tag` in taxonomy `tax`.
    fn tag(&self, code: &str, tax: Taxonomy, tag: &str) -> Option<String> {
        let site = self.site;
        let ld = self.ld(code);
        let label = ld.i18n.t(tax.folder());
        let name = match tax {
            Taxonomy::Countries => ld.i18n.country(tag),
            Taxonomy::Topics => site.config.topic_label(tag, code),
        };
        let route = Route::Tag(code.into(), tax, tag.into());
        let url = route.url(site);
        let mut ctx = common(site, ld, &url, &name, &self.everywhere(&route));
        let items: Vec<Value> = site
            .list(code, None)
            .into_iter()
            .filter(|&i| tax.tags(&site.docs[i].page.fm).iter().any(|t| t == tag))
            .map(|i| item(site, ld, i))
            .collect();
        ctx.insert("items", &items);
        ctx.insert(
            "intro",
            &format!("{} · {label}", ld.i18n.t("documents_tagged")),
        );
        self.render("list.html", &ctx, &url)
    }

    fn glossary(&self, code: &str) -> Option<String> {
        let site = self.site;
        let ld = self.ld(code);
        let route = Route::Glossary(code.into());
        let url = route.url(site);
        let mut ctx = common(
            site,
            ld,
            &url,
            &ld.i18n.t("glossary"),
            &self.everywhere(&route),
        );
        let empty = Vec::new();
        let terms = site.glossaries.get(code).unwrap_or(&empty);
        let mut letters: Vec<String> = Vec::new();
        let list: Vec<Value> = terms
            .iter()
            .map(|t| {
                let letter = slugify(&t.term).chars().next().unwrap_or('#').to_ascii_uppercase().to_string();
                let start = letters.last() != Some(&letter);
                if start {
                    letters.push(letter.clone());
                }
                let other: Vec<Value> = site
                    .config
                    .languages
                    .iter()
                    .filter(|l| l.code != code)
                    .filter_map(|l| {
                        site.glossaries.get(&l.code)?.iter().find(|o| o.key == t.key).map(|o| {
                            json!({"code": l.code, "term": o.term, "url": routes::glossary(&l.code, Some(&o.key))})
                        })
                    })
                    .collect();
                json!({"key": t.key, "term": t.term, "abbr": t.abbr, "definition": t.definition,
                       "letter": letter, "letter_start": start, "other": other})
            })
            .collect();
        ctx.insert("terms", &list);
        ctx.insert("letters", &letters);
        self.render("glossary.html", &ctx, &url)
    }

    fn register(&self, code: &str) -> Option<String> {
        let site = self.site;
        let ld = self.ld(code);
        let route = Route::Register(code.into());
        let url = route.url(site);
        let mut ctx = common(
            site,
            ld,
            &url,
            &ld.i18n.t("register"),
            &self.everywhere(&route),
        );
        let mut open = 0;
        let meetings: Vec<Value> = site
            .list(code, Some(Kind::Minutes))
            .into_iter()
            .map(|i| {
                let d = &site.docs[i];
                let fm = &d.page.fm;
                open += fm.actions.iter().filter(|a| !a.done).count();
                let actions = actions(ld, &fm.actions);
                json!({"title": fm.title, "url": d.url, "date": fm.date.map(|x| ld.date(&x)),
                       "date_iso": fm.date.map(|x| x.to_string()), "location": fm.location,
                       "countries": fm.countries.iter().map(|c| ld.i18n.country(c)).collect::<Vec<_>>(),
                       "decisions": fm.decisions, "actions": actions})
            })
            .collect();
        ctx.insert("meetings", &meetings);
        ctx.insert("open_count", &open);
        self.render("register.html", &ctx, &url)
    }

    fn search(&self, code: &str) -> Option<String> {
        let ld = self.ld(code);
        let route = Route::Search(code.into());
        let url = route.url(self.site);
        let ctx = common(
            self.site,
            ld,
            &url,
            &ld.i18n.t("search"),
            &self.everywhere(&route),
        );
        self.render("search.html", &ctx, &url)
    }

    fn root(&self) -> Option<String> {
        let site = self.site;
        let default = site.config.default_language();
        let ld = self.ld(default);
        let mut ctx = common(site, ld, routes::ROOT, "", &|l: &str| Some(routes::home(l)));
        let languages: Vec<Value> = site
            .config
            .languages
            .iter()
            .map(|l| {
                let choose = site
                    .theme
                    .i18n
                    .get(&l.code)
                    .map(|i| i.t("choose_language"))
                    .unwrap_or_default();
                json!({"code": l.code, "name": l.name, "choose": choose})
            })
            .collect();
        ctx.insert("languages", &languages);
        self.render("root.html", &ctx, "the root index.html")
    }

    fn not_found(&self) -> Option<String> {
        let ld = self.ld(self.site.config.default_language());
        let ctx = common(
            self.site,
            ld,
            routes::NOT_FOUND,
            &ld.i18n.t("page_not_found"),
            &|l: &str| Some(routes::home(l)),
        );
        self.render("404.html", &ctx, "404.html")
    }
}
