// Search in real headless Chromium over file:// on the built default site: the box on a
// document page, the search page from its URL, accents, a typo, a facet filter, the JS API;
// no request may leave file:// and no console error may occur.
// Usage: node search.mjs <built site folder>
import { join, resolve } from "node:path";
import { launch, watchedPage, fileUrl, finish, checker } from "./harness.mjs";

const site = resolve(process.argv[2] || "public");
const counter = checker();
const { problems, check } = counter;
const titles = (page, scope) =>
  page.$$eval(`${scope} ol.search-results > li > a`, (as) => as.map((a) => a.querySelector(".ls-title")?.textContent || a.textContent));

const browser = await launch();
try {
  const page = await watchedPage(browser, problems);

  // 1. Typing into the box of a document page shows results as you type.
  await page.goto(fileUrl(join(site, "en/guidance/internal-controls/index.html")));
  await page.type("#search-input", "certificate");
  await page.waitForSelector("#search-dropdown:not([hidden]) ol.search-results > li > a", { timeout: 10000 });
  const dropdown = await titles(page, "#search-dropdown");
  check(dropdown.length > 0, "the search box shows results for `certificate`");
  const firstHref = await page.$eval("#search-dropdown ol.search-results > li > a", (a) => a.href);
  check(firstHref.startsWith("file://") && firstHref.endsWith("/index.html"), `result links name files: ${firstHref}`);

  // Prefix matching on the word being typed.
  await page.click("#search-input", { clickCount: 3 });
  await page.keyboard.press("Backspace");
  await page.type("#search-input", "certif");
  await page.waitForFunction(
    () => document.querySelectorAll("#search-dropdown ol.search-results > li").length > 0 && !document.getElementById("search-dropdown").hidden,
    { timeout: 10000 }
  );
  check(true, "prefix `certif` shows results");

  // 2. The search page renders results from its URL, accent-insensitively.
  await page.goto(fileUrl(join(site, "fr/search/index.html")) + "?q=securite");
  await page.waitForSelector("#search-page ol.search-results > li > a", { timeout: 10000 });
  const fr = await titles(page, "#search-page");
  check(fr.some((t) => /sécurité/i.test(t)), `fr/search?q=securite lists a document titled with sécurité: ${JSON.stringify(fr)}`);
  const marked = await page.$$eval("#search-page mark", (ms) => ms.map((m) => m.textContent.toLowerCase()));
  check(marked.some((m) => m.normalize("NFD").replace(/[\u0300-\u036f]/g, "").startsWith("securit")), `matched words are highlighted: ${marked.slice(0, 5)}`);

  // 3. A typo still finds the word (one edit in a word of 5+ letters).
  await page.goto(fileUrl(join(site, "fr/search/index.html")) + "?q=certifcat");
  await page.waitForSelector("#search-page ol.search-results > li > a", { timeout: 10000 });
  const typo = await titles(page, "#search-page");
  check(typo.some((t) => /certificat/i.test(t)), `typo certifcat finds certificat: ${JSON.stringify(typo)}`);

  // 4. A facet filter narrows the results, and combines with the query.
  await page.goto(fileUrl(join(site, "en/search/index.html")) + "?q=diamonds");
  await page.waitForSelector("#search-page ol.search-results > li > a", { timeout: 10000 });
  const before = await page.$eval("#search-page .ls-status", (s) => s.textContent);
  await page.$eval("#search-page details.ls-facets", (d) => (d.open = true));
  await page.click('#search-page input[data-facet="type"][value="case-study"]');
  // The status first says it is searching ("Searching…") and only then gives the new count:
  // wait for the count, or a loaded machine reads the list before it is replaced.
  await page.waitForFunction(
    (prev) => {
      const status = document.querySelector("#search-page .ls-status").textContent;
      return status !== prev && !status.includes("…");
    },
    { timeout: 10000 },
    before
  );
  const types = await page.$$eval("#search-page ol.search-results .ls-meta", (ms) => ms.map((m) => m.textContent));
  check(types.length > 0 && types.every((t) => t.startsWith("Case study")), `type facet keeps only case studies: ${JSON.stringify(types)}`);
  check(page.url().includes("type=case-study"), `the filter is in the URL: ${page.url()}`);

  // The count reads as a sentence: "1 result" for one match (`botswana` is in one English
  // page), "N results" for more (the case studies above).
  check(/^\d+ results$/.test(await page.$eval("#search-page .ls-status", (s) => s.textContent)), "N results");
  for (const [lang, word, one] of [["en", "botswana", "1 result"], ["fr", "botswana", "1 résultat"]]) {
    await page.goto(fileUrl(join(site, `${lang}/search/index.html`)) + `?q=${word}`);
    await page.waitForSelector("#search-page ol.search-results > li > a", { timeout: 10000 });
    await page.waitForFunction(() => !document.querySelector("#search-page .ls-status").textContent.includes("…"), { timeout: 10000 });
    const [shown, status] = await page.evaluate(() => [
      document.querySelectorAll("#search-page ol.search-results > li").length,
      document.querySelector("#search-page .ls-status").textContent,
    ]);
    check(shown === 1 && status === one, `${lang}/search?q=${word}: ${shown} shown, status ${JSON.stringify(status)} (want 1, ${JSON.stringify(one)})`);
  }

  // An empty query with a facet browses by facet.
  await page.goto(fileUrl(join(site, "en/search/index.html")) + "?country=LR");
  await page.waitForSelector("#search-page ol.search-results > li > a", { timeout: 10000 });
  const browse = await page.$$eval("#search-page ol.search-results .ls-meta", (ms) => ms.map((m) => m.textContent));
  check(browse.length > 0 && browse.every((t) => t.includes("Liberia")), `browsing by country LR: ${JSON.stringify(browse)}`);

  // 5. The JS API: a Promise of ranked results; all languages finds the other language.
  const api = await page.evaluate(async () => {
    const en = await window.loupeSearch("rough diamond", { lang: "en", limit: 5 });
    const all = await window.loupeSearch("diamant brut", { lang: "fr", limit: 50, allLanguages: true });
    return {
      en: en.map((h) => [h.url, h.score]),
      allLangs: [...new Set(all.map((h) => h.lang))],
    };
  });
  check(api.en.length > 0 && api.en.every((h, i) => i === 0 || api.en[i - 1][1] >= h[1]), `loupeSearch ranks by score: ${JSON.stringify(api.en)}`);
  check(api.allLangs.includes("en") && api.allLangs.includes("fr"), `all languages expands diamant brut into English: ${api.allLangs}`);

  // 6. Keystroke to rendered results, warm (printed: budgets are measured by the benchmark).
  await page.goto(fileUrl(join(site, "en/guidance/internal-controls/index.html")));
  await page.type("#search-input", "export");
  await page.waitForSelector("#search-dropdown:not([hidden]) ol.search-results > li");
  const ms = await page.evaluate(async () => {
    const input = document.getElementById("search-input");
    const box = document.getElementById("search-dropdown");
    const times = [];
    for (const q of ["exports", "export", "exporter", "exports"]) {
      const done = new Promise((res) => new MutationObserver((_, o) => { o.disconnect(); res(); }).observe(box, { childList: true }));
      const t0 = performance.now();
      input.value = q;
      input.dispatchEvent(new Event("input"));
      await done;
      times.push(performance.now() - t0);
    }
    return times;
  });
  console.error(`keystroke to rendered results, warm (answered at once when its files are loaded, else after the box's pause): ${ms.map((x) => x.toFixed(1)).join(", ")} ms`);
} finally {
  await browser.close();
}
finish("search over file://", problems, counter.checks);
