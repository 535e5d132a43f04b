// "Save for offline" on a hosted site, in real headless Chromium: the built default site (with
// offline.service_worker) served by a tiny static server on 127.0.0.1 under a sub-path. Saves
// English, cuts the network, reads another English page and searches; then the site is
// rebuilt with a changed page and the box says "update available"; the update downloads only
// what changed. A save interrupted half-way serves nothing and resumes. Under file:// the same
// build registers nothing and shows no box. Turned off, the option's next page view deletes the
// saved copy and unregisters the service worker.
// Usage: LOUPE_BIN=… LOUPE_SITE=<site source> node offline-save.mjs <built site folder>
import { createServer } from "node:http";
import { readFile, writeFile, stat } from "node:fs/promises";
import { execFileSync } from "node:child_process";
import { join, resolve, extname, normalize } from "node:path";
import { launch, watchedPage, fileUrl, finish, checker } from "./harness.mjs";

const started = Date.now();
const out = resolve(process.argv[2] || "public");
const siteSrc = process.env.LOUPE_SITE;
const bin = process.env.LOUPE_BIN;
const counter = checker();
const { problems, check } = counter;

const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8", ".json": "application/json", ".svg": "image/svg+xml",
  ".webmanifest": "application/manifest+json", ".xml": "application/xml",
};
const PREFIX = "/kp/";
/** Paths the server answered, with the X-Loupe-Offline header or not. */
const served = [];
/** While "offline", the server answers nothing (the service worker's own fetches are not
 * covered by the page's network emulation), and records what reached it. */
