// @ts-check
/* Facets: type and year as runs of doc ids (in the meta file), countries and topics as doc
 * lists (`<lang>/f.js`, loaded only when needed). OR within a facet, AND across facets. */

/** @type {Facet[]} */
const FACETS = ['type', 'country', 'topic', 'year'];

/**
 * The value of the run holding a doc, or null.
 * @param {Run[]} runs
 * @param {number} doc
 * @returns {string | null}
 */
function runValue(runs, doc) {
  const run = runs[lastAtMost(runs.length, (i) => runs[i][1] <= doc)];
  return run && doc < run[2] ? run[0] : null;
}

/**
 * Countries and topics of every doc (once per language).
 * @param {LanguageIndex} index
 * @param {boolean} [quick]
 * @returns {Promise<DocFacetLists>}
 */
function loadFacetLists(index, quick) {
  if (index.facetLists) return Promise.resolve(index.facetLists);
  return index.loader.load('f', index.lang, 0, quick).then((/** @type {Record<string, Record<string, string>> | null} */ file) => {
    /** @type {DocFacetLists} */
    const lists = { country: [], topic: [] };
    for (const facet of /** @type {('country' | 'topic')[]} */ (['country', 'topic'])) {
      const byValue = (file && file[facet]) || {};
      const perDoc = lists[facet];
      for (const value of Object.keys(byValue).sort()) {
        let doc = 0;
        for (const delta of decodeVarints(byValue[value])) {
          doc += delta;
          (perDoc[doc] = perDoc[doc] || []).push(value);
        }
      }
    }
    index.facetLists = lists;
    return lists;
  });
}

/**
 * The facet values of a doc.
 * @param {LanguageIndex} index
 * @param {DocFacetLists | null} lists
 * @param {number} doc
 * @returns {FacetValues}
 */
function facetValues(index, lists, doc) {
  const year = runValue(index.yearRuns, doc);
  const type = runValue(index.typeRuns, doc);
  return {
    type: type == null ? [] : [type],
    year: year == null ? [] : [year],
    country: lists ? lists.country[doc] || [] : [],
    topic: lists ? lists.topic[doc] || [] : [],
  };
}

/**
 * How many facet filters a doc fails, and the last one it fails.
 * @param {FacetValues} values
 * @param {Filters} filters
 * @returns {{ count: number, facet: Facet | null }}
 */
function failedFilters(values, filters) {
  let count = 0;
  /** @type {Facet | null} */
  let facet = null;
  for (const name of FACETS) {
    const wanted = filters[name];
    if (wanted && wanted.length && !values[name].some((value) => wanted.indexOf(value) >= 0)) {
      count++;
      facet = name;
    }
  }
  return { count, facet };
}

/**
 * Whether any facet filter is set.
 * @param {Filters} filters
 * @returns {boolean}
 */
function hasFilters(filters) {
  return FACETS.some((name) => {
    const wanted = filters[name];
    return !!(wanted && wanted.length);
  });
}
