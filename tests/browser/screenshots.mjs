// Screenshots of every page type of a built site, at 360 and 1280 px wide, in the light and the
// dark colour scheme, in headless Chromium over file:// (the 404 page over HTTP, where servers
// show it): what a designer looks at before calling a change to the theme done. Run by
// `cargo xtask screenshots`. SHOTS=regex keeps some shots; SHOT_WIDTHS=360,1280 and
// SHOT_SCHEMES=light,dark choose the rest; SHOT_MAXH=px cuts tall pages.
// Usage: node screenshots.mjs <built site folder> <output folder>
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { launch, watchedPage, fileUrl } from "./harness.mjs";
import { serve } from "./static-server.mjs";

const site = resolve(process.argv[2] || "public");
const out = resolve(process.argv[3] || "target/screenshots");
mkdirSync(out, { recursive: true });
// A site without some section (a generated corpus has no packs) skips its shots.
const list = (dir) => (existsSync(join(site, dir)) ? readdirSync(join(site, dir)) : []);
const first = (dir) => list(dir).filter((d) => !d.endsWith(".html")).sort()[0];
const pick = (dir, want) => (list(dir).includes(want) ? want : first(dir));

// name → [path, optional action run before the shot]
const shots = [
  ["root", "index.html?choose"],
  ["404", "http:/en/guidance/no-such-note/"],
];
for (const lang of ["en", "fr"]) {
  shots.push(
    [`${lang}-home`, `${lang}/index.html`],
    [`${lang}-guidance-list`, `${lang}/guidance/index.html`],
    [`${lang}-guidance`, `${lang}/guidance/${pick(`${lang}/guidance`, lang === "en" ? "kp-certificates" : "certificats-du-pk")}/index.html`],
    [`${lang}-minutes`, `${lang}/minutes/${first(`${lang}/minutes`)}/index.html`],
    [`${lang}-case-study`, `${lang}/case-studies/${first(`${lang}/case-studies`)}/index.html`],
    [`${lang}-country`, `${lang}/countries/${first(`${lang}/countries`)}/index.html`],
    [`${lang}-topics`, `${lang}/topics/index.html`],
    [`${lang}-glossary`, `${lang}/glossary/index.html`],
    [`${lang}-register`, `${lang}/register/index.html`],
    [`${lang}-search`, `${lang}/search/index.html?q=${lang === "en" ? "certificate" : "certificat"}`],
    [`${lang}-search-none`, `${lang}/search/index.html?q=zzqxw`],
    [`${lang}-search-empty`, `${lang}/search/index.html`],
    [`${lang}-pack`, `${lang}/packs/${first(`${lang}/packs`)}/index.html`],
    [`${lang}-search-all`, `${lang}/search/index.html?all=1&q=${lang === "en" ? "rough%20diamond" : "diamant%20brut"}`],
    [`${lang}-search-typo`, `${lang}/search/index.html?q=${lang === "en" ? "certifcate" : "certifcat"}`],
    [`${lang}-dropdown`, `${lang}/guidance/${first(`${lang}/guidance`)}/index.html`, "dropdown"],
    [`${lang}-menu`, `${lang}/guidance/${first(`${lang}/guidance`)}/index.html`, "menu"],
  );
}
for (let i = shots.length - 1; i >= 0; i--) if (shots[i][1].includes("undefined")) shots.splice(i, 1);
const only = process.env.SHOTS ? new RegExp(process.env.SHOTS) : null;
const widths = (process.env.SHOT_WIDTHS || "360,1280").split(",").map(Number);
const schemes = (process.env.SHOT_SCHEMES || "light,dark").split(",");

const browser = await launch();
const problems = [];
const { server, origin } = await serve(site);
let n = 0;
try {
  const page = await watchedPage(browser, problems);
  for (const scheme of schemes) {
    await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: scheme }]);
    for (const width of widths) {
      await page.setViewport({ width, height: width < 600 ? 740 : 800 });
      for (const [name, rel, action] of shots) {
        if (only && !only.test(name)) continue;
        const [path, query] = rel.split("?");
        if (path.startsWith("http:")) await page.goto(origin + path.slice(5));
        else await page.goto(fileUrl(join(site, path)) + (query ? "?" + query : ""));
        if (name.includes("search") && !name.includes("dropdown")) {
          await page.waitForSelector("#search-page .ls-status, #search-page ol.search-results, #search-page .ls-empty", { timeout: 10000 }).catch(() => {});
          await new Promise((r) => setTimeout(r, 300));
        }
        if (action === "dropdown") {
          const box = (await page.$("#search-input:not([hidden])")) ? "#search-input" : null;
          if (box) {
            await page.click(box);
            await page.type(box, lang(name) === "fr" ? "certificat" : "certificate");
            await page.waitForSelector("#search-dropdown:not([hidden]) ol.search-results > li", { timeout: 10000 }).catch(() => {});
          }
        }
        if (action === "menu") {
          const toggle = await page.$(".menu > summary");
          if (toggle && (await toggle.isVisible())) await toggle.click();
        }
        const file = join(out, `${name}-${width}-${scheme}.png`);
        const maxh = Number(process.env.SHOT_MAXH || 0);
        if (maxh && !action) {
          const h = await page.evaluate(() => document.documentElement.scrollHeight);
          await page.screenshot({ path: file, clip: { x: 0, y: 0, width, height: Math.min(h, maxh) }, captureBeyondViewport: true });
        } else {
          await page.screenshot({ path: file, fullPage: !action });
        }
        n += 1;
      }
    }
  }
} finally {
  await browser.close();
  server.close();
}
function lang(name) { return name.slice(0, 2); }
for (const p of problems.filter((x) => !x.includes(origin))) console.error("  " + p);
console.log(`wrote ${n} screenshots into ${out}`);
