// @ts-check
/* The search box of every page: results in a dropdown as the reader types. */

/**
 * The dropdown's state.
 * @typedef {Object} Dropdown
 * @property {Page} page
 * @property {SearchFunction} search
 * @property {HTMLInputElement} input
 * @property {HTMLElement} box
 * @property {UiStrings} strings
 * @property {number} timer  The pending search or count refinement.
 * @property {number} sequence  Of searches: an answer to an older one is dropped.
 */

/**
 * Attaches the dropdown to the theme's search box (once).
 * @param {Page} page
 * @param {SearchFunction} search
 */
function attachDropdown(page, search) {
  const input = searchInput(page);
  const box = dropdownBox(page);
  if (!input || !box || input.getAttribute('data-loupe')) return;
  input.setAttribute('data-loupe', '1');
  input.setAttribute('aria-controls', 'search-dropdown');
  /** @type {Dropdown} */
  const dropdown = { page, search, input, box, strings: uiStrings(page), timer: 0, sequence: 0 };
  if (dropdown.strings.placeholder && !input.placeholder) input.placeholder = dropdown.strings.placeholder;
  /* A keystroke is answered at once from what is loaded; when files are missing, after a
   * short pause (so keys typed fast load nothing for the words on the way). */
  listen(input, 'input', () => {
    clearTimeout(dropdown.timer);
    searchDropdown(dropdown, true);
  });
  listen(input, 'focus', () => {
    if (input.value.trim() && box.firstChild) box.hidden = false;
  });
  listen(input, 'keydown', (event) => {
    if (event.key === 'Escape') box.hidden = true;
    if (event.key !== 'ArrowDown') return;
    const first = box.querySelector('a');
    if (first && !box.hidden) {
      event.preventDefault();
      first.focus();
    }
  });
  listen(box, 'keydown', (event) => moveInDropdown(dropdown, event));
  onDocument(page, 'click', (event) => {
    if (!box.contains(/** @type {Node | null} */ (event.target)) && event.target !== input) box.hidden = true;
  });
  if (input.value.trim()) searchDropdown(dropdown, false);
}

/**
 * Keys in the dropdown: Escape closes it, arrows move between its links and the box.
 * @param {Dropdown} dropdown
 * @param {KeyboardEvent} event
 */
function moveInDropdown(dropdown, event) {
  const { box, input } = dropdown;
  if (event.key === 'Escape') {
    /* Back to the box first: focusing it shows the results again. */
    event.preventDefault();
    input.focus();
    box.hidden = true;
  }
  const links = Array.prototype.slice.call(box.querySelectorAll('a'));
  const at = links.indexOf(activeElement(dropdown.page));
  if (event.key === 'ArrowDown' && at >= 0 && at < links.length - 1) {
    event.preventDefault();
    links[at + 1].focus();
  }
  if (event.key === 'ArrowUp' && at >= 0) {
    event.preventDefault();
    (at ? links[at - 1] : input).focus();
  }
}

/**
 * Searches what is in the box and shows the answer; `quick`: only from files loaded (on a
 * miss, searches again after the pause).
 * @param {Dropdown} dropdown
 * @param {boolean} quick
 */
function searchDropdown(dropdown, quick) {
  const { page, input, box } = dropdown;
  const query = input.value;
  const mine = ++dropdown.sequence;
  const lang = pageLanguage(page);
  if (!query.trim()) {
    box.hidden = true;
    clearChildren(box);
    return;
  }
  dropdown.search(query, { lang, limit: 8, quick, stopWords: stopWordsOf(dropdown.strings) })
    .then((hits) => {
      if (mine === dropdown.sequence) showDropdown(dropdown, hits, query, lang, mine);
    })
    .catch((error) => {
      if (error !== MISS) warn(page, error);
      else if (mine === dropdown.sequence) dropdown.timer = page.win.setTimeout(() => searchDropdown(dropdown, false), PAUSE_MS);
    });
}

/**
 * Renders an answer: the hits, and a link to the search page with the count. The count
 * needs every match: it is refined once the rest of the postings is loaded, after the
 * pause, unless the reader typed on.
 * @param {Dropdown} dropdown
 * @param {SearchResult} hits
 * @param {string} query
 * @param {string} lang
 * @param {number} mine
 */
function showDropdown(dropdown, hits, query, lang, mine) {
  const { page, box, strings } = dropdown;
  clearChildren(box);
  if (!hits.length) {
    box.append(element(page, 'p', { class: 'ls-empty' }, [strings.no_results]), noResultsHelp(page, strings, lang, query, false));
  }
  else {
    if (hits.corrected) box.append(correctedNote(page, strings, hits.corrected));
    box.append(element(page, 'ol', { class: 'search-results' }, hits.map((hit) => resultItem(page, hit, lang, true, strings))));
  }
  const link = element(page, 'a', { href: searchPageUrl(page, lang, query) });
  /** @param {SearchResult} answer */
  const showCount = (answer) => {
    link.textContent = strings.see_all + ' (' + answer.total + (answer.partial ? '+' : '') + ')';
  };
  showCount(hits);
  box.append(element(page, 'p', { class: 'ls-all' }, [link]));
  box.hidden = false;
  const complete = hits.complete;
  if (hits.partial && complete) {
    dropdown.timer = page.win.setTimeout(() => {
      if (mine !== dropdown.sequence) return;
      complete()
        .then((answer) => {
          if (mine === dropdown.sequence) showCount(answer);
        })
        .catch((error) => warn(page, error));
    }, PAUSE_MS);
  }
}

/**
 * Reports an unexpected error on the console.
 * @param {Page} page
 * @param {unknown} error
 */
function warn(page, error) {
  if (page.win.console) page.win.console.warn(error);
}
