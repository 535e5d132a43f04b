// Carrying a query into another language; snippets with marked words, always escaped.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadEngine } from "./helpers.mjs";

const { translateQuery, escapeHtml, snippetOf, snippetHtml, isMarked } = loadEngine();

const glossary = [
  { fr: ["diamant brut", "diamant"], en: ["rough diamond"] },
  { fr: ["processus de kimberley"], en: ["kimberley process"] },
  { fr: ["sans traduction"] },
];

test("the longest glossary form at each word is replaced; other words stay", () => {
  assert.equal(translateQuery("Diamant brut du Processus de Kimberley", "fr", "en", glossary, {}), "rough diamond du kimberley process");
  assert.equal(translateQuery("diamant", "fr", "en", glossary, {}), "rough diamond");
  assert.equal(translateQuery("sans traduction", "fr", "en", glossary, {}), "sans traduction");
  // A trailing space or punctuation ends the word being typed: it is kept.
  assert.equal(translateQuery("diamant brut ", "fr", "en", glossary, {}), "rough diamond ");
  assert.equal(translateQuery("", "fr", "en", glossary, {}), "");
});

test("escaping covers the five HTML characters", () => {
  assert.equal(escapeHtml(`<img src=x onerror="a('b')">&`), "&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;");
  assert.equal(escapeHtml(null), "");
});

test("snippets: the fragment with the most matched words, marked, the rest escaped", () => {
  const marks = { surfaces: ["diamond"], stems: ["certific"] };
  assert.ok(isMarked("Certificates", marks, {}) && !isMarked("certifiably", marks, {}) && isMarked("DIAMOND", marks, {}));
  const fragments = ["Nothing here.", "A <b>diamond</b> & its certificate.", "One diamond."];
  const { parts, text } = snippetOf(fragments, marks, {});
  assert.equal(text, fragments[1]);
  assert.deepEqual(parts, [["A <b>", false], ["diamond", true], ["</b> & its ", false], ["certificate", true], [".", false]]);
  assert.equal(snippetHtml(parts), "A &lt;b&gt;<mark>diamond</mark>&lt;/b&gt; &amp; its <mark>certificate</mark>.");
  assert.deepEqual(snippetOf([], marks, {}), { parts: [], text: "" });
  assert.deepEqual(snippetOf(undefined, marks, {}), { parts: [], text: "" });
});
