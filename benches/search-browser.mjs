// Search in real headless Chromium over file:// on a built loupe site, measured:
// - cold: bytes of the search files loaded until the search box of a document page shows the
//   results of a query (runtime and CSS included), one fresh browser context a query. The
//   query is entered at once (pasted, or typed within the box's pause), so the figure is the
//   query's own, not that of the prefixes on the way;
// - warm: time from the input event of a keystroke to rendered results, on the same page, the
//   query retyped with its last letter removed and restored: until the results are in the DOM
//   and the task that rendered them has ended (anything it ran synchronously counts).
// And, when a Pagefind bundle of the same corpus is given or found (`pagefind --site
// <hugo-public> [--output-path <dir>]`, see docs/benchmarks.md), the same queries through
// Pagefind's JS API in the same Chromium, served over http from 127.0.0.1 (Pagefind needs a
// web server): bytes of its files loaded cold to search and load the data of the first 8
// results (what loupe's box shows), and its warm time for search + data (no rendering).
//
// Usage: node benches/search-browser.mjs <built site> [lang] [--pagefind <bundle>] [queries...]
// Without queries it draws one- and three-word queries from the site's own vocabulary.
// BENCH_VERBOSE=1 prints each query's figures.
import { existsSync, statSync, readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, extname, join, resolve } from "node:path";
import { launch, fileUrl } from "../tests/browser/harness.mjs";

const args = process.argv.slice(2);
let pagefind = null;
const pf = args.indexOf("--pagefind");
if (pf >= 0) pagefind = resolve(args.splice(pf, 2)[1]);
const site = resolve(args[0] || "public");
const lang = args[1] || "en";
let queries = args.slice(2);
const verbose = !!process.env.BENCH_VERBOSE;
const LIMIT = 8; // results the search box shows
if (!pagefind) {
  // `cargo xtask bench` leaves Hugo's build of the corpus beside loupe's.
  const guess = join(dirname(site), "hugo-public", "pagefind");
  if (existsSync(join(guess, "pagefind.js"))) pagefind = guess;
}

function pickDocument() {
  for (const section of ["guidance", "minutes", "case-studies"]) {
    const dir = join(site, lang, section);
    const entries = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory());
    if (entries.length) return join(dir, entries[0].name, "index.html");
  }
  throw new Error("no document page");
}

function vocabulary() {
  // Words of a sample of documents' titles, a deterministic spread of frequent and rare words.
  const words = new Map();
  for (const section of ["guidance", "minutes", "case-studies"]) {
    const dir = join(site, lang, section);
    const entries = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).slice(0, 200);
    for (const e of entries) {
      const html = readFileSync(join(dir, e.name, "index.html"), "utf8");
      const body = html.slice(html.indexOf('<div class="body">'), html.indexOf("</div>", html.indexOf('<div class="body">')));
      for (const w of body.replace(/<[^>]+>/g, " ").toLowerCase().match(/\p{L}{3,}/gu) || []) {
        words.set(w, (words.get(w) || 0) + 1);
      }
    }
  }
  return [...words.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map((e) => e[0]);
}

if (!queries.length) {
  const v = vocabulary();
  const spread = (n, offset) => Array.from({ length: n }, (_, i) => v[Math.floor(((i + offset) * v.length) / (n + 2))]);
  const one = [...v.slice(0, 5), ...spread(15, 1)];
  const three = Array.from({ length: 10 }, (_, i) => [v[i], v[Math.floor(v.length / 3) + i], v[Math.floor((2 * v.length) / 3) + i]].join(" "));
  queries = [...one, ...three];
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { median: q(0.5), p90: q(0.9), max: s[s.length - 1] };
};
const fmt = (o, unit) => `median ${o.median.toFixed(1)} ${unit}, p90 ${o.p90.toFixed(1)} ${unit}, max ${o.max.toFixed(1)} ${unit}`;
const kind = (q) => (q.trim().split(/\s+/).length >= 3 ? 3 : 1);
const size = (p) => (existsSync(p) ? statSync(p).size : 0);

