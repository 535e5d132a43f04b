// DOM clobbering must not steer search. Content keeps element ids, so an element such as
// <a id="loupeSearchBase" href="https://attacker.example/"> becomes `window.loupeSearchBase`,
// and the name of a <form> or <img> shadows even `document.body` or `document.currentScript`.
// This test injects, where content goes in built pages (inside <main>), an element for every
// name the theme and search scripts read (clobber-names.mjs), in several forms: <a id> aiming
// at scripts outside the site (file://) or on another host, <img name>, <img id>,
// <form name>, all of them at once, and each global of loupe's own alone. Then it types queries in the search box of a
// document page and on the search page, in headless Chromium over file://, and asserts: no
// request leaves the site but the injected images' own, no script element has a src outside
// the site, search still shows results, and no script from outside ran (a global canary is
// intact, no dialog opened, alert/confirm/prompt are the browser's own).
// Usage: node clobber.mjs <built site folder> (the folder's pages are rewritten).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { launch, fileUrl, finish, checker } from "./harness.mjs";
import { clobberNames } from "./clobber-names.mjs";

const site = resolve(process.argv[2] || "public");
const siteUrl = fileUrl(site) + "/";
const counter = checker();
const { problems, check } = counter;
const names = clobberNames();
console.error(`clobbering ${names.length} names: ${names.join(" ")}`);

// Scripts outside the site that a clobbered runtime or theme script would load: each records
// that it ran and opens a dialog. Next to the site, as on a USB stick with other folders.
const evil = join(dirname(site), "clobber-evil");
const evilUrl = fileUrl(evil);
const GIF = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");
for (const prefix of ["", "search/", "search/search/"]) {
  for (const rel of ["en/meta.js", "fr/meta.js", "glossary.js", "loupe-search.js", "search/loupe-search.js"]) {
    const file = join(evil, prefix, rel);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `window.loupeTestCanary = "ran " + ${JSON.stringify(prefix + rel)}; alert("outside script ran");\n`);
  }
}
mkdirSync(join(evil, "img"), { recursive: true });
for (const n of names) writeFileSync(join(evil, "img", `${n}.gif`), GIF);

const attr = (s) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
const img = (n) => `${evilUrl}/img/${n}.gif`;
const FORMS = {
  "<a id> to a folder outside the site": (n) => `<a id="${attr(n)}" href="${evilUrl}/">x</a>`,
  "<a id> to another host": (n) => `<a id="${attr(n)}" href="https://attacker.example/">x</a>`,
  "<img name>": (n) => `<img name="${attr(n)}" src="${img(n)}" alt="">`,
  "<img id>": (n) => `<img id="${attr(n)}" src="${img(n)}" alt="">`,
  "<form name>": (n) => `<form name="${attr(n)}" action="${evilUrl}/search/"><input name="${attr(n)}"></form>`,
};
const ROUNDS = Object.entries(FORMS).map(([what, make]) => ({ what, html: names.map(make).join("\n") }));
ROUNDS.push({ what: "all forms at once", html: Object.values(FORMS).map((make) => names.map(make).join("\n")).join("\n") });
// Each global of loupe's own alone too: clobbering one of them must not be hidden by
// another (a runtime that stops at a clobbered `loupeSearch` would never read the rest).
for (const n of names.filter((n) => /^loupe[A-Z]/.test(n))) {
  ROUNDS.push({ what: `<a id=${n}> alone`, html: FORMS["<a id> to a folder outside the site"](n) });
}
const injectedImages = new Set(names.map(img));

const PAGES = { doc: "en/guidance/internal-controls/index.html", search: "en/search/index.html" };
const originals = Object.fromEntries(Object.values(PAGES).map((p) => [p, readFileSync(join(site, p), "utf8")]));
/** Writes the pages with `html` injected as content: inside <main>, in a wrapper. */
function inject(html) {
  for (const [rel, text] of Object.entries(originals)) {
    const out = text.replace(/<main\b[^>]*>/, (m) => `${m}\n<div class="body clobber">\n${html}\n</div>`);
    if (out === text) throw new Error(`${rel}: no <main> to inject into`);
    writeFileSync(join(site, rel), out);
  }
}

// Run in the page before its scripts: a canary, and a record of every script element ever
// added. Own, non-configurable properties of window: no element can shadow them.
function watchPage() {
  Object.defineProperty(window, "loupeTestCanary", { value: "intact", writable: true });
  const scripts = [];
  Object.defineProperty(window, "loupeTestScripts", { value: scripts });
  new MutationObserver((records) => {
    for (const r of records) {
      for (const n of r.addedNodes) if (n instanceof HTMLScriptElement) scripts.push(n.src || "(inline)");
    }
  }).observe(document, { childList: true, subtree: true });
}

