/* loupe service worker (offline.service_worker in loupe.yaml): serves the languages a reader
   saved with "Save for offline" from Cache Storage, cache first; everything else from the
   network. It saves nothing by itself: assets/offline.js fills one cache per language and
   version ("loupe-offline <scope> <lang> <version>") and deletes the old one after an update.
   Requests marked with the X-Loupe-Offline header (the lists, the downloads) go to the network. */
"use strict";
var SCOPE = self.registration.scope;
var PREFIX = "loupe-offline " + SCOPE + " ";

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

/* The saved copy of `key`, from any of this site's complete copies: a copy is complete when
   offline.js stored its list (the mark) after every file, so an interrupted save serves
   nothing. */
function fromCaches(key, options) {
  return caches.keys().then(function (names) {
    var ours = names.filter(function (n) { return n.indexOf(PREFIX) === 0; });
    function next(i) {
      if (i >= ours.length) return undefined;
      var lang = ours[i].slice(PREFIX.length).split(" ")[0];
      return caches.open(ours[i]).then(function (cache) {
        return cache.match(SCOPE + "offline/" + lang + ".json?saved").then(function (mark) {
          return mark ? cache.match(key, options) : undefined;
        });
      }).then(function (hit) { return hit || next(i + 1); });
    }
    return next(0);
  });
}

self.addEventListener("fetch", function (event) {
  var req = event.request;
  if (req.method !== "GET" || req.headers.has("X-Loupe-Offline")) return;
  var url = new URL(req.url);
  if (url.href.indexOf(SCOPE) !== 0) return;
  var key = req;
  var options;
  if (req.mode === "navigate") {
    /* A page: its query (the search page's ?q=) and fragment do not name another file. */
    url.search = "";
    url.hash = "";
    if (url.pathname.slice(-1) === "/") url.pathname += "index.html";
    key = url.href;
    options = { ignoreSearch: true };
  }
  event.respondWith(fromCaches(key, options).then(function (hit) {
    return hit || fetch(req);
  }));
});
