// @ts-check
/* The search engine: a query answered in one language or all of them, ranked, counted,
 * and the page of hits with their records and snippets. No DOM. */

/**
 * The state of one runtime's engine.
 * @typedef {Object} Engine
 * @property {Loader} loader
 * @property {Map<string, Promise<LanguageIndex>>} languages  Opened, by language code.
 * @property {() => string} defaultLang  The page's language, when the options give none.
 */

/**
 * One query in one language, once its words are resolved and their terms loaded.
 * @typedef {Object} LanguageQuery
 * @property {LanguageIndex} index
 * @property {string[]} words
 * @property {Candidate[][]} candidates  Per word.
 * @property {(Term | null)[]} terms  Of every candidate, in order.
 * @property {DocFacetLists | null} lists
 * @property {Filters} filters
 * @property {boolean} wantFacets
 * @property {number} k  The number of hits needed: offset + limit.
 * @property {string[]} stopWords  Folded: words snippets do not mark (see markedWords).
 */

/**
 * The search function of a runtime: loupeSearch(query, opts) → Promise of ranked hits.
 * @param {Loader} loader
 * @param {() => string} defaultLang
 * @returns {SearchFunction}
 */
function createSearch(loader, defaultLang) {
  /** @type {Engine} */
  const engine = { loader, languages: new Map(), defaultLang };
  /** @param {string} query @param {SearchOptions} [opts] */
  const search = (query, opts) => runSearch(engine, query, opts || {});
  return Object.assign(search, { loaded: loader.loaded, MISS });
}

/**
 * Answers a query: in one language, or in all of them with the glossary; then the page of
 * hits asked for, with `total`, `facets` (when asked), and when the counts are lower bounds
 * `partial` and `complete()` for the final answer.
 * @param {Engine} engine
 * @param {string} query
 * @param {SearchOptions} opts
 * @returns {Promise<SearchResult>}
 */
function runSearch(engine, query, opts) {
  const lang = opts.lang || engine.defaultLang();
  const limit = opts.limit == null ? 10 : opts.limit;
  const offset = opts.offset || 0;
  const answers = opts.allLanguages
    ? searchAllLanguages(engine, lang, query, opts)
    : searchLanguage(engine, lang, query, opts).then((result) => ({ results: [result], labels: result.index, groups: null }));
  return answers.then(({ results, labels, groups }) => {
    const merged = mergeResults(results, groups, lang);
    const page = merged.hits.slice(offset, offset + limit);
    /** @param {RankedDoc} ranked */
    const record = (ranked) => loadRecord(/** @type {LanguageResult} */ (ranked.result).index, ranked.doc, opts.quick);
    const records = page.map(record);
    const others = page.map((ranked) => Promise.all((ranked.others || []).map(record)));
    return Promise.all([Promise.all(records), Promise.all(others)]).then(([/** @type {(DocRecord | null)[]} */ rows, otherRows]) => {
      const out = /** @type {SearchResult} */ (/** @type {Hit[]} */ ([]));
      page.forEach((ranked, i) => {
        const row = rows[i];
        if (!row) return;
        const hit = toHit(ranked, row, labels);
        if (ranked.others && ranked.others.length) hit.alsoIn = alsoIn(ranked.others, otherRows[i], labels);
        out.push(hit);
      });
      out.total = merged.total;
      if (opts.facets) out.facets = merged.facets;
      if (merged.partial) {
        out.partial = true;
        out.complete = () => runSearch(engine, query, Object.assign({}, opts, { complete: true, quick: false }));
      }
      out.labels = labels.labels;
      const own = results.find((result) => result.index.lang === lang);
      if (own && own.corrected) out.corrected = own.corrected;
      return out;
    });
  });
}

/**
 * The translations shown with a hit: language, its name and URL, best match first.
 * @param {RankedDoc[]} others
 * @param {(DocRecord | null)[]} rows
 * @param {LanguageIndex} labelIndex
 * @returns {AlsoIn[]}
 */
function alsoIn(others, rows, labelIndex) {
  const names = labelIndex.labels.language || {};
  /** @type {AlsoIn[]} */
  const out = [];
  others.forEach((other, i) => {
    const row = rows[i];
    if (row) out.push({ lang: other.lang, label: names[other.lang] || other.lang, url: row[0] });
  });
  return out;
}

/**
 * Every language of the site, the query carried into each with the glossary; a language
 * whose index fails is left out (a quick search's miss is not).
 * @param {Engine} engine
 * @param {string} lang
 * @param {string} query
 * @param {SearchOptions} opts
 * @returns {Promise<{ results: LanguageResult[], labels: LanguageIndex, groups: (GroupsFile | null)[] }>}
 */
