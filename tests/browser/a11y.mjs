// Accessibility of the built default site, checked by axe-core in real headless Chromium over
// file://: pages of every kind (a workshop pack's two editions too), in both languages, in the light and the dark colour scheme
// (contrast is checked in each), and with search results shown (the box's dropdown on a
// document page, the search page with a query and facets). Any violation fails the test.
// Usage: node a11y.mjs <built site folder>
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { launch, fileUrl, finish, checker } from "./harness.mjs";

const site = resolve(process.argv[2] || "public");
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const counter = checker();
const { problems, check } = counter;
const first = (dir) => readdirSync(join(site, dir)).filter((d) => !d.endsWith(".html")).sort()[0];

const pages = ["index.html", "404.html"];
for (const lang of ["en", "fr"]) {
  pages.push(`${lang}/index.html`, `${lang}/register/index.html`, `${lang}/glossary/index.html`,
    `${lang}/countries/index.html`, `${lang}/topics/index.html`, `${lang}/search/index.html`);
  for (const section of ["guidance", "minutes", "case-studies"]) {
    pages.push(`${lang}/${section}/index.html`, `${lang}/${section}/${first(`${lang}/${section}`)}/index.html`);
  }
  pages.push(`${lang}/countries/${first(`${lang}/countries`)}/index.html`);
  // A workshop pack, both editions.
  const pack = first(`${lang}/packs`);
  pages.push(`${lang}/packs/${pack}/index.html`, `${lang}/packs/${pack}/facilitator/index.html`);
}

async function audit(page, what) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => axe.run(document, { resultTypes: ["violations"] }));
  for (const v of result.violations) {
    const node = v.nodes[0];
    problems.push(`${what}: ${v.impact} ${v.id} (${v.nodes.length}×), e.g. ${node?.target?.join(" ")}: ${v.help}`);
  }
  check(result.violations.length === 0, `${what}: no violation`);
}

const browser = await launch();
try {
  // A plain page: axe itself asks for the stylesheets by XHR (for its orientation rule), which
  // file:// refuses, as it should; the site's own requests are checked by site.mjs.
  const page = await browser.newPage();
  page.on("pageerror", (err) => problems.push(`uncaught error on ${page.url()}: ${err.message}`));
  for (const scheme of ["light", "dark"]) {
    await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: scheme }]);
    for (const rel of pages) {
      await page.goto(fileUrl(join(site, rel)));
      await audit(page, `${rel} (${scheme})`);
    }
    // Results shown: the dropdown of a document page, then the search page with facets.
    await page.goto(fileUrl(join(site, pages.find((p) => p.startsWith("en/guidance/") && p !== "en/guidance/index.html"))));
    await page.type("#search-input", "certificate");
    await page.waitForSelector("#search-dropdown:not([hidden]) ol.search-results > li > a", { timeout: 10000 });
    await audit(page, `search dropdown (${scheme})`);
    await page.goto(fileUrl(join(site, "fr/search/index.html")) + "?q=securite");
    await page.waitForSelector("#search-page ol.search-results > li > a", { timeout: 10000 });
    await audit(page, `search page with results (${scheme})`);
  }
} catch (e) {
  problems.push(String(e && e.stack ? e.stack : e));
} finally {
  await browser.close();
}
finish("a11y", problems, counter.checks);
