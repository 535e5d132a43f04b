// @ts-check
/* Starting the runtime: the loader over the page's <script> tags (or, where there is no
 * document, the node test driver's host), the global loupeRegister and loupeSearch, and the
 * search UI of the page. */

/**
 * The host the node test driver defines as `loupeHost` (read only where there is no
 * document, so no element can stand for it).
 * @typedef {{ base: string, loadScript: (path: string) => void }} NodeHost
 */

/**
 * A script host over the node driver's `loupeHost`: loading is synchronous there.
 * @param {NodeHost | undefined} nodeHost
 * @returns {ScriptHost | null}
 */
function nodeScriptHost(nodeHost) {
  if (!nodeHost || typeof nodeHost.loadScript !== 'function') return null;
  return {
    base: String(nodeHost.base),
    loadScript(url, done) {
      try {
        nodeHost.loadScript(url);
      } catch (error) {
        /* a missing file: done() resolves the load to null */
      }
      done();
    },
  };
}

/**
 * Adds the search styles (once) and attaches the dropdown and the search page.
 * @param {Page} page
 * @param {SearchFunction} search
 * @param {string | null} folder
 */
function startUi(page, search, folder) {
  const head = pageHead(page);
  if (folder && head && !documentQuery(page, 'head > link[data-loupe-css]')) {
    head.append(element(page, 'link', { rel: 'stylesheet', href: folder + 'loupe-search.css', 'data-loupe-css': '' }));
  }
  attachDropdown(page, search);
  attachSearchPage(page, search);
}

function startRuntime() {
  const global = /** @type {Window & typeof globalThis & { loupeSearch?: unknown, loupeRegister?: unknown, loupeHost?: NodeHost }} */ (
    typeof window !== 'undefined' ? window : globalThis
  );
  /* Loaded twice: the first copy answers. An element with id `loupeSearch` is no own
   * property of window, so it cannot make the runtime stand down. */
  if (Object.prototype.hasOwnProperty.call(global, 'loupeSearch') && typeof global.loupeSearch === 'function') return;
  const doc = global.document;
  /** @type {Page | null} */
  const page = doc ? { win: global, doc } : null;
  const folder = page ? runtimeFolder(page) : null;
  const host = page ? (folder ? pageScriptHost(page, folder) : null) : nodeScriptHost(global.loupeHost);
  const loader = createLoader(host);
  const search = createSearch(loader, () => (page ? pageLanguage(page) : 'en'));
  global.loupeRegister = loader.register;
  global.loupeSearch = search;
  if (!page) return;
  const start = () => startUi(page, search, folder);
  if (documentGet(page, 'readyState') === 'loading') onDocument(page, 'DOMContentLoaded', start);
  else start();
}

startRuntime();
