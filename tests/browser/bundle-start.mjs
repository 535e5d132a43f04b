// The start page of a bundle (its index.html) over file://, as a reader opening a USB stick
// sees it: a way into the site in each language, help in each language, and every link,
// stylesheet and icon resolving to a file. Usage: node bundle-start.mjs <bundle folder>
import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { launch, watchedPage, fileUrl, pathOf, finish, checker } from "./harness.mjs";

const bundle = resolve(process.argv[2] || "bundle");
const counter = checker();
const { problems, check } = counter;

const browser = await launch();
try {
  const page = await watchedPage(browser, problems);
  const start = fileUrl(join(bundle, "index.html"));
  await page.goto(start);
  check((await page.$$("h1")).length === 1, "the start page has one h1");
  const sheet = await page.$eval("body", (b) => getComputedStyle(b).fontFamily);
  check(/system-ui|sans/.test(sheet), `the theme's stylesheet applies: font ${sheet}`);

  // Every reference on the page names an existing file.
  const refs = await page.$$eval("a[href], link[href]", (els) => els.map((e) => ({ url: e.href, raw: e.getAttribute("href") })));
  for (const r of refs) {
    if (r.raw.startsWith("#")) {
      check(await page.$(r.raw), `in-page link ${r.raw} has a target`);
      continue;
    }
    check(r.url.startsWith("file://"), `${r.raw} is relative`);
    const path = pathOf(r.url);
    check(existsSync(path) && statSync(path).isFile(), `${r.raw} resolves to a file`);
  }

  // One way in per language, landing on that language's home page; help in that language.
  const langs = await page.$$eval("a[data-lang-link]", (as) => as.map((a) => a.getAttribute("data-lang-link")));
  check(langs.length >= 2, `the start page offers ${langs.length} languages`);
  for (const lang of langs) {
    await page.goto(start);
    check((await page.$(`section[lang="${lang}"] h2`)) !== null, `help in ${lang}`);
    await Promise.all([page.waitForNavigation(), page.click(`a[data-lang-link="${lang}"]`)]);
    check(page.url().endsWith(`/site/${lang}/index.html`), `the ${lang} link led to ${page.url()}`);
    check((await page.$eval("html", (h) => h.lang)) === lang, `and the page is in ${lang}`);
    check((await page.$$(".home-section .items a")).length > 0, `the ${lang} home page lists documents`);
  }
} finally {
  await browser.close();
}
finish("bundle start page over file://", problems, counter.checks);
