// @ts-check
/* What the dropdown and the search page share: the theme's strings, result items, links. */

/** @typedef {typeof DEFAULT_STRINGS} UiStrings */
const DEFAULT_STRINGS = {
  label: 'Search',
  placeholder: 'Search',
  button: 'Search',
  no_results: 'No results.',
  results: 'results',
  all_languages: 'All languages',
  filters: 'Filters',
  type: 'Type',
  country: 'Country',
  topic: 'Topic',
  year: 'Year',
  see_all: 'See all results',
  loading: 'Searching…',
  clear: 'Clear filters',
};

/**
 * The pause after a keystroke before searching when files must be loaded first: short, so
 * results follow typing, long enough to load nothing for keys typed fast. A keystroke whose
 * answer needs only files already loaded is answered at once (budget: 50 ms from the last
 * keystroke to rendered results).
 */
const PAUSE_MS = 30;

/**
 * The theme's strings, from the search form's `data-strings` (JSON), defaults for the rest.
 * @param {Page} page
 * @returns {UiStrings}
 */
function uiStrings(page) {
  const form = searchForm(page);
  /** @type {Record<string, unknown>} */
  let given = {};
  try {
    given = JSON.parse((form && attributeOf(page, form, 'data-strings')) || '{}') || {};
  } catch (error) {
    given = {};
  }
  const strings = Object.assign({}, DEFAULT_STRINGS);
  for (const key of /** @type {(keyof UiStrings)[]} */ (Object.keys(DEFAULT_STRINGS))) {
    const value = given[key];
    if (typeof value === 'string') strings[key] = value;
  }
  return strings;
}

/** @type {Map<string, Intl.DateTimeFormat>} */
const dateFormats = new Map();

/**
 * A date as the reader's language writes it (one formatter per language: making one costs
 * more than rendering the results).
 * @param {string | null} iso
 * @param {string} lang
 * @returns {string}
 */
function formatDate(iso, lang) {
  if (!iso) return '';
  const date = new Date(iso + 'T00:00:00Z');
  if (isNaN(date.getTime())) return iso;
  try {
    let format = dateFormats.get(lang);
    if (!format) {
      format = new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' });
      dateFormats.set(lang, format);
    }
    return format.format(date);
  } catch (error) {
    return iso;
  }
}

/**
 * A result: its title, type, date and countries (and language when not the page's), and
 * with `withSnippet` the snippet with its matched words marked.
 * @param {Page} page
 * @param {Hit} hit
 * @param {string} lang
 * @param {boolean} withSnippet
 * @returns {HTMLLIElement}
 */
function resultItem(page, hit, lang, withSnippet) {
  const meta = [hit.typeLabel, formatDate(hit.date, lang), hit.countryLabels.join(', ')].filter(Boolean).join(' · ');
  /** @type {(string | Node)[]} */
  const metaChildren = [meta];
  if (hit.lang !== lang) metaChildren.push(' · ', element(page, 'span', { lang: hit.lang }, [hit.lang.toUpperCase()]));
  /** @type {(string | Node)[]} */
  const content = [
    element(page, 'span', { class: 'ls-title' }, [hit.title]),
    element(page, 'span', { class: 'ls-meta' }, metaChildren),
  ];
  if (withSnippet && hit.snippetParts.length) {
    const pieces = hit.snippetParts.map(([piece, marked]) => (marked ? element(page, 'mark', null, [piece]) : piece));
    content.push(element(page, 'span', { class: 'ls-snippet' }, pieces));
  }
  const url = siteRelativeUrl(hit.url);
  return element(page, 'li', null, [element(page, 'a', url ? { href: siteRoot(page) + url } : {}, content)]);
}

/**
 * The search page of a language, with a query.
 * @param {Page} page
 * @param {string} lang
 * @param {string} query
 * @returns {string}
 */
function searchPageUrl(page, lang, query) {
  return siteRoot(page) + lang + '/search/index.html' + (query ? '?q=' + encodeURIComponent(query) : '');
}

/**
 * Removes every child of an element.
 * @param {Element} node
 */
function clearChildren(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
}
