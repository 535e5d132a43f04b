// What the default theme does for a reader, in headless Chromium over file:// on the built
// default site: the root page remembers the language chosen, the menu opens and closes by
// keyboard on a phone and stays open beside the text on a wide screen, the current section is
// marked, breadcrumbs and previous/next lead where they say, the table of contents sits beside
// the text on wide screens, action tables become cards on phones, the register's filters work
// offline and keep their state in the address, and overdue actions are judged against the day
// the page is read (the build's date stays in the page when no script runs); the search box and
// the search page (see 8).
// Usage: node design.mjs <built site folder>
import { join, resolve } from "node:path";
import { launch, watchedPage, fileUrl, finish, checker } from "./harness.mjs";

const site = resolve(process.argv[2] || "public");
const counter = checker();
const { problems, check } = counter;
const url = (rel) => fileUrl(join(site, rel));

/** Makes the page's clock read `iso` (a day) before any script of the page runs. */
async function clock(page, iso) {
  await page.evaluateOnNewDocument((day) => {
    const Real = Date;
    const fixed = new Real(day + "T12:00:00").getTime();
    // eslint-disable-next-line no-global-assign
    Date = class extends Real {
      constructor(...a) { super(...(a.length ? a : [fixed])); }
      static now() { return fixed; }
    };
  }, iso);
}

