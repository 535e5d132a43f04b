// @ts-check
/* The index of one language: its meta file, vocabulary shards, terms (postings) and the
 * tier-2 blocks of frequent stems, loaded on demand and kept. */

/**
 * @typedef {Object} LanguageIndex
 * @property {Loader} loader
 * @property {string} lang
 * @property {string[]} langs  Every language of the site.
 * @property {number} docCount
 * @property {FieldInfo[]} fields
 * @property {number[][]} lengthNorms  Per field, per fieldnorm id (see lengthNorms()).
 * @property {string[]} vocab  The first word of each vocabulary shard.
 * @property {Run[]} typeRuns
 * @property {Run[]} yearRuns
 * @property {FoldMap} fold
 * @property {FacetLabels} labels
 * @property {Map<number, VocabShard>} vocabShards  Decoded, by shard number.
 * @property {Map<string, Promise<Term | null>>} terms  By stem.
 * @property {DocFacetLists} [facetLists]  Once loaded.
 * @property {Float32Array[]} [scratch]  Work arrays of scoreBounds(), one per doc.
 * @property {number} records  Document records per file of `d/`.
 * @property {string[]} carry  The carried stems (see MetaFile).
 */

/**
 * Opens (once) the index of a language.
 * @param {Map<string, Promise<LanguageIndex>>} opened
 * @param {Loader} loader
 * @param {string} lang
 * @param {boolean} [quick]
 * @returns {Promise<LanguageIndex>}
 */
function openLanguage(opened, loader, lang, quick) {
  const known = opened.get(lang);
  if (known) return known;
  if (quick && !loader.has('meta', lang, 0)) return missed();
  const index = loader.load('meta', lang, 0).then((/** @type {MetaFile | null} */ meta) => {
    if (!meta) throw new Error('loupe: no search index ' + lang);
    return languageIndex(loader, meta);
  });
  opened.set(lang, index);
  return index;
}

/**
 * @param {Loader} loader
 * @param {MetaFile} meta
 * @returns {LanguageIndex}
 */
function languageIndex(loader, meta) {
  /* The meta file's lang, langs, fields, vocab, fold, labels, records and carry as they
   * are. */
  return Object.assign(meta, {
    loader,
    docCount: meta.docs,
    lengthNorms: lengthNorms(meta.fields, meta.norms, meta.docs),
    typeRuns: meta.type,
    yearRuns: meta.year,
    vocabShards: new Map(),
    terms: new Map(),
  });
}

/**
 * The number of the vocabulary shard that would hold a word: the last whose first word is
 * not after it.
 * @param {string[]} firstWords
 * @param {string} word
 * @returns {number}
 */
function vocabShardOf(firstWords, word) {
  return Math.max(0, lastAtMost(firstWords.length, (i) => firstWords[i] <= word));
}

/**
 * @param {LanguageIndex} index
 * @param {number} shardNo
 * @param {boolean} [quick]
 * @returns {Promise<VocabShard>}
 */
function vocabShard(index, shardNo, quick) {
  const known = index.vocabShards.get(shardNo);
  if (known) return Promise.resolve(known);
  return index.loader.load('v', index.lang, shardNo, quick).then((/** @type {string | null} */ text) => {
    const shard = decodeVocabShard(text || '');
    index.vocabShards.set(shardNo, shard);
    return shard;
  });
}

/**
 * The vocabulary entries whose word is in [low, high) (JS string order), reading at most
 * `maxShards` shards.
 * @param {LanguageIndex} index
 * @param {string} low
 * @param {string} high
 * @param {number} maxShards
 * @param {boolean} [quick]
 * @returns {Promise<VocabEntry[]>}
 */
function vocabRange(index, low, high, maxShards, quick) {
  const first = vocabShardOf(index.vocab, low);
  const last = Math.min(vocabShardOf(index.vocab, high), first + maxShards - 1);
  /** @type {Promise<VocabShard>[]} */
  const shards = [];
  for (let i = first; i <= last; i++) shards.push(vocabShard(index, i, quick));
  return Promise.all(shards).then((loaded) => {
    /** @type {VocabEntry[]} */
    const entries = [];
    for (const shard of loaded) {
      shard.words.forEach((word, j) => {
        if (word >= low && word < high) entries.push({ word, stem: shard.stems[j], shard: shard.shards[j] });
      });
    }
    return entries;
  });
}

/**
 * A stem's term, from its postings shard (once).
 * @param {LanguageIndex} index
 * @param {string} stem
 * @param {number} shardNo
 * @param {boolean} [quick]
 * @returns {Promise<Term | null>}
 */
