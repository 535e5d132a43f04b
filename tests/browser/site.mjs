// Opens the built site through file:// as a reader would: index.html, the language switcher,
// a document in each language; then visits every page and checks that every link, stylesheet,
// script and image resolves to an existing file. Usage: node site.mjs <built site folder>
import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { launch, watchedPage, fileUrl, pathOf, finish, checker, openMenu, crawl, crawlTabs } from "./harness.mjs";

const site = resolve(process.argv[2] || "public");
const counter = checker();
const { problems, check } = counter;

const browser = await launch();
try {
  const page = await watchedPage(browser, problems);

  // 1. The root index.html offers the languages; following one lands on that home page.
  await page.goto(fileUrl(join(site, "index.html")));
  const langs = await page.$$eval("a[data-lang-link]", (as) => as.map((a) => a.getAttribute("data-lang-link")));
  check(langs.length >= 2, `root index.html offers ${langs.length} languages`);

  for (const lang of langs) {
    // Fresh page: the root may redirect to the language chosen last (localStorage).
    await page.goto(fileUrl(join(site, "index.html")) + "?choose");
    await Promise.all([page.waitForNavigation(), page.click(`a[data-lang-link="${lang}"]`)]);
    check(page.url().endsWith(`/${lang}/index.html`), `language link ${lang} led to ${page.url()}`);
    check((await page.$eval("html", (h) => h.lang)) === lang, `${lang} home has <html lang=${lang}>`);

    // 2. A document link from the home page, in this language.
    const docHref = await page.$eval(".home-section .items a", (a) => a.href);
    await Promise.all([page.waitForNavigation(), page.click(".home-section .items a")]);
    check(page.url() === docHref, `document link went to ${page.url()}`);
    check((await page.$$("article h1")).length === 1, `document ${page.url()} has a title`);
    check((await page.$eval("html", (h) => h.lang)) === lang, `document keeps language ${lang}`);

    // 3. The language switcher goes to the translation, and the language stays chosen.
    const other = langs.find((l) => l !== lang);
    await openMenu(page);
    const switchHref = await page.$eval(`.switcher a[data-lang-link="${other}"]`, (a) => a.href);
    await Promise.all([page.waitForNavigation(), page.click(`.switcher a[data-lang-link="${other}"]`)]);
    check(page.url() === switchHref, `switcher went to ${page.url()}`);
    check((await page.$eval("html", (h) => h.lang)) === other, `switcher led to a ${other} page`);
    check(!switchHref.endsWith(`/${other}/index.html`), `the document ${docHref} has a translation in ${other}`);
    const navHome = await page.$eval(".main-nav a", (a) => a.href);
    check(navHome.endsWith(`/${other}/index.html`), `after switching, navigation stays in ${other}: ${navHome}`);
  }

  // 4. Every page: no console error, no request leaving file://, every reference resolves.
  const tabs = [page];
  while (tabs.length < crawlTabs()) tabs.push(await watchedPage(browser, problems));
  const seen = await crawl(tabs, [fileUrl(join(site, "index.html"))], async (tab, url) => {
    await tab.goto(url);
    const refs = await tab.$$eval("a[href], link[href], script[src], img[src], form[action]", (els) =>
      els.map((e) => ({
        tag: e.tagName === "FORM" ? "A" : e.tagName,
        url: e.href || e.src || e.action,
        raw: e.getAttribute("href") || e.getAttribute("src") || e.getAttribute("action"),
      }))
    );
    const next = [];
    for (const r of refs) {
      if (!r.url.startsWith("file://")) {
        check(r.tag === "A" && /^https?:/.test(r.url), `${url}: ${r.tag} ${r.raw} is not relative`);
        continue;
      }
      check(!r.raw.startsWith("/"), `${url}: ${r.raw} is root-absolute`);
      const path = pathOf(r.url);
      const exists = existsSync(path) && statSync(path).isFile();
      check(exists, `${url}: ${r.tag} ${r.raw} does not resolve to a file`);
      if (exists && r.tag === "A" && path.endsWith(".html")) next.push(fileUrl(path));
    }
    return next;
  });
  check(seen.size > 20, `crawled ${seen.size} pages`);
  console.error(`crawled ${seen.size} pages`);
} finally {
  await browser.close();
}
finish("site over file://", problems, counter.checks);
