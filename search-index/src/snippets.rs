//! Chooses, per document, a few short text fragments the browser shows as snippets: the
//! summary (or first sentence) and the sentences richest in the document's rarest terms.

use foldhash::HashMap;

use tantivy::tokenizer::TextAnalyzer;

/// Longest fragment, in characters.
const MAX_SENTENCE_CHARS: usize = 180;
/// Longest summary used as the first fragment, in characters.
const MAX_LEAD_CHARS: usize = 200;
/// Budget of all fragments of one document, in characters. Records share files ten to a file
/// and a page of results usually reads ten files, so every character here is loaded about a
/// hundred times by a first answer: 300 keeps the records under 500 bytes.
const MAX_TOTAL_CHARS: usize = 300;
/// Most fragments per document.
const MAX_FRAGMENTS: usize = 4;

/// Splits text into sentences (at `.`, `!`, `?`, `;` followed by a space, and at line breaks),
/// each cut to [`MAX_SENTENCE_CHARS`] at a word boundary.
pub fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' || c == '\r' {
            flush(&mut current, &mut out);
            continue;
        }
        current.push(c);
        if matches!(c, '.' | '!' | '?' | ';') && chars.peek().is_none_or(|n| n.is_whitespace()) {
            flush(&mut current, &mut out);
        }
    }
    flush(&mut current, &mut out);
    out
}

fn flush(current: &mut String, out: &mut Vec<String>) {
    let s = current.split_whitespace().collect::<Vec<_>>().join(" ");
    current.clear();
    if s.chars().any(char::is_alphanumeric) {
        out.push(shorten(&s, MAX_SENTENCE_CHARS));
    }
}

/// Cuts a text to at most `max` characters at a word boundary, adding `…` when cut.
pub fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    let end = cut.rfind(' ').filter(|&i| i > max / 2).unwrap_or(cut.len());
    format!("{}…", cut[..end].trim_end())
}

/// The fragments of one document, in text order. `idf` gives the weight of a stemmed term.
pub fn fragments(
    summary: Option<&str>,
    body: &str,
    analyzer: &mut TextAnalyzer,
    idf: &HashMap<String, f32>,
) -> Vec<String> {
    let sents = sentences(body);
    let mut lead: Option<String> = summary
        .map(|s| {
            shorten(
                s.split_whitespace().collect::<Vec<_>>().join(" ").as_str(),
                MAX_LEAD_CHARS,
            )
        })
        .filter(|s| !s.is_empty());
    let mut first_index = None;
    if lead.is_none() {
        lead = sents.first().cloned();
        first_index = Some(0);
    }
    let mut scored: Vec<(f32, usize)> = sents
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != first_index)
        .map(|(i, s)| {
            // The weights of the sentence's distinct stems, summed in the stems' order. Stems
            // without a weight add nothing; the others are borrowed from `idf`, so scoring a
            // sentence allocates nothing per token.
            let mut weighted: Vec<(&str, f32)> = Vec::new();
            let mut stream = analyzer.token_stream(s);
            while stream.advance() {
                if let Some((stem, &w)) = idf.get_key_value(stream.token().text.as_str()) {
                    if !weighted.iter().any(|(t, _)| *t == stem.as_str()) {
                        weighted.push((stem, w));
                    }
                }
            }
            weighted.sort_unstable_by(|a, b| a.0.cmp(b.0));
            let w: f32 = weighted.iter().map(|(_, w)| w).sum();
            (w / (1.0 + s.chars().count() as f32 / 80.0), i)
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut total = lead.as_ref().map_or(0, |s| s.chars().count());
    let mut chosen: Vec<usize> = Vec::new();
    for (_, i) in scored {
        if chosen.len() + 1 >= MAX_FRAGMENTS {
            break;
        }
        let len = sents[i].chars().count();
        if total + len > MAX_TOTAL_CHARS {
            continue;
        }
        total += len;
        chosen.push(i);
    }
    chosen.sort_unstable();
    lead.into_iter()
        .chain(chosen.into_iter().map(|i| sents[i].clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyzer::stem_analyzer;

    #[test]
    fn sentences_split_and_shorten() {
        let s = sentences("One two. Three four!\nFive six? 3.5 carats");
        assert_eq!(
            s,
            vec!["One two.", "Three four!", "Five six?", "3.5 carats"]
        );
        let long = "word ".repeat(100);
        assert!(shorten(&long, 50).chars().count() <= 51);
        assert!(shorten(&long, 50).ends_with('…'));
    }

    #[test]
    fn fragments_prefer_rare_terms_and_fit_the_budget() {
        let mut a = stem_analyzer("en");
        let mut idf = HashMap::default();
        idf.insert("footprint".to_string(), 5.0);
        let body = "Intro sentence here. Common words only. Diamond footprints matter.";
        let f = fragments(None, body, &mut a, &idf);
        assert_eq!(f[0], "Intro sentence here.");
        assert!(f.contains(&"Diamond footprints matter.".to_string()));
        let total: usize = f.iter().map(|s| s.chars().count()).sum();
        assert!(total <= MAX_TOTAL_CHARS + MAX_LEAD_CHARS);
    }
}
