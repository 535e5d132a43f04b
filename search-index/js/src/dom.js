// @ts-check
/* The page, safe from DOM clobbering. Content is untrusted and keeps element ids: an
 * element's id (or a form's or image's name) becomes a property of window that shadows any
 * global a script did not define, and the name of a <form>, <img>, <embed> or <object>
 * shadows even document.body or document.currentScript. So the runtime reads no
 * configuration from globals, reaches the document only through the getters and methods of
 * Document.prototype (own properties of window such as Document cannot be shadowed), and uses
 * only elements it verified as the theme's: the search box in the page header (outside
 * <main>, where content goes) and the search page's host, a direct child of <main> (content
 * is always nested deeper). */

/**
 * The page: its window and document.
 * @typedef {{ win: Window & typeof globalThis, doc: Document }} Page
 */

/**
 * A getter of Document.prototype, called on the document (never a property of the document
 * itself, which a named element can shadow).
 * @param {Page} page
 * @param {'body' | 'head' | 'currentScript' | 'readyState' | 'activeElement'} name
 * @returns {any}
 */
function documentGet(page, name) {
  const descriptor = Object.getOwnPropertyDescriptor(page.win.Document.prototype, name);
  return descriptor && descriptor.get ? descriptor.get.call(page.doc) : null;
}

/**
 * @param {Page} page
 * @returns {HTMLElement | null}
 */
function pageBody(page) {
  return documentGet(page, 'body');
}

/**
 * @param {Page} page
 * @returns {HTMLHeadElement | null}
 */
function pageHead(page) {
  return documentGet(page, 'head');
}

/**
 * @param {Page} page
 * @returns {Element | null}
 */
function activeElement(page) {
  return documentGet(page, 'activeElement');
}

/**
 * @param {Page} page
 * @param {string} selector
 * @returns {Element | null}
 */
function documentQuery(page, selector) {
  return callDocument(page, 'querySelector', selector);
}

/**
 * Document.prototype's method `name` called on the page's document (a property of the
 * document itself could be shadowed by the page's content).
 * @param {Page} page
 * @param {'querySelector' | 'createElement' | 'createTextNode'} name
 * @param {string} arg
 * @returns {any}
 */
function callDocument(page, name, arg) {
  return /** @type {Function} */ (page.win.Document.prototype[name]).call(page.doc, arg);
}

/**
 * An attribute of an element, through Element.prototype (a form's own properties can be
 * shadowed by its fields).
 * @param {Page} page
 * @param {Element} element
 * @param {string} name
 * @returns {string | null}
 */
function attributeOf(page, element, name) {
  return page.win.Element.prototype.getAttribute.call(element, name);
}

/**
 * @param {Page} page
 * @param {string} type
 * @param {(event: Event) => void} listener
 */
function onDocument(page, type, listener) {
  page.win.EventTarget.prototype.addEventListener.call(page.doc, type, listener);
}

/**
 * The theme's element matching a selector relative to <body> (`:scope > …`).
 * @param {Page} page
 * @param {string} selector
 * @returns {Element | null}
 */
function themeElement(page, selector) {
  const body = pageBody(page);
  return body ? body.querySelector(':scope > ' + selector) : null;
}

/** @param {Page} page */
function searchForm(page) {
  return themeElement(page, 'header form.search-box');
}

/** @param {Page} page */
function searchInput(page) {
  const input = themeElement(page, 'header form.search-box input#search-input');
  return input instanceof page.win.HTMLInputElement ? input : null;
}

/** @param {Page} page */
function dropdownBox(page) {
  const box = themeElement(page, 'header > #search-dropdown');
  return box instanceof page.win.HTMLElement ? box : null;
}

/** @param {Page} page */
function searchPageHost(page) {
  const host = themeElement(page, 'main > #search-page');
  return host instanceof page.win.HTMLElement ? host : null;
}

/**
 * The page's language, from <body data-lang>.
 * @param {Page} page
 * @returns {string}
 */
function pageLanguage(page) {
  const body = pageBody(page);
  const lang = body && attributeOf(page, body, 'data-lang');
  return isLanguageCode(lang) ? lang : 'en';
}

/**
 * The path from the page to the site root, from <body data-root>: `` or `../` repeated.
 * @param {Page} page
 * @returns {string}
 */
function siteRoot(page) {
  const body = pageBody(page);
  const root = body && attributeOf(page, body, 'data-root');
  return root && /^(?:\.\.\/)+$/.test(root) ? root : '';
}

/**
 * A result's URL if it is relative to the site root and stays inside it (no scheme, no
 * leading slash, no `..`, no backslash), else null.
 * @param {string} url
 * @returns {string | null}
 */
function siteRelativeUrl(url) {
  const outside = /^[a-z][a-z0-9+.-]*:|^[/\\]|\\|(?:^|\/)\.\.?(?:[/?#]|$)/i;
  return typeof url === 'string' && url && !outside.test(url) ? url : null;
}

/**
 * The folder the runtime was loaded from: the src of its own <script> (loupe writes it as
 * `<root>search/loupe-search.js`), or null.
 * @param {Page} page
 * @returns {string | null}
 */
function runtimeFolder(page) {
  const ScriptElement = page.win.HTMLScriptElement;
  let script = documentGet(page, 'currentScript');
  if (!(script instanceof ScriptElement)) script = documentQuery(page, 'script[src$="search/loupe-search.js"]');
  const src = script instanceof ScriptElement ? script.src : '';
  return /\/search\/loupe-search\.js$/.test(src) ? src.replace(/[^/]*$/, '') : null;
}

/**
 * The script host of a page: index files become <script> elements in <head>, each URL
 * checked to be inside the runtime's folder.
 * @param {Page} page
 * @param {string} folder
 * @returns {ScriptHost}
 */
function pageScriptHost(page, folder) {
  return {
    base: folder,
    loadScript(url, done) {
      const resolved = new page.win.URL(url, folder).href;
      const head = pageHead(page);
      if (resolved.indexOf(folder) !== 0 || !head) {
        done();
        return;
      }
      const script = createElement(page, 'script');
      script.src = resolved;
      script.async = true;
      script.onload = script.onerror = () => done();
      head.append(script);
    },
  };
}

/**
 * A new element, through Document.prototype.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {Page} page
 * @param {K} tag
 * @returns {HTMLElementTagNameMap[K]}
 */
function createElement(page, tag) {
  return callDocument(page, 'createElement', tag);
}

/**
 * An element with attributes and children (text or nodes): the UI's only way to make markup,
 * so no text is ever parsed as HTML.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {Page} page
 * @param {K} tag
 * @param {Record<string, string> | null} [attributes]
 * @param {(string | Node)[]} [children]
 * @returns {HTMLElementTagNameMap[K]}
 */
function element(page, tag, attributes, children) {
  const node = createElement(page, tag);
  for (const name of Object.keys(attributes || {})) node.setAttribute(name, (attributes || {})[name]);
  node.append(...(children || []));
  return node;
}

/**
 * Listens to an event on an element of the theme's or the UI's own (not the document, see
 * onDocument).
 * @template {keyof HTMLElementEventMap} K
 * @param {HTMLElement} target
 * @param {K} type
 * @param {(event: HTMLElementEventMap[K]) => void} listener
 */
function listen(target, type, listener) {
  target.addEventListener(type, listener);
}
