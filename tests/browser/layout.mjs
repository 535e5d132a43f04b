// Every page of the built default site in headless Chromium over file://, at 320, 360 and
// 1280 px wide, in the light and the dark colour scheme, checked the way a reader on a cheap
// phone meets it:
// - nothing is wider than the screen (`scrollWidth <= innerWidth`);
// - at 360 px, the header takes at most 20 % of a 740 px screen, and on a document page the
//   first line of the document's own text starts above 740 px;
// - every link, button and form control is at least 24 × 24 px, or sits in a line of text, or
//   has the spacing WCAG 2.2 (2.5.8) allows;
// - the search boxes show their whole placeholder;
// - axe-core finds no violation with the WCAG 2.2 AA rules on: on every page at 360 px in the
//   light scheme, and on a sample of pages at the other widths and in the dark scheme;
// - no request leaves file://, no console error, no uncaught exception.
// The 404 page is shown by servers at any address: tests/browser.rs checks it over HTTP.
// Usage: node layout.mjs <built site folder>
import { readFileSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative, resolve } from "node:path";
import { launch, watchedPage, fileUrl, finish, checker } from "./harness.mjs";

const site = resolve(process.argv[2] || "public");
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const counter = checker();
const { problems, check } = counter;

function htmlFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...htmlFiles(path));
    else if (name.endsWith(".html")) out.push(relative(site, path));
  }
  return out;
}
const pages = htmlFiles(site).filter((p) => p !== "404.html" && !p.startsWith("search/"));
const isDocument = (p) => /^[a-z]{2}\/(guidance|minutes|case-studies)\/[^/]+\/index\.html$/.test(p) || /^[a-z]{2}\/about\/index\.html$/.test(p);
// One page of each kind, for the runs that do not audit every page.
const sample = [];
for (const re of [/^index\.html$/, /^fr\/index\.html$/, /^en\/guidance\/[^/]+\/index\.html$/, /^fr\/minutes\/[^/]+\/index\.html$/,
  /^fr\/register\/index\.html$/, /^en\/glossary\/index\.html$/, /^en\/countries\/[^/]+\/index\.html$/, /^en\/search\/index\.html$/]) {
  const p = pages.find((x) => re.test(x));
  if (p) sample.push(p);
}