/** In the page: enters `q` at once, resolves when the box shows its results, to what the
 * runtime had loaded by then. */
function coldQuery(q) {
  const input = document.getElementById("search-input");
  const box = document.getElementById("search-dropdown");
  const href = "?q=" + encodeURIComponent(q);
  return new Promise((res) => {
    new MutationObserver((_, o) => {
      const a = box.querySelector(".ls-all a");
      if (box.hidden || !a || !a.getAttribute("href").endsWith(href)) return;
      o.disconnect();
      res({ loaded: window.loupeSearch.loaded.slice(), shown: box.querySelectorAll("ol.search-results > li").length });
    }).observe(box, { childList: true, subtree: true, attributes: true });
    input.value = q;
    input.dispatchEvent(new Event("input"));
  });
}

/** In the page: the query retyped with its last letter removed and restored; per keystroke
 * the times from the input event to the results in the DOM (the runtime's work: search and
 * DOM update), and to the end of the task that rendered them (what the budget counts; it
 * includes the browser's own work and waits in between). */
async function warmQuery(q) {
  const input = document.getElementById("search-input");
  const box = document.getElementById("search-dropdown");
  const endOfTask = () => new Promise((res) => {
    const c = new MessageChannel();
    c.port1.onmessage = () => res();
    c.port2.postMessage(0);
  });
  const out = [];
  for (const v of [q.slice(0, -1), q, q.slice(0, -1), q]) {
    let inDom = 0;
    const done = new Promise((res) => new MutationObserver((_, o) => { inDom = performance.now(); o.disconnect(); res(); }).observe(box, { childList: true }));
    const t0 = performance.now();
    input.value = v;
    input.dispatchEvent(new Event("input"));
    await done;
    await endOfTask();
    out.push([performance.now() - t0, inDom - t0]);
  }
  return out;
}

