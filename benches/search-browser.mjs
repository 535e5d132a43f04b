// Search in real headless Chromium over file:// on a built loupe site, measured:
// - cold: bytes of the search files loaded to show the first results of a query typed into
//   the search box of a document page (runtime included), one fresh browser context a query;
// - warm: time from the last keystroke to rendered results (the box's pause included).
// Usage: node benches/search-browser.mjs <built site> [lang] [queries...]
// Without queries it draws one- and three-word queries from the site's own vocabulary.
import { statSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { launch, fileUrl, pathOf } from "../tests/browser/harness.mjs";

const site = resolve(process.argv[2] || "public");
const lang = process.argv[3] || "en";
let queries = process.argv.slice(4);

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

const doc = pickDocument();
const browser = await launch();
const cold = { 1: [], 3: [] };
const warm = [];
try {
  for (const q of queries) {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    const loaded = new Set();
    page.on("request", (r) => {
      if (r.url().includes("/search/")) loaded.add(pathOf(r.url()));
    });
    await page.goto(fileUrl(doc));
    await page.type("#search-input", q);
    await page.waitForFunction(() => {
      const box = document.getElementById("search-dropdown");
      return box && !box.hidden && box.querySelector("ol.search-results, .ls-empty");
    }, { timeout: 30000 });
    const bytes = [...loaded].reduce((n, p) => n + statSync(p).size, 0);
    cold[q.split(" ").length >= 3 ? 3 : 1].push(bytes / 1024);

    // Warm: the same page, the query retyped with its last letter changed and restored.
    const times = await page.evaluate(async (q) => {
      const input = document.getElementById("search-input");
      const box = document.getElementById("search-dropdown");
      const out = [];
      for (const v of [q.slice(0, -1), q, q.slice(0, -1), q]) {
        const done = new Promise((res) => new MutationObserver((_, o) => { o.disconnect(); res(); }).observe(box, { childList: true }));
        const t0 = performance.now();
        input.value = v;
        input.dispatchEvent(new Event("input"));
        await done;
        out.push(performance.now() - t0);
      }
      return out;
    }, q);
    warm.push(...times.slice(1));
    await context.close();
  }
} finally {
  await browser.close();
}
const fmt = (o, unit) => `median ${o.median.toFixed(1)} ${unit}, p90 ${o.p90.toFixed(1)} ${unit}, max ${o.max.toFixed(1)} ${unit}`;
console.log(`site: ${site} (${lang}), ${queries.length} queries, from the search box of a document page`);
if (cold[1].length) console.log(`cold bytes to first results, one word (${cold[1].length}): ${fmt(stats(cold[1]), "KB")}   budget 100 KB`);
if (cold[3].length) console.log(`cold bytes to first results, three words (${cold[3].length}): ${fmt(stats(cold[3]), "KB")}   budget 150 KB`);
console.log(`warm keystroke to rendered results (${warm.length}): ${fmt(stats(warm), "ms")}   budget 50 ms`);
