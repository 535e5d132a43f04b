//! `loupe search "query"`: tantivy answers from the indexes of the last build.

use std::path::Path;

use super::{report_in, CONTENT_ERROR, OK};
use crate::config;
use crate::diagnostics::Diagnostics;

/// Runs a query and prints the hits.
pub fn run(root: &Path, query: &str, lang: Option<&str>, json: bool, limit: usize) -> i32 {
    let mut diags = Diagnostics::new();
    let Some(config) = config::load(root, &mut diags) else {
        report_in(root, &diags);
        return CONTENT_ERROR;
    };
    let lang = lang.unwrap_or(config.default_language());
    match search_index::query(&crate::search::tantivy_dir(root), lang, query, limit) {
        Ok(hits) => {
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&hits).unwrap_or_default()
                );
            } else if hits.is_empty() {
                println!("no results");
            } else {
                for (i, h) in hits.iter().enumerate() {
                    println!("{:>2}. {:.4}  {}  ({})", i + 1, h.score, h.title, h.url);
                }
            }
            OK
        }
        Err(e) => {
            // The index's own message already says to build first.
            eprintln!("error: {e}");
            eprintln!("  = hint: run `loupe build --root {}`", root.display());
            CONTENT_ERROR
        }
    }
}