function searchAllLanguages(engine, lang, query, opts) {
  const opening = openLanguage(engine.languages, engine.loader, lang, opts.quick);
  const glossary = engine.loader.load('g', '', 0, opts.quick);
  return Promise.all([opening, glossary]).then(([index, /** @type {TermGroupFile[] | null} */ groups]) => {
    const searches = index.langs.map((other) => {
      const text = other === lang ? query : translateQuery(query, lang, other, groups || [], index.fold);
      const search = searchLanguage(engine, other, text, opts);
      const translations = engine.loader.load('x', other, 0, opts.quick);
      return Promise.all([search, translations]).catch((error) => {
        if (error === MISS) throw error;
        return null;
      });
    });
    return Promise.all(searches).then((answers) => {
      const found = /** @type {[LanguageResult, GroupsFile | null][]} */ (answers.filter(Boolean));
      return { results: found.map((answer) => answer[0]), labels: index, groups: found.map((answer) => answer[1] || null) };
    });
  });
}

/**
 * The results of several languages as one: hits by score (browsing: newest year first),
 * then language, then doc; counts added. With the translation groups of each language (all
 * languages), a document and its translations that matched too are one hit, in the page's
 * language when it matched, and count once.
 * @param {LanguageResult[]} results
 * @param {(GroupsFile | null)[] | null} groups  Per result.
 * @param {string} lang  The page's language.
 * @returns {{ hits: RankedDoc[], facets: FacetCounts, total: number, partial: boolean }}
 */
function mergeResults(results, groups, lang) {
  /** @type {RankedDoc[]} */
  const hits = [];
  const facets = emptyFacetCounts();
  let total = 0;
  let partial = false;
  results.forEach((result, languageNo) => {
    total += result.total;
    partial = partial || result.partial;
    for (const hit of result.hits) {
      hit.result = result;
      hit.languageNo = languageNo;
      hits.push(hit);
    }
    for (const facet of FACETS) {
      const counts = result.counts[facet];
      for (const value of Object.keys(counts)) facets[facet][value] = (facets[facet][value] || 0) + counts[value];
    }
  });
  if (results.length > 1) {
    const browsing = !results.some((result) => result.marks.surfaces.length);
    /** @param {RankedDoc} a @param {RankedDoc} b */
    const order = (a, b) => (a.languageNo || 0) - (b.languageNo || 0) || a.doc - b.doc;
    hits.sort(
      browsing
        ? (a, b) => (b.year || '').localeCompare(a.year || '') || order(a, b)
        : (a, b) => b.score - a.score || order(a, b)
    );
  }
  if (!groups || results.length < 2) return { hits, facets, total, partial };
  return Object.assign(countGroups(results, groups), { hits: groupTranslations(hits, groups, lang), partial });
}

/**
 * The translation group of a ranked doc, or "" when it has none.
 * @param {(GroupsFile | null)[]} groups
 * @param {number} languageNo
 * @param {number} doc
 * @returns {string}
 */
function groupOf(groups, languageNo, doc) {
  const file = groups[languageNo];
  const id = file && file[doc];
  return typeof id === 'string' ? id : '';
}

/**
 * Hits in order, each translation group once: at the place (and with the score) of its best
 * hit, shown in the page's language when that version matched, the others in its `others`.
 * @param {RankedDoc[]} hits  In order.
 * @param {(GroupsFile | null)[]} groups
 * @param {string} lang
 * @returns {RankedDoc[]}
 */
function groupTranslations(hits, groups, lang) {
  /** @type {RankedDoc[]} */
  const out = [];
  /** @type {Map<string, number>} */
  const placeOf = new Map();
  for (const hit of hits) {
    const group = groupOf(groups, hit.languageNo || 0, hit.doc);
    const place = group ? placeOf.get(group) : undefined;
    if (place === undefined) {
      if (group) placeOf.set(group, out.length);
      out.push(hit);
      continue;
    }
    const kept = out[place];
    if (hit.lang === lang && kept.lang !== lang) {
      /* The group keeps its best score, so the order by score holds. */
      hit.score = Math.max(hit.score, kept.score);
      hit.others = (kept.others || []).concat([kept]);
      kept.others = undefined;
      out[place] = hit;
    } else {
      kept.others = (kept.others || []).concat([hit]);
    }
  }
  return out;
}

