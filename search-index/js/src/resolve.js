// @ts-check
/* Resolving a query word to the stems that count for it: the word itself, words it begins
 * (while it is being typed) and, when nothing matches, words within a typo or two. */

/** The weight of a word the typed word begins. */
const PREFIX_FACTOR = 0.9;
/** The weight of a word one typo away (divided by the number of edits). */
const TYPO_FACTOR = 0.5;
/** At most this many stems count for a word, the exact one included. */
const MAX_EXPANSIONS = 5;

/**
 * Edit distance with transpositions counting as one (optimal string alignment); any
 * distance above `max` is reported as max + 1.
 * @param {string} a
 * @param {string} b
 * @param {number} max
 * @returns {number}
 */
function editDistance(a, b, max) {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  /** @type {number[] | null} */
  let beforePrevious = null;
  /** @type {number[]} */
  let previous = [];
  for (let j = 0; j <= b.length; j++) previous.push(j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (beforePrevious && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, beforePrevious[j - 2] + 1);
      }
      current.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length];
}

/**
 * The candidates of one folded query word, the exact match first: prefix matches when it is
 * the word being typed (3+ letters), typo matches when nothing else matched (1 edit for 5+
 * letters, 2 for 9+).
 * @param {LanguageIndex} index
 * @param {string} word
 * @param {boolean} isTyped  The last word, still being typed.
 * @param {SearchOptions} opts
 * @returns {Promise<Candidate[]>}
 */
function wordCandidates(index, word, isTyped, opts) {
  const prefix = isTyped && opts.prefix !== false && word.length >= 3;
  const high = prefix ? word + '\uffff' : word + '\u0000';
  return vocabRange(index, word, high, 6, opts.quick).then((entries) => {
    /** @type {Candidate[]} */
    const out = [];
    /** @type {Set<string>} */
    const seen = new Set();
    entries.sort((x, y) => x.word.length - y.word.length || (x.word < y.word ? -1 : 1));
    for (const entry of entries) {
      const exact = entry.word === word;
      if (!exact && (seen.has(entry.stem) || out.length >= MAX_EXPANSIONS)) continue;
      seen.add(entry.stem);
      out.push(Object.assign(entry, { factor: exact ? 1 : PREFIX_FACTOR }));
    }
    const maxEdits = word.length >= 9 ? 2 : word.length >= 5 ? 1 : 0;
    if (out.length || opts.typo === false || !maxEdits) return out;
    return typoCandidates(index, word, maxEdits, seen, opts.quick);
  });
}

/**
 * Words within `maxEdits` of a word, among those sharing its first two letters, nearest
 * first.
 * @param {LanguageIndex} index
 * @param {string} word
 * @param {number} maxEdits
 * @param {Set<string>} seen  Stems already taken.
 * @param {boolean} [quick]
 * @returns {Promise<Candidate[]>}
 */
function typoCandidates(index, word, maxEdits, seen, quick) {
  const start = word.slice(0, 2);
  return vocabRange(index, start, start + '\uffff', 12, quick).then((entries) => {
    /** @type {{ edits: number, entry: VocabEntry }[]} */
    const near = [];
    for (const entry of entries) {
      const edits = editDistance(word, entry.word, maxEdits);
      if (edits <= maxEdits) near.push({ edits, entry });
    }
    near.sort((x, y) => x.edits - y.edits || (x.entry.word < y.entry.word ? -1 : 1));
    /** @type {Candidate[]} */
    const out = [];
    for (const { edits, entry } of near) {
      if (seen.has(entry.stem) || out.length >= MAX_EXPANSIONS) continue;
      seen.add(entry.stem);
      out.push(Object.assign(entry, { factor: TYPO_FACTOR / edits, typo: true }));
    }
    return out;
  });
}
