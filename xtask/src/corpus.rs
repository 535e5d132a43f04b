//! The deterministic benchmark corpus: a complete loupe site with N documents per language.
//!
//! Every document exists in English and French under the same file name, and both versions are
//! drawn from one random stream (seeded by the corpus seed and the document number), so they
//! have the same structure and read as translations. Generation is parallel per document and
//! writes each file once, so 50,000 documents per language take seconds, not minutes.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::rng::SplitMix64;
use crate::text::{self, capitalize, Pair};

/// The languages of the corpus, in the order of the `(english, french)` pairs of [`crate::text`].
pub const LANGUAGES: [&str; 2] = ["en", "fr"];

/// Bumped whenever the output of the generator changes, so cached corpora are regenerated.
pub const GENERATOR_VERSION: u32 = 1;

/// The site configuration of the repository; its `topics:` block is copied into every corpus.
const REPO_CONFIG: &str = include_str!("../../loupe.yaml");

/// Fewest and most words of English body text aimed at; the French translation runs longer,
/// and the last block may overshoot, so both stay within 300–1,500 words.
const TARGET_WORDS: (usize, usize) = (330, 1050);

/// What to generate.
#[derive(Debug, Clone)]
pub struct CorpusOptions {
    /// Documents per language.
    pub docs: usize,
    /// The seed: the same seed and number of documents give byte-identical corpora.
    pub seed: u64,
    /// The site folder to write (`loupe.yaml` and `content/`); its `content/` is replaced.
    pub out: PathBuf,
    /// Glossary terms added to each language's glossary, each with an abbreviation that no
    /// document uses (a large glossary: what marking abbreviations costs per glossary entry).
    pub extra_terms: usize,
}

/// Totals of a generated corpus.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CorpusStats {
    /// Documents per language.
    pub docs_per_language: usize,
    /// Markdown and YAML files written.
    pub files: usize,
    /// Bytes written.
    pub bytes: u64,
    /// Words of body text of the documents, all languages together.
    pub words: u64,
}

/// The three document types and their share of the corpus (about 50 / 25 / 25 %).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `guidance/`: guidance notes.
    Guidance,
    /// `minutes/`: meeting minutes.
    Minutes,
    /// `case-studies/`: case studies.
    CaseStudy,
}

impl Kind {
    /// The folder of this type under `content/<lang>/`.
    pub fn dir(self) -> &'static str {
        match self {
            Kind::Guidance => "guidance",
            Kind::Minutes => "minutes",
            Kind::CaseStudy => "case-studies",
        }
    }

    /// The type of document number `i` in a corpus of `n` documents per language.
    pub fn of(i: usize, n: usize) -> Kind {
        if i < n.div_ceil(2) {
            Kind::Guidance
        } else if i < n.div_ceil(2) + n / 4 {
            Kind::Minutes
        } else {
            Kind::CaseStudy
        }
    }
}

/// The file name (without `.md`) of document number `i` in a corpus of `n` documents.
pub fn doc_name(i: usize, n: usize) -> String {
    let width = n.saturating_sub(1).to_string().len().max(5);
    format!("doc-{i:0width$}")
}

/// The path of document `i`, relative to `content/<lang>/`.
pub fn doc_rel_path(i: usize, n: usize) -> String {
    format!("{}/{}.md", Kind::of(i, n).dir(), doc_name(i, n))
}

/// The topic slugs declared in the repository's `loupe.yaml`.
pub fn topic_slugs() -> Vec<&'static str> {
    topics_block()
        .lines()
        .skip(1)
        .filter(|l| l.starts_with("  ") && !l.starts_with("   ") && l.trim_end().ends_with(':'))
        .map(|l| l.trim().trim_end_matches(':'))
        .collect()
}