/**
 * The number of matches and the facet counts with each translation group counted once.
 * @param {LanguageResult[]} results
 * @param {(GroupsFile | null)[]} groups
 * @returns {{ total: number, facets: FacetCounts }}
 */
function countGroups(results, groups) {
  /** @type {Set<string>} */
  const seen = new Set();
  const facets = emptyFacetCounts();
  let total = 0;
  /** Whether a doc counts: it has no group, or its group was not counted yet under `key`. */
  const first = (/** @type {number} */ languageNo, /** @type {number} */ doc, /** @type {string} */ key) => {
    const group = groupOf(groups, languageNo, doc);
    if (group && seen.has(group + key)) return false;
    seen.add(group + key);
    return true;
  };
  results.forEach((result, languageNo) => {
    for (const doc of result.matched) if (first(languageNo, doc, '')) total++;
    for (const [doc, values, only] of result.counted) if (first(languageNo, doc, '/' + only)) countFacets(facets, values, only);
  });
  return { total, facets };
}

/** @returns {FacetCounts} */
function emptyFacetCounts() {
  return { type: {}, country: {}, topic: {}, year: {} };
}

/**
 * Answers a query in one language: its words resolved to candidates, their terms loaded, the
 * top k ranked exactly, every match counted (facets too, when asked).
 * @param {Engine} engine
 * @param {string} lang
 * @param {string} text
 * @param {SearchOptions} opts
 * @returns {Promise<LanguageResult>}
 */
function searchLanguage(engine, lang, text, opts) {
  const quick = opts.quick;
  const filters = opts.filters || {};
  const wantFacets = !!opts.facets;
  return openLanguage(engine.languages, engine.loader, lang, quick).then((index) => {
    const words = queryWords(text, index.fold);
    const typing = endsInWord(text);
    const resolving = words.map((word, i) => wordCandidates(index, word, typing && i === words.length - 1, opts));
    return Promise.all(resolving).then((candidates) => {
      /** @type {Promise<Term | null>[]} */
      const termJobs = [];
      for (const list of candidates) for (const candidate of list) termJobs.push(loadTerm(index, candidate.stem, candidate.shard, quick));
      const needLists = wantFacets || !!(filters.country && filters.country.length) || !!(filters.topic && filters.topic.length);
      const lists = needLists ? loadFacetLists(index, quick) : Promise.resolve(null);
      return Promise.all([Promise.all(termJobs), lists]).then(([terms, facetLists]) => {
        let next = 0;
        for (const list of candidates) for (const candidate of list) candidate.term = terms[next++];
        const k = (opts.offset || 0) + (opts.limit == null ? 10 : opts.limit);
        const stopWords = (opts.stopWords || []).map((word) => foldWord(word, index.fold));
        /** @type {LanguageQuery} */
        const query = { index, words, candidates, terms, lists: facetLists, filters, wantFacets, k, stopWords };
        return rankDocuments(query, opts).then((bounds) => collectResults(query, bounds));
      });
    });
  });
}

/**
 * Scores: none when browsing (no words); every tier loaded for a complete answer; else the
 * exact top k (see rankTop).
 * @param {LanguageQuery} query
 * @param {SearchOptions} opts
 * @returns {Promise<Bounds | null>}
 */
function rankDocuments(query, opts) {
  const { index, candidates, terms } = query;
  if (!query.words.length) return Promise.resolve(null);
  if (opts.complete) return loadAllTierBlocks(index, terms, opts.quick).then(() => scoreBounds(index, candidates));
  return rankTop(index, candidates, terms, query.k, acceptedBy(query), opts.quick);
}

/**
 * The filter of documents, or null when no facet filter is set.
 * @param {LanguageQuery} query
 * @returns {((doc: number) => boolean) | null}
 */
function acceptedBy(query) {
  if (!hasFilters(query.filters)) return null;
  return (doc) => !failedFilters(facetValues(query.index, query.lists, doc), query.filters).count;
}

/**
 * Counts the matches (and their facets: disjunctive, a facet's counts ignore its own
 * filter) and keeps the top k: by score, or when browsing newest year first; then by doc.
 * @param {LanguageQuery} query
 * @param {Bounds | null} bounds
 * @returns {LanguageResult}
 */
