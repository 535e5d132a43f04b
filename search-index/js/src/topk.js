// @ts-check
/* Ranking with impact tiers: bounds of every document's score, and loading tier-2 blocks
 * until the top k is exact (see the README's "Impact tiers, block maxima and progressive
 * counts"). */

/**
 * Keeps the k best of the items offered, in order.
 * @template T
 * @param {number} k
 * @param {(a: T, b: T) => boolean} better  Whether a ranks before b.
 * @returns {{ items: T[], add: (item: T) => void }}
 */
function createTopK(k, better) {
  /** @type {T[]} */
  const items = [];
  return {
    items,
    add(item) {
      if (k <= 0 || (items.length >= k && !better(item, items[k - 1]))) return;
      let at = items.length;
      while (at > 0 && better(item, items[at - 1])) at--;
      items.splice(at, 0, item);
      if (items.length > k) items.pop();
    },
  };
}

/**
 * Bounds of every document's score, as Float32Arrays over doc ids: lo counts the postings
 * loaded, hi adds the bound of every block not loaded that could hold the document; per word
 * its best candidate (times the candidate's factor), words summed in order, in f32, which is
 * monotonic, so lo ≤ score ≤ hi, and lo = hi means the score is exact. lo = 0: the document
 * was not seen in the postings loaded; its hi still bounds its score.
 * @param {LanguageIndex} index
 * @param {Candidate[][]} candidates  Per query word.
 * @returns {Bounds}
 */
function scoreBounds(index, candidates) {
  const docCount = index.docCount;
  const lo = new Float32Array(docCount);
  const hi = new Float32Array(docCount);
  const scratch = index.scratch || (index.scratch = [0, 1, 2, 3, 4, 5].map(() => new Float32Array(docCount)));
  const work = { wordLo: scratch[0], wordHi: scratch[1], partLo: [scratch[2], scratch[3]], partHi: [scratch[4], scratch[5]] };
  for (const wordCandidates of candidates) {
    work.wordLo.fill(0);
    work.wordHi.fill(0);
    for (const candidate of wordCandidates) {
      const term = candidate.term;
      if (!term) continue;
      if (term.parts.length) boundTieredCandidate(term, candidate.factor, work, docCount);
      else boundCandidate(term, candidate.factor, work);
    }
    for (let doc = 0; doc < docCount; doc++) {
      lo[doc] = f32(lo[doc] + work.wordLo[doc]);
      hi[doc] = f32(hi[doc] + work.wordHi[doc]);
    }
  }
  return { lo, hi };
}

/**
 * @typedef {Object} BoundsWork
 * @property {Float32Array} wordLo  The word's best lower bound per doc, so far.
 * @property {Float32Array} wordHi  The word's best upper bound per doc, so far.
 * @property {Float32Array[]} partLo  Per part of tier 2.
 * @property {Float32Array[]} partHi
 */

/**
 * A candidate whose postings are all loaded: its scores are exact.
 * @param {Term} term
 * @param {number} factor
 * @param {BoundsWork} work
 */
function boundCandidate(term, factor, work) {
  term.scores.forEach((score, doc) => {
    const value = factor !== 1 ? f32(score * factor) : score;
    if (value > work.wordLo[doc]) work.wordLo[doc] = value;
    if (value > work.wordHi[doc]) work.wordHi[doc] = value;
  });
}

/**
 * A tiered candidate: per part of tier 2, its scores where loaded and the block bounds where
 * not; tier 1's documents have all their fields in part 0.
 * @param {Term} term
 * @param {number} factor
 * @param {BoundsWork} work
 * @param {number} docCount
 */
function boundTieredCandidate(term, factor, work, docCount) {
  const left = term.blocksLeft;
  const { partLo, partHi, wordLo, wordHi } = work;
  term.parts.forEach((part, partNo) => {
    partLo[partNo].fill(0);
    if (left) partHi[partNo].fill(0);
    part.starts.forEach((start, block) => {
      if (!left || part.loaded[block]) return;
      const end = block + 1 < part.starts.length ? part.starts[block + 1] : part.end;
      partHi[partNo].fill(part.blockMax[block], start, end);
    });
    part.scores.forEach((score, doc) => {
      partLo[partNo][doc] = score;
      if (left) partHi[partNo][doc] = score;
    });
  });
  term.scores.forEach((score, doc) => {
    partLo[0][doc] = score;
    partLo[1][doc] = 0;
    if (left) {
      partHi[0][doc] = score;
      partHi[1][doc] = 0;
    }
  });
  const [lo0, lo1] = partLo;
  const [hi0, hi1] = partHi;
  for (let doc = 0; doc < docCount; doc++) {
    let low = f32(lo0[doc] + lo1[doc]);
    let high = left ? f32(hi0[doc] + hi1[doc]) : low;
    if (factor !== 1) {
      low = f32(low * factor);
      high = f32(high * factor);
    }
    if (low > wordLo[doc]) wordLo[doc] = low;
    if (high > wordHi[doc]) wordHi[doc] = high;
  }
}

/**
 * Loads tier-2 blocks until the top k documents (accepted by `accept`, when given) are known
 * exactly: with θ the k-th best lower bound, every document whose upper bound reaches θ,
 * seen or not, must have its exact score. Blocks of title and headings postings come first:
 * they decide most bounds; body blocks then make the scores exact. Resolves to the bounds,
 * with `top` (the exact top k), or without it when everything is loaded.
 * @param {LanguageIndex} index
 * @param {Candidate[][]} candidates
 * @param {(Term | null)[]} terms
 * @param {number} k
 * @param {((doc: number) => boolean) | null} accept
 * @param {boolean} [quick]
 * @returns {Promise<Bounds>}
 */