const doc = pickDocument();
const searchDir = join(site, "search");
const runtimeBytes = size(join(searchDir, "loupe-search.js")) + size(join(searchDir, "loupe-search.css"));
const browser = await launch();
const cold = { 1: [], 3: [] };
const warm = [];
const warmDom = [];
const pfCold = { 1: [], 3: [] };
const pfWarm = [];
let server = null;
try {
  for (const q of queries) {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.goto(fileUrl(doc));
    // The theme loads the runtime when the box gets the focus (or a first keystroke).
    await page.focus("#search-input");
    await page.waitForFunction(() => window.loupeSearch && document.getElementById("search-input").getAttribute("data-loupe"));
    const r = await page.evaluate(coldQuery, q);
    const bytes = runtimeBytes + r.loaded.reduce((n, p) => n + size(join(searchDir, p)), 0);
    cold[kind(q)].push(bytes / 1024);
    const both = await page.evaluate(warmQuery, q);
    // The first retyping may load files for the shorter word; the others are warm.
    const times = both.map((t) => t[0]);
    warm.push(...times.slice(1));
    warmDom.push(...both.slice(1).map((t) => t[1]));
    if (verbose) {
      const blocks = r.loaded.filter((p) => p.includes("/t/")).length;
      console.log(`  ${(bytes / 1024).toFixed(1).padStart(6)} KB cold (${r.loaded.length} files, ${blocks} tier-2 blocks, ${r.shown} results)  warm ${both.slice(1).map((t) => t[0].toFixed(1) + " (" + t[1].toFixed(1) + ")").join(" ")} ms  ${JSON.stringify(q)}`);
    }
    await context.close();
  }

  if (pagefind) {
    // Pagefind's bundle over http (its JS API fetches, imports a module and runs WASM).
    const types = { ".js": "text/javascript", ".css": "text/css", ".json": "application/json", ".wasm": "application/wasm" };
    server = createServer((req, res) => {
      const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
      if (path === "/") {
        res.writeHead(200, { "content-type": "text/html" });
        res.end(`<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8"></head><body></body></html>`);
        return;
      }
      const file = path.startsWith("/pagefind/") ? join(pagefind, path.slice("/pagefind/".length)) : null;
      if (!file || !file.startsWith(pagefind) || !existsSync(file) || !statSync(file).isFile()) {
        res.writeHead(404);
        res.end();
        return;
      }
      const body = readFileSync(file);
      res.writeHead(200, { "content-type": types[extname(file)] || "application/octet-stream", "content-length": body.length });
      res.end(body);
    });
    await new Promise((res) => server.listen(0, "127.0.0.1", res));
    const origin = `http://127.0.0.1:${server.address().port}`;
    for (const q of queries) {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      let bytes = 0;
      let counting = true;
      page.on("response", (resp) => {
        const u = new URL(resp.url());
        if (counting && u.pathname.startsWith("/pagefind/")) bytes += size(join(pagefind, decodeURIComponent(u.pathname.slice("/pagefind/".length))));
      });
      await page.goto(origin + "/");
      const r = await page.evaluate(async (q, limit) => {
        const pf = await import("/pagefind/pagefind.js");
        const search = async (v) => {
          const res = await pf.search(v);
          return Promise.all(res.results.slice(0, limit).map((x) => x.data()));
        };
        const first = await search(q);
        return { shown: first.length };
      }, q, LIMIT);
      counting = false;
      pfCold[kind(q)].push(bytes / 1024);
      const times = await page.evaluate(async (q, limit) => {
        const pf = await import("/pagefind/pagefind.js");
        const out = [];
        for (const v of [q.slice(0, -1), q, q.slice(0, -1), q]) {
          const t0 = performance.now();
          const res = await pf.search(v);
          await Promise.all(res.results.slice(0, limit).map((x) => x.data()));
          out.push(performance.now() - t0);
        }
        return out;
      }, q, LIMIT);
      pfWarm.push(...times.slice(1));
      if (verbose) console.log(`  pagefind ${(bytes / 1024).toFixed(1).padStart(6)} KB cold (${r.shown} results)  warm ${times.slice(1).map((t) => t.toFixed(1)).join(" ")} ms  ${JSON.stringify(q)}`);
      await context.close();
    }
  }
} finally {
  await browser.close();
  if (server) server.close();
}
const over = (xs, budget) => xs.filter((x) => x >= budget).length;
console.log(`site: ${site} (${lang}), ${queries.length} queries, from the search box of a document page`);
for (const [k, budget] of [[1, 100], [3, 150]]) {
  if (!cold[k].length) continue;
  const name = k === 1 ? "one word" : "three words";
  console.log(`cold bytes to first results, ${name} (${cold[k].length}): ${fmt(stats(cold[k]), "KB")}   budget ${budget} KB, ${over(cold[k], budget)} over`);
}
console.log(`warm keystroke to rendered results (${warm.length}): ${fmt(stats(warm), "ms")}   budget 50 ms, ${over(warm, 50)} over`);
console.log(`  of which until the results are in the DOM (search and DOM update): ${fmt(stats(warmDom), "ms")}, ${over(warmDom, 50)} over 50 ms`);
if (pagefind) {
  console.log(`pagefind (${pagefind}), same queries over http, its JS API, first ${LIMIT} results' data:`);
  for (const k of [1, 3]) {
    if (pfCold[k].length) console.log(`  cold bytes, ${k === 1 ? "one word" : "three words"} (${pfCold[k].length}): ${fmt(stats(pfCold[k]), "KB")}`);
  }
  console.log(`  warm search + data, no rendering (${pfWarm.length}): ${fmt(stats(pfWarm), "ms")}`);
} else {
  console.log("pagefind: no bundle given or found beside the site (--pagefind <dir>), not compared");
}
