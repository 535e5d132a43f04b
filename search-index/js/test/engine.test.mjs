// The engine end to end on a small index made in memory: ranking, counts, facets, quick
// searches, prefixes, typos, browsing and all languages.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadEngine, buildIndex, fakeHost, bm25 } from "./helpers.mjs";

const E = loadEngine();

const EN = [
  { url: "en/a/index.html", title: "Rough diamonds", body: "Rough diamonds need a certificate at every border.", type: "guidance", date: "2015-03-01", countries: ["SL"], topics: ["certification"], group: "a" },
  { url: "en/b/index.html", title: "Minutes of the plenary", body: "The plenary discussed smuggling and rough diamond exports.", type: "minutes", date: "2016-06-01", countries: ["LR"] },
  { url: "en/c/index.html", title: "Case study", body: "Artisanal miners sell diamonds to traders.", type: "case-study", date: "2014-01-01", countries: ["SL", "GN"] },
  { url: "en/d/index.html", title: "Valuation", body: "Valuation of a <b>parcel</b> & its certificate.", type: "guidance", date: "2016-09-01", countries: ["GN"] },
];
const FR = [
  { url: "fr/a/index.html", title: "Diamants bruts", body: "Le diamant brut exige un certificat.", type: "guidance", date: "2015-03-01", countries: ["SL"], group: "a" },
  { url: "fr/e/index.html", title: "Exportations", body: "Les exportations de diamant brut.", type: "guidance", date: "2016-01-01" },
];

function engine() {
  const languages = { en: "English", fr: "Français" };
  const files = new Map([
    ...buildIndex("en", EN, { langs: ["en", "fr"], labels: { type: { guidance: "Guidance notes" }, country: { SL: "Sierra Leone" }, language: languages } }),
    ...buildIndex("fr", FR, { langs: ["en", "fr"], labels: { language: languages } }),
  ]);
  files.set("g//0", [{ fr: ["diamant brut"], en: ["rough diamond"] }]);
  let loader;
  const { host, asked } = fakeHost(files, () => loader.register);
  loader = E.createLoader(host);
  return { search: E.createSearch(loader, () => "en"), asked };
}

test("hits are ranked by BM25 summed over words and fields, with records and snippets", async () => {
  const { search } = engine();
  const hits = await search("rough diamonds ", { lang: "en" });
  // c has `diamonds` in a short body, b only `rough` (and `diamond`, another word: no stemmer here).
  assert.deepEqual(hits.map((h) => h.url), ["en/a/index.html", "en/c/index.html", "en/b/index.html"]);
  assert.equal(hits.total, 3);
  // Doc a: `rough` and `diamonds` once in a 2-word title and in a 8-word body.
  const avgTitle = (2 + 4 + 2 + 1) / 4, avgBody = (8 + 8 + 6 + 8) / 4;
  const expected = bm25(1, 2, avgTitle, 1, 4, 3) + bm25(1, 8, avgBody, 2, 4, 1) + bm25(1, 2, avgTitle, 1, 4, 3) + bm25(1, 8, avgBody, 2, 4, 1);
  assert.ok(Math.abs(hits[0].score - expected) < 1e-4, `${hits[0].score} vs ${expected}`);
  assert.equal(hits[0].typeLabel, "Guidance notes");
  assert.deepEqual(hits[0].countryLabels, ["Sierra Leone"]);
  assert.equal(hits[0].year, "2015");
  assert.match(hits[0].snippet, /<mark>Rough<\/mark> <mark>diamonds<\/mark>/);
});

test("snippets escape the document's text", async () => {
  const { search } = engine();
  const [hit] = await search("valuation ", { lang: "en" });
  assert.equal(hit.snippet, "<mark>Valuation</mark> of a &lt;b&gt;parcel&lt;/b&gt; &amp; its certificate.");
});

test("facets count every match, disjunctively; filters narrow", async () => {
  const { search } = engine();
  const all = await search("diamonds ", { lang: "en", facets: true });
  assert.equal(all.total, 2);
  assert.deepEqual(all.facets.type, { guidance: 1, "case-study": 1 });
  const sl = await search("", { lang: "en", facets: true, filters: { country: ["SL"], type: ["guidance"] } });
  assert.deepEqual(sl.map((h) => h.url), ["en/a/index.html"]);
  // The type counts ignore the type filter, keep the country filter.
  assert.deepEqual(sl.facets.type, { guidance: 1, "case-study": 1 });
});

test("an empty query browses, newest year first", async () => {
  const { search } = engine();
  const hits = await search("", { lang: "en", limit: 10 });
  assert.deepEqual(hits.map((h) => h.year), ["2016", "2016", "2015", "2014"]);
  assert.equal(hits.total, 4);
});

test("a quick search answers only from loaded files", async () => {
  const { search, asked } = engine();
  await assert.rejects(search("border ", { lang: "en", quick: true }), (e) => e === E.MISS);
  assert.deepEqual(asked, []);
  await search("border ", { lang: "en" });
  const n = asked.length;
  const again = await search("border ", { lang: "en", quick: true });
  assert.equal(again.length, 1);
  assert.equal(asked.length, n);
});

