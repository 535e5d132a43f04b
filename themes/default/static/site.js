/* loupe default theme: remembers the reader's language and loads search on demand.
   Classic script, no modules: it must work from file:// too. */
(function () {
  "use strict";
  var body = document.body, lang = body && body.getAttribute("data-lang");
  var store = null;
  try { store = window.localStorage; } catch (e) { store = null; }
  function remember(code) { try { if (store && code) store.setItem("loupe-lang", code); } catch (e) { /* private mode */ } }
  if (lang) {
    remember(lang);
  } else if (store && location.search.indexOf("choose") < 0) {
    /* The root chooser page: go to the language chosen last time, if any. */
    var saved = null;
    try { saved = store.getItem("loupe-lang"); } catch (e) { saved = null; }
    var link = saved && document.querySelector('a[data-lang-link="' + saved.replace(/[^a-z0-9-]/gi, "") + '"]');
    if (link) location.replace(link.href);
  }
  document.addEventListener("click", function (ev) {
    var a = ev.target.closest && ev.target.closest("a[data-lang-link]");
    if (a) remember(a.getAttribute("data-lang-link"));
  });
  var input = document.getElementById("search-input");
  if (!input || document.getElementById("search-page")) return;
  var loaded = false;
  function load() {
    if (loaded) return;
    loaded = true;
    var s = document.createElement("script");
    s.src = (body.getAttribute("data-root") || "") + "search/loupe-search.js";
    document.head.appendChild(s);
  }
  input.addEventListener("focus", load);
  input.addEventListener("input", load);
})();
