// Node driver of the browser runtime for the tests and the benchmark: evaluates the
// generated files (runtime and shards) in this context instead of injecting <script> tags.
// Usage: node driver.cjs <site>/search < requests.json  (requests: [{lang, q, opts, cold}])
// Answers: the first answer ({hits, total, facets, partial, loaded}), or {miss, loaded} for a
// quick search (opts.quick) that needed a file not loaded yet, and, when it is partial
// (counts not final because tier-2 postings were not needed for the top results), complete:
// the answer once every tier is loaded, with the files loaded until then.
'use strict';
const fs = require('fs');
const vm = require('vm');
const path = require('path');
const dir = process.argv[2];
globalThis.window = globalThis;
// Where there is no document, the runtime takes its folder and script loader from loupeHost.
globalThis.loupeHost = {
  base: dir.endsWith('/') ? dir : dir + '/',
  loadScript: (file) => vm.runInThisContext(fs.readFileSync(file, 'utf8'), { filename: file }),
};
const runtime = fs.readFileSync(path.join(dir, 'loupe-search.js'), 'utf8');
vm.runInThisContext(runtime);
const requests = JSON.parse(fs.readFileSync(0, 'utf8'));
(async () => {
  const out = [];
  for (const r of requests) {
    // Cold: a fresh runtime (a loaded one stands down), with nothing loaded.
    const fresh = r.cold ? (delete globalThis.loupeSearch, vm.runInThisContext(runtime), true) : false;
    const before = loupeSearch.loaded.length;
    let hits;
    try {
      hits = await loupeSearch(r.q, Object.assign({ lang: r.lang }, r.opts || {}));
    } catch (e) {
      // A quick search that needs a file not loaded yet rejects with loupeSearch.MISS.
      if (e !== loupeSearch.MISS) throw e;
      out.push({ miss: true, loaded: loupeSearch.loaded.slice(before) });
      continue;
    }
    const view = (hs) => ({
      hits: hs.map((h) => ({ doc: h.doc, score: h.score, url: h.url, title: h.title, lang: h.lang, type: h.type, snippet: h.snippet, countries: h.countries, year: h.year })),
      total: hs.total,
      facets: hs.facets || null,
    });
    const first = view(hits);
    first.partial = !!hits.partial;
    first.loaded = fresh ? loupeSearch.loaded.slice() : loupeSearch.loaded.slice(before);
    // The complete answer (every tier loaded: exact counts), as the UI refines it.
    if (hits.partial) {
      first.complete = view(await hits.complete());
      first.complete.loaded = fresh ? loupeSearch.loaded.slice() : loupeSearch.loaded.slice(before);
    }
    out.push(first);
  }
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