// Functions evaluated in the page reach the DOM through the prototypes, which no element
// shadows (document.querySelector itself may be clobbered).
async function results(page, scope) {
  return page.evaluate(
    (scope) => Array.from(Document.prototype.querySelectorAll.call(document, `${scope} ol.search-results > li > a`), (a) => a.textContent),
    scope
  );
}

async function waitForResults(page, scope, what, before = null) {
  try {
    await page.waitForFunction(
      (scope, before) => {
        const box = Document.prototype.querySelector.call(document, scope);
        const links = Document.prototype.querySelectorAll.call(document, `${scope} ol.search-results > li > a`);
        const text = Array.from(links, (a) => a.textContent).join("|");
        return box && !box.hidden && links.length > 0 && text !== before;
      },
      { timeout: 10000 },
      scope,
      before
    );
    return true;
  } catch (e) {
    check(false, `${what}: no results shown (${e.message.split("\n")[0]})`);
    return false;
  }
}

async function typeInto(page, selector, text) {
  const found = await page.evaluate((sel) => {
    const input = Document.prototype.querySelector.call(document, sel);
    if (!input) return false;
    input.focus();
    input.select();
    return true;
  }, selector);
  if (!found) return false;
  await page.keyboard.press("Backspace");
  await page.keyboard.type(text, { delay: 20 });
  return true;
}

const browser = await launch();
try {
  for (const round of ROUNDS) {
    inject(round.html);
    const page = await browser.newPage();
    await page.evaluateOnNewDocument(watchPage);
    const where = (p) => `[${round.what}] ${p.replace(siteUrl, "")}`;
    page.on("request", (req) => {
      const url = req.url();
      if (url.startsWith(siteUrl) || url.startsWith("data:") || url.startsWith("about:")) return;
      if (req.resourceType() === "image" && injectedImages.has(url)) return;
      problems.push(`${where(page.url())}: ${req.resourceType()} request left the site: ${url}`);
    });
    page.on("pageerror", (err) => problems.push(`${where(page.url())}: uncaught error: ${err.message}`));
    page.on("dialog", async (d) => {
      problems.push(`${where(page.url())}: a dialog opened: ${d.message()}`);
      await d.dismiss();
    });

    // The search box of a document page.
    await page.goto(fileUrl(join(site, PAGES.doc)));
    const box = "body > header.site-header > #search-dropdown";
    check(await typeInto(page, "body > header.site-header #search-input", "certificate"), `${where(page.url())}: the search box is there`);
    if (await waitForResults(page, box, `${where(page.url())}: the search box, \`certificate\``)) {
      const before = (await results(page, box)).join("|");
      await typeInto(page, "body > header.site-header #search-input", "diamonds");
      await waitForResults(page, box, `${where(page.url())}: the search box, \`diamonds\``, before);
    }
    await checkPage(page, where);

    // The search page: from its URL, then typing a new query.
    await page.goto(fileUrl(join(site, PAGES.search)) + "?q=diamonds");
    const host = "body > main > #search-page";
    if (await waitForResults(page, host, `${where(page.url())}: the search page, ?q=diamonds`)) {
      const before = (await results(page, host)).join("|");
      check(await typeInto(page, `${host} input[name=q]`, "certificate"), `${where(page.url())}: the search page's field is there`);
      await waitForResults(page, host, `${where(page.url())}: the search page, typed \`certificate\``, before);
    }
    await checkPage(page, where);
    await page.close();
  }
} finally {
  await browser.close();
}
finish("search under DOM clobbering over file://", problems, counter.checks);

/** After a page was used: scripts stayed inside the site, nothing from outside ran. */
async function checkPage(page, where) {
  const state = await page.evaluate(() => ({
    canary: window.loupeTestCanary,
    added: window.loupeTestScripts.slice(),
    present: Array.from(Document.prototype.querySelectorAll.call(document, "script"), (s) => s.src || "(inline)"),
    native: [window.alert, window.confirm, window.prompt].every((f) => typeof f === "function" && /\[native code\]/.test(Function.prototype.toString.call(f))),
  }));
  const at = where(page.url());
  check(state.canary === "intact", `${at}: a script from outside the site ran: canary = ${state.canary}`);
  check(state.native, `${at}: alert/confirm/prompt were replaced`);
  for (const src of new Set([...state.added, ...state.present])) {
    check(src === "(inline)" || src.startsWith(siteUrl), `${at}: a script element loads from outside the site: ${src}`);
  }
  const index = state.added.filter((s) => s.startsWith(`${siteUrl}search/`) && !s.endsWith("/loupe-search.js"));
  check(index.length > 0, `${at}: the runtime loaded no file of the search index`);
}
