// Facets: runs of doc ids, filters (OR within a facet, AND across facets).
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadEngine } from "./helpers.mjs";

const { runValue, failedFilters, hasFilters, facetValues } = loadEngine();

test("the run holding a doc gives its value", () => {
  const runs = [["a", 0, 2], ["b", 2, 3], ["b", 4, 5]];
  assert.deepEqual([0, 1, 2, 3, 4, 5].map((d) => runValue(runs, d)), ["a", "a", "b", null, "b", null]);
  assert.equal(runValue([], 0), null);
});

test("filters: a doc fails a facet with none of its values; counts and names the last", () => {
  const values = { type: ["guidance"], year: ["2015"], country: ["SL", "LR"], topic: [] };
  assert.deepEqual(failedFilters(values, {}), { count: 0, facet: null });
  assert.deepEqual(failedFilters(values, { country: ["GN", "LR"], type: ["guidance"] }), { count: 0, facet: null });
  assert.deepEqual(failedFilters(values, { country: ["GN"] }), { count: 1, facet: "country" });
  assert.deepEqual(failedFilters(values, { type: ["minutes"], topic: ["x"] }), { count: 2, facet: "topic" });
  assert.ok(hasFilters({ year: ["2015"] }) && !hasFilters({ year: [], type: [] }) && !hasFilters({}));
});

test("a doc's facet values: type and year from runs, countries and topics from lists", () => {
  const index = { typeRuns: [["minutes", 0, 2]], yearRuns: [["2016", 1, 2]] };
  const lists = { country: [["SL"], undefined], topic: [] };
  assert.deepEqual(facetValues(index, lists, 0), { type: ["minutes"], year: [], country: ["SL"], topic: [] });
  assert.deepEqual(facetValues(index, null, 1), { type: ["minutes"], year: ["2016"], country: [], topic: [] });
});
