// @ts-check
/* Loading the client index: each file is a classic script calling loupeRegister(kind, lang,
 * id, data), so it loads from file:// where fetch, XHR, modules and workers fail. Paths are
 * built only from checked parts and stay inside the runtime's folder. */

/** The rejection of a quick search that needs a file not loaded yet. */
const MISS = new Error('loupe: not loaded yet');

/**
 * What a quick search gets for a file not loaded yet: a promise rejected with MISS.
 * @returns {Promise<never>}
 */
function missed() {
  return Promise.reject(MISS);
}

/**
 * Whether a value is a language code as loupe's configuration allows them (letters, digits
 * and `-`): it goes into file paths.
 * @param {unknown} value
 * @returns {value is string}
 */
function isLanguageCode(value) {
  return typeof value === 'string' && /^[A-Za-z0-9-]{1,35}$/.test(value);
}

/**
 * Whether a value is a file number of the index (a shard, or a file of blocks or records).
 * @param {unknown} value
 * @returns {value is number}
 */
function isFileNumber(value) {
  return Number.isSafeInteger(value) && /** @type {number} */ (value) >= 0;
}

/**
 * The path of an index file relative to the runtime's folder, or null when a part is not
 * what the index writes. `file` is the number of the file that holds the data: a shard's own
 * number, or for tier-2 blocks and document records, the file of several of them.
 * @param {FileKind} kind
 * @param {string} lang
 * @param {number} file
 * @returns {string | null}
 */
function indexPath(kind, lang, file) {
  if (kind === 'g') return 'glossary.js';
  if (!isLanguageCode(lang)) return null;
  if (/^(meta|f|x)$/.test(kind)) return lang + '/' + kind + '.js';
  if (!/^[vptd]$/.test(kind) || !isFileNumber(file)) return null;
  return lang + '/' + kind + '/' + file + '.js';
}

/**
 * Whether a path stays inside the folder it is relative to: names of letters, digits and
 * `-` separated by single slashes, then an extension (so no scheme, no `//`, no `..`).
 * @param {string} path
 * @returns {boolean}
 */
function isInsidePath(path) {
  return /^[A-Za-z0-9-]+(?:\/[A-Za-z0-9-]+)*\.(?:js|css)$/.test(path);
}

/**
 * The loader of one runtime.
 * @typedef {Object} Loader
 * @property {(kind: FileKind, lang: string, id: number, data: unknown) => void} register
 *   What loupeRegister does: stores an item of a file.
 * @property {(kind: FileKind, lang: string, id: number) => boolean} has
 * @property {(kind: FileKind, lang: string, id: number, quick?: boolean, file?: number) => Promise<any>} load
 *   The data registered as (kind, lang, id) (null when its file does not register it), from
 *   file number `file` (by default `id`: a file holds one item); with `quick`, rejects with
 *   MISS rather than load a file. A file holding several items is loaded once.
 * @property {string[]} loaded  Paths of the files asked for, in order.
 */

/**
 * A loader over a script host (null: nothing can be loaded, every load fails).
 * @param {ScriptHost | null} host
 * @returns {Loader}
 */
function createLoader(host) {
  /** @type {Map<string, unknown>} */
  const store = new Map();
  /** Files asked for, by path: resolved once the file has run (or failed).
   * @type {Map<string, Promise<void>>} */
  const files = new Map();
  /** @type {string[]} */
  const loaded = [];
  /** @param {FileKind} kind @param {string} lang @param {number} id */
  const keyOf = (kind, lang, id) => kind + '/' + lang + '/' + id;

  return {
    loaded,
    register(kind, lang, id, data) {
      store.set(keyOf(kind, lang, id), data);
    },
    has(kind, lang, id) {
      return store.has(keyOf(kind, lang, id));
    },
    load(kind, lang, id, quick, file) {
      const key = keyOf(kind, lang, id);
      if (store.has(key)) return Promise.resolve(store.get(key));
      if (quick) return missed();
      const path = indexPath(kind, lang, file == null ? id : file);
      if (!host || path == null || !isInsidePath(path)) {
        return Promise.reject(new Error('loupe: cannot load ' + key));
      }
      let ran = files.get(path);
      if (!ran) {
        loaded.push(path);
        files.set(path, (ran = new Promise((resolve) => host.loadScript(host.base + path, resolve))));
      }
      return ran.then(() => (store.has(key) ? store.get(key) : null));
    },
  };
}
