/* loupe default theme: remembers the reader's language, opens the navigation and the table of
   contents beside the text on wide screens, lets keyboards scroll wide tables, marks overdue
   actions against the day the page is read, and loads search on demand. A classic script at
   the end of <body>, no modules: it must work from file:// too.
   Content keeps element ids, and an id (or a form's or image's name) shadows globals and even
   document.body: so this script reaches the document only through Document.prototype (whose
   getters no element shadows), uses only the theme's own elements (found from <body> by their
   place in the theme's layout: content is always deeper, inside <main>'s document text) and
   checks every value it puts in a URL. */
(function () {
  "use strict";
  var doc = window.document, DocProto = window.Document.prototype;
  function docGet(name) { return Object.getOwnPropertyDescriptor(DocProto, name).get.call(doc); }
  var body = docGet("body");
  if (!body) return;
  function theme(selector) { return body.querySelector(":scope > " + selector); }
  function on(target, type, f) { window.EventTarget.prototype.addEventListener.call(target, type, f); }
  /* A language code as loupe's configuration allows them: letters, digits, `-`. */
  function langCode(v) { return typeof v === "string" && /^[A-Za-z0-9-]{1,35}$/.test(v) ? v : null; }
  var lang = langCode(body.getAttribute("data-lang"));
  var store = null;
  try { store = window.localStorage; } catch (e) { store = null; }
  function remember(code) { try { if (store && langCode(code)) store.setItem("loupe-lang", code); } catch (e) { /* private mode */ } }
  if (lang) {
    remember(lang);
  } else if (store && window.location.search.indexOf("choose") < 0) {
    /* The root chooser page: go to the language chosen last time, if the browser kept it,
       through the chooser's own link (`<code>/index.html`). */
    var saved = null;
    try { saved = langCode(store.getItem("loupe-lang")); } catch (e) { saved = null; }
    var link = saved && theme('main > ul.languages a[data-lang-link="' + saved + '"]');
    if (link && link.getAttribute("href") === saved + "/index.html") { window.location.replace(link.href); return; }
  }
  on(doc, "click", function (ev) {
    var a = ev.target && ev.target.closest && ev.target.closest("a[data-lang-link]");
    if (a) remember(a.getAttribute("data-lang-link"));
  });

  /* Wide screens show the navigation and the table of contents open beside the text. */
  var header = theme("header.site-header");
  var main = theme("main");
  var menu = header && header.querySelector(":scope > details.menu");
  function follow(query, el) {
    if (!el || !window.matchMedia) return null;
    var mq = window.matchMedia(query);
    var apply = function () { el.open = mq.matches; };
    apply();
    if (mq.addEventListener) mq.addEventListener("change", apply);
    else if (mq.addListener) mq.addListener(apply);
    return mq;
  }
  var wide = follow("(min-width: 64rem)", menu);
  follow("(min-width: 76rem)", main && main.querySelector(":scope > article.doc > details.toc"));
  on(doc, "keydown", function (e) {
    if (e.key === "Escape" && menu && menu.open && !(wide && wide.matches)) {
      menu.open = false;
      menu.querySelector(":scope > summary").focus();
    }
  });
  if (!main) return;

  /* A table wider than the text scrolls in its box: keyboards can scroll it once it has focus. */
  var tables = main.querySelectorAll(":scope > article.doc > .doc-text > .body table, :scope > .pack-doc > .body table");
  function scrollable() {
    Array.prototype.forEach.call(tables, function (t) {
      if (t.scrollWidth > t.clientWidth + 1) t.setAttribute("tabindex", "0");
      else t.removeAttribute("tabindex");
    });
  }
  if (tables.length) { scrollable(); on(window, "resize", scrollable); }

  /* Overdue actions, judged on today's date; the page says which date it judged them on when
     no script runs. Only the theme's action lists: never inside a document's body. */
  var now = new Date();
  var pad = function (n) { return (n < 10 ? "0" : "") + n; };
  var today = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  var mine = function (el) { return !el.closest(".body, .intro"); };
  var day = /^\d{4}-\d{2}-\d{2}$/;
  Array.prototype.forEach.call(main.querySelectorAll(".open[data-due]"), function (el) {
    var due = el.getAttribute("data-due"), holder = el.closest("[data-overdue]"), status = el.querySelector(".status");
    if (!mine(el) || !day.test(due) || due >= today || !holder || !status) return;
    el.classList.add("overdue");
    status.className = "status status-overdue";
    status.textContent = holder.getAttribute("data-overdue");
  });
  Array.prototype.forEach.call(main.querySelectorAll("[data-overdue-count][data-dues]"), function (el) {
    var out = el.querySelector(":scope > span");
    if (!mine(el) || !out) return;
    var n = el.getAttribute("data-dues").split(" ").filter(function (d) { return day.test(d) && d < today; }).length;
    if (n < +out.textContent) return;
    out.textContent = n;
    el.hidden = !n;
  });
  Array.prototype.forEach.call(main.querySelectorAll(".asof > time"), function (t) {
    if (mine(t) && t.getAttribute("datetime") <= today) t.parentNode.hidden = true;
  });

  /* The search box of the page header, unless this is the search page (which loads search
     itself); the runtime from the site's search folder, by the relative root loupe wrote. */
  var input = header && header.querySelector(":scope > form.search-box input#search-input");
  var root = body.getAttribute("data-root") || "";
  if (!input || main.querySelector(":scope > .wide > #search-page, :scope > #search-page") || !/^(?:\.\.\/)*$/.test(root)) return;
  var loaded = false;
  function load() {
    if (loaded) return;
    loaded = true;
    var s = DocProto.createElement.call(doc, "script");
    s.src = root + "search/loupe-search.js";
    docGet("head").appendChild(s);
  }
  on(input, "focus", load);
  on(input, "input", load);
})();
