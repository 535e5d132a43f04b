// Top k, score bounds and ranking with impact tiers, on hand-made terms.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadEngine, encodePostings, encodeVarints } from "./helpers.mjs";

const E = loadEngine();

test("top k keeps the k best in order, ties by the comparator", () => {
  let seed = 7;
  const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const items = Array.from({ length: 500 }, (_, doc) => ({ doc, score: Math.floor(random() * 50) }));
  const better = (a, b) => a.score > b.score || (a.score === b.score && a.doc < b.doc);
  const top = E.createTopK(10, better);
  items.forEach(top.add);
  const sorted = items.slice().sort((a, b) => b.score - a.score || a.doc - b.doc).slice(0, 10);
  assert.deepEqual(top.items, sorted);
  const none = E.createTopK(0, better);
  items.forEach(none.add);
  assert.deepEqual(none.items, []);
});

/**
 * A language index of `docCount` docs with one tiered term: tier 1 holds `tier1` docs (all
 * fields), tier 2 the others in T blocks (title) and B blocks (body) served by a fake loader.
 */
function tieredIndex() {
  const docCount = 60;
  const fields = [["title", 3, 120], ["headings", 1.5, 60], ["body", 1, 3000]];
  const norms = Array.from({ length: 64 }, (_, i) => i);
  const lengthNorms = E.lengthNorms(fields, norms, docCount);
  const files = new Map();
  const loader = E.createLoader({
    base: "s/",
    loadScript(url, done) {
      const id = Number(url.match(/\/t\/(\d+)\.js$/)[1]);
      loader.register("t", "en", id, files.get(id));
      done();
    },
  });
  const index = { loader, lang: "en", docCount, fields, lengthNorms, scratch: null };
  // Postings: every doc in the body; every 7th doc in the title too.
  const title = [], body = [];
  for (let d = 0; d < docCount; d++) {
    body.push([d, 1 + (d % 5), 20 + (d % 40)]);
    if (d % 7 === 0) title.push([d, 1, 2 + (d % 3)]);
  }
  const docFreqs = [title.length, 0, body.length];
  const full = new Map();
  E.addScores(index, docFreqs, [title, [], body].map((ps) => ({ docs: ps.map((p) => p[0]), tfs: ps.map((p) => p[1]), norms: ps.map((p) => p[2]) })), full);
  // Tier 1: the 8 best docs.
  const ranked = [...full.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const tier1 = new Set(ranked.slice(0, 8).map((e) => e[0]));
  const rest = (ps) => ps.filter((p) => !tier1.has(p[0]));
  const only = (ps) => ps.filter((p) => tier1.has(p[0]));
  // Tier 2 parts in blocks of 10 docs: T (title) then B (body).
  let nextId = 0;
  const part = (postings, fieldNo) => {
    const starts = [], levels = [];
    const blocks = [];
    for (let start = 0; start < docCount; start += 10) {
      const inBlock = postings.filter((p) => p[0] >= start && p[0] < start + 10);
      if (!inBlock.length) continue;
      starts.push(start);
      const lists = [[], [], []];
      lists[fieldNo] = inBlock;
      const scores = new Map();
      E.addScores(index, docFreqs, lists.map((ps) => ({ docs: ps.map((p) => p[0]), tfs: ps.map((p) => p[1]), norms: ps.map((p) => p[2]) })), scores);
      blocks.push({ start, lists, max: Math.max(...scores.values()) });
    }
    const max = Math.max(...blocks.map((b) => b.max)) * 1.00001;
    // One block a file, the file numbered as the block: the first file, then each block's after it.
    const fileDeltas = [nextId].concat(blocks.map((b, i) => i));
    blocks.forEach((b) => {
      files.set(nextId++, encodePostings(b.lists, b.start));
      levels.push(Math.min(31, Math.ceil((b.max * 1.00001 * 31) / max)));
    });
    const deltas = starts.concat([docCount]).map((s, i, a) => s - (i ? a[i - 1] : 0));
    return [max, encodeVarints(deltas), levels.map((q) => "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef"[q]).join(""), encodeVarints(fileDeltas)];
  };
  const T = part(rest(title), 0);
  const B = part(rest(body), 2);
  const data = [encodePostings([only(title), [], only(body)], 0), encodeVarints(docFreqs), 0, T, B];
  const term = E.decodeTerm(index, data);
  return { index, term, full, files };
}

test("bounds hold every score; rankTop loads blocks until the top k is exact", async () => {
  const { index, term, full, files } = tieredIndex();
  const candidates = [[{ stem: "x", shard: 0, word: "x", factor: 1, term }]];
  const before = E.scoreBounds(index, candidates);
  for (const [doc, score] of full) {
    assert.ok(before.lo[doc] <= Math.fround(score) && Math.fround(score) <= before.hi[doc], `doc ${doc}`);
  }
  for (const k of [1, 5, 12, 30]) {
    const bounds = await E.rankTop(index, candidates, [term], k, null);
    const expected = [...full.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, k);
    const got = bounds.top || [...full.keys()].sort((a, b) => bounds.lo[b] - bounds.lo[a] || a - b).slice(0, k);
    assert.deepEqual(got, expected.map((e) => e[0]), `k = ${k}`);
    got.forEach((doc, i) => assert.equal(bounds.lo[doc], Math.fround(expected[i][1])));
  }
  // Complete: every block loaded, every score exact.
  await E.loadAllTierBlocks(index, [term]);
  assert.equal(term.blocksLeft, 0);
  const exact = E.scoreBounds(index, candidates);
  for (const [doc, score] of full) {
    assert.equal(exact.lo[doc], exact.hi[doc]);
    assert.equal(exact.lo[doc], Math.fround(score));
  }
  assert.ok(files.size > 4);
});