let down = false;
const reached = [];
/** A file whose download the server holds back until `release()`: an interrupted save. */
let stalled = null, release = () => {};
const server = createServer(async (req, res) => {
  if (down) { reached.push(req.url); req.socket.destroy(); return; }
  if (stalled && req.url === PREFIX + stalled) await new Promise((ok) => { release = ok; });
  const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
  if (!path.startsWith(PREFIX)) { res.writeHead(404).end(); return; }
  let rel = normalize(path.slice(PREFIX.length));
  if (rel.startsWith("..")) { res.writeHead(403).end(); return; }
  if (rel === "." || rel.endsWith("/")) rel = join(rel, "index.html");
  // Resolved at each request: a rebuild swaps the whole folder.
  const file = join(out, rel);
  try {
    if (!(await stat(file)).isFile()) throw new Error("not a file");
    const body = await readFile(file);
    served.push({ rel, save: !!req.headers["x-loupe-offline"] });
    res.writeHead(200, { "Content-Type": TYPES[extname(file)] || "application/octet-stream", "Cache-Control": "no-cache" });
    res.end(body);
  } catch {
    res.writeHead(404, { "Content-Type": "text/plain" }).end("not found");
  }
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const base = `http://127.0.0.1:${server.address().port}${PREFIX}`;

const browser = await launch();
try {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(`uncaught error on ${page.url()}: ${e.message}`));
  const box = ".site-footer .offline-save";

  // 1. The French box shows the size the French way; nothing is registered before a save.
  await page.goto(base + "fr/index.html");
  await page.waitForSelector(`${box}:not([hidden]) .offline-button:not([hidden])`, { timeout: 10000 });
  const frText = await page.$eval(`${box} .offline-button`, (b) => b.textContent);
  check(/^Enregistrer hors ligne \(\d+(,\d)?\u00a0(ko|Mo)\)$/.test(frText), `French button: ${JSON.stringify(frText)}`);
  const regs = await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length);
  check(regs === 0, `no service worker before a save (${regs})`);

  // 2. Save English.
  await page.goto(base + "en/index.html");
  await page.waitForSelector(`${box}[data-state="unsaved"] .offline-button:not([hidden])`, { timeout: 10000 });
  const enText = await page.$eval(`${box} .offline-button`, (b) => b.textContent);
  const index = JSON.parse(await readFile(join(out, "offline/index.json"), "utf8"));
  const mb = new Intl.NumberFormat("en", { maximumFractionDigits: 1 }).format(index.en.bytes / 1e6);
  check(enText === `Save for offline (${mb}\u00a0MB)` || /^Save for offline \(\d+\u00a0KB\)$/.test(enText), `English button: ${JSON.stringify(enText)} (${index.en.bytes} bytes)`);
  const enList = JSON.parse(await readFile(join(out, "offline/en.json"), "utf8"));
  const total = enList.files.length;
  const saves = () => served.filter((s) => s.save && !s.rel.startsWith("offline/")).map((s) => s.rel);

  // An interrupted save (one download held back, then the reader leaves the page) is no copy:
  // the box offers to save, and the service worker serves nothing from the partial cache.
  stalled = enList.files[total - 1][0];
  await page.click(`${box} .offline-button`);
  for (let i = 0; i < 200 && saves().length < total / 2; i++) await new Promise((ok) => setTimeout(ok, 50));
  await page.goto(base + "en/index.html");
  await page.waitForSelector(`${box}[data-state="unsaved"]`, { timeout: 10000 });
  const partial = saves().filter((rel) => /^en\/.+\.html$/.test(rel) && rel !== "en/index.html");
  check(partial.length > 0, `part of English was downloaded before leaving: ${saves().length} files`);
  const active = await page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration())?.active);
  check(active, "the service worker is active after the interrupted save");
  const before1 = served.length;
  await page.goto(base + partial[0]);
  check(served.slice(before1).some((s) => s.rel === partial[0] && !s.save), `after an interrupted save, ${partial[0]} comes from the server, not the partial copy`);
  stalled = null;
  release();
  await page.goto(base + "en/index.html");
  await page.waitForSelector(`${box}[data-state="unsaved"] .offline-button:not([hidden])`, { timeout: 10000 });

  // The save again: it resumes.
  const round1 = saves().length;
  const saveStart = Date.now();
  await page.click(`${box} .offline-button`);
  await page.waitForSelector(`${box}[data-state="saved"]`, { timeout: 30000 });
  const saveMs = Date.now() - saveStart;
  const round2 = saves().slice(round1);
  check(round2.length < total && new Set(saves()).size === total, `the second save resumed: ${round2.length} of ${total} files downloaded again`);
  const savedText = await page.$eval(`${box} .offline-state`, (s) => s.textContent);
  check(/^Saved for offline/.test(savedText), `saved state: ${JSON.stringify(savedText)}`);
  const caches1 = await page.evaluate(async () => caches.keys());
  check(caches1.length === 1 && caches1[0].includes(` en ${index.en.version}`), `one English cache of this version: ${JSON.stringify(caches1)}`);

  // 3. Offline: another English page reads from the saved copy; French does not load.
  await page.setOfflineMode(true);
  down = true;
  const other = enList.files.map((f) => f[0]).find((p) => /^en\/guidance\/[^/]+\/index\.html$/.test(p));
  const r = await page.goto(base + other);
  check(r && r.ok() && r.fromServiceWorker(), `${other} offline comes from the service worker`);
  const h1 = await page.$eval("main h1", (h) => h.textContent).catch(() => "");
  check(h1.length > 0, `${other} offline has its title: ${JSON.stringify(h1)}`);
  const frOffline = await page.goto(base + "fr/index.html").then(() => "loaded", (e) => e.message);
  check(frOffline !== "loaded", `the unsaved French home fails offline: ${frOffline}`);
  // Search, from the search page's URL and from the box of a page.
  await page.goto(base + "en/search/index.html?q=certificate");
  await page.waitForSelector("#search-page ol.search-results > li > a", { timeout: 15000 });
  const hits = await page.$$eval("#search-page ol.search-results > li > a", (as) => as.length);
  check(hits > 0, `offline search for certificate: ${hits} results`);
  await page.goto(base + other);
  await page.type("#search-input", "diamonds");
  await page.waitForSelector("#search-dropdown:not([hidden]) ol.search-results > li > a", { timeout: 15000 });
  check(true, "the search box of a page finds results offline");
  const state = await page.$eval(box, (b) => b.getAttribute("data-state"));
  check(state === "saved", `offline, the box still says saved (${state})`);
  const leaked = reached.filter((u) => !u.startsWith(PREFIX + "fr/index.html") && !u.startsWith(PREFIX + "offline/index.json"));
  check(leaked.length === 0, `offline, the English pages and search asked the network for nothing: ${JSON.stringify(leaked)}`);
  check(reached.some((u) => u.startsWith(PREFIX + "fr/index.html")), "the French home did try the network");
  down = false;
  await page.setOfflineMode(false);

  // 4. A rebuild with a changed English page: "update available", then an update that
  // downloads only what changed and deletes the old copy.
  if (siteSrc && bin) {
    const docs = (await readFile(join(siteSrc, "content/en/guidance/internal-controls.md"), "utf8"));
    await writeFile(join(siteSrc, "content/en/guidance/internal-controls.md"), docs + "\nA paragraph added for the offline test.\n");
    execFileSync(bin, ["build", "--root", siteSrc, "--output", out], { stdio: "pipe" });
    const index2 = JSON.parse(await readFile(join(out, "offline/index.json"), "utf8"));
    check(index2.en.version !== index.en.version && index2.fr.version === index.fr.version, "the rebuild changed the English version only");
    await page.goto(base + "en/index.html");
    await page.waitForSelector(`${box}[data-state="update"]`, { timeout: 10000 });
    const upd = await page.$eval(box, (b) => [b.querySelector(".offline-state").textContent, b.querySelector(".offline-button").textContent]);
    check(upd[0] === "Update available." && upd[1] === "Update", `update state: ${JSON.stringify(upd)}`);
    const before = served.length;
    await page.click(`${box} .offline-button`);
    await page.waitForSelector(`${box}[data-state="saved"]`, { timeout: 30000 });
    const fetched = served.slice(before).filter((s) => s.save && !s.rel.startsWith("offline/")).map((s) => s.rel);
    check(fetched.includes("en/guidance/internal-controls/index.html") && fetched.length < total / 2,
      `the update downloads only changed files: ${fetched.length} (${fetched.slice(0, 8).join(", ")}…)`);
    const caches2 = await page.evaluate(async () => caches.keys());
    check(caches2.length === 1 && caches2[0].includes(` en ${index2.en.version}`), `the old copy is deleted: ${JSON.stringify(caches2)}`);
    await page.setOfflineMode(true);
    down = true;
    await page.goto(base + "en/guidance/internal-controls/index.html");
    const text = await page.$eval("main", (m) => m.textContent);
    check(text.includes("A paragraph added for the offline test."), "offline, the updated page is the new one");
    down = false;
    await page.setOfflineMode(false);
  } else {
    check(false, "LOUPE_BIN and LOUPE_SITE are needed for the update check");
  }
  problems.push(...errors);

  // 5. Under file:// the same build shows no box and registers nothing.
  const filePage = await watchedPage(browser, problems);
  await filePage.goto(fileUrl(join(out, "en/index.html")));
  await new Promise((ok) => setTimeout(ok, 500));
  const fileBox = await filePage.$eval(box, (b) => b.hidden);
  check(fileBox, "under file:// the box stays hidden");
  const fileSw = await filePage.evaluate(async () => {
    if (!navigator.serviceWorker) return "no serviceWorker API";
    try { return `${(await navigator.serviceWorker.getRegistrations()).length} registrations`; } catch (e) { return "unavailable: " + e.name; }
  });
  check(!/^[1-9]/.test(fileSw), `under file:// nothing registered (${fileSw})`);

  // 6. The option turned off: the next page view deletes the saved copy and unregisters.
  if (siteSrc && bin) {
    const yaml = await readFile(join(siteSrc, "loupe.yaml"), "utf8");
    await writeFile(join(siteSrc, "loupe.yaml"), yaml.replace("service_worker: true", "service_worker: false"));
    execFileSync(bin, ["build", "--root", siteSrc, "--output", out], { stdio: "pipe" });
    await page.goto(base + "en/index.html");
    await page.waitForFunction(async () => (await caches.keys()).length === 0 &&
      (await navigator.serviceWorker.getRegistrations()).length === 0, { timeout: 10000, polling: 200 })
      .then(() => check(true, ""), () => check(false, "with the option off, the saved copy stays"));
  }
  console.log(`saved English (${enList.files.length} files, ${index.en.bytes} bytes) in ${saveMs} ms`);
} finally {
  await browser.close();
  server.close();
}
console.log(`offline-save.mjs ran in ${((Date.now() - started) / 1000).toFixed(1)} s`);
finish("offline-save.mjs", problems, counter.checks);
