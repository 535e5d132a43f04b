// The built default site over HTTP, as a web host serves it, in headless Chromium: the 404 page
// at a nested address has its stylesheet and working links; with `base_url` set, every page's
// canonical and hreflang links are absolute and lead to pages that exist.
// Usage: node http.mjs <site built with base_url = http://127.0.0.1:PORT/> <PORT>
import { resolve } from "node:path";
import { launch, finish, checker } from "./harness.mjs";
import { serve } from "./static-server.mjs";

const site = resolve(process.argv[2] || "public");
const port = Number(process.argv[3] || 0);
const counter = checker();
const { problems, check } = counter;
const { server, origin } = await serve(site, port);
const browser = await launch();
try {
  const page = await browser.newPage();
  page.on("pageerror", (err) => problems.push(`uncaught error on ${page.url()}: ${err.message}`));
  const failed = [];
  page.on("requestfailed", (r) => failed.push(r.url()));
  page.on("response", (r) => { if (r.status() >= 400 && r.request().resourceType() !== "document") failed.push(`${r.status()} ${r.url()}`); });

  // 1. The 404 page, deep in the site.
  for (const path of ["/en/guidance/no-such-note/", "/fr/a/b/c/d.html", "/nothing"]) {
    const res = await page.goto(origin + path);
    check(res.status() === 404, `${path}: status ${res.status()}`);
    const styled = await page.evaluate(() => getComputedStyle(document.querySelector(".site-header")).borderBottomStyle !== "none" || getComputedStyle(document.querySelector(".site-header")).position === "sticky");
    check(styled, `${path}: the 404 page has its stylesheet`);
    // Every link but those within the page itself (the skip link).
    const links = await page.$$eval("a[href], link[href]", (as) => as.map((a) => a.href).filter((h) => h.startsWith(location.origin) && h.split("#")[0] !== location.href.split("#")[0]));
    check(links.length > 5, `${path}: the 404 page has links (${links.length})`);
    for (const l of new Set(links)) {
      const r = await fetch(l.split("#")[0]);
      check(r.status === 200, `${path}: the 404 page's link ${l} answers ${r.status}`);
    }
  }
  check(failed.length === 0, `requests failed: ${failed.join(", ")}`);

  // 2. Canonical and hreflang links are absolute and lead to existing pages.
  for (const path of ["/index.html", "/en/index.html", "/fr/guidance/index.html", "/en/guidance/kp-certificates/index.html", "/fr/register/index.html", "/en/search/index.html"]) {
    // `?choose`: the root page would go to the language chosen before.
    await page.goto(origin + path + (path === "/index.html" ? "?choose" : ""));
    const head = await page.evaluate(() => ({
      canonical: [...document.querySelectorAll('link[rel="canonical"]')].map((l) => l.getAttribute("href")),
      alternates: [...document.querySelectorAll('link[rel="alternate"][hreflang]')].map((l) => [l.getAttribute("hreflang"), l.getAttribute("href")]),
    }));
    check(head.canonical.length === 1 && head.canonical[0] === origin + path, `${path}: canonical ${head.canonical}`);
    check(head.alternates.length >= 2, `${path}: hreflang links ${JSON.stringify(head.alternates)}`);
    for (const [lang, href] of head.alternates) {
      check(href.startsWith(origin + "/"), `${path}: hreflang ${lang} is absolute: ${href}`);
      const r = await fetch(href);
      check(r.status === 200, `${path}: hreflang ${lang} ${href} answers ${r.status}`);
    }
  }
  const root = await (await fetch(origin + "/index.html")).text();
  check(root.includes(`hreflang="x-default" href="${origin}/index.html"`), "the root page is the x-default");
} catch (e) {
  problems.push(String(e && e.stack ? e.stack : e));
} finally {
  await browser.close();
  server.close();
}
finish("the site over HTTP", problems, counter.checks);
