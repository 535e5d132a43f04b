//! The rules of the site's front matter beyond types: known country codes and topics, URL
//! slugs, the keys each type needs, and warnings for drafts and empty summaries.

use std::collections::BTreeSet;

use super::super::countries::Suggestion;
use super::super::kind::Kind;
use super::values::Reader;
use super::{FrontMatter, Vocabulary, MAX_SLUG_CHARS};
use crate::diagnostics::{did_you_mean, Pos};

/// `codes` without repeats, in their order.
pub fn dedup(v: Vec<String>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    v.into_iter().filter(|x| seen.insert(x.clone())).collect()
}

/// Checks country codes against the site's; unknown ones are errors, with the code meant
/// when it can be told (a name in any language, lower case, a common wrong code).
pub fn countries(
    codes: Vec<String>,
    vocab: &Vocabulary<'_>,
    r: &mut Reader<'_, '_, '_>,
) -> Vec<String> {
    let key = "countries";
    for code in &codes {
        if vocab.countries.contains(code) {
            continue;
        }
        let pos = r.loc.value(key, code);
        let base = format!(
            "unknown country code `{code}` (use ISO 3166 alpha-2 codes such as SL, GN, LR, CI)"
        );
        match vocab.countries.suggest(code) {
            Some(Suggestion::Capitals(upper)) => {
                r.diags
                    .error(r.path, pos, format!("{base}, did you mean `{upper}`?"))
            }
            Some(Suggestion::WrongCode { code: right }) => r.diags.error_hint(
                r.path,
                pos,
                base,
                format!("`{code}` is not an ISO code: write `{right}`"),
            ),
            Some(Suggestion::Name { code: right, name }) => r.diags.error_hint(
                r.path,
                pos,
                base,
                format!("countries are written as codes: for {name}, write `{right}`"),
            ),
            None => r.diags.error(r.path, pos, base),
        }
    }
    dedup(codes)
}

/// Checks topics against those declared in `loupe.yaml`.
pub fn topics(
    topics: Vec<String>,
    vocab: &Vocabulary<'_>,
    r: &mut Reader<'_, '_, '_>,
) -> Vec<String> {
    for t in &topics {
        if !vocab.topics.contains(t) {
            let hint = did_you_mean(t, vocab.topics.iter().map(String::as_str));
            let hint = if hint.is_empty() {
                " (topics are declared under `topics:` in loupe.yaml)".to_string()
            } else {
                hint
            };
            r.diags.error(
                r.path,
                r.loc.value("topics", t),
                format!("unknown topic `{t}`{hint}"),
            );
        }
    }
    dedup(topics)
}

/// Checks a URL slug: letters, digits, `-` and `_`, not too long. The slug and its position
/// when it is good.
pub fn slug(s: String, r: &mut Reader<'_, '_, '_>) -> Option<(String, Pos)> {
    let key = "slug";
    let ok = !s.is_empty()
        && s.chars()
            .all(|ch| ch.is_alphanumeric() || ch == '-' || ch == '_');
    let chars = s.chars().count();
    if ok && chars > MAX_SLUG_CHARS {
        r.diags.error(
            r.path,
            r.loc.key(key),
            format!("`slug` is {chars} characters long: keep it under {MAX_SLUG_CHARS}, so that paths fit on Windows and USB sticks"),
        );
        None
    } else if ok {
        Some((s, r.loc.key(key)))
    } else {
        r.diags.error(
            r.path,
            r.loc.key(key),
            format!("`slug` must be letters, digits, `-` or `_` (it becomes part of the URL), found `{s}`"),
        );
        None
    }
}

/// The rules that concern the whole front matter of a file of `kind`, once every key is read:
/// required keys, and warnings for drafts and empty summaries. `present` are the keys written.
pub fn whole(fm: &FrontMatter, kind: Kind, present: &BTreeSet<String>, r: &mut Reader<'_, '_, '_>) {
    if !present.contains("title") {
        r.diags.error(
            r.path,
            Pos::new(1, 1),
            "missing `title`: every file needs one",
        );
    }
    if kind == Kind::Minutes && !present.contains("date") {
        r.diags.error(
            r.path,
            Pos::new(1, 1),
            "missing `date`: meeting minutes need the date of the meeting",
        );
    }
    if kind == Kind::CaseStudy {
        if !present.contains("countries") {
            r.diags.error(
                r.path,
                Pos::new(1, 1),
                "missing `countries`: a case study names the countries it is about",
            );
        } else if fm.countries.is_empty() {
            r.diags.error_hint(
                r.path,
                r.loc.key("countries"),
                "`countries` is empty: a case study names the countries it is about",
                "write their two-letter codes, such as `countries: [SL, GN]`",
            );
        }
    }
    if fm.draft {
        r.diags.warning_hint(
            r.path,
            r.loc.key("draft"),
            "this file is a draft: it is checked, but not published",
            "delete the line `draft: true` when the text is ready",
        );
    }
    if present.contains("summary") && fm.summary.as_deref().is_none_or(|s| s.trim().is_empty()) {
        r.diags.warning_hint(
            r.path,
            r.loc.key("summary"),
            "`summary` is empty: lists and search results show nothing under the title",
            "write one or two sentences after `summary:`",
        );
    }
}
