// Lighthouse (mobile: a mid-range phone on a slow 4G network, simulated) on the built default
// site served over HTTP on 127.0.0.1, with `base_url` set: the home page, a document, the
// search page and the register, in every language, must score at least 98 in performance,
// accessibility, best practices and SEO. Prints every score, and what cost points.
// Usage: node lighthouse.mjs <site built with base_url = http://127.0.0.1:PORT/> <PORT>
import { resolve } from "node:path";
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";
import { CHROMIUM_FLAGS, chromiumPath, finish, checker } from "./harness.mjs";
import { serve } from "./static-server.mjs";

const site = resolve(process.argv[2] || "public");
const port = Number(process.argv[3] || 0);
const MIN = 98;
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];
const counter = checker();
const { problems, check } = counter;
const pages = [];
for (const lang of ["en", "fr"]) {
  const doc = lang === "en" ? "guidance/kp-certificates" : "guidance/certificats-du-pk";
  pages.push(`${lang}/index.html`, `${lang}/${doc}/index.html`, `${lang}/search/index.html`, `${lang}/register/index.html`);
}
// LH_PAGES=regex audits only the pages it matches (for working on one kind of page).
if (process.env.LH_PAGES) pages.splice(0, pages.length, ...pages.filter((p) => new RegExp(process.env.LH_PAGES).test(p)));

const { server, origin } = await serve(site, port);
const chrome = await chromeLauncher.launch({ chromePath: process.env.CHROME_PATH || chromiumPath(), chromeFlags: CHROMIUM_FLAGS });
const rows = [];
try {
  for (const rel of pages) {
    const result = await lighthouse(`${origin}/${rel}`, { port: chrome.port, output: "json", logLevel: "error", onlyCategories: CATEGORIES });
    const lhr = result.lhr;
    if (lhr.runtimeError) problems.push(`${rel}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    const scores = CATEGORIES.map((c) => Math.round((lhr.categories[c]?.score ?? 0) * 100));
    rows.push([rel, ...scores]);
    CATEGORIES.forEach((c, i) => {
      check(scores[i] >= MIN, `${rel}: ${c} ${scores[i]} < ${MIN}`);
      if (scores[i] < 100) {
        const lost = lhr.categories[c].auditRefs
          .filter((r) => r.weight > 0 && lhr.audits[r.id].score !== null && lhr.audits[r.id].score < 1)
          .map((r) => `${r.id} ${lhr.audits[r.id].displayValue || lhr.audits[r.id].score}`);
        console.error(`  ${rel} ${c} ${scores[i]}: ${lost.join("; ")}`);
      }
    });
  }
} catch (e) {
  problems.push(String(e && e.stack ? e.stack : e));
} finally {
  await chrome.kill();
  server.close();
}
console.error(["page".padEnd(44), ...CATEGORIES.map((c) => c.padStart(15))].join(""));
for (const [rel, ...s] of rows) console.error([rel.padEnd(44), ...s.map((x) => String(x).padStart(15))].join(""));
finish(`Lighthouse (mobile) at least ${MIN}`, problems, counter.checks);
