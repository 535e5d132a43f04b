//! The search query side: the tokenizer, folding and stemming, and the query `loupe search`
//! builds from what a reader types.

use search_index::analyzer::{fold_analyzer, split_words, stem_analyzer, tokens, SurfaceStemmer};
use search_index::query::{open_empty, top_docs, OpenIndex};

thread_local! {
    /// One empty index per language, opened once: opening one (a reader and its threads)
    /// cost far more than the checks, so the fuzz target ran at 24 inputs a second.
    static EMPTY: std::collections::HashMap<&'static str, OpenIndex> =
        ["en", "fr", "xx"].into_iter().map(|l| (l, open_empty(l).expect("an empty index in memory"))).collect();
}

/// A query: any bytes, as text typed into the search box, in the language chosen by the first
/// byte. Never panics; words are non-empty runs of letters and digits; the fold and stem
/// analyzers keep the same (non-empty) tokens; stemming a folded
/// word alone gives the analyzer's term (what the browser runtime relies on); building and
/// running the query never fails, and gives no query exactly when there is no word.
pub fn query(data: &[u8]) {
    let (choice, bytes) = data.split_first().unwrap_or((&0, data));
    let lang = ["en", "fr", "xx"][usize::from(*choice) % 3];
    let text = String::from_utf8_lossy(bytes);

    let words = split_words(&text);
    for w in &words {
        assert!(
            !w.is_empty() && w.chars().all(char::is_alphanumeric),
            "word {w:?}"
        );
    }
    let mut fold = fold_analyzer();
    let mut stem = stem_analyzer(lang);
    let folded = tokens(&mut fold, &text);
    let stemmed = tokens(&mut stem, &text);
    assert_eq!(
        folded.len(),
        stemmed.len(),
        "fold and stem keep different tokens"
    );
    let mut surface = SurfaceStemmer::new(lang);
    for (f, s) in folded.iter().zip(&stemmed) {
        assert!(!f.is_empty(), "an empty token");
        assert_eq!(&surface.stem(f), s, "the stem of {f:?} alone differs");
    }

    EMPTY.with(|indexes| {
        let index = &indexes[lang];
        let hits = top_docs(index, &text, 10).expect("a typed query never fails");
        assert!(hits.is_empty());
        let built = search_index::query::build_query(index, &text).expect("a query is built");
        assert_eq!(built.is_none(), words.is_empty(), "query for {text:?}");
    });
}