function loadTerm(index, stem, shardNo, quick) {
  const known = index.terms.get(stem);
  if (known) return known;
  if (quick && !index.loader.has('p', index.lang, shardNo)) return missed();
  const term = index.loader.load('p', index.lang, shardNo).then((/** @type {unknown[] | null} */ shard) => {
    const entries = shard || [];
    for (let i = 0; i + 1 < entries.length; i += 2) {
      if (entries[i] === stem) return decodeTerm(index, /** @type {string | TieredPostingsFile} */ (entries[i + 1]), index.carry.indexOf(stem));
    }
    return null;
  });
  index.terms.set(stem, term);
  return term;
}

/**
 * A term from its postings: a string for a stem not tiered, else tier 1 and the two parts of
 * tier 2 (see the README's "Impact tiers").
 * @param {LanguageIndex} index
 * @param {string | TieredPostingsFile} data
 * @param {number} slot  Among the carried stems (-1: not carried).
 * @returns {Term}
 */
function decodeTerm(index, data, slot) {
  const tiered = typeof data !== 'string';
  const fields = decodePostings(tiered ? data[0] : data, 0);
  /** @type {Term} */
  const term = {
    scores: new Map(),
    docFreqs: tiered ? decodeVarints(data[1]) : fields.map((postings) => postings.docs.length),
    parts: [],
    blocksLeft: 0,
    slot,
  };
  if (tiered) {
    let blockId = data[2];
    for (const file of [data[3], data[4]]) {
      const part = decodeTierPart(file, blockId);
      blockId += part.starts.length;
      term.blocksLeft += part.starts.length;
      term.parts.push(part);
    }
  }
  addScores(index, term.docFreqs, fields, term.scores);
  return term;
}

/**
 * One part of tier 2: the first doc of each block then the end of the last (varint deltas),
 * and per block its level q: its scores are at most max × q / 31.
 * @param {0 | TierPartFile} file
 * @param {number} firstBlock
 * @returns {TierPart}
 */
function decodeTierPart(file, firstBlock) {
  /** @type {TierPart} */
  const part = { scores: new Map(), starts: [], end: 0, max: file && file[0], blockMax: [], firstBlock, files: [], loaded: [], pending: [] };
  if (file) {
    let doc = 0;
    part.starts = decodeVarints(file[1]).map((delta) => (doc += delta));
    part.end = part.starts.pop() || 0;
    part.blockMax = decodeVarints(file[2]).map((level) => (file[0] * level) / 31);
    const [first, ...after] = decodeVarints(file[3]);
    part.files = after.map((n) => first + n);
  }
  return part;
}

/**
 * The record of a document (null or undefined when its file does not hold it).
 * @param {LanguageIndex} index
 * @param {number} doc
 * @param {boolean} [quick]
 * @returns {Promise<DocRecord | null>}
 */
function loadRecord(index, doc, quick) {
  const perFile = index.records;
  return index.loader.load('d', index.lang, (doc / perFile) | 0, quick).then((/** @type {DocRecord[] | null} */ rows) => rows && rows[doc % perFile]);
}

/**
 * The block of a part of tier 2 that would hold a doc (-1: none).
 * @param {TierPart} part
 * @param {number} doc
 * @returns {number}
 */
function tierBlockOf(part, doc) {
  return doc >= part.end ? -1 : lastAtMost(part.starts.length, (i) => part.starts[i] <= doc);
}

/**
 * Loads one block of a part of a term's tier 2 (once) and adds its scores to the part's.
 * @param {LanguageIndex} index
 * @param {Term} term
 * @param {number} partNo  0: title and headings, 1: body.
 * @param {number} block
 * @param {boolean} [quick]
 * @returns {Promise<void>}
 */
function loadTierBlock(index, term, partNo, block, quick) {
  const part = term.parts[partNo];
  const known = part.pending[block];
  if (known) return known;
  const blockId = part.firstBlock + block;
  if (quick && !index.loader.has('t', index.lang, blockId)) return missed();
  const loading = index.loader.load('t', index.lang, blockId, false, part.files[block]).then((/** @type {string | null} */ text) => {
    addScores(index, term.docFreqs, decodePostings(text || '', part.starts[block]), part.scores);
    part.loaded[block] = true;
    term.blocksLeft--;
  });
  part.pending[block] = loading;
  return loading;
}

/**
 * Loads every tier-2 block of the terms.
 * @param {LanguageIndex} index
 * @param {(Term | null)[]} terms
 * @param {boolean} [quick]
 * @returns {Promise<void[]>}
 */
function loadAllTierBlocks(index, terms, quick) {
  /** @type {Promise<void>[]} */
  const jobs = [];
  for (const term of terms) {
    if (!term) continue;
    term.parts.forEach((part, i) => {
      for (let block = 0; block < part.starts.length; block++) jobs.push(loadTierBlock(index, term, i, block, quick));
    });
  }
  return Promise.all(jobs);
}
