//! The same corpus as a Hugo site, for the comparison with Hugo (and Pagefind on its output).
//!
//! The Hugo site is a small configuration with both languages pointing their `contentDir` at
//! the corpus' own `content/<lang>` folders (so nothing is copied and both tools read the very
//! same files), and layouts that render what loupe's default theme renders, with Hugo's own
//! means:
//!
//! - on every page: the description, the `hreflang` links and the language switcher (the
//!   page's translations), the search form, the menu of sections with the links of the
//!   current section (its first 15 documents: loupe shows 15 chosen around the current one)
//!   and a link to all of them, the breadcrumbs and the footer;
//! - on a document: title, summary, dates and place, the notice of an illustrative document,
//!   table of contents, key points, body, decisions, the actions table, lessons, discussion
//!   questions, meeting, audience, participants, countries and topics as links to their
//!   pages, previous and next in the section (`.PrevInSection`, `.NextInSection`) and five
//!   related documents with their kind, date and countries: the first five of the
//!   document's first topic. (Hugo's `.Site.RegularPages.Related` would choose them as loupe
//!   does, on shared topics and countries and the date, but it scans every page that shares
//!   a keyword for each page, so its time grows with the square of the site: 1.4 s more at
//!   1,000 documents per language, and 417 s against 32 s at 10,000. loupe's choice
//!   looks at a dozen neighbours in date per tag. The layouts render the same list, chosen for
//!   less.)
//! - links between documents written as `../guidance/x.md` resolved to the target's page (a
//!   render hook, `.GetPage`), as loupe resolves them;
//! - section, country and topic pages (two taxonomies) listing their documents with kind,
//!   date, countries and summary; each language's home with the first documents of each
//!   section and the table of every meeting's actions (loupe's register page); a 404 page.
//!
//! What loupe renders and these layouts do not: the "Linked from" list of a document (Hugo
//! has no index of the links into a page, and finding them in every other page's text would
//! cost each page the whole site), the glossary page and the search page (one page per
//! language each). Hugo's pages are the lighter for it.

use std::fs;
use std::io;
use std::path::Path;

