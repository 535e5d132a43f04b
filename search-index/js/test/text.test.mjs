// Words as tantivy's SimpleTokenizer splits them, folded as the index folds them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadEngine } from "./helpers.mjs";

const { utf8Length, foldWord, queryWords, endsInWord } = loadEngine();

test("UTF-8 lengths count bytes, a surrogate pair as 4", () => {
  assert.deepEqual(["a", "é", "€", "😀", "aé😀"].map(utf8Length), [1, 2, 3, 4, 7]);
});

test("folding lowercases, uses the corpus table first, else drops combining marks", () => {
  assert.equal(foldWord("Sécurité", undefined), "securite");
  assert.equal(foldWord("Œuvre", { "œ": "oe" }), "oeuvre");
  assert.equal(foldWord("ÇA", {}), "ca");
});

test("query words split like tantivy: elisions, repeats once, NFC, long words dropped", () => {
  assert.deepEqual(queryWords("l'été"), ["l", "ete"]);
  assert.deepEqual(queryWords("Diamond diamond DIAMOND diamonds"), ["diamond", "diamonds"]);
  assert.deepEqual(queryWords("e\u0301te\u0301"), ["ete"]);
  const long = "a".repeat(40);
  assert.deepEqual(queryWords(`${long} ${"b".repeat(39)}`), ["b".repeat(39)]);
  assert.deepEqual(queryWords("title:\"rough AND (diamond"), ["title", "rough", "and", "diamond"]);
  assert.deepEqual(queryWords(null), []);
});

test("a query ends in a word unless it ends with a space or punctuation", () => {
  assert.equal(endsInWord("certif"), true);
  assert.equal(endsInWord("certif "), false);
  assert.equal(endsInWord("certif."), false);
  assert.equal(endsInWord(""), true);
});
