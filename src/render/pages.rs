//! Renders every page of the site and hands the bytes to a [`Sink`].

use std::collections::{BTreeMap, BTreeSet};
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

/// One page loupe renders, named by what it shows.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Job {
    /// A document (index into `site.docs`); `_index.md` renders as its language's home page.
    Doc(usize),
    /// The home page of a language that has no `_index.md`.
    Home(String),
    /// The list of a section in a language.
    Section(String, Kind),
    /// The index of countries or topics (`folder`) in a language.
    Terms(String, &'static str),
    /// The list of documents with one country or topic (`folder`, tag) in a language.
    Tag(String, &'static str, String),
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
}

/// The output path of a tag page.
fn tag_url(code: &str, folder: &str, tag: &str) -> String {
    let slug = if folder == "countries" {
        tag.to_lowercase()
    } else {
        tag.to_string()
    };
    format!("{code}/{folder}/{slug}/index.html")
}

/// Every page of the site with its root-relative output path, in a stable order.
pub fn jobs(site: &Site) -> Vec<(String, Job)> {
    let mut v: Vec<(String, Job)> = (0..site.docs.len())
        .map(|i| (site.docs[i].url.clone(), Job::Doc(i)))
        .collect();
    v.extend(generated_jobs(site));
    v
}

/// The pages loupe generates (lists, indexes, glossary, register, search, root, 404), without
/// the documents, in the order [`jobs`] lists them.
pub fn generated_jobs(site: &Site) -> Vec<(String, Job)> {
    let mut v = Vec::new();
    // Pages exist for tags used in any language, so the switcher always has a target.
    let mut used_c: BTreeSet<&str> = BTreeSet::new();
    let mut used_t: BTreeSet<&str> = BTreeSet::new();
    for d in site.docs.iter().filter(|d| d.page.kind.is_document()) {
        used_c.extend(d.page.fm.countries.iter().map(String::as_str));
        used_t.extend(d.page.fm.topics.iter().map(String::as_str));
    }
    for l in &site.config.languages {
        let code = l.code.as_str();
        if site.home(code).is_none() {
            v.push((format!("{code}/index.html"), Job::Home(code.into())));
        }
        for k in Kind::SECTIONS {
            let folder = k.folder().unwrap_or_default();
            v.push((
                format!("{code}/{folder}/index.html"),
                Job::Section(code.into(), k),
            ));
        }
        for (folder, used) in [("countries", &used_c), ("topics", &used_t)] {
            v.push((
                format!("{code}/{folder}/index.html"),
                Job::Terms(code.into(), folder),
            ));
            for tag in used.iter() {
                v.push((
                    tag_url(code, folder, tag),
                    Job::Tag(code.into(), folder, tag.to_string()),
                ));
            }
        }
        v.push((
            format!("{code}/glossary/index.html"),
            Job::Glossary(code.into()),
        ));
        v.push((
            format!("{code}/register/index.html"),
            Job::Register(code.into()),
        ));
        v.push((
            format!("{code}/search/index.html"),
            Job::Search(code.into()),
        ));
    }
    v.push(("index.html".into(), Job::Root));
    v.push(("404.html".into(), Job::NotFound));
    v
}

/// Renders the whole site into `sink`. Template problems go to `diags`.
pub fn render_site(
    site: &Site,
    tera: &Tera,
    sink: &dyn Sink,
    diags: &mut Diagnostics,
) -> Result<usize, WriteError> {
    let all = jobs(site);
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

/// Renders the pages `jobs` (as [`jobs`] lists them) into `sink`. Returns how many were
/// written; template problems go to `diags`.
pub fn render_jobs(
    site: &Site,
    tera: &Tera,
    sink: &dyn Sink,
    jobs: &[(String, Job)],
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
    fn everywhere(rel: String) -> impl Fn(&str) -> Option<String> {
        move |lang: &str| Some(format!("{lang}/{rel}"))
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
                json!({"name": ld.i18n.country(c), "url": format!("{code}/countries/{}/index.html", c.to_lowercase())})
            })
            .collect();
        let topics: Vec<Value> = fm
            .topics
            .iter()
            .map(|t| json!({"name": site.config.topic_label(t, code), "url": format!("{code}/topics/{t}/index.html")}))
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
                "reviewed": fm.reviewed.as_ref().map(|r| json!({
                    "by": r.by, "date": ld.date(&r.date), "date_iso": r.date.to_string(),
                })),
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
        let url = format!("{code}/index.html");
        let title = site.config.title.get(code, site.config.default_language());
        let mut ctx = common(site, ld, &url, "", &Self::everywhere("index.html".into()));
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
                    "url": format!("{code}/{folder}/index.html"),
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
        let url = format!("{code}/{folder}/index.html");
        let mut ctx = common(
            site,
            ld,
            &url,
            &ld.i18n.t(folder),
            &Self::everywhere(format!("{folder}/index.html")),
        );
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
            .map(|(c, n)| json!({"code": c, "name": ld.i18n.country(c), "count": n, "url": format!("{code}/countries/{}/index.html", c.to_lowercase())}))
            .collect();
        cs.sort_by_key(|v| {
            crate::content::glossary::sort_key(v["name"].as_str().unwrap_or_default())
        });
        let mut ts: Vec<Value> = topics
            .into_iter()
            .map(|(t, n)| json!({"code": t, "name": site.config.topic_label(t, code), "count": n, "url": format!("{code}/topics/{t}/index.html")}))
            .collect();
        ts.sort_by_key(|v| {
            crate::content::glossary::sort_key(v["name"].as_str().unwrap_or_default())
        });
        (cs, ts)
    }

    fn job(&self, job: &Job) -> Option<String> {
        match job {
            Job::Doc(i) => self.document(*i),
            Job::Home(code) => self.home(code, None),
            Job::Section(code, k) => self.section(code, *k),
            Job::Terms(code, folder) => self.terms(code, folder),
            Job::Tag(code, folder, tag) => self.tag(code, folder, tag),
            Job::Glossary(code) => self.glossary(code),
            Job::Register(code) => self.register(code),
            Job::Search(code) => self.search(code),
            Job::Root => self.root(),
            Job::NotFound => self.not_found(),
        }
    }

    /// The index of countries or topics of `code`.
    fn terms(&self, code: &str, folder: &str) -> Option<String> {
        let site = self.site;
        let ld = self.ld(code);
        let (countries, topics) = self.tag_counts(code);
        let terms = if folder == "countries" {
            countries
        } else {
            topics
        };
        let label = ld.i18n.t(folder);
        let url = format!("{code}/{folder}/index.html");
        let mut ctx = common(
            site,
            ld,
            &url,
            &label,
            &Self::everywhere(format!("{folder}/index.html")),
        );
        ctx.insert("terms", &terms);
        self.render("terms.html", &ctx, &url)
    }

    /// The documents of `code` with country or topic `tag`.
    fn tag(&self, code: &str, folder: &str, tag: &str) -> Option<String> {
        let site = self.site;
        let ld = self.ld(code);
        let label = ld.i18n.t(folder);
        let name = if folder == "countries" {
            ld.i18n.country(tag)
        } else {
            site.config.topic_label(tag, code)
        };
        let url = tag_url(code, folder, tag);
        let rel = url.split_once('/').map(|(_, r)| r).unwrap_or_default();
        let mut ctx = common(site, ld, &url, &name, &Self::everywhere(rel.to_string()));
        let items: Vec<Value> = site
            .list(code, None)
            .into_iter()
            .filter(|&i| {
                let fm = &site.docs[i].page.fm;
                if folder == "countries" {
                    fm.countries.iter().any(|c| c == tag)
                } else {
                    fm.topics.iter().any(|t| t == tag)
                }
            })
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
        let url = format!("{code}/glossary/index.html");
        let mut ctx = common(
            site,
            ld,
            &url,
            &ld.i18n.t("glossary"),
            &Self::everywhere("glossary/index.html".into()),
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
                            json!({"code": l.code, "term": o.term, "url": format!("{}/glossary/index.html#{}", l.code, o.key)})
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
        let url = format!("{code}/register/index.html");
        let mut ctx = common(
            site,
            ld,
            &url,
            &ld.i18n.t("register"),
            &Self::everywhere("register/index.html".into()),
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
        let url = format!("{code}/search/index.html");
        let ctx = common(
            self.site,
            ld,
            &url,
            &ld.i18n.t("search"),
            &Self::everywhere("search/index.html".into()),
        );
        self.render("search.html", &ctx, &url)
    }

    fn root(&self) -> Option<String> {
        let site = self.site;
        let default = site.config.default_language();
        let ld = self.ld(default);
        let mut ctx = common(
            site,
            ld,
            "index.html",
            "",
            &Self::everywhere("index.html".into()),
        );
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
            "404.html",
            &ld.i18n.t("page_not_found"),
            &Self::everywhere("index.html".into()),
        );
        self.render("404.html", &ctx, "404.html")
    }
}