function collectResults(query, bounds) {
  const { index, filters, wantFacets, k } = query;
  const lang = index.lang;
  const filtered = hasFilters(filters);
  const counts = emptyFacetCounts();
  const exactTop = bounds && bounds.top;
  const top = createTopK(
    k,
    bounds
      ? (/** @type {RankedDoc} */ x, /** @type {RankedDoc} */ y) => x.score > y.score || (x.score === y.score && x.doc < y.doc)
      : (/** @type {RankedDoc} */ x, /** @type {RankedDoc} */ y) => (x.year || '') > (y.year || '') || (x.year === y.year && x.doc < y.doc)
  );
  let total = 0;
  /** @type {number[]} */
  const matched = [];
  /** @type {Counted[]} */
  const counted = [];
  for (let doc = 0; doc < index.docCount; doc++) {
    const score = bounds ? bounds.lo[doc] : 0;
    if (bounds && !(score > 0)) continue;
    if (wantFacets || filtered) {
      const values = facetValues(index, query.lists, doc);
      const failed = failedFilters(values, filters);
      if (wantFacets && failed.count <= 1) {
        const only = failed.count ? failed.facet : null;
        countFacets(counts, values, only);
        counted.push([doc, values, only]);
      }
      if (failed.count) continue;
    }
    total++;
    matched.push(doc);
    if (exactTop) continue;
    top.add({ lang, doc, score, year: bounds ? '' : runValue(index.yearRuns, doc) || '' });
  }
  const hits = bounds && exactTop ? exactTop.map((doc) => ({ lang, doc, score: bounds.lo[doc] })) : top.items;
  return { index, hits, counts, marks: markedWords(query), total, partial: !!exactTop, matched, counted, corrected: correctedWords(query) };
}

/**
 * The query's words with each word found only through typo matches replaced by its nearest
 * word ("certifcat" → "certificat"), or "" when no word was corrected.
 * @param {LanguageQuery} query
 * @returns {string}
 */
function correctedWords(query) {
  let changed = false;
  const words = query.words.map((word, i) => {
    const list = query.candidates[i] || [];
    if (!list.length || !list.every((candidate) => candidate.typo)) return word;
    changed = true;
    return list[0].word;
  });
  return changed ? words.join(' ') : '';
}

/**
 * The words snippets mark: the query's words and their candidates, stop words left out
 * unless the query has nothing else ("what is a certificate" marks "certificate"; "what is"
 * marks "what" and "is").
 * @param {LanguageQuery} query
 * @returns {Marks}
 */
function markedWords(query) {
  const { words, stopWords } = query;
  const skipped = words.every((word) => stopWords.indexOf(word) >= 0) ? [] : stopWords;
  /** @type {Marks} */
  const marks = { surfaces: [], stems: [] };
  words.forEach((word, i) => {
    if (skipped.indexOf(word) >= 0) return;
    marks.surfaces.push(word);
    for (const candidate of query.candidates[i] || []) {
      marks.surfaces.push(candidate.word);
      marks.stems.push(candidate.stem);
    }
  });
  return marks;
}

/**
 * Counts a match's facet values; a match failing one filter counts for that facet only.
 * @param {FacetCounts} counts
 * @param {FacetValues} values
 * @param {Facet | null} onlyFacet
 */
function countFacets(counts, values, onlyFacet) {
  for (const facet of FACETS) {
    if (onlyFacet && onlyFacet !== facet) continue;
    for (const value of values[facet]) counts[facet][value] = (counts[facet][value] || 0) + 1;
  }
}

/**
 * A hit: the ranked document with its record, labels (in the page's language) and snippet.
 * @param {RankedDoc} ranked
 * @param {DocRecord} row
 * @param {LanguageIndex} labelIndex
 * @returns {Hit}
 */
function toHit(ranked, row, labelIndex) {
  const result = /** @type {LanguageResult} */ (ranked.result);
  const snippet = snippetOf(row[6], result.marks, result.index.fold);
  /** @param {'type' | 'country' | 'topic'} facet @param {string} value */
  const label = (facet, value) => {
    const labels = labelIndex.labels[facet];
    return (labels && labels[value]) || value;
  };
  return {
    url: row[0],
    title: row[1],
    score: ranked.score,
    lang: ranked.lang,
    doc: ranked.doc,
    type: row[2],
    typeLabel: label('type', row[2]),
    date: row[3] || null,
    year: row[3] ? String(row[3]).slice(0, 4) : null,
    countries: row[4] || [],
    countryLabels: (row[4] || []).map((code) => label('country', code)),
    topics: row[5] || [],
    topicLabels: (row[5] || []).map((slug) => label('topic', slug)),
    snippet: snippetHtml(snippet.parts),
    snippetText: snippet.text,
    snippetParts: snippet.parts,
  };
}
