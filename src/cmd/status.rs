//! `loupe status`: what each language lacks (see [`crate::site::status`]), as text or JSON.

use std::path::Path;

use super::report::{MessageFormat, Reporter};
use super::{report_in, CONTENT_ERROR, OK};
use crate::diagnostics::Diagnostics;
use crate::pipeline;
use crate::site::status::{translation_status, Status};

/// Prints the translation status of the site at `root`.
pub fn run(root: &Path, json: bool) -> i32 {
    let mut diags = Diagnostics::new();
    let Some((_, site)) = pipeline::load_site(root, &mut diags) else {
        report_in(root, &diags);
        return CONTENT_ERROR;
    };
    let reporter = Reporter::new(root, MessageFormat::Human);
    let status = shown(&translation_status(&site), &reporter);
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&status).unwrap_or_default()
        );
    } else {
        print!("{}", text(&status));
    }
    if diags.has_errors() {
        eprintln!(
            "note: the site also has {} error(s): `loupe check` lists them",
            diags.error_count()
        );
    }
    OK
}

/// `status` with its paths relative to the current folder.
fn shown(status: &Status, reporter: &Reporter) -> Status {
    let path = |p: &str| {
        reporter
            .shown_path(Path::new(p))
            .to_string_lossy()
            .replace('\\', "/")
    };
    let mut s = status.clone();
    for l in &mut s.languages {
        for u in &mut l.untranslated {
            u.path = path(&u.path);
        }
        for o in &mut l.outdated {
            o.path = path(&o.path);
            o.source = path(&o.source);
        }
    }
    s
}

/// The status as text: one block per language, then the totals.
pub fn text(status: &Status) -> String {
    let mut out = String::new();
    for l in &status.languages {
        out.push_str(&format!("{} ({})\n", l.lang, l.name));
        if l.untranslated.is_empty() && l.outdated.is_empty() && l.missing_glossary.is_empty() {
            out.push_str("  everything is translated\n");
            continue;
        }
        if !l.untranslated.is_empty() {
            out.push_str(&format!(
                "  not translated into {} ({}):\n",
                l.lang,
                l.untranslated.len()
            ));
            for u in &l.untranslated {
                out.push_str(&format!("    {}  \"{}\"\n", u.path, u.title));
            }
        }
        if !l.outdated.is_empty() {
            out.push_str(&format!(
                "  older than their source ({}):\n",
                l.outdated.len()
            ));
            for o in &l.outdated {
                out.push_str(&format!(
                    "    {} (last changed {}): {} changed {}\n",
                    o.path,
                    if o.changed.is_empty() {
                        "never"
                    } else {
                        &o.changed
                    },
                    o.source,
                    o.source_changed
                ));
            }
        }
        if !l.missing_glossary.is_empty() {
            out.push_str(&format!(
                "  glossary terms missing from content/{}/glossary.yaml ({}):\n",
                l.lang,
                l.missing_glossary.len()
            ));
            for m in &l.missing_glossary {
                out.push_str(&format!("    {} (in {})\n", m.key, m.found_in.join(", ")));
            }
        }
    }
    out.push_str(&summary(status));
    out.push('\n');
    out
}

/// One line: the totals of `status`.
pub fn summary(status: &Status) -> String {
    let (u, o, g) = status.totals();
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "translations: {} not translated, {} older than {}, {} missing",
        plural(u, "document", "documents"),
        plural(o, "translation", "translations"),
        if o == 1 { "its source" } else { "their source" },
        plural(g, "glossary term", "glossary terms"),
    )
}