/// The `topics:` block of the repository's `loupe.yaml`, verbatim, up to the next top-level key.
fn topics_block() -> &'static str {
    let start = REPO_CONFIG
        .find("\ntopics:")
        .map(|p| p + 1)
        .expect("the repository's loupe.yaml declares topics");
    let rest = &REPO_CONFIG[start..];
    let end = rest
        .match_indices('\n')
        .map(|(p, _)| p + 1)
        .find(|&p| {
            rest[p..]
                .chars()
                .next()
                .is_some_and(|c| !c.is_whitespace() && c != '#')
        })
        .unwrap_or(rest.len());
    &rest[..end]
}

/// Writes a complete loupe site with `opts.docs` documents per language into `opts.out`.
pub fn generate(opts: &CorpusOptions) -> io::Result<CorpusStats> {
    let n = opts.docs;
    let content = opts.out.join("content");
    if content.exists() {
        fs::remove_dir_all(&content)?;
    }
    for lang in LANGUAGES {
        for kind in [Kind::Guidance, Kind::Minutes, Kind::CaseStudy] {
            fs::create_dir_all(content.join(lang).join(kind.dir()))?;
        }
    }
    let mut stats = CorpusStats {
        docs_per_language: n,
        ..CorpusStats::default()
    };
    let mut put = |path: PathBuf, text: String| -> io::Result<()> {
        stats.files += 1;
        stats.bytes += text.len() as u64;
        fs::write(path, text)
    };
    put(opts.out.join("loupe.yaml"), site_config())?;
    for (l, lang) in LANGUAGES.iter().enumerate() {
        put(
            content.join(lang).join("glossary.yaml"),
            glossary(l, opts.extra_terms),
        )?;
        put(content.join(lang).join("_index.md"), home_page(l, n))?;
    }

    let (bytes, words) = (0..n)
        .into_par_iter()
        .map(|i| -> io::Result<(u64, u64)> {
            let doc = render_document(opts.seed, i, n);
            let rel = doc_rel_path(i, n);
            let mut bytes = 0;
            for (l, lang) in LANGUAGES.iter().enumerate() {
                bytes += doc.text[l].len() as u64;
                fs::write(content.join(lang).join(&rel), &doc.text[l])?;
            }
            Ok((bytes, doc.words.iter().sum::<usize>() as u64))
        })
        .try_reduce(|| (0, 0), |a, b| Ok((a.0 + b.0, a.1 + b.1)))?;
    stats.files += n * LANGUAGES.len();
    stats.bytes += bytes;
    stats.words = words;
    Ok(stats)
}

/// `loupe.yaml` of the corpus: both languages and the repository's topics.
fn site_config() -> String {
    format!(
        "# Generated by `cargo xtask gen-corpus`: the benchmark corpus. Do not edit.\n\
         title:\n  en: Kimberley Process peer learning (benchmark corpus)\n  \
         fr: Apprendre ensemble le Processus de Kimberley (corpus de test)\n\
         description:\n  en: A generated corpus of guidance notes, minutes and case studies.\n  \
         fr: Un corpus généré de notes d'orientation, de comptes rendus et d'études de cas.\n\
         theme: default\n\
         languages:\n  - code: en\n    name: English\n    default: true\n  \
         - code: fr\n    name: Français\n\
         {}",
        topics_block()
    )
}

/// `content/<lang>/glossary.yaml`: the same keys in both languages, then `extra` generated
/// terms.
fn glossary(l: usize, extra: usize) -> String {
    let mut s = String::from("# Generated glossary of the benchmark corpus.\n");
    for (key, abbr, term, definition) in text::GLOSSARY {
        let _ = write!(
            s,
            "\n- key: {key}\n  term: {}\n  abbr: {}\n  definition: {}\n",
            quote(pick(*term, l)),
            quote(pick(*abbr, l)),
            quote(pick(*definition, l))
        );
    }
    for i in 0..extra {
        let _ = write!(
            s,
            "\n- key: extra-{i}\n  term: {}\n  abbr: XQ{i}\n  definition: {}\n",
            quote(
                &[
                    format!("Illustrative entry {i}"),
                    format!("Entrée d'illustration {i}")
                ][l]
            ),
            quote(
                [
                    "A generated entry of the benchmark corpus.",
                    "Une entrée générée du corpus de test."
                ][l]
            )
        );
    }
    s
}

