// The site's Kiwix (ZIM) file served by kiwix-serve, as a Kiwix user on a hotspot sees it, in
// real headless Chromium: the main page; every page of the site reached by following links;
// every link, stylesheet, script and image answering 200; no request leaving the server;
// no console error; loupe's own search box and search page returning results.
// Usage: node kiwix.mjs <book URL, e.g. http://127.0.0.1:PORT/BOOK/> <built site folder>
import { readdirSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { launch, watchedPage, finish, checker, crawl, crawlTabs } from "./harness.mjs";

const base = process.argv[2];
const site = resolve(process.argv[3] || "public");
if (!base || !base.endsWith("/")) throw new Error("usage: node kiwix.mjs <book URL ending in /> <site folder>");
const origin = new URL(base).origin;
const counter = checker();
const { problems, check } = counter;

/** Every HTML file of the built site, as a path relative to its root. */
function htmlFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...htmlFiles(p));
    else if (name.endsWith(".html")) out.push(relative(site, p).split(sep).join("/"));
  }
  return out;
}

// One request per URL, even when several tabs ask at once.
const status = new Map();
function statusOf(url) {
  if (!status.has(url)) {
    status.set(
      url,
      fetch(url, { redirect: "follow" }).then(async (r) => {
        await r.arrayBuffer();
        return r.status;
      })
    );
  }
  return status.get(url);
}

const strip = (u) => u.split("#")[0];

const browser = await launch();
try {
  const watched = () => watchedPage(browser, problems, origin + "/");
  const page = await watched();

  // 1. The book's address opens the main page: the site's language chooser.
  const res = await page.goto(base);
  check(res.ok(), `${base} answered ${res.status()}`);
  check(page.url() === base + "index.html", `the main page is the site's index.html: ${page.url()}`);
  const langs = await page.$$eval("a[data-lang-link]", (as) => as.map((a) => a.getAttribute("data-lang-link")));
  check(langs.length >= 2, `the main page offers ${langs.length} languages`);

  // 2. Every page, by following links from the main page.
  const tabs = [page];
  while (tabs.length < crawlTabs()) tabs.push(await watched());
  const seen = await crawl(tabs, [base + "index.html"], async (tab, url) => {
    const r = await tab.goto(url);
    check(r.ok(), `${url} answered ${r.status()}`);
    const refs = await tab.$$eval("a[href], link[href], script[src], img[src], form[action]", (els) =>
      els.map((e) => ({
        tag: e.tagName === "FORM" ? "A" : e.tagName,
        form: e.tagName === "FORM",
        url: e.href || e.src || e.action,
        raw: e.getAttribute("href") || e.getAttribute("src") || e.getAttribute("action"),
      }))
    );
    const next = [];
    for (const ref of refs) {
      const target = strip(ref.url);
      // kiwix-serve's own bar has a form of its own (full-text search, which this book has not).
      if (ref.form && !target.startsWith(base)) continue;
      if (!target.startsWith(origin + "/")) {
        check(ref.tag === "A" && /^https?:/.test(target), `${url}: ${ref.tag} ${ref.raw} leaves the server`);
        continue;
      }
      const code = await statusOf(target);
      check(code === 200, `${url}: ${ref.tag} ${ref.raw} answered ${code}`);
      if (ref.tag === "A" && target.startsWith(base) && target.endsWith(".html")) next.push(target);
    }
    return next;
  });
  const expected = htmlFiles(site).filter((p) => p !== "404.html");
  const unreached = expected.filter((p) => !seen.has(base + p));
  check(unreached.length === 0, `pages of the site not reached by links in Kiwix: ${unreached.slice(0, 10).join(", ")}`);
  check(seen.size >= expected.length, `crawled ${seen.size} pages, the site has ${expected.length}`);
  console.error(`crawled ${seen.size} pages through kiwix-serve (the site has ${expected.length} linked pages)`);

  // 3. loupe's search box on a document page shows results as you type (in the tab in front:
  // background tabs get no animation frames and slowed timers).
  for (const tab of tabs.slice(1)) await tab.close();
  await page.bringToFront();
  await page.goto(base + "en/guidance/internal-controls/index.html");
  await page.type("#search-input", "certificate");
  await page.waitForSelector("#search-dropdown:not([hidden]) ol.search-results > li > a", { timeout: 10000 });
  const first = await page.$eval("#search-dropdown ol.search-results > li > a", (a) => a.href);
  check(first.startsWith(base) && first.endsWith("/index.html"), `a search result links into the book: ${first}`);
  check((await statusOf(strip(first))) === 200, `the first search result opens: ${first}`);

  // 4. The search page, from its address, accent-insensitively, in French.
  await page.goto(base + "fr/search/index.html?q=securite");
  await page.waitForSelector("#search-page ol.search-results > li > a", { timeout: 10000 });
  const titles = await page.$$eval("#search-page ol.search-results > li > a", (as) => as.map((a) => a.textContent));
  check(titles.some((t) => /sécurité/i.test(t)), `fr search for securite finds sécurité: ${JSON.stringify(titles.slice(0, 5))}`);
} finally {
  await browser.close();
}
finish("site in Kiwix", problems, counter.checks);