/// Hugo layouts, by path under `layouts/`.
const LAYOUTS: &[(&str, &str)] = &[
    (
        "_default/baseof.html",
        r##"<!DOCTYPE html>
<html lang="{{ .Site.Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ .Site.Title }}</title>
<meta name="description" content="{{ with .Params.summary }}{{ . }}{{ else }}{{ .Site.Params.description }}{{ end }}">
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .RelPermalink }}">
{{ end }}<link rel="icon" href="{{ "favicon.svg" | relURL }}" type="image/svg+xml">
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
</head>
<body data-lang="{{ .Site.Language.Lang }}">
<a class="skip" href="#main">Skip to content</a>
<header class="site-header">
<a class="brand" href="{{ .Site.Home.RelPermalink }}"><svg class="mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false"><circle cx="13" cy="13" r="10"/><path class="gem" d="M8.5 11h9L13 18z"/><path class="crown" d="M10.5 8h5l2 3h-9z"/><path class="handle" d="M20.5 20.5l8 8"/></svg><span>{{ .Site.Title }}</span></a>
<form class="search-box" role="search" action="{{ "search/" | relLangURL }}" method="get">
<label for="search-input" class="visually-hidden">Search the knowledge base</label>
<input id="search-input" type="search" name="q" autocomplete="off" placeholder="Search, e.g. certificate">
<button type="submit"><svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><circle cx="10" cy="10" r="6.5"/><path d="M15 15l6 6"/></svg><span class="visually-hidden">Search</span></button>
</form>
<div id="search-dropdown" role="region" aria-label="Search the knowledge base" hidden></div>
<details class="menu"><summary>Menu</summary>
<div class="menu-panel">
<nav class="switcher" aria-label="Languages"><ul>
{{ range .AllTranslations }}<li>{{ if eq .Language.Lang $.Language.Lang }}<span aria-current="true" lang="{{ .Language.Lang }}">{{ .Language.LanguageName }}</span>{{ else }}<a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}" lang="{{ .Language.Lang }}">{{ .Language.LanguageName }}</a>{{ end }}</li>
{{ end }}</ul></nav>
<nav class="main-nav" aria-label="Menu"><ul>
<li><a href="{{ .Site.Home.RelPermalink }}">Home</a></li>
{{ $current := .CurrentSection }}{{ range .Site.Sections }}<li><a href="{{ .RelPermalink }}"{{ if eq . $current }} aria-current="true"{{ end }}>{{ .Title }}</a>{{ if and $.IsPage (eq . $current) }}<ul>
{{ range first 15 .RegularPages }}<li><a href="{{ .RelPermalink }}"{{ if eq . $ }} aria-current="page"{{ end }}>{{ .Title }}</a></li>
{{ end }}<li class="gap" aria-hidden="true">…</li><li><a href="{{ .RelPermalink }}">See all ({{ len .RegularPages }})</a></li>
</ul>{{ end }}</li>
{{ end }}{{ range slice "countries" "topics" }}<li><a href="{{ (printf "%s/" .) | relLangURL }}">{{ . | humanize }}</a></li>
{{ end }}</ul></nav>
</div></details>
</header>
<main id="main" tabindex="-1">
{{ if not .IsHome }}<nav class="crumbs" aria-label="You are here"><ol><li><a href="{{ .Site.Home.RelPermalink }}">Home</a></li>{{ if .IsPage }}<li><a href="{{ .CurrentSection.RelPermalink }}">{{ .CurrentSection.Title }}</a></li>{{ end }}</ol></nav>
{{ end }}{{ block "main" . }}{{ end }}
</main>
<footer class="site-footer"><p>Generated benchmark corpus.</p></footer>
<script src="{{ "site.js" | relURL }}"></script>
</body>
</html>
"##,
    ),
    (
        "partials/items.html",
        r##"<ul class="items">
{{ range .pages }}<li>
<a href="{{ .RelPermalink }}">{{ .Title }}</a>
<span class="item-meta">{{ .Section | humanize }}{{ with .Date }} · <time datetime="{{ .Format "2006-01-02" }}">{{ .Format "2 January 2006" }}</time>{{ end }}{{ with .Params.countries }} · {{ delimit . ", " }}{{ end }}</span>
{{ if $.summaries }}{{ with .Params.summary }}<p>{{ . }}</p>{{ end }}{{ end }}
</li>
{{ end }}</ul>
"##,
    ),
    (
        "partials/actions.html",
        r##"<table class="actions"><thead><tr><th scope="col">Action</th><th scope="col">Owner</th><th scope="col">Due</th><th scope="col">Status</th></tr></thead><tbody>
{{ range . }}<tr class="{{ .status }}"><td>{{ .action }}</td><td>{{ .owner }}</td><td>{{ with .due }}<time datetime="{{ . }}">{{ . }}</time>{{ end }}</td><td><span class="status status-{{ .status }}">{{ .status | humanize }}</span></td></tr>
{{ end }}</tbody></table>
"##,
    ),
    (
        "_default/single.html",
        r##"{{ define "main" }}<article class="doc doc-{{ .Section }}">
<header class="doc-header">
<h1>{{ .Title }}</h1>
{{ with .Params.summary }}<p class="summary">{{ . }}</p>{{ end }}
<dl class="meta">
<div><dt>Published</dt><dd><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></dd></div>
{{ with .Params.updated }}<div><dt>Updated</dt><dd><time datetime="{{ . }}">{{ . }}</time></dd></div>{{ end }}
{{ with .Params.location }}<div><dt>Location</dt><dd>{{ . }}</dd></div>{{ end }}
</dl>
{{ if .Params.illustrative }}<p class="banner" role="note"><strong>Illustrative example: the people, figures and events are invented for training.</strong></p>{{ end }}
</header>
{{ with .TableOfContents }}<details class="toc"><summary>Contents</summary>{{ . }}</details>{{ end }}
<div class="doc-text">
{{ with .Params.key_points }}<section class="panel key-points"><h2 id="loupe-key-points">Key points</h2><ul>{{ range . }}<li>{{ . }}</li>{{ end }}</ul></section>{{ end }}
<div class="body">
{{ .Content }}
</div>
{{ with .Params.decisions }}<section class="panel"><h2 id="loupe-decisions">Decisions</h2><ol>{{ range . }}<li>{{ . }}</li>{{ end }}</ol></section>{{ end }}
{{ with .Params.actions }}<section class="panel"><h2 id="loupe-actions">Actions</h2>{{ partial "actions.html" . }}</section>{{ end }}
{{ with .Params.lessons }}<section class="panel"><h2 id="loupe-lessons">Lessons learned</h2><ul>{{ range . }}<li>{{ . }}</li>{{ end }}</ul></section>{{ end }}
{{ with .Params.discussion_questions }}<section class="panel"><h2 id="loupe-questions">Discussion questions</h2><ol>{{ range . }}<li>{{ . }}</li>{{ end }}</ol></section>{{ end }}
<dl class="details">
{{ with .Params.meeting }}<div><dt>Meeting</dt><dd>{{ . }}</dd></div>{{ end }}
{{ with .Params.audience }}<div><dt>Audience</dt><dd>{{ . }}</dd></div>{{ end }}
{{ with .Params.participants }}<div><dt>Participants</dt><dd>{{ delimit . "; " }}</dd></div>{{ end }}
{{ with .Params.countries }}<div><dt>Countries</dt><dd>{{ range $i, $c := . }}{{ if $i }}, {{ end }}<a href="{{ (printf "countries/%s/" (urlize $c)) | relLangURL }}">{{ $c }}</a>{{ end }}</dd></div>{{ end }}
{{ with .Params.topics }}<div><dt>Topics</dt><dd>{{ range $i, $c := . }}{{ if $i }}, {{ end }}<a href="{{ (printf "topics/%s/" (urlize $c)) | relLangURL }}">{{ $c }}</a>{{ end }}</dd></div>{{ end }}
</dl>
<nav class="pager" aria-label="Previous and next in this section">{{ with .PrevInSection }}<a rel="prev" href="{{ .RelPermalink }}"><span>Previous</span>{{ .Title }}</a>{{ end }}{{ with .NextInSection }}<a rel="next" href="{{ .RelPermalink }}"><span>Next</span>{{ .Title }}</a>{{ end }}</nav>
{{ range first 1 .Params.topics }}{{ with site.GetPage (printf "/topics/%s" (urlize .)) }}{{ with first 5 .Pages }}<section class="see-also"><h2 id="loupe-related">Related documents</h2>{{ partial "items.html" (dict "pages" . "summaries" false) }}</section>{{ end }}{{ end }}{{ end }}
</div>
</article>{{ end }}
"##,
    ),
    (
        "_default/list.html",
        r##"{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}
{{ partial "items.html" (dict "pages" .Pages "summaries" true) }}{{ end }}
"##,
    ),
    (
        "index.html",
        r##"{{ define "main" }}<div class="intro"><h1>{{ .Site.Title }}</h1></div>
<div class="home-grid">
{{ range .Site.Sections }}<section class="home-section"><h2>{{ .Title }}</h2>
{{ partial "items.html" (dict "pages" (first 5 .RegularPages) "summaries" true) }}<a class="more" href="{{ .RelPermalink }}">See all ({{ len .RegularPages }})</a>
</section>
{{ end }}</div>
<section class="register"><h2>Decisions and actions</h2>
{{ range $m := where .Site.RegularPages "Section" "minutes" }}{{ with $m.Params.actions }}<h3><a href="{{ $m.RelPermalink }}">{{ $m.Title }}</a></h3>
{{ partial "actions.html" . }}{{ end }}{{ end }}</section>{{ end }}
"##,
    ),
    (
        "404.html",
        r##"{{ define "main" }}<h1>Page not found</h1>
<p><a href="{{ .Site.Home.RelPermalink }}">Home</a></p>{{ end }}
"##,
    ),
    (
        "_default/_markup/render-link.html",
        r##"{{ $href := .Destination }}{{ $parts := split .Destination "#" }}{{ $file := index $parts 0 }}{{ if and (strings.HasSuffix $file ".md") (not (strings.Contains $file ":")) }}{{ with site.GetPage (printf "/%s" (path.Join .Page.File.Dir (strings.TrimSuffix ".md" $file))) }}{{ $href = .RelPermalink }}{{ if gt (len $parts) 1 }}{{ $href = printf "%s#%s" $href (index $parts 1) }}{{ end }}{{ end }}{{ end }}<a href="{{ $href | safeURL }}"{{ with .Title }} title="{{ . }}"{{ end }}>{{ .Text | safeHTML }}</a>"##,
    ),
];