test("the word being typed matches as a prefix; a typo within one edit matches below", async () => {
  const { search } = engine();
  assert.deepEqual((await search("certif", { lang: "en" })).map((h) => h.url).sort(), ["en/a/index.html", "en/d/index.html"]);
  assert.equal((await search("certif ", { lang: "en" })).length, 0);
  const typo = await search("smugling ", { lang: "en" });
  const exact = await search("smuggling ", { lang: "en" });
  assert.equal(typo[0].url, exact[0].url);
  assert.ok(typo[0].score < exact[0].score);
});

test("the word being typed counts the five shortest words it begins, loading only their postings shards", async () => {
  // Ten words beginning with `cav`, two to a postings shard: `cava` and `cavb` in shard 0,
  // `cavc` and `cavd` in 1, `cavea` and `caveb` in 2, the longer words in shards 3 and 4.
  const words = ["cava", "cavb", "cavc", "cavd", "cavea", "caveb", "cavec", "caved", "cavee", "cavef"];
  const docs = words.map((w, i) => ({ url: `en/${i}/index.html`, title: w, body: w }));
  const files = buildIndex("en", docs, { wordsPerShard: 2 });
  assert.ok(files.has("p/en/4") && !files.has("p/en/5"));
  let loader;
  const { host, asked } = fakeHost(files, () => loader.register);
  loader = E.createLoader(host);
  const search = E.createSearch(loader, () => "en");
  const hits = await search("cav", { lang: "en", limit: 10 });
  assert.deepEqual(hits.map((h) => h.url).sort(), [0, 1, 2, 3, 4].map((i) => `en/${i}/index.html`));
  assert.deepEqual(asked.filter((u) => u.includes("/p/")).sort(), [0, 1, 2].map((i) => `site/search/en/p/${i}.js`));
  // A finished word matches only itself.
  const exact = await search("cavef ", { lang: "en" });
  assert.deepEqual(exact.map((h) => h.url), ["en/9/index.html"]);
});

test("all languages carries the query with the glossary and merges by score", async () => {
  const { search } = engine();
  const hits = await search("diamant brut ", { lang: "fr", allLanguages: true, limit: 10 });
  assert.deepEqual([...new Set(hits.map((h) => h.lang))].sort(), ["en", "fr"]);
  assert.ok(hits.every((h, i) => i === 0 || hits[i - 1].score >= h.score));
  const french = await search("diamant brut ", { lang: "fr" });
  assert.ok(french.every((h) => h.lang === "fr"));
});

test("all languages shows a document and its translation once, in the page's language, also in the other", async () => {
  const { search } = engine();
  // en/a and fr/a are translations (group "a"); en/b, en/c and fr/e have none.
  const fromFrench = await search("diamant brut ", { lang: "fr", allLanguages: true, limit: 10 });
  const urls = fromFrench.map((h) => h.url);
  assert.ok(urls.includes("fr/a/index.html") && !urls.includes("en/a/index.html"), JSON.stringify(urls));
  assert.equal(new Set(urls).size, urls.length);
  const a = fromFrench.find((h) => h.url === "fr/a/index.html");
  assert.deepEqual(a.alsoIn, [{ lang: "en", label: "English", url: "en/a/index.html" }]);
  assert.ok(fromFrench.filter((h) => h !== a).every((h) => !h.alsoIn), "documents without a translation have no alsoIn");
  // Counted once: every match of both languages, less the one translation pair.
  const en = await search("rough diamond ", { lang: "en", limit: 10 });
  const fr = await search("diamant brut ", { lang: "fr", limit: 10 });
  assert.equal(fromFrench.total, en.total + fr.total - 1);
  assert.equal(fromFrench.length, fromFrench.total);
  // From an English page the English version is the one shown.
  const fromEnglish = await search("rough diamond ", { lang: "en", allLanguages: true, limit: 10 });
  const shown = fromEnglish.filter((h) => h.url.endsWith("/a/index.html"));
  assert.deepEqual(shown.map((h) => [h.url, h.alsoIn.map((o) => o.url)]), [["en/a/index.html", ["fr/a/index.html"]]]);
  // One language alone is unchanged: no grouping, no alsoIn.
  assert.ok(en.every((h) => !h.alsoIn));
  // Facets count a document and its translation once too (en/a and fr/a are both in SL).
  const faceted = await search("diamant brut ", { lang: "fr", allLanguages: true, limit: 10, facets: true });
  assert.equal(faceted.facets.country.SL, 1);
  assert.equal(faceted.facets.type.guidance, fromFrench.filter((h) => h.type === "guidance").length);
});

test("a word found only through a typo is reported corrected; exact and prefix matches are not", async () => {
  const { search } = engine();
  assert.equal((await search("smugling exports ", { lang: "en" })).corrected, "smuggling exports");
  assert.equal((await search("smuggling ", { lang: "en" })).corrected, undefined);
  assert.equal((await search("smug", { lang: "en" })).corrected, undefined);
});

test("a language without an index rejects; a language code is never a path", async () => {
  const { search, asked } = engine();
  await assert.rejects(search("x", { lang: "de" }), /no search index/);
  await assert.rejects(search("x", { lang: "../../evil" }), /cannot load/);
  assert.ok(asked.every((u) => u.startsWith("site/search/") && !u.includes("..")));
});
