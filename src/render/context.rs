//! The data every template gets: site, language, UI strings, navigation, language switcher,
//! and summaries of documents for lists.

use serde_json::{json, Value};

use crate::content::date::Date;
use crate::content::front_matter::Action;
use crate::markdown::links::root_prefix;
use crate::site::routes::{self, NavLabel};
use crate::site::Site;
use crate::theme::I18n;

/// Per-language data shared by every page of that language, computed once.
pub struct LangData<'a> {
    /// Language code.
    pub code: &'a str,
    /// UI strings.
    pub i18n: &'a I18n,
    /// The `search_strings` map as JSON text, for the search form's `data-strings`.
    pub search_strings: String,
    /// Navigation entries: (label, root-relative URL).
    pub nav: Vec<(String, String)>,
}

impl<'a> LangData<'a> {
    /// Computes the shared data of `code`.
    pub fn new(site: &'a Site, code: &'a str) -> Self {
        let i18n = &site.theme.i18n[code];
        let search_strings = i18n
            .strings
            .get("search_strings")
            .map(Value::to_string)
            .unwrap_or_else(|| "{}".into());
        let nav = routes::navigation(site, code)
            .into_iter()
            .map(|(label, url)| match label {
                NavLabel::Ui(key) => (i18n.t(key), url),
                NavLabel::Title(title) => (title, url),
            })
            .collect();
        LangData {
            code,
            i18n,
            search_strings,
            nav,
        }
    }

    /// A date written this language's way.
    pub fn date(&self, d: &Date) -> String {
        d.format(&self.i18n.date_format, &self.i18n.months)
    }
}

/// The context every page starts from. `translation(lang)` gives the root-relative URL of this
/// page in another language, if it exists there.
pub fn common(
    site: &Site,
    ld: &LangData<'_>,
    url: &str,
    page_title: &str,
    translation: &dyn Fn(&str) -> Option<String>,
) -> tera::Context {
    let mut switcher = Vec::new();
    let mut alternates = Vec::new();
    for l in &site.config.languages {
        let target = if l.code == ld.code {
            Some(url.to_string())
        } else {
            translation(&l.code)
        };
        if let Some(t) = &target {
            alternates.push(json!({"code": l.code, "url": t}));
        }
        let note = site
            .theme
            .i18n
            .get(&l.code)
            .map(|i| i.t("not_translated_short"))
            .unwrap_or_default();
        switcher.push(json!({
            "code": l.code,
            "name": l.name,
            "current": l.code == ld.code,
            "translated": target.is_some(),
            "url": target.unwrap_or_else(|| routes::home(&l.code)),
            "note": note,
        }));
    }
    let nav: Vec<Value> = ld
        .nav
        .iter()
        .map(|(label, u)| json!({"label": label, "url": u, "current": u == url}))
        .collect();
    let mut ctx = tera::Context::new();
    ctx.insert(
        "site",
        &json!({
            "title": site.config.title.get(ld.code, site.config.default_language()),
            "description": site.config.description.get(ld.code, site.config.default_language()),
        }),
    );
    ctx.insert("lang", ld.code);
    ctx.insert("t", &ld.i18n.strings);
    ctx.insert("root", &root_prefix(url));
    ctx.insert("url", url);
    ctx.insert("page_title", page_title);
    ctx.insert("description", "");
    ctx.insert("switcher", &switcher);
    ctx.insert("alternates", &alternates);
    ctx.insert("nav", &nav);
    ctx.insert("search_strings", &ld.search_strings);
    ctx
}

/// Action items of minutes, with dates in the language of the page.
pub fn actions(ld: &LangData<'_>, actions: &[Action]) -> Vec<Value> {
    actions
        .iter()
        .map(|a| {
            json!({"action": a.action, "owner": a.owner, "done": a.done,
                   "due": a.due.map(|x| ld.date(&x)), "due_iso": a.due.map(|x| x.to_string())})
        })
        .collect()
}

/// A document's summary for lists, in the language of the list.
pub fn item(site: &Site, ld: &LangData<'_>, i: usize) -> Value {
    let d = &site.docs[i];
    let fm = &d.page.fm;
    let other_lang = (d.page.lang != ld.code).then(|| d.page.lang.clone());
    let other_lang_name = other_lang.as_ref().and_then(|code| {
        site.config
            .languages
            .iter()
            .find(|l| &l.code == code)
            .map(|l| l.name.clone())
    });
    json!({
        "title": fm.title,
        "url": d.url,
        "summary": fm.summary,
        "kind": d.page.kind.name(),
        "kind_label": ld.i18n.t2("kind_singular", d.page.kind.name()),
        "date": fm.date.map(|x| ld.date(&x)),
        "date_iso": fm.date.map(|x| x.to_string()),
        "countries": fm.countries.iter().map(|c| ld.i18n.country(c)).collect::<Vec<_>>(),
        "illustrative": fm.illustrative,
        "other_lang": other_lang,
        "other_lang_name": other_lang_name,
    })
}
