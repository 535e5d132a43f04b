/* loupe default theme: "Save for offline" on a hosted site (offline.service_worker in
   loupe.yaml). Runs only over http(s): under file:// (a USB stick) it does nothing, since the
   site is already offline there and service workers cannot run.
   The box in the footer stays hidden until this script knows what to show. "Save" downloads
   every file of the page's language listed in offline/<lang>.json into a cache of its own
   (checking each file's SHA-256), registers the service worker (sw.js at the site root) that
   serves saved files cache first, and stores the list last as the mark of a complete copy. When
   offline/index.json names another version, the box offers the update, which downloads only
   the files that changed, then deletes the old copy.
   Like site.js, it reaches the document through Document.prototype and only the theme's own
   elements (the footer, outside <main> where content goes); every URL is built from the
   checked relative root and the language code. */
(function () {
  "use strict";
  var loc = window.location;
  if (loc.protocol !== "http:" && loc.protocol !== "https:") return;
  var nav = window.navigator;
  if (!("serviceWorker" in nav) || !window.caches || !window.fetch || !window.Promise ||
      !window.crypto || !window.crypto.subtle || !window.isSecureContext) return;
  var doc = window.document, DocProto = window.Document.prototype;
  function docGet(name) { return Object.getOwnPropertyDescriptor(DocProto, name).get.call(doc); }
  var body = docGet("body");
  if (!body) return;
  var lang = body.getAttribute("data-lang");
  var root = body.getAttribute("data-root");
  if (typeof lang !== "string" || !/^[A-Za-z0-9-]{1,35}$/.test(lang) ||
      typeof root !== "string" || !/^(?:\.\.\/)*$/.test(root)) return;
  var box = body.querySelector(":scope > footer .offline-save");
  if (!box) return;
  var button = box.querySelector(".offline-button"), state = box.querySelector(".offline-state");
  var strings = {};
  try { strings = JSON.parse(box.getAttribute("data-strings") || "{}") || {}; } catch (e) { strings = {}; }
  function t(key, values) {
    var s = typeof strings[key] === "string" ? strings[key] : key;
    return s.replace(/\{(\w+)\}/g, function (all, name) { return values && name in values ? values[name] : all; });
  }

  var siteRoot = new URL(root, loc.href).href;
  var PREFIX = "loupe-offline " + siteRoot + " " + lang + " ";
  var MARK = siteRoot + "offline/" + lang + ".json?saved";
  /* Tells the service worker to leave the request to the network. */
  var NETWORK = { headers: { "X-Loupe-Offline": "1" }, cache: "no-cache" };
  var busy = false, pending = null;

  function size(bytes) {
    var mb = bytes >= 1e6;
    var n = new Intl.NumberFormat(lang, { maximumFractionDigits: mb ? 1 : 0 })
      .format(mb ? bytes / 1e6 : Math.max(1, bytes / 1e3));
    return n + "\u00a0" + t(mb ? "mb" : "kb");
  }
  function show(text, action) {
    state.textContent = text;
    button.hidden = !action;
    if (action) button.textContent = action;
    button.disabled = false;
    box.hidden = false;
  }
  function getJson(rel, cacheMode) {
    var init = { headers: NETWORK.headers, cache: cacheMode || NETWORK.cache };
    return fetch(siteRoot + rel, init).then(function (r) {
      if (r.status === 404 || r.status === 410) return { gone: true };
      if (!r.ok) throw new Error(rel + ": HTTP " + r.status);
      return r.json();
    });
  }
  /* This language's caches, and the list of the complete copy among them, if any. */
  function saved() {
    return caches.keys().then(function (names) {
      var ours = names.filter(function (n) { return n.indexOf(PREFIX) === 0; });
      function next(i) {
        if (i >= ours.length) return { names: ours, list: null, cache: null };
        return caches.open(ours[i]).then(function (c) {
          return c.match(MARK).then(function (hit) {
            if (!hit) return next(i + 1);
            return hit.json().then(function (list) { return { names: ours, list: list, cache: c }; });
          });
        });
      }
      return next(0);
    });
  }
  function hexOf(buf) {
    return Array.prototype.map.call(new Uint8Array(buf), function (b) {
      return (b < 16 ? "0" : "") + b.toString(16);
    }).join("");
  }

  /* Downloads `list` into its own cache, reusing what `old` (a complete earlier copy) holds
     unchanged and what an interrupted save already stored. */
  function download(list, old) {
    var name = PREFIX + list.version;
    var reuse = {};
    if (old.list && Array.isArray(old.list.files)) {
      old.list.files.forEach(function (f) { reuse[f[0]] = f[1]; });
    }
    return caches.open(name).then(function (cache) {
      var files = list.files.slice(), done = 0, total = 0, shown = -1;
      files.forEach(function (f) { total += f[2]; });
      /* In steps of 10 %, so that screen readers are not flooded with announcements. */
      function progress(bytes) {
        done += bytes;
        var step = Math.floor(10 * done / Math.max(total, 1)) * 10;
        if (step === shown) return;
        shown = step;
        show(t("saving", { percent: String(Math.min(step, 100)) }), null);
      }
      function fetchChecked(f, url) {
        return fetch(url, NETWORK).then(function (r) {
          if (!r.ok) throw new Error(f[0] + ": HTTP " + r.status);
          var type = r.headers.get("Content-Type");
          return r.arrayBuffer().then(function (buf) {
            return window.crypto.subtle.digest("SHA-256", buf).then(function (d) {
              if (hexOf(d) !== f[1]) throw new Error(f[0] + " changed while saving");
              return new Response(buf, { headers: type ? { "Content-Type": type } : {} });
            });
          });
        });
      }
      function one(f) {
        var url = new URL(f[0], siteRoot).href;
        return cache.match(url).then(function (have) {
          if (have) return null;
          var kept = old.cache && reuse[f[0]] === f[1] ? old.cache.match(url) : Promise.resolve(null);
          return kept.then(function (k) { return k || fetchChecked(f, url); })
            .then(function (response) { return cache.put(url, response); });
        }).then(function () { progress(f[2]); });
      }
      /* Four downloads at a time. */
      function worker() {
        var f = files.shift();
        return f ? one(f).then(worker) : Promise.resolve();
      }
      progress(0);
      return Promise.all([worker(), worker(), worker(), worker()]).then(function () {
        return cache.put(MARK, new Response(JSON.stringify(list), {
          headers: { "Content-Type": "application/json" }
        }));
      });
    }).then(function () {
      return Promise.all(old.names.filter(function (n) { return n !== name; }).map(function (n) {
        return caches["delete"](n);
      }));
    });
  }

  /* Deletes every saved copy of this site and unregisters its service worker. */
  function forget() {
    var site = "loupe-offline " + siteRoot + " ";
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (n) { return n.indexOf(site) === 0; })
        .map(function (n) { return caches["delete"](n); }));
    }).then(function () { return nav.serviceWorker.getRegistration(siteRoot); })
      .then(function (reg) { return reg && reg.scope === siteRoot ? reg.unregister() : false; })
      .catch(function () { return false; });
  }

  function save() {
    if (busy) return;
    busy = true;
    button.disabled = true;
    if (nav.storage && nav.storage.persist) nav.storage.persist().catch(function () { return false; });
    Promise.all([getJson("offline/" + lang + ".json"), saved(),
                 nav.serviceWorker.register(siteRoot + "sw.js")])
      .then(function (r) {
        var list = r[0];
        if (!list || list.lang !== lang || !Array.isArray(list.files)) throw new Error("bad list");
        return download(list, r[1]);
      })
      .then(function () { return nav.serviceWorker.ready; })
      .then(function () { busy = false; show(t("saved"), null); box.setAttribute("data-state", "saved"); })
      .catch(function (e) {
        busy = false;
        box.setAttribute("data-state", "error");
        show(t("error"), pending);
        if (window.console) window.console.warn("loupe offline:", e);
      });
  }
  button.addEventListener("click", save);

  /* Readers with a saved copy ask the server whether it changed; others may get the summary
     from the browser's HTTP cache. */
  saved().then(function (copy) {
    return getJson("offline/index.json", copy.list ? "no-cache" : "default")
      .catch(function () { return null; })
      .then(function (index) { return [index, copy]; });
  })
    .then(function (r) {
      if (r[0] && r[0].gone) {
        /* The site no longer offers saving (the option was turned off): stop serving old
           copies, so readers get the live site. */
        if (r[1].names.length) forget();
        return;
      }
      var current = r[0] && r[0][lang], copy = r[1].list;
      if (r[0]) {
        /* The web app manifest, only where the site is hosted with it. */
        var link = DocProto.createElement.call(doc, "link");
        link.rel = "manifest";
        link.href = siteRoot + "manifest.webmanifest";
        docGet("head").appendChild(link);
      }
      if (copy && (!current || current.version === copy.version)) {
        box.setAttribute("data-state", "saved");
        show(t("saved"), null);
      } else if (copy) {
        pending = t("update");
        box.setAttribute("data-state", "update");
        show(t("update_available"), pending);
      } else if (current && typeof current.bytes === "number") {
        pending = t("save", { size: size(current.bytes) });
        box.setAttribute("data-state", "unsaved");
        show("", pending);
      }
    })
    .catch(function () { /* no Cache Storage here (private mode): nothing to offer */ });
})();