/// `content/<lang>/_index.md`: the home page text, with a link into each section.
fn home_page(l: usize, n: usize) -> String {
    let title = ["Benchmark corpus", "Corpus de test"][l];
    let intro = [
        "This site is generated for benchmarks: every document is composed from templates and is \
         illustrative only.",
        "Ce site est généré pour les mesures de performance : chaque document est composé à \
         partir de modèles et n'a qu'une valeur d'illustration.",
    ][l];
    let mut s = format!("---\ntitle: {}\n---\n\n{intro}\n", quote(title));
    if n > 0 {
        let start = [
            "Start with [the first guidance note]",
            "Commencez par [la première note d'orientation]",
        ][l];
        let _ = writeln!(s, "\n{start}({}).", doc_rel_path(0, n));
    }
    s
}

/// A document in both languages and the number of body words of each.
struct Document {
    text: [String; 2],
    words: [usize; 2],
}

/// Text written in both languages at once.
struct Bi {
    s: [String; 2],
}

impl Bi {
    fn new(capacity: usize) -> Self {
        Self {
            s: [
                String::with_capacity(capacity),
                String::with_capacity(capacity),
            ],
        }
    }
    /// The same text in both languages (Markdown syntax, numbers, paths).
    fn both(&mut self, t: &str) {
        self.s[0].push_str(t);
        self.s[1].push_str(t);
    }
    /// A phrase and its translation.
    fn pair(&mut self, p: Pair) {
        self.s[0].push_str(p.0);
        self.s[1].push_str(p.1);
    }
    /// A phrase and its translation, capitalised (start of a sentence).
    fn cap(&mut self, p: Pair) {
        self.s[0].push_str(&capitalize(p.0));
        self.s[1].push_str(&capitalize(p.1));
    }
    /// Two already translated strings.
    fn two(&mut self, en: &str, fr: &str) {
        self.s[0].push_str(en);
        self.s[1].push_str(fr);
    }
}

/// The element of a pair for language `l`.
fn pick(p: Pair, l: usize) -> &'static str {
    if l == 0 {
        p.0
    } else {
        p.1
    }
}

/// A YAML double-quoted scalar.
fn quote(s: &str) -> String {
    let mut q = String::with_capacity(s.len() + 2);
    q.push('"');
    for c in s.chars() {
        match c {
            '"' => q.push_str("\\\""),
            '\\' => q.push_str("\\\\"),
            _ => q.push(c),
        }
    }
    q.push('"');
    q
}

/// A calendar date; days stop at 28 so every month is valid.
#[derive(Debug, Clone, Copy)]
struct Date {
    y: u32,
    m: u32,
    d: u32,
}

impl Date {
    fn random(r: &mut SplitMix64) -> Date {
        Date {
            y: r.range(2004, 2024) as u32,
            m: r.range(1, 12) as u32,
            d: r.range(1, 28) as u32,
        }
    }
    fn plus_months(self, k: u32) -> Date {
        let m0 = self.m - 1 + k;
        Date {
            y: self.y + m0 / 12,
            m: m0 % 12 + 1,
            d: self.d,
        }
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }
}

