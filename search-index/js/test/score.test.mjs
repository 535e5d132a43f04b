// BM25 in tantivy's f32 steps, against the formula computed in f64.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadEngine, bm25 } from "./helpers.mjs";

const { idf, lengthNorms, addScores } = loadEngine();
const close = (a, b) => Math.abs(a - b) <= 1e-5 * Math.max(1, Math.abs(b));

test("idf is tantivy's, as an f32", () => {
  for (const [df, n] of [[1, 10], [5, 10], [10, 10], [3, 10000]]) {
    const expected = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    const got = idf(df, n);
    assert.ok(close(got, expected), `${df}/${n}: ${got} vs ${expected}`);
    assert.equal(got, Math.fround(got));
  }
});

test("length norms: K1 at the average length, more for longer fields", () => {
  const [title] = lengthNorms([["title", 3, 40]], [0, 2, 4, 8], 10);
  assert.ok(close(title[2], 1.2), `${title[2]}`);
  assert.ok(close(title[3], 1.2 * (0.25 + 0.75 * 2)));
  assert.ok(title[3] > title[2] && title[2] > title[1]);
});

test("scores sum the fields of a term, each as BM25 with the field's boost", () => {
  const fields = [["title", 3, 20], ["headings", 1.5, 10], ["body", 1, 400]];
  const index = { docCount: 10, fields, lengthNorms: lengthNorms(fields, Array.from({ length: 64 }, (_, i) => i), 10) };
  const postings = [
    { docs: [1, 4], tfs: [1, 2], norms: [2, 3] },
    { docs: [], tfs: [], norms: [] },
    { docs: [1, 7], tfs: [3, 1], norms: [40, 35] },
  ];
  const docFreqs = [2, 0, 2];
  const into = new Map();
  addScores(index, docFreqs, postings, into);
  const expect1 = bm25(1, 2, 2, 2, 10, 3) + bm25(3, 40, 40, 2, 10, 1);
  assert.ok(close(into.get(1), expect1), `${into.get(1)} vs ${expect1}`);
  assert.ok(close(into.get(4), bm25(2, 3, 2, 2, 10, 3)));
  assert.ok(close(into.get(7), bm25(1, 35, 40, 2, 10, 1)));
  assert.deepEqual([...into.keys()].sort(), [1, 4, 7]);
  for (const v of into.values()) assert.equal(v, Math.fround(v));
});
