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
    let mut stems = Stems::default();
    let sentences = Sentences::of(summary, body, analyzer, &mut stems);
    let mut weights = Vec::new();
    stems.extend_weights(&mut weights, idf);
    sentences.choose(&weights)
}

/// The distinct stems met by [`Sentences::of`], numbered in the order met.
#[derive(Debug, Default)]
pub struct Stems {
    ids: HashMap<String, u32>,
    words: Vec<String>,
}

impl Stems {
    fn id(&mut self, stem: &str) -> u32 {
        if let Some(&id) = self.ids.get(stem) {
            return id;
        }
        let id = self.words.len() as u32;
        self.ids.insert(stem.to_string(), id);
        self.words.push(stem.to_string());
        id
    }

    /// The stem numbered `id`.
    pub(crate) fn word(&self, id: u32) -> &str {
        &self.words[id as usize]
    }

    /// Extends `weights`, the weight in `idf` of each stem by id (`None`: no weight), to the
    /// stems numbered since.
    pub fn extend_weights(&self, weights: &mut Vec<Option<f32>>, idf: &HashMap<String, f32>) {
        self.extend_values(weights, idf, |&w| w);
    }

    /// Extends `values`, `value` of each stem's entry in `of` by id (`None`: no entry), to the
    /// stems numbered since.
    pub(crate) fn extend_values<T, U>(
        &self,
        values: &mut Vec<Option<U>>,
        of: &HashMap<String, T>,
        value: impl Fn(&T) -> U,
    ) {
        let known = values.len().min(self.words.len());
        values.extend(self.words[known..].iter().map(|w| of.get(w).map(&value)));
    }
}

/// A document's text cut into sentences, each with its distinct stems: all of [`fragments`]'
/// work that needs no term weights, so that it can run before the index that gives them
/// (and beside it, on another core). Compact, as every document's is kept until the export.
#[derive(Debug, Clone, Default)]
pub struct Sentences {
    /// The first fragment: the summary, or else the first sentence.
    lead: Option<String>,
    /// The index of the lead among the sentences, when it is the first sentence.
    first_index: Option<usize>,
    /// The body's sentences, each followed by a line break (they hold none).
    text: String,
    /// The ids ([`Stems`]) of each sentence's distinct stems, in the stems' byte order, one
    /// sentence after the other; sentence `i`'s are `stems[ends[i - 1]..ends[i]]`.
    stems: Vec<u32>,
    /// Where each sentence's stems end in `stems`.
    ends: Vec<u32>,
}

impl Sentences {
    /// Cuts `body` into sentences and finds the stems of each with `analyzer`, numbering them
    /// in `stems`.
    pub fn of(
        summary: Option<&str>,
        body: &str,
        analyzer: &mut TextAnalyzer,
        stems: &mut Stems,
    ) -> Sentences {
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
        let mut out = Sentences {
            lead,
            first_index,
            text: String::with_capacity(sents.iter().map(|s| s.len() + 1).sum()),
            stems: Vec::new(),
            ends: Vec::with_capacity(sents.len()),
        };
        // A sentence's distinct stems, as ids: only a stem never met before is copied.
        let mut distinct: Vec<u32> = Vec::new();
        for (i, s) in sents.iter().enumerate() {
            out.text.push_str(s);
            out.text.push('\n');
            if Some(i) != first_index {
                distinct.clear();
                let mut stream = analyzer.token_stream(s);
                while stream.advance() {
                    let id = stems.id(&stream.token().text);
                    if !distinct.contains(&id) {
                        distinct.push(id);
                    }
                }
                distinct.sort_unstable_by(|a, b| stems.word(*a).cmp(stems.word(*b)));
                out.stems.extend_from_slice(&distinct);
            }
            out.ends.push(out.stems.len() as u32);
        }
        out
    }

    /// The ids of the sentences' distinct stems, sentence after sentence (a stem may recur
    /// across sentences).
    pub(crate) fn stem_ids(&self) -> &[u32] {
        &self.stems
    }

    /// The fragments, in text order: the lead, then the sentences richest in the stems that
    /// `weights` ([`Stems::extend_weights`]) weighs most (for their length) that fit the budget.
    pub fn choose(&self, weights: &[Option<f32>]) -> Vec<String> {
        let sents: Vec<&str> = self.text.split_terminator('\n').collect();
        let mut start = 0;
        let mut scored: Vec<(f32, usize)> = Vec::with_capacity(sents.len());
        for (i, s) in sents.iter().enumerate() {
            let end = self.ends.get(i).map_or(start, |&e| e as usize);
            if Some(i) != self.first_index {
                // The weights of the sentence's distinct stems, summed in the stems' order;
                // stems without a weight add nothing.
                let w: f32 = self.stems[start..end]
                    .iter()
                    .filter_map(|&id| weights.get(id as usize).copied().flatten())
                    .sum();
                scored.push((w / (1.0 + s.chars().count() as f32 / 80.0), i));
            }
            start = end;
        }
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut total = self.lead.as_ref().map_or(0, |s| s.chars().count());
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
        self.lead
            .iter()
            .cloned()
            .chain(chosen.into_iter().map(|i| sents[i].to_string()))
            .collect()
    }
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