/// Writes a Hugo site into `site` whose languages read the corpus at `corpus`.
pub fn write_site(corpus: &Path, site: &Path) -> io::Result<()> {
    let content = fs::canonicalize(corpus.join("content"))?;
    fs::create_dir_all(site)?;
    let lang_dir = |l: &str| content.join(l).display().to_string().replace('"', "\\\"");
    let config = format!(
        r#"# Generated by `cargo xtask bench`: the benchmark corpus as a Hugo site.
baseURL: "http://localhost/"
relativeURLs: true
title: "Kimberley Process peer learning (benchmark corpus)"
params:
  description: "A generated corpus of guidance notes, minutes and case studies."
defaultContentLanguage: en
defaultContentLanguageInSubdir: true
disableKinds: [RSS, sitemap, robotsTXT]
taxonomies:
  country: countries
  topic: topics
markup:
  goldmark:
    parser:
      attribute:
        title: true
  tableOfContents:
    startLevel: 2
    endLevel: 3
languages:
  en:
    languageName: English
    weight: 1
    contentDir: "{en}"
  fr:
    languageName: Français
    weight: 2
    contentDir: "{fr}"
"#,
        en = lang_dir("en"),
        fr = lang_dir("fr"),
    );
    fs::write(site.join("config.yaml"), config)?;
    for (path, text) in LAYOUTS {
        let path = site.join("layouts").join(path);
        fs::create_dir_all(path.parent().expect("layouts have a folder"))?;
        fs::write(path, text)?;
    }
    Ok(())
}
