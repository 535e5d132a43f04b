/* loupe default theme: remembers the reader's language and loads search on demand.
   Classic script, no modules: it must work from file:// too.
   Content keeps element ids, and an id (or a form's or image's name) shadows globals and even
   document.body: so this script reaches the document only through Document.prototype (whose
   getters no element shadows), uses only the theme's own elements (the search box in the page
   header, outside <main> where content goes) and checks every value it puts in a URL. */
(function () {
  "use strict";
  var doc = window.document, DocProto = window.Document.prototype;
  function docGet(name) { return Object.getOwnPropertyDescriptor(DocProto, name).get.call(doc); }
  var body = docGet("body");
  if (!body) return;
  /* A language code as loupe's configuration allows them: letters, digits, `-`. */
  function langCode(v) { return typeof v === "string" && /^[A-Za-z0-9-]{1,35}$/.test(v) ? v : null; }
  var lang = langCode(body.getAttribute("data-lang"));
  var store = null;
  try { store = window.localStorage; } catch (e) { store = null; }
  function remember(code) { try { if (store && langCode(code)) store.setItem("loupe-lang", code); } catch (e) { /* private mode */ } }
  if (lang) {
    remember(lang);
  } else if (store && window.location.search.indexOf("choose") < 0) {
    /* The root chooser page: go to the language chosen last time, if any, through the
       chooser's own link (`<code>/index.html`). */
    var saved = null;
    try { saved = langCode(store.getItem("loupe-lang")); } catch (e) { saved = null; }
    var link = saved && body.querySelector(':scope > main > ul.languages a[data-lang-link="' + saved + '"]');
    if (link && link.getAttribute("href") === saved + "/index.html") window.location.replace(link.href);
  }
  window.EventTarget.prototype.addEventListener.call(doc, "click", function (ev) {
    var a = ev.target && ev.target.closest && ev.target.closest("a[data-lang-link]");
    if (a) remember(a.getAttribute("data-lang-link"));
  });
  /* The search box of the page header, unless this is the search page (which loads search
     itself); the runtime from the site's search folder, by the relative root loupe wrote. */
  var input = body.querySelector(":scope > header form.search-box input#search-input");
  var root = body.getAttribute("data-root") || "";
  if (!input || body.querySelector(":scope > main > #search-page") || !/^(?:\.\.\/)*$/.test(root)) return;
  var loaded = false;
  function load() {
    if (loaded) return;
    loaded = true;
    var s = DocProto.createElement.call(doc, "script");
    s.src = root + "search/loupe-search.js";
    docGet("head").appendChild(s);
  }
  input.addEventListener("focus", load);
  input.addEventListener("input", load);
})();
