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
  no_results_hint: 'Check the spelling, or try other or fewer words.',
  search_all_languages: 'Search in all languages',
  browse_topics: 'Browse by topic',
  /** How pages write dates: `{day} {month} {year}` with `months` (empty: the browser's way). */
  date_format: '',
  /** @type {string[]} */
  months: [],
  /** Words not worth marking in snippets, separated by spaces. */
  stop_words: '',
  /** The topics page, relative to the site root (empty: no link). */
  topics_url: '',
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
    if (key === 'months') {
      if (Array.isArray(value) && value.length === 12 && value.every((m) => typeof m === 'string')) strings.months = value;
    } else if (typeof value === 'string') /** @type {Record<string, unknown>} */ (strings)[key] = value;
  }
  return strings;
}

/** @type {Map<string, Intl.DateTimeFormat>} */
const dateFormats = new Map();

/**
 * A date as the pages of the reader's language write it (the theme's `date_format` and
 * `months`: "4 October 2016", "4 octobre 2016"); without them, the browser's way (one
 * formatter per language: making one costs more than rendering the results).
 * @param {string | null} iso
 * @param {string} lang
 * @param {UiStrings} strings
 * @returns {string}
 */
function formatDate(iso, lang, strings) {
  if (!iso) return '';
  const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (parts && strings.date_format && strings.months.length === 12) {
    const month = strings.months[Number(parts[2]) - 1];
    if (month) {
      const values = { day: String(Number(parts[3])), month, year: parts[1] };
      return strings.date_format.replace(/\{(day|month|year)\}/g, (_, key) => values[/** @type {'day' | 'month' | 'year'} */ (key)]);
    }
  }
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
 * @param {UiStrings} strings
 * @returns {HTMLLIElement}
 */
function resultItem(page, hit, lang, withSnippet, strings) {
  const meta = [hit.typeLabel, formatDate(hit.date, lang, strings), hit.countryLabels.join(', ')].filter(Boolean).join(' · ');
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
 * The theme's stop words as a list.
 * @param {UiStrings} strings
 * @returns {string[]}
 */
function stopWordsOf(strings) {
  return strings.stop_words.split(/\s+/).filter(Boolean);
}

/**
 * What to try when a search finds nothing: a hint, the same words in every language (unless
 * that was the search), and the topics.
 * @param {Page} page
 * @param {UiStrings} strings
 * @param {string} lang
 * @param {string} query
 * @param {boolean} allLanguages
 * @returns {HTMLElement}
 */
function noResultsHelp(page, strings, lang, query, allLanguages) {
  /** @type {Node[]} */
  const links = [];
  if (!allLanguages && query.trim()) {
    links.push(element(page, 'li', null, [element(page, 'a', { href: searchPageUrl(page, lang, query) + '&all=1' }, [strings.search_all_languages])]));
  }
  const topics = siteRelativeUrl(strings.topics_url);
  if (topics) links.push(element(page, 'li', null, [element(page, 'a', { href: siteRoot(page) + topics }, [strings.browse_topics])]));
  return element(page, 'div', { class: 'ls-help' }, [
    element(page, 'p', null, [strings.no_results_hint]),
    element(page, 'ul', null, links),
  ]);
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
