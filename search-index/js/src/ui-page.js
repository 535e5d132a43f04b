// @ts-check
/* The search page: a form, facets, results and their count, the state in its URL. */

/** How many more results "See all results" shows each time. */
const PAGE_SIZE = 20;

/**
 * The search page's state and elements.
 * @typedef {Object} SearchPage
 * @property {Page} page
 * @property {SearchFunction} search
 * @property {string} lang
 * @property {UiStrings} strings
 * @property {string} query
 * @property {boolean} allLanguages
 * @property {Record<Facet, string[]>} filters
 * @property {number} limit
 * @property {number} sequence  Of searches: an answer to an older one is dropped.
 * @property {number} timer
 * @property {HTMLInputElement} input
 * @property {HTMLInputElement} allInput
 * @property {HTMLElement} status
 * @property {HTMLDetailsElement} facetsBox
 * @property {HTMLOListElement} list
 * @property {HTMLButtonElement} more
 * @property {HTMLElement} notes  Above the results: "Showing results for …", or what to try
 *   when nothing is found.
 */

/**
 * The search page's elements, which the theme writes into the host so the page shows its
 * form before any script runs (themes/default/templates/search.html): `form.ls-form` with
 * `#ls-q` and an `all` checkbox, then `details.ls-facets`, `.ls-status`, `ol.search-results`
 * and `.ls-more`. Null when one is missing.
 * @param {Element} host
 */
function searchPageElements(host) {
  /** @param {string} selector @returns {any} */
  const find = (selector) => host.querySelector(selector);
  const found = {
    form: /** @type {HTMLFormElement} */ (find('form.ls-form')),
    input: /** @type {HTMLInputElement} */ (find('form.ls-form #ls-q')),
    allInput: /** @type {HTMLInputElement} */ (find('form.ls-form input[name=all]')),
    facetsBox: /** @type {HTMLDetailsElement} */ (find('details.ls-facets')),
    status: /** @type {HTMLElement} */ (find('.ls-status')),
    list: /** @type {HTMLOListElement} */ (find('ol.search-results')),
    more: /** @type {HTMLButtonElement} */ (find('.ls-more')),
  };
  return Object.values(found).every(Boolean) ? found : null;
}

/**
 * Runs the search page in the theme's host (once), from the query, language mode and
 * filters in its URL.
 * @param {Page} page
 * @param {SearchFunction} search
 */
function attachSearchPage(page, search) {
  const host = searchPageHost(page);
  if (!host || host.getAttribute('data-loupe')) return;
  host.setAttribute('data-loupe', '1');
  const strings = uiStrings(page);
  const hostLang = host.getAttribute('data-lang');
  const params = new page.win.URLSearchParams(page.win.location.search);
  const found = searchPageElements(host);
  if (!found) {
    warn(page, 'loupe: no search form');
    return;
  }
  const { form, input, allInput, facetsBox, status, list, more } = found;
  /** @type {SearchPage} */
  const state = {
    page,
    search,
    lang: isLanguageCode(hostLang) ? hostLang : pageLanguage(page),
    strings,
    query: params.get('q') || '',
    allLanguages: params.get('all') === '1',
    filters: /** @type {Record<Facet, string[]>} */ (FACETS.reduce((filters, facet) => Object.assign(filters, { [facet]: params.getAll(facet) }), {})),
    limit: PAGE_SIZE,
    sequence: 0,
    timer: 0,
    input,
    allInput,
    status,
    facetsBox,
    list,
    more,
    notes: element(page, 'div'),
  };
  list.before(state.notes);
  /* Filters open beside the results on wide screens, folded on phones. */
  facetsBox.open = !!(page.win.matchMedia && page.win.matchMedia('(min-width: 48rem)').matches);
  input.value = state.query;
  allInput.checked = state.allLanguages;
  listenToSearchPage(state, form);
  searchPage(state, false, false);
}

/**
 * @param {SearchPage} state
 * @param {HTMLFormElement} form
 */
function listenToSearchPage(state, form) {
  listen(form, 'submit', (event) => {
    event.preventDefault();
    state.query = state.input.value;
    searchPage(state, false, false);
  });
  listen(state.input, 'input', () => {
    clearTimeout(state.timer);
    state.query = state.input.value;
    searchPage(state, false, true);
  });
  listen(state.allInput, 'change', () => {
    state.allLanguages = state.allInput.checked;
    searchPage(state, false, false);
  });
  listen(state.facetsBox, 'change', (event) => {
    const box = event.target;
    if (!(box instanceof state.page.win.HTMLInputElement)) return;
    const facet = /** @type {Facet} */ (box.getAttribute('data-facet'));
    if (FACETS.indexOf(facet) < 0) return;
    const selected = state.filters[facet];
    const at = selected.indexOf(box.value);
    if (box.checked && at < 0) selected.push(box.value);
    if (!box.checked && at >= 0) selected.splice(at, 1);
    searchPage(state, false, false);
  });
  listen(state.facetsBox, 'click', (event) => {
    const target = event.target;
    if (!(target instanceof state.page.win.Element) || !target.classList.contains('ls-clear')) return;
    for (const facet of FACETS) state.filters[facet] = [];
    searchPage(state, false, false);
  });
  listen(state.more, 'click', () => {
    state.limit += PAGE_SIZE;
    searchPage(state, true, false);
  });
}

