// @ts-check
/* Decoding the client index: varints, postings and vocabulary shards (see the README's
 * "Client index" for the format). */

/**
 * Decodes base-32 varints over `A–Z a–z 0–9 - _`: a character of value < 32 ends a number,
 * one of value ≥ 32 carries 5 more bits.
 * @param {string} text
 * @returns {number[]}
 */
function decodeVarints(text) {
  /** @type {number[]} */
  const out = [];
  let value = 0;
  let scale = 1;
  for (let i = 0; i < text.length; i++) {
    const digit = varintDigit(text.charCodeAt(i));
    if (digit < 32) {
      out.push(value + digit * scale);
      value = 0;
      scale = 1;
    } else {
      value += (digit - 32) * scale;
      scale *= 32;
    }
  }
  return out;
}

/**
 * The value of one varint character.
 * @param {number} code
 * @returns {number}
 */
function varintDigit(code) {
  if (code >= 65 && code <= 90) return code - 65;
  if (code >= 97 && code <= 122) return code - 71;
  if (code >= 48 && code <= 57) return code + 4;
  return code === 45 ? 62 : 63;
}

/**
 * Postings as the exporter encodes them, for title, headings and body: per field a count, a
 * base fieldnorm id, then per posting `delta × 4 + min(tf − 1, 3)` (then `tf − 4` when that
 * is 3) and `fieldnorm id − base`. Doc ids count from `firstDoc`.
 * @param {string} text
 * @param {number} firstDoc
 * @returns {FieldPostings[]}
 */
function decodePostings(text, firstDoc) {
  const values = decodeVarints(text);
  let at = 0;
  /** @type {FieldPostings[]} */
  const fields = [];
  for (let field = 0; field < 3; field++) {
    const count = values[at++] || 0;
    const baseNorm = count ? values[at++] : 0;
    /** @type {FieldPostings} */
    const postings = { docs: [], tfs: [], norms: [] };
    let doc = firstDoc;
    for (let j = 0; j < count; j++) {
      const packed = values[at++];
      const tf = (packed % 4) + 1;
      doc += (packed - tf + 1) / 4;
      postings.docs.push(doc);
      postings.tfs.push(tf === 4 ? 4 + values[at++] : tf);
      postings.norms.push(values[at++] + baseNorm);
    }
    fields.push(postings);
  }
  return fields;
}

/**
 * A vocabulary shard: `|`-separated entries `prefixLen rest stemKeep stemRest shardHex`, the
 * word front-coded against the previous one, the stem a prefix of the word plus a suffix.
 * @param {string} text
 * @returns {VocabShard}
 */
function decodeVocabShard(text) {
  /** @type {VocabShard} */
  const shard = { words: [], stems: [], shards: [] };
  let previous = '';
  for (const entry of text.split('|')) {
    if (!entry) continue;
    const [prefixLength, rest, stemKeep, stemRest, shardHex] = entry.split(' ');
    const word = previous.slice(0, +prefixLength) + rest;
    shard.words.push(word);
    shard.stems.push(word.slice(0, +stemKeep) + stemRest);
    shard.shards.push(parseInt(shardHex, 16));
    previous = word;
  }
  return shard;
}

/**
 * The last index i below `length` for which `atMost(i)` holds, where it holds for a prefix
 * of the indexes (a binary search); -1 when it holds for none.
 * @param {number} length
 * @param {(i: number) => boolean} atMost
 * @returns {number}
 */
function lastAtMost(length, atMost) {
  let low = 0;
  let high = length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (atMost(middle)) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}