/** Runs in the page: the layout facts to check. */
function measure() {
  const visible = (e) => {
    const s = getComputedStyle(e);
    const r = e.getBoundingClientRect();
    return s.visibility !== "hidden" && s.display !== "none" && r.width > 0 && r.height > 0 && !e.closest("[hidden],details:not([open]) > :not(summary)");
  };
  const sel = "a[href], button, summary, input:not([type=hidden]), select, textarea";
  const targets = [...document.querySelectorAll(sel)].filter(visible).map((e) => {
    const r = e.getBoundingClientRect();
    // A link inside a sentence: inline, in a block with other text (2.5.8 "inline" exception).
    let inline = false;
    if (e.tagName === "A" && getComputedStyle(e).display === "inline") {
      let block = e.parentElement;
      while (block && getComputedStyle(block).display === "inline") block = block.parentElement;
      inline = !!block && block.textContent.trim().length > e.textContent.trim().length + 1;
    }
    const what = e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className && typeof e.className === "string" ? "." + e.className.split(" ")[0] : "") + " " + JSON.stringify((e.textContent || e.value || e.placeholder || "").trim().slice(0, 30));
    return { x: r.left + r.width / 2, y: r.top + r.height / 2, r: { l: r.left, t: r.top, rr: r.right, b: r.bottom }, w: r.width, h: r.height, inline, what };
  });
  const small = (t) => (t.w < 24 || t.h < 24) && !t.inline;
  const distToRect = (x, y, r) => Math.hypot(Math.max(r.l - x, 0, x - r.rr), Math.max(r.t - y, 0, y - r.b));
  const tooSmall = [];
  for (const t of targets) {
    if (!small(t)) continue;
    const clash = targets.find((o) => o !== t && (small(o) ? Math.hypot(o.x - t.x, o.y - t.y) < 24 : distToRect(t.x, t.y, o.r) < 12));
    if (clash) tooSmall.push(`${t.what} is ${t.w.toFixed(0)}×${t.h.toFixed(0)} px, too close to ${clash.what}`);
  }
  const header = document.querySelector(".site-header");
  // The document's own text: its key points, else its body (what a page generates around it,
  // such as a meeting's outcome in numbers, does not count).
  const textStart = document.querySelector(".doc-text > .key-points, .doc-text > .body");
  let firstLine = null;
  if (textStart) {
    const walker = document.createTreeWalker(textStart, NodeFilter.SHOW_TEXT, { acceptNode: (n) => (n.textContent.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP) });
    const node = walker.nextNode();
    if (node) {
      const range = document.createRange();
      range.selectNodeContents(node);
      const rects = range.getClientRects();
      if (rects.length) firstLine = rects[0].top + scrollY;
    }
  }
  // The search boxes (the header's, and the search page's own) show their whole placeholder.
  const placeholders = [];
  for (const id of ["search-input", "ls-q"]) {
    const input = document.getElementById(id);
    if (!input || !visible(input) || !input.placeholder) continue;
    const s = getComputedStyle(input);
    const ctx = document.createElement("canvas").getContext("2d");
    ctx.font = `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
    const room = input.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
    placeholders.push({ id, text: input.placeholder, need: ctx.measureText(input.placeholder).width, room });
  }
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth,
    headerHeight: header ? header.getBoundingClientRect().height : 0,
    firstLine,
    tooSmall,
    placeholders,
  };
}

async function audit(page, what) {
  if (!(await page.evaluate(() => typeof window.axe !== "undefined"))) await page.evaluate(axeSource);
  const result = await page.evaluate(() =>
    axe.run(document, { preload: false, runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] }, resultTypes: ["violations"] })
  );
  for (const v of result.violations) {
    const node = v.nodes[0];
    problems.push(`${what}: axe ${v.impact} ${v.id} (${v.nodes.length}×), e.g. ${node?.target?.join(" ")}: ${v.help}`);
  }
  check(result.violations.length === 0, `${what}: no axe violation`);
}

const started = Date.now();
const browser = await launch();
let audits = 0, auditMs = 0;
// The pages are shared out over a few tabs, each with its own viewport: the crawl waits on
// page loads and the browser's replies more than on the processor.
const tabs = Math.max(1, Number(process.env.LAYOUT_TABS || 3));
const jobs = [];
for (const width of [320, 360, 1280]) for (const rel of pages) jobs.push({ width, rel });
async function crawl(page) {
  for (let job = jobs.shift(); job; job = jobs.shift()) {
    const { width, rel } = job;
    const viewport = { width, height: width < 600 ? 740 : 800 };
    const current = page.viewport();
    if (!current || current.width !== viewport.width) await page.setViewport(viewport);
    await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "light" }]);
    await page.goto(fileUrl(join(site, rel)) + (rel === "index.html" ? "?choose" : ""));
    // The colour scheme changes no layout, but both are measured as readers get them.
    for (const scheme of ["light", "dark"]) {
      const what = `${rel} at ${width} px (${scheme})`;
      if (scheme === "dark") await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "dark" }]);
      const m = await page.evaluate(measure);
      check(m.scrollWidth <= m.innerWidth, `${what}: ${m.scrollWidth} px wide in a ${m.innerWidth} px window`);
      for (const t of m.tooSmall) problems.push(`${what}: ${t}`);
      check(true, `${what}: targets`);
      for (const p of m.placeholders) check(p.need <= p.room + 0.5, `${what}: the placeholder "${p.text}" of #${p.id} needs ${p.need.toFixed(0)} px, has ${p.room.toFixed(0)}`);
      if (width === 360) {
        check(m.headerHeight <= 0.2 * 740, `${what}: the header is ${m.headerHeight.toFixed(0)} px tall, more than 20 % of 740 px`);
        if (isDocument(rel)) check(m.firstLine !== null && m.firstLine < 740, `${what}: the text starts at ${m.firstLine} px`);
      }
      if ((width === 360 && scheme === "light") || sample.includes(rel)) {
        const t0 = Date.now();
        await audit(page, what);
        auditMs += Date.now() - t0;
        audits += 1;
      }
    }
  }
}
try {
  const workers = [];
  for (let i = 0; i < tabs; i++) workers.push(watchedPage(browser, problems).then(crawl));
  await Promise.all(workers);
} catch (e) {
  problems.push(String(e && e.stack ? e.stack : e));
} finally {
  await browser.close();
}
console.error(`axe: ${(auditMs / 1000).toFixed(0)} s`);
console.error(`${pages.length} pages × 3 widths × 2 schemes, ${audits} axe audits, ${tabs} tabs, in ${((Date.now() - started) / 1000).toFixed(0)} s`);
finish("layout at 320, 360 and 1280 px", problems, counter.checks);
