// Decoding the client index: varints, postings, vocabulary shards.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadEngine, encodeVarints, encodePostings } from "./helpers.mjs";

const { decodeVarints, decodePostings, decodeVocabShard } = loadEngine();

test("varints round-trip, small numbers in one character", () => {
  const numbers = [0, 1, 31, 32, 1023, 1024, 123456789, 2 ** 40];
  assert.deepEqual(decodeVarints(encodeVarints(numbers)), numbers);
  assert.equal(encodeVarints([31]).length, 1);
  assert.deepEqual(decodeVarints("AfgB_A"), [0, 31, 32, 31]);
});

test("postings decode per field, with tf above 3 and doc ids from the block's first doc", () => {
  const fields = [
    [[2, 1, 7], [5, 6, 9]],
    [],
    [[2, 3, 30], [3, 4, 12], [40, 2, 12]],
  ];
  const decoded = decodePostings(encodePostings(fields, 0), 0);
  assert.equal(decoded.length, 3);
  fields.forEach((postings, f) => {
    assert.deepEqual(decoded[f].docs, postings.map((p) => p[0]));
    assert.deepEqual(decoded[f].tfs, postings.map((p) => p[1]));
    assert.deepEqual(decoded[f].norms, postings.map((p) => p[2]));
  });
  const block = decodePostings(encodePostings([[], [], [[100, 1, 5], [103, 2, 6]]], 100), 100);
  assert.deepEqual(block[2].docs, [100, 103]);
  assert.deepEqual(decodePostings("", 0).map((p) => p.docs.length), [0, 0, 0]);
});

test("vocabulary shards are front-coded, stems a prefix of the word plus a suffix", () => {
  const shard = decodeVocabShard("0 certificate 6  1a|11 s 6  1a|4 ify 6 y 2|");
  assert.deepEqual(shard.words, ["certificate", "certificates", "certify"]);
  assert.deepEqual(shard.stems, ["certif", "certif", "certify"]);
  assert.deepEqual(shard.shards, [26, 26, 2]);
  assert.deepEqual(decodeVocabShard(""), { words: [], stems: [], shards: [] });
});
