// @ts-check
/* What the dropdown and the search page share: the theme's strings, result items, links. */

/**
 * The strings the runtime shows, all from the theme (the search form's `data-strings`); a
 * string the theme leaves out is empty.
 * @typedef {Object} UiStrings
 * @property {string} placeholder
 * @property {string} no_results
 * @property {string} results
 * @property {string} filters
 * @property {string} type
 * @property {string} country
 * @property {string} topic
 * @property {string} year
 * @property {string} see_all
 * @property {string} loading
 * @property {string} clear
 * @property {string} no_results_hint
 * @property {string} result  The count of one result ("1 result"; `results` follows larger counts).
 * @property {string} search_all_languages
 * @property {string} browse_topics
 * @property {string} showing_for  Before the words searched when typos were corrected.
 * @property {string} also_in  Before the languages a result is also in (all languages).
 * @property {string} date_format  How pages write dates: `{day} {month} {year}` with `months`
 *   (empty: the browser's way).
 * @property {string[]} months
 * @property {string} stop_words  Words not worth marking in snippets, separated by spaces.
 * @property {string} topics_url  The topics page, relative to the site root (empty: no link).
 */

/** The names of the strings of UiStrings, `months` apart. */
const STRING_NAMES =
  'placeholder no_results result results filters type country topic year see_all loading clear no_results_hint search_all_languages browse_topics showing_for also_in date_format stop_words topics_url'.split(
    ' '
  );

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
  /** @type {Record<string, unknown>} */
  const strings = { months: [] };
  for (const key of STRING_NAMES) {
    const value = given[key];
    strings[key] = typeof value === 'string' ? value : '';
  }
  const months = given.months;
  if (Array.isArray(months) && months.length === 12 && months.every((m) => typeof m === 'string')) strings.months = months;
  return /** @type {UiStrings} */ (/** @type {unknown} */ (strings));
}

/**
 * A date as the pages of the reader's language write it (the theme's `date_format` and
 * `months`: "4 October 2016", "4 octobre 2016"); without them, as the record has it
 * (2016-10-04).
 * @param {string | null} iso
 * @param {UiStrings} strings
 * @returns {string}
 */
function formatDate(iso, strings) {
  const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
  const month = parts && strings.date_format ? strings.months[Number(parts[2]) - 1] : '';
  if (!parts || !month) return iso || '';
  const values = { day: String(Number(parts[3])), month, year: parts[1] };
  return strings.date_format.replace(/\{(day|month|year)\}/g, (_, key) => values[/** @type {'day' | 'month' | 'year'} */ (key)]);
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
  const meta = [hit.typeLabel, formatDate(hit.date, strings), hit.countryLabels.join(', ')].filter(Boolean).join(' · ');
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
  /** @type {Node[]} */
  const item = [element(page, 'a', url ? { href: siteRoot(page) + url } : {}, content)];
  if (withSnippet && hit.alsoIn && hit.alsoIn.length) {
    /** @type {(string | Node)[]} */
    const also = [strings.also_in];
    for (const other of hit.alsoIn) {
      const otherUrl = siteRelativeUrl(other.url);
      if (!otherUrl) continue;
      also.push(' ', element(page, 'a', { href: siteRoot(page) + otherUrl, lang: other.lang }, [other.label]));
    }
    if (also.length > 1) item.push(element(page, 'span', { class: 'ls-also' }, also));
  }
  return element(page, 'li', null, item);
}

/**
 * "Showing results for certificat": the words searched when typos were corrected.
 * @param {Page} page
 * @param {UiStrings} strings
 * @param {string} corrected
 * @returns {HTMLElement}
 */
function correctedNote(page, strings, corrected) {
  return element(page, 'p', { class: 'ls-corrected' }, [strings.showing_for + ' ', element(page, 'strong', null, [corrected])]);
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
  /* No link to the other languages where the site has none (the string is left out). */
  if (!allLanguages && query.trim() && strings.search_all_languages) {
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