/**
 * Searches and renders. `keepLimit`: keep the results shown so far (else back to the first
 * page); `quick`: only from files loaded (on a miss, searches again after the pause). With
 * no words and no filter it searches nothing: the form waits, and nothing is loaded.
 * @param {SearchPage} state
 * @param {boolean} keepLimit
 * @param {boolean} quick
 */
function searchPage(state, keepLimit, quick) {
  const mine = ++state.sequence;
  clearTimeout(state.timer);
  if (!keepLimit) state.limit = PAGE_SIZE;
  if (!state.query.trim() && !FACETS.some((facet) => state.filters[facet].length)) {
    /* Nothing asked: back to the empty form. */
    writeStateToUrl(state);
    clearChildren(state.list);
    state.status.textContent = '';
    state.more.hidden = true;
    state.facetsBox.hidden = true;
    clearChildren(state.notes);
    return;
  }
  if (!quick) state.status.textContent = state.strings.loading;
  writeStateToUrl(state);
  /** @type {SearchOptions} */
  const opts = { lang: state.lang, limit: state.limit, filters: state.filters, allLanguages: state.allLanguages, facets: true, quick, stopWords: stopWordsOf(state.strings) };
  /** @param {SearchResult} hits */
  const show = (hits) => {
    if (mine !== state.sequence) return;
    renderSearchPage(state, hits);
    /* First results are exact; counts need every match: refine them right after (after the
     * pause when typing, unless the reader typed on). */
    const complete = hits.complete;
    if (hits.partial && complete) {
      state.timer = state.page.win.setTimeout(() => {
        if (mine === state.sequence) complete().then(show).catch((error) => warn(state.page, error));
      }, quick ? PAUSE_MS : 0);
    }
  };
  state.search(state.query, opts).then(show).catch((error) => {
    if (error !== MISS) {
      state.status.textContent = state.strings.no_results;
      warn(state.page, error);
      return;
    }
    if (mine !== state.sequence) return;
    state.status.textContent = state.strings.loading;
    state.timer = state.page.win.setTimeout(() => searchPage(state, keepLimit, false), PAUSE_MS);
  });
}

/**
 * @param {SearchPage} state
 * @param {SearchResult} hits
 */
function renderSearchPage(state, hits) {
  const { page, strings, list } = state;
  clearChildren(list);
  for (const hit of hits) list.append(resultItem(page, hit, state.lang, true, strings));
  /* "1 result": one exact match has a string of its own (a theme without it says "1 results"). */
  const one = hits.total === 1 && !hits.partial && strings.result;
  state.status.textContent = one || (hits.total ? hits.total + (hits.partial ? '+ ' : ' ') + strings.results : strings.no_results);
  clearChildren(state.notes);
  if (hits.corrected && hits.total) state.notes.append(correctedNote(page, strings, hits.corrected));
  if (!hits.total && state.query.trim()) state.notes.append(noResultsHelp(page, strings, state.lang, state.query, state.allLanguages));
  state.more.hidden = !hits.partial && hits.total <= hits.length;
  renderFacets(state, hits);
}

/**
 * The facets: per facet its values (by count, years newest first) with their counts, the
 * values selected checked; a button to clear the filters.
 * @param {SearchPage} state
 * @param {SearchResult} hits
 */
function renderFacets(state, hits) {
  const { page, strings, facetsBox } = state;
  const open = facetsBox.open;
  clearChildren(facetsBox);
  facetsBox.append(element(page, 'summary', null, [strings.filters]));
  facetsBox.open = open;
  const labels = hits.labels || {};
  facetsBox.hidden = !FACETS.some((facet) => Object.keys((hits.facets && hits.facets[facet]) || {}).length || state.filters[facet].length);
  for (const facet of FACETS) {
    const counts = (hits.facets && hits.facets[facet]) || {};
    const values = Object.keys(counts);
    for (const value of state.filters[facet]) if (values.indexOf(value) < 0) values.push(value);
    if (!values.length) continue;
    values.sort(
      facet === 'year'
        ? (a, b) => b.localeCompare(a)
        : (a, b) => (counts[b] || 0) - (counts[a] || 0) || a.localeCompare(b)
    );
    const facetLabels = facet === 'year' ? undefined : labels[facet];
    const options = values.map((value) => {
      const box = element(page, 'input', { type: 'checkbox', 'data-facet': facet, value });
      box.checked = state.filters[facet].indexOf(value) >= 0;
      const label = (facetLabels && facetLabels[value]) || value;
      return element(page, 'label', null, [box, ' ' + label + ' ', element(page, 'span', { class: 'ls-count' }, [String(counts[value] || 0)])]);
    });
    const legend = element(page, 'legend', null, [strings[facet] || facet]);
    facetsBox.append(element(page, 'fieldset', { class: 'ls-facet' }, [/** @type {Node} */ (legend)].concat(options)));
  }
  if (FACETS.some((facet) => state.filters[facet].length)) {
    facetsBox.append(element(page, 'button', { type: 'button', class: 'ls-clear' }, [strings.clear]));
  }
}

/**
 * Writes the query, language mode and filters into the page's URL (without reloading).
 * @param {SearchPage} state
 */
function writeStateToUrl(state) {
  const { win } = state.page;
  const params = new win.URLSearchParams();
  if (state.query) params.set('q', state.query);
  if (state.allLanguages) params.set('all', '1');
  for (const facet of FACETS) for (const value of state.filters[facet]) params.append(facet, value);
  const search = params.toString();
  try {
    win.history.replaceState(null, '', win.location.pathname + (search ? '?' + search : ''));
  } catch (error) {
    /* file:// quirks */
  }
}