function rankTop(index, candidates, terms, k, accept, quick) {
  const bounds = scoreBounds(index, candidates);
  if (!terms.some((term) => term && term.blocksLeft)) return Promise.resolve(bounds);
  const threshold = kthLowerBound(bounds, k, accept, index.docCount);
  const { contenders, needed, carried } = blocksNeeded(bounds, candidates, threshold, accept, index.docCount);
  const partNo = needed[0].length ? 0 : 1;
  if (!needed[partNo].length) {
    contenders.sort((x, y) => bounds.lo[y] - bounds.lo[x] || x - y);
    bounds.top = contenders.slice(0, k);
    return Promise.resolve(bounds);
  }
  /* Body blocks of stems not carried first: they may rule out contenders. Then, when few
   * contenders are left wanting carried body scores, their records give them (the top k's
   * records are loaded anyway to show them); with more, the blocks of the carried stem with
   * the widest bound load, one stem a round (a stop word's body bound is often too small to
   * matter, and its blocks are spread over the whole part). */
  let other = needed[partNo].filter(([term]) => !(partNo && /** @type {number} */ (term.slot) >= 0));
  const records = !other.length && 2 * carried.length <= 3 * k;
  if (!records && !other.length) {
    /* (Not Math.max(...list): a list of contenders × candidates can outgrow the arguments an
     * engine takes.) */
    const widest = needed[partNo].reduce((most, [term]) => Math.max(most, term.parts[partNo].max), 0);
    other = needed[partNo].filter(([term]) => term.parts[partNo].max === widest);
  }
  const jobs = other.map(([term, block]) => loadTierBlock(index, term, partNo, block, quick));
  if (records) for (const doc of carried) jobs.push(carriedScores(index, terms, doc, quick));
  return Promise.all(jobs).then(() => rankTop(index, candidates, terms, k, accept, quick));
}

/**
 * θ: the k-th best lower bound among accepted documents (0 when fewer are seen).
 * @param {Bounds} bounds
 * @param {number} k
 * @param {((doc: number) => boolean) | null} accept
 * @param {number} docCount
 * @returns {number}
 */
function kthLowerBound(bounds, k, accept, docCount) {
  const best = createTopK(k, (/** @type {number} */ x, /** @type {number} */ y) => x > y);
  for (let doc = 0; doc < docCount; doc++) if (bounds.lo[doc] > 0 && (!accept || accept(doc))) best.add(bounds.lo[doc]);
  return best.items.length >= k ? best.items[k - 1] : 0;
}

/**
 * The documents that could reach θ, per part of tier 2 the blocks that could hold those
 * whose score is not exact yet ([term, block] pairs), and those of them wanting the body
 * score of a carried stem.
 * @param {Bounds} bounds
 * @param {Candidate[][]} candidates
 * @param {number} threshold
 * @param {((doc: number) => boolean) | null} accept
 * @param {number} docCount
 * @returns {{ contenders: number[], needed: [Term, number][][], carried: number[] }}
 */
function blocksNeeded(bounds, candidates, threshold, accept, docCount) {
  /** @type {number[]} */
  const contenders = [];
  /** @type {[Term, number][][]} */
  const needed = [[], []];
  /** @type {number[]} */
  const carried = [];
  for (let doc = 0; doc < docCount; doc++) {
    const high = bounds.hi[doc];
    if (!(high > 0) || high < threshold || (accept && !accept(doc))) continue;
    contenders.push(doc);
    if (bounds.lo[doc] === high) continue;
    for (const wordCandidates of candidates) {
      for (const { term } of wordCandidates) {
        if (!term || !term.blocksLeft || term.scores.has(doc)) continue;
        for (let partNo = 0; partNo < 2; partNo++) {
          const part = term.parts[partNo];
          const block = tierBlockOf(part, doc);
          if (block < 0 || part.loaded[block] || part.scores.has(doc)) continue;
          if (partNo && /** @type {number} */ (term.slot) >= 0 && carried[carried.length - 1] !== doc) carried.push(doc);
          /* A block asked for twice loads once (see loadTierBlock). */
          needed[partNo].push([term, block]);
        }
      }
    }
  }
  return { contenders, needed, carried };
}

/**
 * The scores of a document for the carried stems of the query, once their title and
 * headings blocks that could hold it are loaded: its title and headings score (0 when none)
 * plus its body score from its record, summed as scoreBounds sums the parts; kept with the
 * scores of tier 1 (the document's score with every field).
 * @param {LanguageIndex} index
 * @param {(Term | null)[]} terms
 * @param {number} doc
 * @param {boolean} [quick]
 * @returns {Promise<void>}
 */
function carriedScores(index, terms, doc, quick) {
  return loadRecord(index, doc, quick).then((row) => {
    const values = decodeVarints((row || '')[7] || '');
    for (const term of terms) {
      const slot = /** @type {number} */ (term && term.slot);
      if (term && slot >= 0 && !term.scores.has(doc)) {
        term.scores.set(doc, term.parts[0].scores.get(doc) || 0);
        addScores(index, term.docFreqs, /** @type {FieldPostings[]} */ ([, , { docs: [doc], tfs: [values[slot + 1] || 0], norms: [values[0] || 0] }]), term.scores);
      }
    }
  });
}
