//! Template contexts that hold a language's strings, reused page after page.
//!
//! Every page gets the strings of its language (some 160, as `t`) beside its own view. Copying
//! them into each page's context cost about 320 allocations a page; a context here keeps them,
//! takes a page's values in (moved, not copied), renders, and gives them back.

use std::collections::HashMap;
use std::sync::Mutex;

use serde::Serialize;
use serde_json::Value as Json;
use tera::{Context, Tera, Value};

/// The name templates read the strings under.
const STRINGS: &str = "t";

/// The room a page's buffer starts with: a document page of the default theme is about
/// 18 KB; larger pages grow it.
const PAGE_BYTES: usize = 32 * 1024;

/// Contexts not in use, by language, each holding that language's strings.
#[derive(Default)]
pub(crate) struct Contexts {
    free: Mutex<HashMap<String, Vec<Context>>>,
}

impl Contexts {
    /// Renders `template` with the values of `view` and `strings`, the strings of its
    /// language `lang` (the same for every page of a language). The page comes as the bytes
    /// tera wrote (UTF-8: tera writes `str`s), into a buffer sized for most pages at once,
    /// and is not checked again as a `String` would be.
    pub(crate) fn render(
        &self,
        tera: &Tera,
        template: &str,
        lang: &str,
        strings: &Json,
        view: &impl Serialize,
    ) -> tera::TeraResult<Vec<u8>> {
        let Some(values) = Value::try_from_serializable(view)?.into_map() else {
            return Err(tera::Error::message("a page's view is not a map"));
        };
        let mut ctx = match self.take(lang) {
            Some(ctx) => ctx,
            None => {
                let mut ctx = Context::new();
                ctx.insert_value(STRINGS, Value::try_from_serializable(strings)?);
                ctx
            }
        };
        let mut names: Vec<String> = Vec::with_capacity(values.len());
        for (key, value) in values {
            let name = key.to_string();
            ctx.insert_value(name.clone(), value);
            names.push(name);
        }
        let mut html = Vec::with_capacity(PAGE_BYTES);
        let rendered = tera.render_to(template, &ctx, &mut html);
        for name in &names {
            ctx.remove(name);
        }
        // A view never names a value `t` (its strings are not serialised); were one to, the
        // context would have lost them, and is not reused.
        if !names.iter().any(|n| n == STRINGS) {
            self.give_back(lang, ctx);
        }
        rendered.map(|()| html)
    }

    fn take(&self, lang: &str) -> Option<Context> {
        self.lock().get_mut(lang).and_then(Vec::pop)
    }

    fn give_back(&self, lang: &str, ctx: Context) {
        self.lock().entry(lang.to_string()).or_default().push(ctx);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Vec<Context>>> {
        self.free
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct First {
        title: &'static str,
        only_first: bool,
    }

    #[derive(Serialize)]
    struct Second {
        title: &'static str,
    }

    #[derive(Serialize)]
    struct Strings {
        t: u8,
    }

    fn tera() -> Tera {
        let mut tera = Tera::default();
        tera.add_raw_template(
            "page",
            "{{ t.hello }} {{ title }}{% if only_first %} first{% endif %}",
        )
        .unwrap();
        tera
    }

    fn page(
        contexts: &Contexts,
        tera: &Tera,
        lang: &str,
        strings: &Json,
        view: &impl Serialize,
    ) -> tera::TeraResult<String> {
        let page = contexts.render(tera, "page", lang, strings, view)?;
        Ok(String::from_utf8(page).expect("tera writes UTF-8"))
    }

    #[test]
    fn a_reused_context_holds_the_strings_and_nothing_of_the_page_before() {
        let tera = tera();
        let contexts = Contexts::default();
        let en = serde_json::json!({ "hello": "Hello" });
        let fr = serde_json::json!({ "hello": "Bonjour" });
        let first = First {
            title: "A",
            only_first: true,
        };
        assert_eq!(
            page(&contexts, &tera, "en", &en, &first).unwrap(),
            "Hello A first"
        );
        assert_eq!(
            page(&contexts, &tera, "en", &en, &Second { title: "B" }).unwrap(),
            "Hello B"
        );
        assert_eq!(
            page(&contexts, &tera, "fr", &fr, &Second { title: "C" }).unwrap(),
            "Bonjour C"
        );
        assert_eq!(
            page(&contexts, &tera, "en", &en, &first).unwrap(),
            "Hello A first"
        );
        assert_eq!(contexts.lock()["en"].len(), 1, "one context for en, reused");
        // A template error leaves the context clean for the next page.
        let mut bad = tera.clone();
        bad.add_raw_template("page", "{{ t.hello }} {{ missing }}")
            .unwrap();
        assert!(contexts.render(&bad, "page", "en", &en, &first).is_err());
        assert_eq!(
            page(&contexts, &tera, "en", &en, &Second { title: "D" }).unwrap(),
            "Hello D"
        );
        // A view that names a value `t` replaces the strings for its own page only.
        let strange = Strings { t: 7 };
        let mut odd = tera.clone();
        odd.add_raw_template("odd", "{{ t }}").unwrap();
        assert_eq!(
            contexts.render(&odd, "odd", "en", &en, &strange).unwrap(),
            b"7"
        );
        assert_eq!(
            page(&contexts, &tera, "en", &en, &Second { title: "E" }).unwrap(),
            "Hello E"
        );
    }
}