const browser = await launch();
try {
  const page = await watchedPage(browser, problems);

  // 1. The root page goes to the language chosen last time (Chromium keeps it for file://).
  await page.setViewport({ width: 360, height: 740 });
  await page.goto(url("index.html") + "?choose");
  await Promise.all([page.waitForNavigation(), page.click('a[data-lang-link="fr"]')]);
  await page.goto(url("index.html"));
  await page.waitForFunction(() => location.pathname.endsWith("/fr/index.html"), { timeout: 5000 }).catch(() => {});
  check(page.url().endsWith("/fr/index.html"), `the root page went to the French home: ${page.url()}`);
  await page.goto(url("index.html") + "?choose");
  check(page.url().endsWith("index.html?choose"), "`?choose` keeps the chooser");
  await Promise.all([page.waitForNavigation(), page.click('a[data-lang-link="en"]')]);

  // 2. Phone: the menu is a button; it opens and closes by keyboard.
  const doc = "en/guidance/kp-certificates/index.html";
  await page.goto(url(doc));
  const menu = () => page.$eval(".menu", (d) => ({ open: d.open, nav: !!d.querySelector(".main-nav a") && d.querySelector(".main-nav a").getBoundingClientRect().height > 0 }));
  check(!(await menu()).open, "the phone menu starts closed");
  await page.focus(".menu > summary");
  await page.keyboard.press("Enter");
  let m = await menu();
  check(m.open && m.nav, "Enter on the menu button opens the navigation");
  await page.keyboard.press("Escape");
  m = await menu();
  check(!m.open, "Escape closes the menu");
  check(await page.evaluate(() => document.activeElement === document.querySelector(".menu > summary")), "Escape returns focus to the menu button");
  const toc = () => page.$eval(".doc > .toc", (d) => ({ open: d.open, position: getComputedStyle(d).position }));
  check(!(await toc()).open, "the table of contents starts closed on a phone");

  // 3. Wide screen: the navigation and the table of contents are open beside the text; the
  //    section and the page are marked.
  await page.setViewport({ width: 1280, height: 800 });
  await page.goto(url(doc));
  m = await menu();
  check(m.open && m.nav, "the navigation is open on a wide screen");
  check(!(await page.$eval(".menu > summary", (s) => s.getBoundingClientRect().height > 0)), "the menu button is hidden on a wide screen");
  const t = await toc();
  check(t.open && t.position === "sticky", `the table of contents is open and sticky: ${JSON.stringify(t)}`);
  const marks = await page.evaluate(() => ({
    page: [...document.querySelectorAll('.main-nav [aria-current="page"]')].map((a) => a.getAttribute("href")),
    section: [...document.querySelectorAll('.main-nav [aria-current="true"]')].map((a) => a.textContent),
  }));
  check(marks.page.length === 1 && marks.page[0].endsWith("kp-certificates/index.html"), `the page is marked in its section: ${JSON.stringify(marks)}`);
  check(marks.section.length === 1 && marks.section[0] === "Guidance notes", `the section is marked: ${JSON.stringify(marks)}`);
  const crumbs = await page.$$eval(".crumbs a", (as) => as.map((a) => [a.textContent, a.href]));
  check(crumbs.length === 2 && crumbs[0][1].endsWith("/en/index.html") && crumbs[1][1].endsWith("/en/guidance/index.html"), `breadcrumbs Home › Guidance notes: ${JSON.stringify(crumbs)}`);
  // The contents list the headings as written: no list numbers of its own (headings such as
  // "1. Round of news" would read "1. 1. Round of news").
  const toc2 = await page.$$eval(".toc li", (ls) => ls.map((l) => [l.firstElementChild.getAttribute("href"), getComputedStyle(l).listStyleType]));
  const headings = await page.$$eval(".body h2[id], .body h3[id]", (hs) => hs.map((h) => "#" + h.id));
  check(JSON.stringify(toc2.map((x) => x[0])) === JSON.stringify(headings), `the contents list every heading in order: ${JSON.stringify(toc2)}`);
  check(toc2.every((x) => x[1] === "none"), "the contents add no numbers");

  // 4. Previous and next stay in the section and lead back.
  const next = await page.$eval('.pager [rel="next"]', (a) => a.href).catch(() => null);
  const prev = await page.$eval('.pager [rel="prev"]', (a) => a.href).catch(() => null);
  check(!!(next || prev), "a guidance note has a previous or next note");
  const hop = next || prev;
  await page.goto(hop);
  check(hop.includes("/en/guidance/"), `previous/next stays in the section: ${hop}`);
  const back = await page.$eval(`.pager [rel="${next ? "prev" : "next"}"]`, (a) => a.href).catch(() => "");
  check(back.endsWith(doc), `and leads back: ${back}`);

  // 5. Minutes: the outcome at the top, action tables as cards on a phone, a table on a wide
  //    screen.
  const minutes = "en/minutes/2015-04-kono-work-plan/index.html";
  await page.goto(url(minutes));
  const glance = await page.$eval(".glance", (g) => g.compareDocumentPosition(document.querySelector(".body")) & Node.DOCUMENT_POSITION_FOLLOWING);
  check(!!glance, "the outcome of the meeting comes before its text");
  check((await page.$eval("table.actions", (x) => getComputedStyle(x).display)) === "table", "actions are a table on a wide screen");
  await page.setViewport({ width: 360, height: 740 });
  await page.goto(url(minutes));
  const card = await page.$eval("table.actions tbody tr", (r) => ({ display: getComputedStyle(r).display, width: r.getBoundingClientRect().width }));
  check(card.display === "block" && card.width <= 360, `actions are cards on a phone: ${JSON.stringify(card)}`);

  // 6. The register: filters work offline and live in the address.
  await page.setViewport({ width: 1280, height: 800 });
  await page.goto(url("en/register/index.html"));
  const shown = () => page.$$eval(".register-entry:not([hidden]) tbody tr:not([hidden])", (rs) => rs.map((r) => r.className));
  const all = await shown();
  check(all.length > 10 && (await page.$eval("#register-filters", (f) => !f.hidden)), `the filters show with a script, ${all.length} actions`);
  await page.click('input[name="status"][value="overdue"]');
  const overdue = await shown();
  check(overdue.length > 0 && overdue.every((c) => c.includes("overdue")) && overdue.length < all.length, `Overdue keeps overdue actions: ${overdue.length}`);
  check(page.url().includes("status=overdue"), `the filter is in the address: ${page.url()}`);
  check(await page.$$eval(".register-entry:not([hidden]) .decisions:not([hidden])", (d) => d.length === 0), "decisions are hidden while actions are filtered");
  await page.goto(url("en/register/index.html") + "?status=open&country=GN");
  const gn = await page.$$eval(".register-entry:not([hidden])", (es) => es.map((e) => e.getAttribute("data-countries")));
  const gnRows = await shown();
  check(gn.length > 0 && gn.every((c) => c.split(" ").includes("GN")), `?country=GN keeps meetings in Guinea: ${JSON.stringify(gn)}`);
  check(gnRows.length > 0 && gnRows.every((c) => c.includes("open")), "?status=open keeps open actions");
  const status = await page.$eval(".filter-status", (p) => p.textContent);
  check(status.startsWith(`Actions shown: ${gnRows.length} of`), `the filter says what it shows: ${status}`);
  const years = await page.$$eval('select[name="year"] option', (os) => os.map((o) => o.value).filter(Boolean));
  const meetingYears = await page.$$eval(".register-entry", (es) => [...new Set(es.map((e) => e.getAttribute("data-year")))]);
  check(JSON.stringify(years) === JSON.stringify(meetingYears.sort().reverse()), `the years offered are those with meetings, newest first: ${years}`);
  await page.select('select[name="year"]', years[years.length - 1]);
  const inYear = await page.$$eval(".register-entry:not([hidden])", (es) => es.map((e) => e.getAttribute("data-year")));
  check(inYear.length > 0 && inYear.every((y) => y === years[years.length - 1]), `the year filter keeps that year: ${inYear}`);
  const home = "en/index.html";
  await page.goto(url(home));
  const openLink = await page.$eval('#home-actions ~ * a.more, .home-section a.more[href*="status=open"]', (a) => a.getAttribute("href")).catch(() => "");
  check(openLink.includes("register/index.html?status=open"), `the home page links to the open actions: ${openLink}`);

  // 8. Search: the dropdown lines up under its box, arrows and Escape work, dates are written
  //    as pages write them, stop words are not highlighted, a search with no result says what
  //    to try, and the search page has one box and its filters beside the results.
  for (const [width, height] of [[360, 740], [1280, 800]]) {
    await page.setViewport({ width, height });
    await page.goto(url(doc));
    await page.click("#search-input");
    await page.type("#search-input", "what is a certificate");
    await page.waitForSelector("#search-dropdown:not([hidden]) ol.search-results > li > a", { timeout: 10000 });
    const [box, drop] = await page.evaluate(() => [".search-box", "#search-dropdown"].map((s) => document.querySelector(s).getBoundingClientRect().toJSON()));
    check(Math.abs(box.left - drop.left) <= 1 && drop.top >= box.bottom && drop.top - box.bottom <= 8, `${width}px: the dropdown starts under its box: box ${JSON.stringify(box)}, dropdown ${JSON.stringify(drop)}`);
    check(width < 600 ? Math.abs(box.right - drop.right) <= 1 : drop.width < 600, `${width}px: the dropdown is as wide as its box on a phone, not the whole screen on a wide one: ${drop.width}`);
    // Typing goes word by word: "what is a" alone is only stop words, which are then rightly
    // highlighted. Wait until the results answer the whole query (a mark of "certificate").
    await page.waitForFunction(() => [...document.querySelectorAll("#search-dropdown mark")].some((m) => /^certif/i.test(m.textContent)), { timeout: 10000 }).catch(() => {});
    const marked = await page.$$eval("#search-dropdown mark", (ms) => [...new Set(ms.map((m) => m.textContent.toLowerCase()))]);
    check(marked.length > 0 && marked.every((m) => !["what", "is", "a"].includes(m)), `only the words that matter are highlighted: ${marked}`);
    const dates = await page.$$eval("#search-dropdown .ls-meta", (ms) => ms.map((m) => m.textContent));
    check(dates.some((d) => /\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\b/.test(d)) && !dates.some((d) => /[A-Z][a-z]+ \d{1,2}, \d{4}/.test(d)), `dates as pages write them: ${dates.slice(0, 3)}`);
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    const focused = await page.evaluate(() => !!document.activeElement.closest("#search-dropdown"));
    await page.keyboard.press("Escape");
    const after = await page.evaluate(() => [document.getElementById("search-dropdown").hidden, document.activeElement.id]);
    check(focused && after[0] === true && after[1] === "search-input", `arrows reach the results, Escape closes them and returns to the box: ${focused} ${after}`);
  }
  await page.goto(url("en/search/index.html") + "?q=zzqxw");
  await page.waitForSelector("#search-page .ls-help a", { timeout: 10000 }).catch(() => {});
  const help = await page.$$eval("#search-page .ls-help a", (as) => as.map((a) => a.getAttribute("href")));
  check(help.some((h) => h.includes("all=1")) && help.some((h) => h.endsWith("topics/index.html")), `no results: all languages and the topics offered: ${help}`);
  await page.goto(url("en/search/index.html") + "?q=certificate");
  await page.waitForSelector("#search-page ol.search-results > li > a", { timeout: 10000 });
  const boxes = await page.$$eval('input[type="search"]', (is) => is.filter((i) => i.offsetParent !== null).length);
  check(boxes === 1, `the search page shows one search box: ${boxes}`);
  const [facets, results] = await page.evaluate(() => [".ls-facets", ".ls-main"].map((s) => document.querySelector(s).getBoundingClientRect().toJSON()));
  check(facets.right <= results.left && Math.abs(facets.top - results.top) < 2 && results.width > 500, `filters beside the results on a wide screen: ${JSON.stringify([facets, results])}`);
  check(await page.$eval(".ls-facets", (d) => d.open), "the filters are open on a wide screen");

  // "All languages" shows each document once, in the page's language, with "also in".
  await page.goto(url("fr/search/index.html") + "?q=diamant%20brut&all=1");
  await page.waitForSelector("#search-page ol.search-results > li .ls-also a", { timeout: 10000 });
  const grouped = await page.$$eval("#search-page ol.search-results > li", (lis) =>
    lis.map((li) => ({ href: li.querySelector("a").getAttribute("href"), also: [...li.querySelectorAll(".ls-also a")].map((a) => [a.getAttribute("lang"), a.textContent, a.getAttribute("href")]) }))
  );
  const hrefs = grouped.map((r) => r.href);
  check(grouped.length > 0 && grouped.every((r) => !r.href.includes("/en/") || !r.also.length), `all languages: a result with a translation is shown in French: ${JSON.stringify(grouped.slice(0, 4))}`);
  check(grouped.filter((r) => r.also.length).every((r) => r.also.every(([lang, label, href]) => lang === "en" && label === "English" && /\/en\/.+\/index\.html$/.test(href) && !hrefs.includes(href))), `"Aussi en : English" links the English version, not listed again: ${JSON.stringify(grouped.slice(0, 3))}`);
  const counted = await page.$eval("#search-page .ls-status", (s) => Number.parseInt(s.textContent, 10));
  check(counted >= grouped.length && counted < 2 * grouped.length, `the count counts each document once: ${counted} for ${grouped.length} shown`);

  // A word found only through a typo: the page says what it searched for.
  await page.goto(url("en/search/index.html") + "?q=certifcate");
  await page.waitForSelector("#search-page .ls-corrected", { timeout: 10000 });
  const note = await page.$eval("#search-page .ls-corrected", (p) => p.textContent);
  check(note === "Showing results for certificate", `typo corrected and said: ${note}`);

  // The search page without words: its form is in the HTML (no script needed to show it), and
  // nothing of the index is loaded until the reader searches.
  const bare = await browser.newPage();
  await bare.setJavaScriptEnabled(false);
  await bare.goto(url("fr/search/index.html"));
  const form = await bare.evaluate(() => [!!document.querySelector("#search-page form.ls-form #ls-q"), document.querySelector("#search-page label.ls-label").textContent]);
  check(form[0] && form[1].length > 0, `the search form is in the page's HTML: ${form}`);
  await bare.close();
  const asked = [];
  const watch = (req) => asked.push(req.url());
  page.on("request", watch);
  await page.goto(url("fr/search/index.html"));
  await page.waitForFunction(() => document.getElementById("search-page").hasAttribute("data-loupe"), { timeout: 10000 });
  page.off("request", watch);
  const indexFiles = asked.filter((u) => /\/search\/[a-z]{2}\//.test(u));
  const empty = await page.$eval("#search-page", (h) => [h.querySelectorAll("ol.search-results > li").length, h.querySelector(".ls-status").textContent]);
  check(indexFiles.length === 0 && empty[0] === 0 && empty[1] === "", `an empty search page loads no index file and lists nothing: ${JSON.stringify([indexFiles, empty])}`);
} catch (e) {
  problems.push(String(e && e.stack ? e.stack : e));
}

// 7. Overdue, judged on the day the page is read; without a script, on the latest minutes.
for (const [day, expectAsOf] of [["2017-01-10", true], ["2030-01-01", false]]) {
  const ctx = await browser.createBrowserContext();
  try {
    const page = await watchedPage(ctx, problems);
    await clock(page, day);
    await page.goto(url("en/register/index.html"));
    const r = await page.evaluate(() => ({
      overdue: document.querySelectorAll("tbody tr.overdue").length,
      open: document.querySelectorAll("tbody tr.open").length,
      badge: document.querySelector("[data-overdue-count] span").textContent,
      asof: [...document.querySelectorAll(".asof")].some((a) => !a.hidden && a.getBoundingClientRect().height > 0),
      dues: document.querySelector("[data-overdue-count]").getAttribute("data-dues").split(" "),
    }));
    const expected = r.dues.filter((d) => d < day).length;
    if (expectAsOf) {
      // Before the latest minutes: the page keeps the marks made on that date, and says so.
      check(r.asof, `read on ${day}: the page says which date it judged overdue actions on`);
      check(r.overdue > 0 && r.overdue < r.open, `read on ${day}: ${r.overdue} of ${r.open} open actions overdue`);
    } else {
      check(!r.asof, `read on ${day}: no "as of" note`);
      check(r.overdue === r.open && r.overdue === expected && r.badge === String(expected), `read on ${day}: every open action is overdue: ${JSON.stringify(r)}`);
    }
  } finally {
    await ctx.close();
  }
}
await browser.close();
finish("the default theme in use", problems, counter.checks);