/// An integer with thousands separators: `1,234,567` in English, `1 234 567` (no-break spaces)
/// in French.
fn thousands(v: u64, l: usize) -> String {
    let digits = v.to_string();
    let sep = [",", "\u{a0}"][l];
    let mut out = String::with_capacity(digits.len() * 2);
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k) % 3 == 0 {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

/// What one document is about: drawn once, used by both languages.
struct Context {
    countries: Vec<usize>,
    n: usize,
    i: usize,
    footnotes: usize,
    /// The next sentence gets a footnote whatever the dice say (one per document at least).
    force_footnote: bool,
}

/// Generates document `i` of a corpus of `n` documents, in both languages.
fn render_document(seed: u64, i: usize, n: usize) -> Document {
    let mut r = SplitMix64::derive(seed, &[i as u64]);
    let kind = Kind::of(i, n);
    let topics = topic_slugs();
    let ctx = Context {
        countries: r.sample(text::COUNTRIES.len(), 1, 3),
        n,
        i,
        footnotes: 0,
        force_footnote: false,
    };
    let doc_topics: Vec<&str> = r
        .sample(topics.len(), 1, 3)
        .into_iter()
        .map(|t| topics[t])
        .collect();
    let date = Date::random(&mut r);

    // Front matter.
    let mut fm = Bi::new(2048);
    fm.both("---\n");
    let first = &text::COUNTRIES[ctx.countries[0]];
    let stem = *r.pick(text::TITLE_STEMS);
    let (meeting, location) = (*r.pick(text::MEETINGS), *r.pick(text::LOCATIONS));
    let title: [String; 2] = std::array::from_fn(|l| match kind {
        Kind::Guidance => format!("{} {}", pick(stem, l), pick(first.1, l)),
        Kind::Minutes => format!(
            "{}{}, {}",
            ["Minutes: ", "Compte rendu : "][l],
            pick(meeting, l),
            pick(location, l)
        ),
        Kind::CaseStudy => format!(
            "{}{} {}",
            ["Case study: ", "Étude de cas : "][l],
            pick(stem, l),
            pick(first.1, l)
        ),
    });
    fm.two(
        &format!("title: {}\n", quote(&title[0])),
        &format!("title: {}\n", quote(&title[1])),
    );
    quoted_sentence_item(&mut r, &mut fm, &ctx, "summary: ");
    let _ = writeln!(fm.s[0], "date: {date}");
    let _ = writeln!(fm.s[1], "date: {date}");
    if kind == Kind::Guidance && r.chance(0.3) {
        let updated = date.plus_months(r.range(1, 30) as u32);
        fm.both(&format!("updated: {updated}\n"));
    }
    let codes: Vec<&str> = ctx
        .countries
        .iter()
        .map(|&c| text::COUNTRIES[c].0)
        .collect();
    fm.both(&format!("countries: [{}]\n", codes.join(", ")));
    fm.both(&format!("topics: [{}]\n", doc_topics.join(", ")));
    fm.both("illustrative: true\n");
    match kind {
        Kind::Guidance => {
            list_field(&mut fm, "audience", &[*r.pick(text::AUDIENCES)], false);
            fm.both("key_points:\n");
            for _ in 0..r.range(2, 4) {
                quoted_sentence_item(&mut r, &mut fm, &ctx, "  - ");
            }
        }
        Kind::Minutes => {
            list_field(&mut fm, "meeting", &[meeting], false);
            list_field(&mut fm, "location", &[location], false);
            let who: Vec<Pair> = r
                .sample(text::PARTICIPANTS.len(), 3, 6)
                .into_iter()
                .map(|p| text::PARTICIPANTS[p])
                .collect();
            list_field(&mut fm, "participants", &who, true);
            fm.both("decisions:\n");
            for _ in 0..r.range(2, 4) {
                quoted_sentence_item(&mut r, &mut fm, &ctx, "  - ");
            }
            fm.both("actions:\n");
            for _ in 0..r.range(1, 4) {
                const TASKS: &[Pair] = &[
                    ("Prepare a note on", "Préparer une note sur"),
                    ("Share the findings on", "Partager les constats sur"),
                    (
                        "Organise a visit to check",
                        "Organiser une visite pour vérifier",
                    ),
                    (
                        "Report to the next meeting on",
                        "Faire rapport à la prochaine réunion sur",
                    ),
                ];
                let task = *r.pick(TASKS);
                let object = *r.pick(text::OBJECTS);
                let owner = *r.pick(text::OWNERS);
                let due = date.plus_months(r.range(1, 6) as u32);
                let status = if r.chance(0.5) { "done" } else { "open" };
                for l in 0..2 {
                    let _ = write!(
                        fm.s[l],
                        "  - action: {}\n    owner: {}\n    due: {due}\n    status: {status}\n",
                        quote(&format!("{} {}", pick(task, l), pick(object, l))),
                        quote(pick(owner, l)),
                    );
                }
            }
        }
        Kind::CaseStudy => {
            fm.both("lessons:\n");
            for _ in 0..r.range(2, 4) {
                quoted_sentence_item(&mut r, &mut fm, &ctx, "  - ");
            }
            let qs: Vec<Pair> = r
                .sample(text::QUESTIONS.len(), 2, 4)
                .into_iter()
                .map(|q| text::QUESTIONS[q])
                .collect();
            list_field(&mut fm, "discussion_questions", &qs, true);
        }
    }
    fm.both("---\n\n");

    // Body.
    let (body, words) = body(&mut r, ctx);
    let text = std::array::from_fn(|l| {
        let mut t = std::mem::take(&mut fm.s[l]);
        t.push_str(&body.s[l]);
        t
    });
    Document { text, words }
}

/// A front-matter field with one value (`list == false`) or a list of values.
fn list_field(fm: &mut Bi, key: &str, values: &[Pair], list: bool) {
    if list {
        fm.both(&format!("{key}:\n"));
        for v in values {
            fm.two(
                &format!("  - {}\n", quote(v.0)),
                &format!("  - {}\n", quote(v.1)),
            );
        }
    } else {
        fm.two(
            &format!("{key}: {}\n", quote(values[0].0)),
            &format!("{key}: {}\n", quote(values[0].1)),
        );
    }
}

/// A list item in front matter holding one quoted sentence.
fn quoted_sentence_item(r: &mut SplitMix64, fm: &mut Bi, ctx: &Context, prefix: &str) {
    fm.both(prefix);
    fm.both("\"");
    let start = [fm.s[0].len(), fm.s[1].len()];
    clause(r, fm, ctx);
    // Capitalise the first letter of the clause in place.
    for (l, &st) in start.iter().enumerate() {
        let rest = fm.s[l].split_off(st);
        fm.s[l].push_str(&capitalize(&rest));
    }
    fm.both(".\"\n");
}

/// A clause without capital or final stop: subject, verb, object, complement.
fn clause(r: &mut SplitMix64, bi: &mut Bi, ctx: &Context) {
    bi.pair(*r.pick(text::SUBJECTS));
    bi.both(" ");
    bi.pair(*r.pick(text::VERBS));
    bi.both(" ");
    bi.pair(*r.pick(text::OBJECTS));
    bi.both(" ");
    if r.chance(0.25) {
        let c = &text::COUNTRIES[*r.pick(&ctx.countries)];
        bi.pair(c.1);
    } else {
        bi.pair(*r.pick(text::COMPLEMENTS));
    }
}

/// One sentence, after `lead` (a space between sentences), ending with a full stop.
fn sentence(r: &mut SplitMix64, bi: &mut Bi, ctx: &mut Context, lead: &str) {
    bi.both(lead);
    match r.below(10) {
        0..=2 => {
            let start = [bi.s[0].len(), bi.s[1].len()];
            clause(r, bi, ctx);
            for (l, &st) in start.iter().enumerate() {
                let rest = bi.s[l].split_off(st);
                bi.s[l].push_str(&capitalize(&rest));
            }
        }
        3 | 4 => {
            bi.pair(*r.pick(text::OPENERS));
            clause(r, bi, ctx);
        }
        5 | 6 => {
            bi.cap(*r.pick(text::SUBJECTS));
            bi.both(" ");
            bi.pair(*r.pick(text::VERBS));
            bi.both(" ");
            if r.chance(0.2) {
                bi.both("**");
                bi.pair(*r.pick(text::OBJECTS));
                bi.both("**");
            } else {
                bi.pair(*r.pick(text::OBJECTS));
            }
            bi.pair(*r.pick(text::CONNECTORS));
            clause(r, bi, ctx);
        }
        7 => {
            let c = &text::COUNTRIES[*r.pick(&ctx.countries)];
            bi.cap(c.1);
            bi.both(", ");
            clause(r, bi, ctx);
        }
        8 => {
            let c = &text::COUNTRIES[*r.pick(&ctx.countries)];
            let year = r.range(2004, 2024);
            let carats = r.range(1_000, 9_000_000) as u64;
            let usd = carats * r.range(20, 400) as u64;
            bi.two(
                &format!(
                    "The exports recorded {} reached {} carats ({} US dollars) in {year}",
                    c.1 .0,
                    thousands(carats, 0),
                    thousands(usd, 0)
                ),
                &format!(
                    "Les exportations enregistrées {} ont atteint {} carats ({} dollars américains) en {year}",
                    c.1 .1,
                    thousands(carats, 1),
                    thousands(usd, 1)
                ),
            );
        }
        _ => {
            // A link to another document of the same language, sometimes to its context section.
            let j = if ctx.n > 1 {
                (ctx.i + 1 + r.below(ctx.n - 1)) % ctx.n
            } else {
                ctx.i
            };
            let label: Pair = match Kind::of(j, ctx.n) {
                Kind::Guidance => ("guidance note", "la note d'orientation"),
                Kind::Minutes => ("the minutes", "le compte rendu"),
                Kind::CaseStudy => ("case study", "l'étude de cas"),
            };
            let anchor = if r.chance(0.3) { "#context" } else { "" };
            let target = format!("../{}{anchor}", doc_rel_path(j, ctx.n));
            bi.two(
                &format!("See [{} {j}]({target}) for details", label.0),
                &format!("Voir [{} {j}]({target}) pour plus de détails", label.1),
            );
        }
    }
    bi.both(".");
    if r.chance(0.03) || std::mem::take(&mut ctx.force_footnote) {
        ctx.footnotes += 1;
        bi.both(&format!("[^{}]", ctx.footnotes));
    }
}

/// A paragraph of 3–6 sentences, followed by a blank line.
fn paragraph(r: &mut SplitMix64, bi: &mut Bi, ctx: &mut Context) {
    for k in 0..r.range(3, 6) {
        sentence(r, bi, ctx, if k == 0 { "" } else { " " });
    }
    bi.both("\n\n");
}

/// A Markdown block other than a paragraph: a list, a table or a quotation.
fn block(r: &mut SplitMix64, bi: &mut Bi, ctx: &mut Context) {
    match r.below(4) {
        0 | 1 => {
            let numbered = r.chance(0.4);
            for k in 1..=r.range(3, 6) {
                bi.both(&if numbered {
                    format!("{k}. ")
                } else {
                    "- ".into()
                });
                bi.cap(*r.pick(text::SUBJECTS));
                bi.both(" ");
                bi.pair(*r.pick(text::VERBS));
                bi.both(" ");
                bi.pair(*r.pick(text::OBJECTS));
                bi.both(".\n");
            }
            bi.both("\n");
        }
        2 => {
            bi.two(
                "| Year | Carats | Value (USD) | Exporters |\n",
                "| Année | Carats | Valeur (USD) | Exportateurs |\n",
            );
            bi.both("| --- | ---: | ---: | ---: |\n");
            let first_year = r.range(2004, 2018);
            let rows = r.range(3, 6);
            for year in first_year..first_year + rows {
                let carats = r.range(1_000, 2_000_000) as u64;
                let usd = carats * r.range(20, 400) as u64;
                let exporters = r.range(1, 60);
                for l in 0..2 {
                    let _ = writeln!(
                        bi.s[l],
                        "| {year} | {} | {} | {exporters} |",
                        thousands(carats, l),
                        thousands(usd, l)
                    );
                }
            }
            bi.both("\n");
        }
        _ => {
            bi.both(">");
            sentence(r, bi, ctx, " ");
            bi.both("\n\n");
        }
    }
}

/// The body: an introduction, a context section with an explicit id, further sections until
/// the word target is reached, and the footnote definitions.
fn body(r: &mut SplitMix64, mut ctx: Context) -> (Bi, [usize; 2]) {
    let target = r.range(TARGET_WORDS.0, TARGET_WORDS.1);
    let mut bi = Bi::new(target * 8);
    let mut words = [0usize; 2];
    let count = |bi: &Bi, start: [usize; 2], words: &mut [usize; 2]| {
        for l in 0..2 {
            words[l] += bi.s[l][start[l]..].split_whitespace().count();
        }
    };
    let mark = |bi: &Bi| [bi.s[0].len(), bi.s[1].len()];

    let start = mark(&bi);
    paragraph(r, &mut bi, &mut ctx);
    bi.two("## Context {#context}\n\n", "## Contexte {#context}\n\n");
    ctx.force_footnote = true;
    paragraph(r, &mut bi, &mut ctx);
    count(&bi, start, &mut words);

    let order = r.distinct(text::HEADINGS.len(), text::HEADINGS.len());
    let subheadings = r.distinct(text::SUBHEADINGS.len(), text::SUBHEADINGS.len());
    let (mut next_heading, mut next_sub) = (0, 0);
    while words[0] < target {
        let start = mark(&bi);
        if next_heading < order.len() && (next_heading == 0 || r.chance(0.4)) {
            let (_, h) = text::HEADINGS[order[next_heading]];
            next_heading += 1;
            bi.both("## ");
            bi.pair(h);
            bi.both("\n\n");
        } else if next_sub < subheadings.len() && r.chance(0.2) {
            bi.both("### ");
            bi.pair(text::SUBHEADINGS[subheadings[next_sub]]);
            next_sub += 1;
            bi.both("\n\n");
        }
        if r.chance(0.7) {
            paragraph(r, &mut bi, &mut ctx);
        } else {
            block(r, &mut bi, &mut ctx);
        }
        count(&bi, start, &mut words);
    }

    let start = mark(&bi);
    for k in 1..=ctx.footnotes {
        let source = *r.pick(text::SOURCES);
        let year = r.range(2004, 2024);
        bi.two(
            &format!("[^{k}]: {}, {year}.\n", source.0),
            &format!("[^{k}]: {}, {year}.\n", source.1),
        );
    }
    count(&bi, start, &mut words);
    (bi, words)
}

/// Body words of a Markdown document (everything after the closing `---` of its front matter).
pub fn body_words(doc: &str) -> usize {
    let body = doc
        .strip_prefix("---\n")
        .and_then(|rest| rest.find("\n---\n").map(|p| &rest[p + 5..]))
        .unwrap_or(doc);
    body.split_whitespace().count()
}

/// The relative links to other `.md` files in a Markdown text (the part inside `(...)`).
pub fn md_links(doc: &str) -> Vec<&str> {
    doc.match_indices("](")
        .filter_map(|(p, _)| {
            let rest = &doc[p + 2..];
            let end = rest.find(')')?;
            let target = &rest[..end];
            (!target.contains("://") && target.contains(".md")).then_some(target)
        })
        .collect()
}

/// The path of a generated corpus relative to `base`, for `n` documents and `seed`.
pub fn cache_dir(base: &Path, n: usize, seed: u64) -> PathBuf {
    base.join(format!("{n}-{seed}"))
}
